/**
 * The configuration and mute file on the command line: --config, the default file in the
 * working directory, its precedence under the flags, its warnings, and SUPPRESSIONS without
 * --publish. The scan is a fake: what matters is what the command line hands it.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CONFIG_FILE as CLI_DEFAULT_CONFIG_FILE,
  DEFAULT_CONFIG_FILE_YML as CLI_DEFAULT_CONFIG_FILE_YML,
} from '../../../src/cli/constants.ts';
import { HELP_TEXT } from '../../../src/cli/help.ts';
import { type CliIo, runCli } from '../../../src/cli/run.ts';
import { DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_FILE_YML } from '../../../src/config-file/index.ts';
import type { Report } from '../../../src/report/types.ts';
import type { ScanOptions } from '../../../src/scan.ts';
import { makeFinding, makeReport } from '../report/fixtures.ts';
import { MemoryStream } from './memory-stream.ts';

const REASON = 'Legacy cluster, retired in Q1 (CHG-4711)';

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-config-'));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function harness(
  report: Report = makeReport({ findings: [makeFinding({ severity: 'HIGH' })] }),
  env: Record<string, string | undefined> = { AWS_REGION: 'us-west-2' },
) {
  const scan = vi.fn(async (_options: ScanOptions) => report);
  const io: CliIo & { stdout: MemoryStream; stderr: MemoryStream } = {
    stdout: new MemoryStream(),
    stderr: new MemoryStream(),
    env,
    scan,
    cwd,
  };
  return { io, scan };
}

async function writeDefaultFile(text: string): Promise<string> {
  const path = join(cwd, DEFAULT_CONFIG_FILE);
  await writeFile(path, text, 'utf8');
  return path;
}

const MUTE_FILE = `regions: [eu-west-1]
suppressions:
  - rule: ami-unavailable
    cluster: prod
    until: 2027-01-31
    reason: ${REASON}
`;

describe('Function: runCli with a configuration file', () => {
  describe('the default file in the working directory', () => {
    it('reads it under the .yml extension too, naming it so', async () => {
      // Prepare
      const path = join(cwd, DEFAULT_CONFIG_FILE_YML);
      await writeFile(path, MUTE_FILE, 'utf8');
      const { io, scan } = harness();

      // Act
      const code = await runCli(['scan', '--format', 'json'], io);

      // Assess
      expect(code).toBe(0);
      const options = scan.mock.calls[0]?.[0];
      expect(options?.regions).toEqual(['eu-west-1']);
      expect(options?.suppressionRules?.map((rule) => rule.origin)).toEqual([`${path} line 3`]);
      expect(io.stderr.text).toContain(
        `reading ${DEFAULT_CONFIG_FILE_YML} in the working directory (--config names another)\n`,
      );
    });

    it('says nothing of a file --config names, nor of the one found with --quiet', async () => {
      // Prepare
      await writeDefaultFile(MUTE_FILE);
      const named = harness();
      const quiet = harness();

      // Act
      await runCli(
        ['scan', '--format', 'json', '--config', join(cwd, DEFAULT_CONFIG_FILE)],
        named.io,
      );
      await runCli(['scan', '--format', 'json', '--quiet'], quiet.io);

      // Assess
      expect(named.io.stderr.text).not.toContain('reading');
      expect(quiet.io.stderr.text).not.toContain('reading');
    });

    it('refuses to guess when both the .yaml and the .yml file are there (exit 2, nothing scanned)', async () => {
      // Prepare
      await writeDefaultFile(MUTE_FILE);
      await writeFile(join(cwd, DEFAULT_CONFIG_FILE_YML), 'regions: [us-east-2]\n', 'utf8');
      const { io, scan } = harness();

      // Act
      const code = await runCli(['scan'], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stderr.text).toContain(
        `both ${DEFAULT_CONFIG_FILE} and ${DEFAULT_CONFIG_FILE_YML} are in the working directory: keep one, or name it with --config`,
      );
      expect(scan).not.toHaveBeenCalled();
    });

    it('reads only the file --config names when both default files are there', async () => {
      // Prepare
      await writeDefaultFile(MUTE_FILE);
      const yml = join(cwd, DEFAULT_CONFIG_FILE_YML);
      await writeFile(yml, 'regions: [us-east-2]\n', 'utf8');
      const { io, scan } = harness();

      // Act
      const code = await runCli(['scan', '--format', 'json', '--config', yml], io);

      // Assess
      expect(code).toBe(0);
      expect(scan.mock.calls[0]?.[0].regions).toEqual(['us-east-2']);
    });

    it('scans its regions (over AWS_REGION) with its suppressions, each naming its line', async () => {
      // Prepare
      const path = await writeDefaultFile(MUTE_FILE);
      const { io, scan } = harness();

      // Act
      const code = await runCli(['scan', '--format', 'json'], io);

      // Assess
      expect(code).toBe(0);
      const options = scan.mock.calls[0]?.[0];
      expect(options?.regions).toEqual(['eu-west-1']);
      expect(options?.suppressionRules).toEqual([
        {
          ruleId: 'ami-unavailable',
          cluster: 'prod',
          until: '2027-01-31',
          reason: REASON,
          origin: `${path} line 3`,
        },
      ]);
    });

    it('lets the flags win (--region, --cluster, --fail-on, the windows) and keeps its suppressions', async () => {
      // Prepare
      await writeDefaultFile(
        'regions: [eu-west-1]\nclusters: [staging]\nfailOn: critical\nendOfSupportWarningDays: 30\n' +
          'suppressions:\n  - rule: ami-outdated\n    reason: rebuilt weekly\n',
      );
      const { io, scan } = harness();

      // Act
      const code = await runCli(
        [
          'scan',
          '--region',
          'us-east-2',
          '--cluster',
          'prod',
          '--fail-on',
          'HIGH',
          '--end-of-support-warning-days',
          '90',
        ],
        io,
      );

      // Assess: the HIGH finding fails --fail-on HIGH; the file's CRITICAL would not.
      expect(code).toBe(1);
      expect(scan.mock.calls[0]?.[0]).toMatchObject({
        regions: ['us-east-2'],
        clusters: ['prod'],
        endOfSupportWarningDays: 90,
      });
      expect(scan.mock.calls[0]?.[0].suppressionRules?.map((rule) => rule.reason)).toEqual([
        'rebuilt weekly',
      ]);
    });

    it("names the file's failOn when --severity shows nothing it could fail on", async () => {
      // Prepare
      const path = await writeDefaultFile('failOn: critical\n');
      const { io } = harness(makeReport({ findings: [makeFinding({ severity: 'CRITICAL' })] }));

      // Act
      const code = await runCli(['scan', '--severity', 'HIGH'], io);

      // Assess
      expect(code).toBe(0);
      expect(io.stderr.text).toContain(
        `warning: failOn CRITICAL of ${path} can never fail this scan: --severity HIGH shows no finding at or above CRITICAL`,
      );
    });

    it("uses the file's clusters, failOn, formats and windows when no flag says", async () => {
      // Prepare
      await writeDefaultFile(
        'clusters: [prod]\nfailOn: high\nformats: [json]\namiExpiryWarningDays: 7\n',
      );
      const report = makeReport({ findings: [makeFinding({ severity: 'HIGH' })] });
      const { io, scan } = harness(report);

      // Act
      const code = await runCli(['scan'], io);

      // Assess
      expect(code).toBe(1);
      expect(JSON.parse(io.stdout.text)).toEqual(report);
      expect(scan.mock.calls[0]?.[0]).toMatchObject({
        regions: ['us-west-2'],
        clusters: ['prod'],
        amiExpiryWarningDays: 7,
      });
    });

    it('writes every format of the file into --output-dir, and asks for it without', async () => {
      // Prepare
      await writeDefaultFile('formats: [json, sarif]\n');
      const outputDir = join(cwd, 'out');
      const withDir = harness();
      const without = harness();

      // Act
      const written = await runCli(['scan', '--output-dir', outputDir], withDir.io);
      const refused = await runCli(['scan'], without.io);

      // Assess
      expect(written).toBe(0);
      expect(
        JSON.parse(await readFile(join(outputDir, 'eks-windows-scanner-report.json'), 'utf8')),
      ).toMatchObject({ schemaVersion: '1' });
      expect(refused).toBe(2);
      expect(without.io.stderr.text).toContain(
        `formats json,sarif of ${join(cwd, DEFAULT_CONFIG_FILE)}: several formats need --output-dir DIR`,
      );
      expect(without.scan).not.toHaveBeenCalled();
    });

    it('exits 2 naming the file, the line and the key of a misspelt key, before scanning', async () => {
      // Prepare
      const path = await writeDefaultFile('# scope\nregoins: [us-west-2]\n');
      const { io, scan } = harness();

      // Act
      const code = await runCli(['scan', '--format', 'json'], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stdout.text).toBe('');
      expect(io.stderr.text).toContain(`${path}:2: regoins: unknown key (did you mean regions?)`);
      // The file is wrong, not the command line.
      expect(io.stderr.text).not.toContain('--help');
      expect(scan).not.toHaveBeenCalled();
    });

    it.each([
      [
        'a region with no cluster ARN',
        [],
        `eu-west-1 (regions in ${DEFAULT_CONFIG_FILE}): none of the clusters in ${DEFAULT_CONFIG_FILE} is there (the ARNs name us-west-2)`,
      ],
      [
        '--role-name',
        ['--role-name', 'Audit', '--accounts', '111122223333'],
        `a cluster ARN (clusters in ${DEFAULT_CONFIG_FILE}) does not work with --role-name`,
      ],
    ])(
      "exits 2 on the file's cluster ARN with %s, naming the file's keys, not flags never given",
      async (_, flags, said) => {
        // Prepare
        await writeDefaultFile(
          'regions: [us-west-2, eu-west-1]\nclusters: [arn:aws:eks:us-west-2:111122223333:cluster/prod]\n',
        );
        const { io, scan } = harness();

        // Act
        const code = await runCli(['scan', ...flags], io);

        // Assess
        expect(code).toBe(2);
        expect(io.stderr.text).toContain(said);
        expect(io.stderr.text).not.toContain('--cluster');
        expect(scan).not.toHaveBeenCalled();
      },
    );

    it('is not read by the rules command, --help or --version', async () => {
      // Prepare
      await writeDefaultFile('regoins: [us-west-2]\n');
      const { io } = harness();

      // Act
      const codes = [
        await runCli(['rules', '--format', 'json'], io),
        await runCli(['--help'], io),
        await runCli(['--version'], io),
        await runCli(['rules', '--config', 'x.yaml'], io),
      ];

      // Assess: --config itself is refused by 'rules', like every scan option.
      expect(codes).toEqual([0, 0, 0, 2]);
      expect(io.stderr.text).toContain("--config does not apply to 'rules'");
      expect(io.stderr.text).not.toContain('regoins');
    });
  });

  describe('--config FILE', () => {
    it('reads the file named, relative to the working directory, instead of the default', async () => {
      // Prepare
      await writeDefaultFile('regoins: [broken]\n');
      await mkdir(join(cwd, 'ci'));
      await writeFile(join(cwd, 'ci', 'scanner.yaml'), 'regions: [ap-southeast-2]\n', 'utf8');
      const { io, scan } = harness();

      // Act
      const code = await runCli(['scan', '--config', 'ci/scanner.yaml', '--format', 'json'], io);

      // Assess
      expect(code).toBe(0);
      expect(scan.mock.calls[0]?.[0].regions).toEqual(['ap-southeast-2']);
    });

    it('exits 2 naming a --config that does not exist', async () => {
      // Prepare
      const { io, scan } = harness();

      // Act
      const code = await runCli(['scan', '--config', 'missing.yaml'], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stderr.text).toContain(`${join(cwd, 'missing.yaml')}: no such file`);
      expect(scan).not.toHaveBeenCalled();
    });

    it('exits 2 for an empty --config', async () => {
      // Prepare
      const { io } = harness();

      // Act
      const code = await runCli(['scan', '--config='], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stderr.text).toContain('--config needs a file name');
    });
  });

  describe('warnings', () => {
    const UNKNOWN_RULE = 'suppressions:\n  - rule: ami-outdatd\n    reason: typo\n';

    it("prints the file's warnings (an unknown rule id) on stderr whatever the format, not with --quiet", async () => {
      // Prepare
      const path = await writeDefaultFile(UNKNOWN_RULE);
      const loud = harness();
      const table = harness();
      const quiet = harness();

      // Act
      const codes = [
        await runCli(['scan', '--format', 'json'], loud.io),
        await runCli(['scan'], table.io),
        await runCli(['scan', '--format', 'json', '--quiet'], quiet.io),
      ];

      // Assess
      expect(codes).toEqual([0, 0, 0]);
      for (const { io } of [loud, table]) {
        expect(io.stderr.text).toContain(
          `eks-windows-scanner: warning: ${path}:2: suppressions[0].rule: "ami-outdatd"`,
        );
        expect(io.stderr.text).toContain('did you mean ami-outdated?');
      }
      expect(quiet.io.stderr.text).toBe('');
    });

    it("prints the report's warnings on stderr for a format other than the table, once each", async () => {
      // Prepare
      await writeDefaultFile(UNKNOWN_RULE);
      const report: Report = {
        ...makeReport(),
        warnings: [
          {
            code: 'suppression-tag-unreadable',
            message: 'tag on launch template win (lt-1): "ami-outdatd\u001b[2J" is no rule id',
          },
          // The file's own warning again, as the scan reports it: said once, by the loader.
          {
            code: 'suppression-unknown-rule',
            message: '.eks-windows-scanner.yaml line 2: rule "ami-outdatd" is unknown',
          },
        ],
      };
      const json = harness(report);
      const table = harness(report);

      // Act
      await runCli(['scan', '--format', 'json'], json.io);
      await runCli(['scan'], table.io);

      // Assess
      expect(json.io.stderr.text).toContain(
        'eks-windows-scanner: warning: tag on launch template win (lt-1): "ami-outdatd [2J" is no rule id',
      );
      expect(json.io.stderr.text).not.toContain('\u001b');
      expect(json.io.stderr.text).not.toContain('line 2: rule');
      // The table on stdout lists them; stderr has only the file's own.
      expect(table.io.stdout.text).toContain('Warnings (2)');
      expect(table.io.stderr.text).not.toContain('tag on launch template');
    });
  });

  it("names each warning's account and region on stderr when the report covers several", async () => {
    // Prepare
    const base = makeReport();
    const report: Report = {
      ...base,
      scope: { accounts: ['111122223333', '444455556666'], regions: ['us-west-2'] },
      warnings: [
        {
          code: 'eks-insights-unavailable',
          message: 'EKS insights could not be read',
          accountId: '444455556666',
          region: 'us-west-2',
        },
      ],
    };
    const { io } = harness(report);

    // Act
    await runCli(['scan', '--format', 'json'], io);

    // Assess
    expect(io.stderr.text).toContain(
      'eks-windows-scanner: warning: (444455556666) EKS insights could not be read\n',
    );
  });

  it('says at most ten report warnings on stderr, then how many more the report lists', async () => {
    // Prepare
    const report: Report = {
      ...makeReport(),
      warnings: Array.from({ length: 13 }, (_, index) => ({
        code: 'insights-unavailable',
        message: `cluster c${index}: insights could not be read`,
      })),
    };
    const { io } = harness(report);

    // Act
    await runCli(['scan', '--format', 'sarif'], io);

    // Assess
    const lines = io.stderr.text.trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[9]).toBe('eks-windows-scanner: warning: cluster c9: insights could not be read');
    expect(lines[10]).toBe("eks-windows-scanner: warning: 3 more in the report's warnings");
  });

  describe('SUPPRESSIONS without --publish', () => {
    it('hands the variable to the scan without a configuration file', async () => {
      // Prepare: an empty working directory.
      const { io, scan } = harness(undefined, {
        AWS_REGION: 'us-west-2',
        SUPPRESSIONS: 'ami-outdated:until=2027-01-31',
      });

      // Act
      const code = await runCli(['scan', '--format', 'json'], io);

      // Assess
      expect(code).toBe(0);
      expect(scan.mock.calls[0]?.[0].suppressions).toEqual([
        { ruleId: 'ami-outdated', until: '2027-01-31' },
      ]);
      expect(scan.mock.calls[0]?.[0]).not.toHaveProperty('suppressionRules');
    });

    it('exits 2 naming SUPPRESSIONS when it is invalid, before scanning', async () => {
      // Prepare
      const { io, scan } = harness(undefined, {
        AWS_REGION: 'us-west-2',
        SUPPRESSIONS: 'ami-outdatd',
      });

      // Act
      const code = await runCli(['scan', '--format', 'json'], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stderr.text).toMatch(/^eks-windows-scanner: SUPPRESSIONS: .*ami-outdatd/);
      expect(io.stderr.text).not.toContain('--help');
      expect(scan).not.toHaveBeenCalled();
    });
  });

  describe('--show-suppressed', () => {
    const suppressed = makeFinding({
      ruleId: 'ami-outdated',
      severity: 'MEDIUM',
      resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0muted000000000001', name: 'win-muted' },
      suppressed: true,
      suppression: {
        source: 'file',
        origin: '.eks-windows-scanner.yaml line 4',
        until: '2027-01-31',
        reason: REASON,
      },
    });
    const report = makeReport({ findings: [makeFinding(), suppressed] });

    it('hides suppressed findings from the table by default and lists them, with why, with the flag', async () => {
      // Prepare
      const hidden = harness(report);
      const shown = harness(report);

      // Act
      const codes = [
        await runCli(['scan'], hidden.io),
        await runCli(['scan', '--show-suppressed'], shown.io),
      ];

      // Assess
      expect(codes).toEqual([0, 0]);
      expect(hidden.io.stdout.text).toContain('(1 suppressed, not shown)');
      expect(hidden.io.stdout.text).not.toContain('lt-0muted000000000001');
      expect(shown.io.stdout.text).toContain('(1 suppressed, listed below)');
      expect(shown.io.stdout.text).toContain('Suppressed (1)');
      expect(shown.io.stdout.text).toContain('lt-0muted000000000001');
      expect(shown.io.stdout.text).toContain(
        'MEDIUM · suppressed by .eks-windows-scanner.yaml line 4 until 2027-01-31',
      );
      expect(shown.io.stdout.text).toContain(`reason: ${REASON}`);
    });

    it('keeps suppressed findings in JSON with or without the flag', async () => {
      // Prepare
      const plain = harness(report);
      const flagged = harness(report);

      // Act
      await runCli(['scan', '--format', 'json'], plain.io);
      await runCli(['scan', '--format', 'json', '--show-suppressed'], flagged.io);

      // Assess
      expect(plain.io.stdout.text).toBe(flagged.io.stdout.text);
      const muted = (JSON.parse(flagged.io.stdout.text) as Report).findings.find(
        (finding) => finding.suppressed,
      );
      expect(muted?.suppression).toEqual(suppressed.suppression);
    });

    it('still judges --fail-on on unsuppressed findings only', async () => {
      // Prepare: the only CRITICAL is suppressed.
      const critical = makeReport({
        findings: [makeFinding({ severity: 'CRITICAL', suppressed: true }), makeFinding()],
      });
      const { io } = harness(critical);

      // Act
      const code = await runCli(['scan', '--show-suppressed', '--fail-on', 'CRITICAL'], io);

      // Assess
      expect(code).toBe(0);
      expect(io.stdout.text).toContain('Suppressed (1)');
    });
  });

  describe('help', () => {
    it('describes --config and --show-suppressed, naming the default file', () => {
      expect(CLI_DEFAULT_CONFIG_FILE).toBe(DEFAULT_CONFIG_FILE);
      expect(CLI_DEFAULT_CONFIG_FILE_YML).toBe(DEFAULT_CONFIG_FILE_YML);
      expect(HELP_TEXT).toContain('--config FILE');
      expect(HELP_TEXT.replace(/\s+/g, ' ')).toContain(
        `${DEFAULT_CONFIG_FILE} (or ${DEFAULT_CONFIG_FILE_YML}) in the working directory`,
      );
      expect(HELP_TEXT).toContain('--show-suppressed');
    });
  });
});
