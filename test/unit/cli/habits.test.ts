/**
 * The command-line habits users bring from the AWS CLI, Trivy, Prowler and Checkov (issue 8),
 * and the CLI items of issue 9: each test failed on the command line before they were built.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCommandLine } from '../../../src/cli/args.ts';
import type { CliAws } from '../../../src/cli/aws.ts';
import { UsageError } from '../../../src/cli/errors.ts';
import { type CliIo, runCli } from '../../../src/cli/run.ts';
import { RULES } from '../../../src/evaluate/rules/index.ts';
import type { ScanError } from '../../../src/inventory/types.ts';
import { formatCsv } from '../../../src/report/format/csv.ts';
import { formatJson } from '../../../src/report/format/json.ts';
import { SCANNER_VERSION } from '../../../src/report/scanner.ts';
import type { Report } from '../../../src/report/types.ts';
import type { ScanOptions } from '../../../src/scan.ts';
import { makeFinding, makeReport, sampleFindings } from '../report/fixtures.ts';
import { MemoryStream } from './memory-stream.ts';

const ESC = '\x1b';
/** No shared AWS files unless a test writes some. */
const NO_FILES = {
  AWS_CONFIG_FILE: '/nonexistent/eks-windows-scanner/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/eks-windows-scanner/credentials',
};
const ENV = { AWS_REGION: 'us-west-2', ...NO_FILES };

interface Harness {
  io: CliIo & { stdout: MemoryStream; stderr: MemoryStream };
  scan: ReturnType<typeof vi.fn<(options: ScanOptions) => Promise<Report>>>;
  aws: { [K in keyof CliAws]: ReturnType<typeof vi.fn<CliAws[K]>> };
}

function harness(
  report: Report = makeReport({ findings: sampleFindings() }),
  options: {
    env?: Record<string, string | undefined>;
    stdout?: MemoryStream;
    stderr?: MemoryStream;
  } = {},
): Harness {
  const scan = vi.fn(async (_options: ScanOptions) => report);
  const aws = {
    enabledRegions: vi.fn<CliAws['enabledRegions']>(async () => ['eu-west-1', 'us-east-1']),
    listClusters: vi.fn<CliAws['listClusters']>(async () => ['prod', 'staging']),
    profileCredentials: vi.fn<CliAws['profileCredentials']>(() => async () => ({
      accessKeyId: 'AKIDPROFILE',
      secretAccessKey: 'secret',
    })),
  };
  return {
    scan,
    aws,
    io: {
      stdout: options.stdout ?? new MemoryStream(),
      stderr: options.stderr ?? new MemoryStream(),
      env: options.env ?? ENV,
      scan,
      aws,
    },
  };
}

function usageMessage(argv: string[], env: Record<string, string | undefined> = ENV): string {
  try {
    parseCommandLine(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-habits-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('-V and --version', () => {
  it.each([['-V'], ['--version']])('%s prints the version and exits 0', async (flag) => {
    // Prepare
    const { io } = harness();

    // Act
    const code = await runCli([flag], io);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout.text).toBe(`${SCANNER_VERSION}\n`);
  });
});

describe('--quiet', () => {
  it('shows neither progress nor notes, only errors', async () => {
    // Prepare
    const stderr = new MemoryStream({ isTTY: true, columns: 80 });
    const incomplete = makeReport({
      errors: [
        {
          accountId: '123456789012',
          region: 'us-west-2',
          operation: 'DescribeImages',
          code: 'ThrottlingException',
          message: 'Rate exceeded',
        },
      ],
    });
    const { io, scan } = harness(incomplete, { stderr, env: { ...ENV, TERM: 'xterm' } });
    scan.mockImplementation(async (options) => {
      options.onProgress?.({ region: 'us-west-2', message: 'listing clusters' });
      return incomplete;
    });
    const file = join(directory, 'report.json');

    // Act
    const code = await runCli(['scan', '-q', '--format', 'json', '--output', file], io);

    // Assess
    expect(code).toBe(3);
    expect(scan.mock.calls[0]?.[0]).not.toHaveProperty('onProgress');
    expect(io.stderr.text).toBe(
      'eks-windows-scanner: the scan is incomplete (1 error, listed in the report)\n',
    );
  });

  it('leaves out the note that explains exit 1, keeping the exit code', async () => {
    // Prepare
    const { io } = harness();

    // Act
    const code = await runCli(['scan', '--quiet', '--fail-on', 'high', '--format', 'json'], io);

    // Assess
    expect(code).toBe(1);
    expect(io.stderr.text).toBe('');
  });

  it("turns the SDK's Node.js version warning off for the scan only, then puts the variable back", async () => {
    // Prepare
    const variable = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
    vi.stubEnv(variable, 'false');
    const { io, scan } = harness();
    let during: string | undefined;
    scan.mockImplementation(async () => {
      during = process.env[variable];
      return makeReport();
    });

    // Act
    await runCli(['scan', '--quiet', '--format', 'json'], io);

    // Assess
    expect(during).toBe('true');
    expect(process.env[variable]).toBe('false');
    vi.unstubAllEnvs();
  });
});

describe('--quiet and the SDK', () => {
  it.each([
    ['drops', ['--quiet'], 0],
    ['keeps', [], 1],
  ])(
    '%s what libraries write to console.warn during the scan, then puts it back',
    async (_, flags, shown) => {
      // Prepare: the SDK warns so when AWS_PROFILE is set next to the key variables
      const { io, scan } = harness();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      scan.mockImplementation(async () => {
        console.warn('@aws-sdk/credential-provider-node - defaultProvider::fromEnv WARNING');
        return makeReport();
      });

      try {
        // Act
        await runCli(['scan', ...flags, '--format', 'json'], io);

        // Assess
        expect(warn).toHaveBeenCalledTimes(shown);
        expect(console.warn).toBe(warn);
      } finally {
        warn.mockRestore();
      }
    },
  );
});

describe('colours', () => {
  const terminal = () => new MemoryStream({ isTTY: true, columns: 120 });
  const colourTerm = { ...ENV, TERM: 'xterm-256color' };

  it.each([
    ['a colour terminal', terminal, colourTerm, [], true],
    ['--no-color on a colour terminal', terminal, colourTerm, ['--no-color'], false],
    [
      '--no-color with FORCE_COLOR',
      terminal,
      { ...colourTerm, FORCE_COLOR: '1' },
      ['--no-color'],
      false,
    ],
    ['TERM=dumb', terminal, { ...ENV, TERM: 'dumb' }, [], false],
    [
      'FORCE_COLOR=0 on a colour terminal',
      terminal,
      { ...colourTerm, FORCE_COLOR: '0' },
      [],
      false,
    ],
    ['NO_COLOR on a colour terminal', terminal, { ...colourTerm, NO_COLOR: '1' }, [], false],
    ['FORCE_COLOR=1 into a pipe', () => new MemoryStream(), { ...ENV, FORCE_COLOR: '1' }, [], true],
    ['a pipe', () => new MemoryStream(), colourTerm, [], false],
  ])('%s: coloured %s', async (_case, stdout, env, flags, coloured) => {
    // Prepare
    const { io } = harness(undefined, { stdout: stdout(), env });

    // Act
    await runCli(['scan', ...flags], io);

    // Assess
    expect(io.stdout.text.includes(ESC)).toBe(coloured);
  });

  it('shows no progress line on a dumb terminal (it cannot rewrite a line)', async () => {
    // Prepare
    const stderr = new MemoryStream({ isTTY: true, columns: 80 });
    const { io, scan } = harness(undefined, { stderr, env: { ...ENV, TERM: 'dumb' } });

    // Act
    await runCli(['scan'], io);

    // Assess
    expect(scan.mock.calls[0]?.[0]).not.toHaveProperty('onProgress');
    expect(stderr.text).not.toContain(ESC);
  });
});

describe('--profile and the profile region', () => {
  let files: Record<string, string>;

  beforeEach(async () => {
    files = {
      AWS_CONFIG_FILE: join(directory, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(directory, 'credentials'),
    };
    await writeFile(
      files.AWS_CONFIG_FILE as string,
      '[default]\nregion = eu-central-1\n\n[profile scanner]\nregion = ap-southeast-2\n',
    );
    await writeFile(
      files.AWS_SHARED_CREDENTIALS_FILE as string,
      '[scanner]\naws_access_key_id = AKIDSCANNER\naws_secret_access_key = not-shown\n\n[keys-only]\naws_access_key_id = AKIDKEYS\naws_secret_access_key = not-shown\n',
    );
  });

  it("scans the default profile's region when no --region or AWS_REGION is given", async () => {
    // Prepare
    const { io, scan } = harness(undefined, { env: files });

    // Act
    const code = await runCli(['scan'], io);

    // Assess
    expect(code).toBe(0);
    expect(scan.mock.calls[0]?.[0].regions).toEqual(['eu-central-1']);
  });

  it("scans AWS_PROFILE's region, leaving its credentials to the SDK", async () => {
    // Prepare
    const { io, scan } = harness(undefined, { env: { ...files, AWS_PROFILE: 'scanner' } });

    // Act
    const code = await runCli(['scan'], io);

    // Assess
    expect(code).toBe(0);
    expect(scan.mock.calls[0]?.[0].regions).toEqual(['ap-southeast-2']);
    expect(scan.mock.calls[0]?.[0]).not.toHaveProperty('clientsFor');
  });

  it("--profile gives the profile's region and its credentials to every client", async () => {
    // Prepare
    const { io, scan, aws } = harness(undefined, { env: { ...files, AWS_PROFILE: 'nope' } });

    // Act
    const code = await runCli(['scan', '--profile', 'scanner'], io);

    // Assess
    expect(code).toBe(0);
    const options = scan.mock.calls[0]?.[0] as ScanOptions;
    expect(options.regions).toEqual(['ap-southeast-2']);
    expect(aws.profileCredentials).toHaveBeenCalledWith('scanner', {
      configPath: files.AWS_CONFIG_FILE,
      credentialsPath: files.AWS_SHARED_CREDENTIALS_FILE,
      configFile: expect.any(Object),
      credentialsFile: expect.any(Object),
      loaded: true,
    });
    const credentials = await options.clientsFor?.('ap-southeast-2').sts.config.credentials();
    expect(credentials?.accessKeyId).toBe('AKIDPROFILE');
  });

  it("reads the profile's keys through the SDK's fromIni", async () => {
    // Prepare: the real provider, reading the test's files.
    const { SDK_AWS } = await import('../../../src/cli/aws.ts');
    const provider = SDK_AWS.profileCredentials('keys-only', {
      configPath: files.AWS_CONFIG_FILE as string,
      credentialsPath: files.AWS_SHARED_CREDENTIALS_FILE as string,
    });

    // Act
    const credentials = typeof provider === 'function' ? await provider() : provider;

    // Assess
    expect(credentials?.accessKeyId).toBe('AKIDKEYS');
  });

  it('prefers AWS_REGION and --region to the profile region', async () => {
    // Prepare
    const fromEnv = harness(undefined, { env: { ...files, AWS_REGION: 'us-east-2' } });
    const fromFlag = harness(undefined, { env: files });

    // Act
    await runCli(['scan', '--profile', 'scanner'], fromEnv.io);
    await runCli(['scan', '--profile', 'scanner', '--region', 'sa-east-1'], fromFlag.io);

    // Assess
    expect(fromEnv.scan.mock.calls[0]?.[0].regions).toEqual(['us-east-2']);
    expect(fromFlag.scan.mock.calls[0]?.[0].regions).toEqual(['sa-east-1']);
  });

  it.each([
    [[], { AWS_PROFILE: 'scaner' }, "AWS_PROFILE 'scaner': no such profile in"],
    [['--profile', 'prod-audit'], {}, "--profile 'prod-audit': no such profile in"],
  ])(
    'exits 2 before scanning for a profile that does not exist (%j %j)',
    async (flags, extra, message) => {
      // Prepare
      const { io, scan } = harness(undefined, {
        env: { ...files, AWS_REGION: 'us-west-2', ...extra },
      });

      // Act
      const code = await runCli(['scan', ...flags], io);

      // Assess
      expect(code).toBe(2);
      expect(scan).not.toHaveBeenCalled();
      expect(io.stderr.text).toContain(message);
      expect(io.stderr.text).toContain(files.AWS_CONFIG_FILE);
      expect(io.stderr.text).not.toContain('no usable AWS credentials');
    },
  );

  it('suggests the profile meant', async () => {
    // Prepare
    const { io } = harness(undefined, { env: { ...files, AWS_PROFILE: 'scaner' } });

    // Act
    await runCli(['scan'], io);

    // Assess
    expect(io.stderr.text).toContain('did you mean scanner?');
  });

  it('refuses an invalid region in the profile, naming the profile', async () => {
    // Prepare
    await writeFile(files.AWS_CONFIG_FILE as string, '[default]\nregion = moon-base-1\n');
    const { io, scan } = harness(undefined, { env: files });

    // Act
    const code = await runCli(['scan'], io);

    // Assess
    expect(code).toBe(2);
    expect(scan).not.toHaveBeenCalled();
    expect(io.stderr.text).toContain(`region of profile 'default': "moon-base-1"`);
  });
});

describe('AWS_ENDPOINT_URL', () => {
  it.each([
    ['AWS_ENDPOINT_URL', 'not a url'],
    ['AWS_ENDPOINT_URL', 'localhost:4566'],
    ['AWS_ENDPOINT_URL', 'ftp://127.0.0.1:4566'],
    ['AWS_ENDPOINT_URL_EKS', 'http://'],
  ])('exits 2 before scanning when %s is %j, naming the variable', async (variable, value) => {
    // Prepare
    const { io, scan } = harness(undefined, { env: { ...ENV, [variable]: value } });

    // Act
    const code = await runCli(['scan'], io);

    // Assess
    expect(code).toBe(2);
    expect(scan).not.toHaveBeenCalled();
    expect(io.stderr.text).toContain(`${variable} is not an endpoint URL`);
  });

  it('never prints the user and password of the endpoint it cannot reach', async () => {
    // Prepare
    const endpoint = 'http://admin:s3cr3t-pa55@127.0.0.1:9/aws';
    const { io, scan } = harness(undefined, { env: { ...ENV, AWS_ENDPOINT_URL: endpoint } });
    scan.mockRejectedValue(
      Object.assign(new Error(`connect ECONNREFUSED ${endpoint}`), { code: 'ECONNREFUSED' }),
    );

    // Act
    const code = await runCli(['scan'], io);

    // Assess
    expect(code).toBe(2);
    expect(io.stderr.text).toContain('cannot reach the endpoint http://***@127.0.0.1:9/aws');
    expect(io.stderr.text).not.toContain('s3cr3t');
    expect(io.stderr.text).not.toContain('admin');
  });

  it('exits 2 when the endpoint answers HTTP 404 without an AWS error (not an AWS endpoint)', async () => {
    // Prepare: what the SDK throws for an HTML 404 page.
    const { io, scan } = harness(undefined, {
      env: { ...ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:8080' },
    });
    scan.mockRejectedValue(
      Object.assign(new Error('Unknown'), {
        name: 'NotFound',
        $fault: 'client',
        $metadata: { httpStatusCode: 404, attempts: 1 },
      }),
    );

    // Act
    const code = await runCli(['scan'], io);

    // Assess
    expect(code).toBe(2);
    expect(io.stderr.text).toContain('http://127.0.0.1:8080 (AWS_ENDPOINT_URL) answered HTTP 404');
  });

  it('keeps an outage (HTTP 503 after retries) a failed scan, exit 3', async () => {
    // Prepare
    const { io, scan } = harness();
    scan.mockRejectedValue(
      Object.assign(new Error('Service Unavailable'), {
        name: 'ServiceUnavailable',
        $fault: 'server',
        $metadata: { httpStatusCode: 503, attempts: 8 },
      }),
    );

    // Act & assess
    expect(await runCli(['scan'], io)).toBe(3);
  });
});

describe('--output and --output-dir', () => {
  it('exits 2 before scanning when --output cannot be opened for writing', async () => {
    // Prepare: a name longer than any file system allows, in a directory that exists.
    const { io, scan } = harness();
    const file = join(directory, `${'r'.repeat(300)}.json`);

    // Act
    const code = await runCli(['scan', '--format', 'json', '--output', file], io);

    // Assess
    expect(code).toBe(2);
    expect(scan).not.toHaveBeenCalled();
    expect(io.stderr.text).toContain('is not writable: ENAMETOOLONG');
    expect(io.stderr.text).not.toContain('--help');
  });

  it('leaves no empty file behind when the scan fails after --output was opened', async () => {
    // Prepare
    const { io, scan } = harness();
    scan.mockRejectedValue(new Error('boom'));
    const file = join(directory, 'report.json');

    // Act
    const code = await runCli(['scan', '--format', 'json', '--output', file], io);

    // Assess
    expect(code).toBe(3);
    expect(existsSync(file)).toBe(false);
  });

  it("writes to standard output with --output -, and no file named '-'", async () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });
    const { io } = harness(report);

    // Act
    const code = await runCli(['scan', '--format', 'json', '--output', '-'], io);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout.text).toBe(formatJson(report));
    expect(existsSync('-')).toBe(false);
  });

  it('writes several formats, one file each, with --format a,b --output-dir', async () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });
    const { io } = harness(report);
    const target = join(directory, 'reports');

    // Act
    const code = await runCli(
      ['scan', '--format', 'json,csv', '--format', 'sarif', '--output-dir', target],
      io,
    );

    // Assess
    expect(code).toBe(0);
    expect(io.stdout.text).toBe('');
    expect(await readFile(join(target, 'eks-windows-scanner-report.json'), 'utf8')).toBe(
      formatJson(report),
    );
    expect(await readFile(join(target, 'eks-windows-scanner-report.csv'), 'utf8')).toBe(
      formatCsv(report),
    );
    const sarif = JSON.parse(
      await readFile(join(target, 'eks-windows-scanner-report.sarif'), 'utf8'),
    );
    expect(sarif.version).toBe('2.1.0');
  });

  it.each([
    [['--format', 'json,html'], 'several formats need --output-dir DIR'],
    [['--format', 'json,html', '--output', 'x'], 'several formats need --output-dir DIR'],
    [['--output', 'x', '--output-dir', 'y'], '--output and --output-dir exclude each other'],
  ])('refuses %j', (flags, message) => {
    expect(usageMessage(['scan', ...flags])).toContain(message);
  });

  it('creates a missing --output-dir with its missing parents', async () => {
    // Prepare
    const { io } = harness(makeReport({ findings: sampleFindings() }));
    const target = join(directory, 'new', 'nested', 'reports');

    // Act
    const code = await runCli(['scan', '--format', 'json,csv', '--output-dir', target], io);

    // Assess
    expect(code).toBe(0);
    expect(existsSync(join(target, 'eks-windows-scanner-report.csv'))).toBe(true);
  });

  it("exits 2 at once for an --output-dir that cannot be made under /proc (where Node's recursive mkdir spins)", async () => {
    // Prepare
    const { io, scan } = harness();

    // Act
    const code = await runCli(
      ['scan', '--format', 'json,html', '--output-dir', '/proc/eks-windows-scanner/reports'],
      io,
    );

    // Assess
    expect(code).toBe(2);
    expect(scan).not.toHaveBeenCalled();
    expect(io.stderr.text).toContain(
      "--output-dir '/proc/eks-windows-scanner/reports': cannot create the directory",
    );
  }, 10_000);

  it('names the --output-dir given, and which of its files, when a report file there cannot be written', async () => {
    // Prepare: a directory where the CSV report would go.
    const { io, scan } = harness();
    await mkdir(join(directory, 'eks-windows-scanner-report.csv'));

    // Act
    const code = await runCli(['scan', '--format', 'json,csv', '--output-dir', directory], io);

    // Assess
    expect(code).toBe(2);
    expect(scan).not.toHaveBeenCalled();
    expect(io.stderr.text).toContain(
      `--output-dir '${directory}' (its eks-windows-scanner-report.csv) is a directory`,
    );
    expect(existsSync(join(directory, 'eks-windows-scanner-report.json'))).toBe(false);
  });

  it('exits 2 before scanning when --output-dir is a file', async () => {
    // Prepare
    const { io, scan } = harness();
    const file = join(directory, 'a-file');
    await writeFile(file, '');

    // Act
    const code = await runCli(['scan', '--format', 'json,html', '--output-dir', file], io);

    // Assess
    expect(code).toBe(2);
    expect(scan).not.toHaveBeenCalled();
    expect(io.stderr.text).toContain('is not a directory');
  });
});

describe('regions', () => {
  it.each([
    [['--region', 'eusc-de-east-1'], ['eusc-de-east-1']],
    [
      ['--region', 'us-west-2,eu-west-1', '--region', 'us-west-2'],
      ['us-west-2', 'eu-west-1'],
    ],
  ])('accepts %j as the regions the SDK knows', (flags, regions) => {
    expect(parseCommandLine(['scan', ...flags], NO_FILES)).toMatchObject({ scan: { regions } });
  });

  it.each([
    [['--region', 'xx-fake-9'], {}, '--region: "xx-fake-9" is not an AWS region'],
    [[], { AWS_REGION: 'xx-fake-9' }, 'AWS_REGION: "xx-fake-9" is not an AWS region'],
    [[], { AWS_DEFAULT_REGION: 'xx-fake-9' }, 'AWS_DEFAULT_REGION: "xx-fake-9"'],
    [['--region', 'all', '--region', 'us-west-2'], {}, '--region all takes no other region'],
  ])('refuses %j %j', (flags, env, message) => {
    expect(usageMessage(['scan', ...flags], { ...NO_FILES, ...env })).toContain(message);
  });

  it('--region all scans the regions the account has enabled, asked in the configured region', async () => {
    // Prepare
    const { io, scan, aws } = harness(undefined, { env: { ...NO_FILES, AWS_REGION: 'eu-west-1' } });

    // Act
    const code = await runCli(['scan', '--region', 'all'], io);

    // Assess
    expect(code).toBe(0);
    expect(aws.enabledRegions).toHaveBeenCalledWith('eu-west-1', {});
    expect(scan.mock.calls[0]?.[0].regions).toEqual(['eu-west-1', 'us-east-1']);
  });

  async function stderrAfterRegionRefused(
    errorCode: string,
    operation = 'ListClusters',
  ): Promise<string> {
    const report = makeReport({
      errors: [
        {
          accountId: '123456789012',
          region: 'me-south-1',
          operation,
          code: errorCode,
          message: 'The security token included in the request is invalid.',
        },
      ],
    });
    const { io } = harness(report);
    expect(await runCli(['scan', '--region', 'us-west-2,me-south-1'], io)).toBe(3);
    return io.stderr.text;
  }

  it.each([
    ['UnrecognizedClientException', 'ListClusters'],
    ['InvalidClientTokenId', 'ListClusters'],
    ['AuthFailure', 'ListClusters'],
    ['UnrecognizedClientException', 'DescribeCluster'],
  ])(
    'hints at a region not enabled when a later region refuses with %s (%s)',
    async (errorCode, operation) => {
      expect(await stderrAfterRegionRefused(errorCode, operation)).toContain(
        'AWS refused the credentials in me-south-1, as it does in a region the account has not enabled',
      );
    },
  );

  it('gives no such hint for a call that failed otherwise', async () => {
    expect(await stderrAfterRegionRefused('ThrottlingException')).not.toContain(
      'refused the credentials',
    );
  });

  it('--region all asks us-east-1 when nothing names a region', async () => {
    // Prepare
    const { io, aws } = harness(undefined, { env: NO_FILES });

    // Act
    await runCli(['scan', '--region', 'ALL'], io);

    // Assess
    expect(aws.enabledRegions).toHaveBeenCalledWith('us-east-1', {});
  });
});

describe('--severity, --rule and --exclude-rule', () => {
  async function shown(flags: string[]): Promise<{ code: number; report: Report }> {
    const { io } = harness();
    const code = await runCli(['scan', '--format', 'json', ...flags], io);
    return { code, report: JSON.parse(io.stdout.text) as Report };
  }

  it('shows only the severities listed, and counts only them', async () => {
    // Act
    const { report } = await shown(['--severity', 'high,low']);

    // Assess
    expect(new Set(report.findings.map((finding) => finding.severity))).toEqual(
      new Set(['HIGH', 'LOW']),
    );
    expect(report.summary.findings).toEqual({
      CRITICAL: 0,
      HIGH: 2,
      MEDIUM: 0,
      LOW: 1,
      INFORMATIONAL: 0,
    });
  });

  it('judges --fail-on on the selection: a CRITICAL finding left out does not fail', async () => {
    // Act
    const left = await shown(['--severity', 'LOW', '--fail-on', 'critical']);
    const kept = await shown(['--rule', 'docker-runtime-unsupported', '--fail-on', 'critical']);
    const excluded = await shown([
      '--exclude-rule',
      'docker-runtime-unsupported',
      '--fail-on',
      'critical',
    ]);

    // Assess
    expect(left.code).toBe(0);
    expect(kept.code).toBe(1);
    expect(kept.report.findings.map((finding) => finding.ruleId)).toEqual([
      'docker-runtime-unsupported',
    ]);
    expect(excluded.code).toBe(0);
    expect(excluded.report.findings.map((finding) => finding.ruleId)).not.toContain(
      'docker-runtime-unsupported',
    );
  });

  it('exits 2 for unknown rule ids, naming them with the ids they resemble', async () => {
    // Prepare
    const { io, scan } = harness();

    // Act
    const code = await runCli(
      ['scan', '--rule', 'ami-unavailible,docker-runtime-unsupported', '--exclude-rule', 'x'],
      io,
    );

    // Assess
    expect(code).toBe(2);
    expect(scan).not.toHaveBeenCalled();
    expect(io.stderr.text).toContain(
      "--rule: unknown rule id 'ami-unavailible' (did you mean ami-unavailable?)",
    );
  });

  it('refuses an unknown severity', () => {
    expect(usageMessage(['scan', '--severity', 'URGENT'])).toContain(
      "invalid --severity 'URGENT': expected one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL",
    );
  });

  it('still delivers every finding with --publish: Security Hub archives what is not delivered', async () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });
    const { io } = harness(report, {
      env: { ...ENV, SNS_TOPIC_ARN: 'arn:aws:sns:us-west-2:123456789012:scanner' },
    });
    const deliver = vi.fn(async () => ({
      securityHub: [],
      notification: { sent: true, reason: 'findings' },
    }));
    io.publish = deliver as unknown as CliIo['publish'];

    // Act
    await runCli(['scan', '--publish', '--severity', 'CRITICAL', '--format', 'json'], io);

    // Assess
    expect(deliver).toHaveBeenCalledWith(expect.objectContaining({ report }));
    expect((JSON.parse(io.stdout.text) as Report).findings).toHaveLength(1);
  });
});

describe('eks-windows-scanner scan --publish, in another partition', () => {
  it('publishes for the partition of its --region, whatever AWS_REGION the shell has', async () => {
    // Prepare: China credentials, and a shell whose AWS_REGION is us-east-1
    const { io } = harness(makeReport({ findings: sampleFindings() }), {
      env: {
        ...ENV,
        AWS_REGION: 'us-east-1',
        SNS_TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:123456789012:scanner',
      },
    });
    const deliver = vi.fn(async () => ({
      securityHub: [],
      notification: { sent: true, reason: 'findings' },
    }));
    io.publish = deliver as unknown as CliIo['publish'];

    // Act
    const code = await runCli(['scan', '--region', 'cn-north-1', '--publish'], io);

    // Assess
    expect(io.stderr.text).not.toContain('partition');
    expect(deliver).toHaveBeenCalled();
    expect(code).not.toBe(2);
  });

  it('refuses --region lists that span partitions, in its own terms', async () => {
    // Prepare
    const { io } = harness(makeReport({ findings: [] }), {
      env: { ...ENV, SNS_TOPIC_ARN: 'arn:aws:sns:us-west-2:123456789012:scanner' },
    });

    // Act
    const code = await runCli(['scan', '--region', 'us-west-2,cn-north-1', '--publish'], io);

    // Assess
    expect(code).toBe(2);
    expect(io.stderr.text).toContain(
      'us-west-2 is in the aws partition and cn-north-1 in aws-cn: credentials reach one partition only',
    );
  });
});

describe('eks-windows-scanner rules', () => {
  it('lists every rule of the catalogue as a table', async () => {
    // Prepare
    const { io, scan } = harness();

    // Act
    const code = await runCli(['rules'], io);

    // Assess
    expect(code).toBe(0);
    expect(scan).not.toHaveBeenCalled();
    const lines = io.stdout.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+TITLE$/);
    expect(lines).toHaveLength(RULES.length + 1);
    for (const rule of RULES) {
      expect(io.stdout.text).toMatch(new RegExp(`^${rule.id}\\s+${rule.severity}\\s`, 'm'));
    }
  });

  it('lists the catalogue as JSON with --format json', async () => {
    // Prepare
    const { io } = harness();

    // Act
    const code = await runCli(['rules', '--format', 'json'], io);

    // Assess
    expect(code).toBe(0);
    const { rules } = JSON.parse(io.stdout.text) as {
      rules: { id: string; remediation: string }[];
    };
    expect(rules.map((rule) => rule.id).sort()).toEqual(RULES.map((rule) => rule.id).sort());
    expect(rules.every((rule) => rule.remediation.length > 0)).toBe(true);
  });

  it.each([
    [['rules', '--region', 'us-west-2'], "--region does not apply to 'rules'"],
    [['rules', '--format', 'csv'], "invalid --format 'csv' for 'rules'"],
    [['list'], "unknown command 'list': expected 'scan', 'rules' or 'help'"],
  ])('refuses %j', (argv, message) => {
    expect(usageMessage(argv)).toContain(message);
  });
});

describe('--cluster', () => {
  const notFound = (cluster: string, region: string): ScanError => ({
    accountId: '123456789012',
    region,
    cluster,
    operation: 'DescribeCluster',
    code: 'ResourceNotFoundException',
    message: `No cluster found for name: ${cluster}.`,
  });

  it('exits 2 when a named cluster is in no scanned region, listing the clusters there', async () => {
    // Prepare
    const report = makeReport(
      { region: 'us-west-2', clusters: [], errors: [notFound('prd', 'us-west-2')] },
      { region: 'eu-west-1', clusters: [], errors: [notFound('prd', 'eu-west-1')] },
    );
    const { io, aws } = harness(report);
    aws.listClusters.mockImplementation(async (region) =>
      region === 'us-west-2' ? ['prod', 'staging'] : ['edge'],
    );

    // Act
    const code = await runCli(
      ['scan', '--cluster', 'prd', '--region', 'us-west-2', '--region', 'eu-west-1'],
      io,
    );

    // Assess
    expect(code).toBe(2);
    expect(io.stdout.text).toBe('');
    expect(io.stderr.text).toContain(
      "--cluster 'prd': not found in regions us-west-2, eu-west-1; clusters there: edge, prod, staging (did you mean prod?)",
    );
  });

  it('names the configuration file when the missing cluster came from it, not --cluster', async () => {
    // Prepare
    const directory = await mkdtemp(join(tmpdir(), 'clusters-file-'));
    const file = join(directory, 'scanner.yaml');
    await writeFile(file, 'regions: [us-west-2]\nclusters: [prd]\n');
    const report = makeReport({
      region: 'us-west-2',
      clusters: [],
      errors: [notFound('prd', 'us-west-2')],
    });
    const { io, aws } = harness(report);
    aws.listClusters.mockResolvedValue(['prod']);

    // Act
    const code = await runCli(['scan', '--config', file], io).finally(() =>
      rm(directory, { recursive: true, force: true }),
    );

    // Assess
    expect(code).toBe(2);
    expect(io.stderr.text).toContain(
      `${file}: clusters 'prd': not found in region us-west-2; clusters there: prod (did you mean prod?)`,
    );
  });

  it('keeps exit 3 when the cluster may be in a region that could not be asked', async () => {
    // Prepare
    const denied: ScanError = { ...notFound('prod', 'eu-west-1'), code: 'AccessDeniedException' };
    const report = makeReport(
      { region: 'us-west-2', clusters: [], errors: [notFound('prod', 'us-west-2')] },
      { region: 'eu-west-1', clusters: [], errors: [denied] },
    );
    const { io } = harness(report);

    // Act & assess
    expect(await runCli(['scan', '--cluster', 'prod', '--region', 'us-west-2,eu-west-1'], io)).toBe(
      3,
    );
  });

  it("accepts an EKS cluster ARN and scans the ARN's region for it", async () => {
    // Prepare
    const { io, scan } = harness();

    // Act
    const code = await runCli(
      ['scan', '--cluster', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod'],
      io,
    );

    // Assess
    expect(code).toBe(0);
    expect(scan.mock.calls[0]?.[0]).toMatchObject({
      regions: ['eu-west-1'],
      clusters: ['prod'],
      clustersByRegion: { 'eu-west-1': ['prod'] },
    });
  });

  it('looks for a name everywhere and an ARN in its own region only', () => {
    // Act
    const command = parseCommandLine(
      [
        'scan',
        '--region',
        'us-west-2',
        '--cluster',
        'staging',
        '--cluster',
        'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu',
      ],
      NO_FILES,
    );

    // Assess
    expect(command).toMatchObject({
      scan: { regions: ['us-west-2', 'eu-west-1'], clusters: ['staging'] },
    });
  });

  it('looks for a name in the default region too when an ARN names another region', () => {
    // Act
    const command = parseCommandLine(
      [
        'scan',
        '--cluster',
        'staging',
        '--cluster',
        'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu',
      ],
      ENV,
    );

    // Assess
    expect(command).toMatchObject({
      scan: { regions: ['us-west-2', 'eu-west-1'], clusters: ['staging'] },
    });
  });

  it("keeps to the ARNs' regions when only ARNs are named or the default region is of another partition", () => {
    // Act
    const onlyArns = parseCommandLine(
      ['scan', '--cluster', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu'],
      ENV,
    );
    const otherPartition = parseCommandLine(
      [
        'scan',
        '--cluster',
        'staging',
        '--cluster',
        'arn:aws-cn:eks:cn-north-1:123456789012:cluster/prod-cn',
      ],
      ENV,
    );

    // Assess
    expect(onlyArns).toMatchObject({ scan: { regions: ['eu-west-1'] } });
    expect(otherPartition).toMatchObject({ scan: { regions: ['cn-north-1'] } });
  });

  it('exits 2 when the ARN names another account than the one scanned', async () => {
    // Prepare
    const { io } = harness();

    // Act
    const code = await runCli(
      ['scan', '--cluster', 'arn:aws:eks:us-west-2:210987654321:cluster/prod'],
      io,
    );

    // Assess
    expect(code).toBe(2);
    expect(io.stderr.text).toContain('is in account 210987654321');
  });

  it.each([
    ['arn:aws:eks:us-west-2:123456789012:nodegroup/prod/x', 'not an EKS cluster ARN'],
    ['arn:aws:eks:xx-fake-9:123456789012:cluster/prod', '"xx-fake-9" is not an AWS region'],
    ['arn:aws:eks:cn-north-1:123456789012:cluster/prod', 'is in partition aws-cn, not aws'],
  ])('refuses %s', (arn, message) => {
    expect(usageMessage(['scan', '--cluster', arn])).toContain(message);
  });

  it('refuses a --region where no ARN cluster is and no name is given', () => {
    expect(
      usageMessage([
        'scan',
        '--region',
        'us-west-2',
        '--cluster',
        'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
      ]),
    ).toContain('--region us-west-2: no --cluster there');
  });
});

describe('options given more than once', () => {
  it('warns that the last value of a one-value option counts, without saying the values', async () => {
    // Prepare
    const { io, scan } = harness();

    // Act
    const code = await runCli(
      [
        'scan',
        '--fail-on',
        'HIGH',
        '--fail-on',
        'CRITICAL',
        '--now',
        '2026-11-25T00:00:00Z',
        '--now=2026-11-26T00:00:00Z',
      ],
      io,
    );

    // Assess
    expect(code).toBe(1);
    expect(scan.mock.calls[0]?.[0].now).toEqual(new Date('2026-11-26T00:00:00Z'));
    expect(io.stderr.text).toContain(
      'warning: --fail-on, --now given more than once: the last value counts',
    );
    expect(io.stderr.text).not.toContain('2026-11-25');
  });

  it('says nothing of repeated list options and flags', () => {
    // Act
    const command = parseCommandLine(
      [
        'scan',
        '--region',
        'us-west-2',
        '--region',
        'eu-west-1',
        '--publish',
        '--publish',
        '-q',
        '-q',
      ],
      ENV,
    );

    // Assess
    expect(command).toMatchObject({ kind: 'scan' });
    expect(command).not.toHaveProperty('scan.repeatedOptionsHint');
  });
});

describe('dates and windows (issue 9)', () => {
  it.each([
    ['2026-02-30'],
    ['2026-02-29'],
    ['2026-04-31T00:00:00Z'],
    ['2026-01-01T24:00:00Z'],
    ['2026-01-01T12:60:00Z'],
  ])('refuses --now %s, which is no real date', (value) => {
    expect(usageMessage(['scan', '--now', value])).toContain(`invalid --now '${value}'`);
  });

  it('accepts a leap day and an offset', () => {
    expect(parseCommandLine(['scan', '--now', '2028-02-29T23:30:00+05:30'], ENV)).toMatchObject({
      scan: { now: new Date('2028-02-29T18:00:00.000Z') },
    });
  });

  it.each([['--end-of-support-warning-days'], ['--ami-expiry-warning-days']])(
    'caps %s at 3650 days like the environment variables',
    (option) => {
      expect(usageMessage(['scan', option, '99999'])).toContain(
        `invalid ${option} '99999': expected a whole number of days from 0 to 3650`,
      );
      expect(parseCommandLine(['scan', option, '3650'], ENV)).toMatchObject({ scan: {} });
    },
  );
});

describe('findings left out by a selection', () => {
  it('says on stderr how many findings are shown', async () => {
    // Prepare
    const { io } = harness(
      makeReport({
        findings: [makeFinding(), makeFinding({ severity: 'LOW', ruleId: 'ami-outdated' })],
      }),
    );

    // Act
    await runCli(['scan', '--severity', 'HIGH'], io);

    // Assess
    expect(io.stderr.text).toContain('1 of 2 findings shown (--severity HIGH)');
  });

  it('records the selection and what it left out in the JSON report', async () => {
    // Prepare: 1 CRITICAL, 2 HIGH, 1 LOW and 1 suppressed INFORMATIONAL
    const { io } = harness();

    // Act
    await runCli(['scan', '--severity', 'CRITICAL', '--format', 'json'], io);

    // Assess
    const report = JSON.parse(io.stdout.text) as Report;
    expect(report.summary.findings.HIGH).toBe(0);
    expect(report.selection).toEqual({
      severities: ['CRITICAL'],
      findingsLeftOut: 3,
      leftOutBySeverity: { CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 1, INFORMATIONAL: 0 },
    });
  });

  it('says so in the table under the counts, also with -q, which silences the stderr note', async () => {
    // Prepare
    const { io } = harness();

    // Act
    await runCli(['scan', '-q', '--severity', 'CRITICAL'], io);

    // Assess
    expect(io.stderr.text).toBe('');
    expect(io.stdout.text).toContain('Findings: 1 CRITICAL, 0 HIGH, 0 MEDIUM, 0 LOW');
    expect(io.stdout.text.replace(/\n\s*/g, ' ')).toContain(
      'This report holds only the findings selected by --severity CRITICAL; 3 unsuppressed findings were left out (2 HIGH, 1 LOW), neither shown nor counted.',
    );
  });

  it('writes no selection when none was asked for', async () => {
    // Prepare
    const { io } = harness();

    // Act
    await runCli(['scan', '--format', 'json'], io);

    // Assess
    expect(JSON.parse(io.stdout.text)).not.toHaveProperty('selection');
  });
});
