import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AccessDeniedException,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { ExpiredTokenException, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RULES_OPTIONS } from '../../../src/cli/args.ts';
import { HELP_TEXT, RULES_HELP_TEXT } from '../../../src/cli/help.ts';
import { type CliIo, runCli } from '../../../src/cli/run.ts';
import type { PublishResult } from '../../../src/publish/types.ts';
import { formatCsv } from '../../../src/report/format/csv.ts';
import { formatHtml } from '../../../src/report/format/html.ts';
import { formatJson } from '../../../src/report/format/json.ts';
import { SCANNER_VERSION } from '../../../src/report/scanner.ts';
import type { Report } from '../../../src/report/types.ts';
import type { ScanOptions } from '../../../src/scan.ts';
import { makeFinding, makeReport, sampleFindings } from '../report/fixtures.ts';
import { MemoryStream } from './memory-stream.ts';

const ESC = '\x1b';

/** Mirrors the SDK's CredentialsProviderError (@smithy), which is not a direct dependency. */
class CredentialsProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsProviderError';
  }
}

interface Harness {
  io: CliIo & { stdout: MemoryStream; stderr: MemoryStream };
  scan: ReturnType<typeof vi.fn<(options: ScanOptions) => Promise<Report>>>;
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
  return {
    scan,
    io: {
      stdout: options.stdout ?? new MemoryStream(),
      stderr: options.stderr ?? new MemoryStream(),
      env: options.env ?? { AWS_REGION: 'us-west-2' },
      scan,
    },
  };
}

function failingScan(
  error: unknown,
  env: Record<string, string | undefined> = { AWS_REGION: 'us-west-2' },
): Harness {
  const { io, scan } = harness(undefined, { env });
  scan.mockRejectedValue(error);
  return { io, scan };
}

describe('Function: runCli', () => {
  describe('output', () => {
    it('writes exactly the report to stdout with --format json, and nothing to stderr', async () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });
      const { io } = harness(report);

      // Act
      const code = await runCli(['scan', '--format', 'json'], io);

      // Assess
      expect(code).toBe(0);
      expect(io.stdout.text).toBe(formatJson(report));
      expect(JSON.parse(io.stdout.text)).toEqual(report);
      expect(io.stderr.text).toBe('');
    });

    it('writes CSV with --format csv', async () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });
      const { io } = harness(report);

      // Act
      const code = await runCli(['scan', '--format', 'csv'], io);

      // Assess
      expect(code).toBe(0);
      expect(io.stdout.text).toBe(formatCsv(report));
    });

    it('writes the HTML page with --format html, and nothing to stderr', async () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });
      const { io } = harness(report);

      // Act
      const code = await runCli(['scan', '--format', 'html'], io);

      // Assess
      expect(code).toBe(0);
      expect(io.stdout.text).toBe(formatHtml(report));
      expect(io.stdout.text.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(io.stderr.text).toBe('');
    });

    it.each([
      ['json', formatJson],
      ['html', formatHtml],
    ])(
      'writes %s a finding at a time: an organisation’s report can outgrow one string',
      async (format, whole) => {
        // Prepare
        const findings = Array.from({ length: 300 }, (_, index) =>
          makeFinding({ resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${index}` } }),
        );
        const report = makeReport({ findings });
        const { io } = harness(report);

        // Act
        const code = await runCli(['scan', '--format', format], io);

        // Assess
        expect(code).toBe(0);
        expect(io.stdout.text).toBe(whole(report));
        expect(io.stdout.chunks.length).toBeGreaterThan(300);
        const mostFindings = Math.max(
          ...io.stdout.chunks.map((chunk) => chunk.split('"ruleId"').length - 1),
        );
        expect(mostFindings).toBe(1);
      },
    );

    it('writes a table without colours when stdout is not a terminal', async () => {
      // Prepare
      const { io } = harness();

      // Act
      const code = await runCli(['scan'], io);

      // Assess
      expect(code).toBe(0);
      expect(io.stdout.text).toContain('CRITICAL (1)');
      expect(io.stdout.text).not.toContain(ESC);
    });

    it('colours the table on a terminal unless NO_COLOR is set', async () => {
      // Prepare
      const coloured = harness(undefined, {
        stdout: new MemoryStream({ isTTY: true, columns: 120 }),
        env: { AWS_REGION: 'us-west-2', TERM: 'xterm-256color' },
      });
      const plain = harness(undefined, {
        stdout: new MemoryStream({ isTTY: true, columns: 120 }),
        env: { AWS_REGION: 'us-west-2', TERM: 'xterm-256color', NO_COLOR: '1' },
      });

      // Act
      await runCli(['scan'], coloured.io);
      await runCli(['scan'], plain.io);

      // Assess
      expect(coloured.io.stdout.text).toContain(`${ESC}[`);
      expect(plain.io.stdout.text).not.toContain(ESC);
    });

    describe('with --output', () => {
      let directory: string;
      beforeEach(async () => {
        directory = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-cli-'));
      });
      afterEach(async () => {
        await rm(directory, { recursive: true, force: true });
      });

      it.each([
        ['json', 'report.json', formatJson],
        ['html', 'report.html', formatHtml],
      ])(
        'writes the %s report to %s with --output and nothing to stdout',
        async (format, name, render) => {
          // Prepare
          const report = makeReport({ findings: sampleFindings() });
          const { io } = harness(report);
          const file = join(directory, name);

          // Act
          const code = await runCli(['scan', '--format', format, '--output', file], io);

          // Assess
          expect(code).toBe(0);
          expect(await readFile(file, 'utf8')).toBe(render(report));
          expect(io.stdout.text).toBe('');
          expect(io.stderr.text).toContain(`report written to ${file}`);
        },
      );

      it('writes a table to the file without colours even when stdout is a terminal', async () => {
        // Prepare
        const { io } = harness(undefined, { stdout: new MemoryStream({ isTTY: true }) });
        const file = join(directory, 'report.txt');

        // Act
        await runCli(['scan', '--output', file], io);

        // Assess
        const written = await readFile(file, 'utf8');
        expect(written).toContain('CRITICAL (1)');
        expect(written).not.toContain(ESC);
      });

      it('exits 2 before scanning when the directory does not exist', async () => {
        // Prepare
        const { io, scan } = harness();
        const file = join(directory, 'missing', 'report.json');

        // Act
        const code = await runCli(['scan', '--output', file], io);

        // Assess: the error alone, without the warning that the file would get the table.
        expect(code).toBe(2);
        expect(scan).not.toHaveBeenCalled();
        expect(io.stderr.text).toContain('the directory does not exist');
        expect(io.stderr.text).not.toContain('gets the table');
      });

      it('exits 2 before scanning when the path goes through a file, naming that file', async () => {
        // Prepare
        const { io, scan } = harness();
        const file = join(directory, 'a-file');
        await writeFile(file, '');

        // Act
        const code = await runCli(['scan', '--output', join(file, 'report.json')], io);

        // Assess
        expect(code).toBe(2);
        expect(scan).not.toHaveBeenCalled();
        expect(io.stderr.text).toContain(`${file} is a file, not a directory`);
      });

      it('warns that a .json file given without --format gets the table, once it is open', async () => {
        // Prepare
        const { io } = harness();
        const file = join(directory, 'report.json');

        // Act
        await runCli(['scan', '--output', file], io);

        // Assess
        expect(io.stderr.text).toContain(
          `warning: --output ${file} gets the table, the default format: add --format json to write json`,
        );
        expect(await readFile(file, 'utf8')).toContain('CRITICAL (1)');
      });

      it('exits 2 before scanning when the output is a directory', async () => {
        // Prepare
        const { io, scan } = harness();

        // Act
        const code = await runCli(['scan', '--output', directory], io);

        // Assess
        expect(code).toBe(2);
        expect(scan).not.toHaveBeenCalled();
        expect(io.stderr.text).toContain('is a directory');
      });
    });
  });

  describe('the scan it runs', () => {
    it('passes regions, clusters, --now and the warning windows to the scan', async () => {
      // Prepare
      const { io, scan } = harness();

      // Act
      await runCli(
        [
          'scan',
          '--region',
          'us-west-2',
          '--region',
          'eu-west-1',
          '--cluster',
          'prod',
          '--now',
          '2026-11-25T12:00:00Z',
          '--end-of-support-warning-days',
          '90',
          '--ami-expiry-warning-days',
          '14',
        ],
        io,
      );

      // Assess
      expect(scan).toHaveBeenCalledExactlyOnceWith({
        regions: ['us-west-2', 'eu-west-1'],
        clusters: ['prod'],
        now: new Date('2026-11-25T12:00:00.000Z'),
        endOfSupportWarningDays: 90,
        amiExpiryWarningDays: 14,
        suppressions: [],
      });
    });

    it('leaves dates and windows to the scan when not given', async () => {
      // Prepare
      const { io, scan } = harness();

      // Act
      await runCli(['scan'], io);

      // Assess
      expect(scan).toHaveBeenCalledExactlyOnceWith({
        regions: ['us-west-2'],
        clusters: [],
        suppressions: [],
      });
    });

    it('takes the warning windows of the environment whether it publishes or not, so that --publish sends what a dry run showed', async () => {
      // Prepare
      const { io, scan } = harness(undefined, {
        env: { AWS_REGION: 'us-west-2', END_OF_SUPPORT_WARNING_DAYS: '10' },
      });

      // Act
      await runCli(['scan'], io);

      // Assess: unset, AMI_EXPIRY_WARNING_DAYS is left to the scan's default
      expect(scan).toHaveBeenCalledExactlyOnceWith({
        regions: ['us-west-2'],
        clusters: [],
        endOfSupportWarningDays: 10,
        suppressions: [],
      });
    });

    it('refuses a bad warning window of the environment without --publish too, naming it', async () => {
      // Prepare
      const { io, scan } = harness(undefined, {
        env: { AWS_REGION: 'us-west-2', AMI_EXPIRY_WARNING_DAYS: 'abc' },
      });

      // Act
      const code = await runCli(['scan'], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stderr.text).toContain('AMI_EXPIRY_WARNING_DAYS: "abc" must be a whole number');
      expect(scan).not.toHaveBeenCalled();
    });

    it('shows progress on a terminal stderr, rewritten in place and cleared at the end', async () => {
      // Prepare
      const stderr = new MemoryStream({ isTTY: true, columns: 50 });
      const { io, scan } = harness(undefined, { stderr });
      scan.mockImplementation(async (options) => {
        options.onProgress?.({
          region: 'us-west-2',
          message: 'Describing node groups',
          done: 1,
          total: 3,
        });
        options.onProgress?.({
          region: 'us-west-2',
          message: 'Describing launch templates of every group',
          done: 2,
          total: 3,
        });
        return makeReport();
      });

      // Act
      await runCli(['scan'], io);

      // Assess
      expect(stderr.chunks).toEqual([
        '\r\x1b[2K[us-west-2] Describing node groups (1/3)',
        '\r\x1b[2K[us-west-2] Describing launch templates of every…',
        '\r\x1b[2K',
      ]);
    });

    it('shows no progress when stderr is not a terminal', async () => {
      // Prepare
      const { io, scan } = harness();

      // Act
      await runCli(['scan'], io);

      // Assess
      expect(scan.mock.calls[0]?.[0]).not.toHaveProperty('onProgress');
      expect(io.stderr.text).toBe('');
    });

    it('clears the progress line when the scan fails', async () => {
      // Prepare
      const stderr = new MemoryStream({ isTTY: true });
      const { io, scan } = harness(undefined, { stderr });
      scan.mockImplementation(async (options) => {
        options.onProgress?.({ region: 'us-west-2', message: 'Listing clusters' });
        throw new CredentialsProviderError('Could not load credentials from any providers');
      });

      // Act
      await runCli(['scan'], io);

      // Assess
      expect(stderr.chunks[1]).toBe('\r\x1b[2K');
    });
  });

  describe('exit codes', () => {
    it('exits 0 on a complete scan with findings when --fail-on is not given', async () => {
      // Prepare
      const { io } = harness(makeReport({ findings: sampleFindings() }));

      // Act & assess
      expect(await runCli(['scan'], io)).toBe(0);
    });

    it('exits 1 when an unsuppressed finding is at or above --fail-on', async () => {
      // Prepare
      const { io } = harness(makeReport({ findings: [makeFinding({ severity: 'HIGH' })] }));

      // Act
      const code = await runCli(['scan', '--fail-on', 'high', '--format', 'json'], io);

      // Assess
      expect(code).toBe(1);
      expect(io.stderr.text).toBe('eks-windows-scanner: 1 finding at or above HIGH (--fail-on)\n');
      expect(JSON.parse(io.stdout.text)).toHaveProperty('findings');
    });

    it('exits 1 for a finding more severe than --fail-on', async () => {
      // Prepare
      const { io } = harness(makeReport({ findings: [makeFinding({ severity: 'CRITICAL' })] }));

      // Act & assess
      expect(await runCli(['scan', '--fail-on', 'MEDIUM'], io)).toBe(1);
    });

    it('exits 0 when findings are only below --fail-on', async () => {
      // Prepare
      const { io } = harness(makeReport({ findings: [makeFinding({ severity: 'MEDIUM' })] }));

      // Act & assess
      expect(await runCli(['scan', '--fail-on', 'HIGH'], io)).toBe(0);
    });

    it('warns that --fail-on can never fail when --severity shows nothing at or above it', async () => {
      // Prepare: a CRITICAL finding that --severity LOW hides from --fail-on.
      const { io } = harness(makeReport({ findings: [makeFinding({ severity: 'CRITICAL' })] }));

      // Act
      const code = await runCli(['scan', '--fail-on', 'HIGH', '--severity', 'LOW'], io);

      // Assess: the options keep their meaning (exit 0), and the stderr says why.
      expect(code).toBe(0);
      expect(io.stderr.text).toContain(
        'warning: --fail-on HIGH can never fail this scan: --severity LOW shows no finding at or above HIGH, and only shown findings are judged',
      );
    });

    it('warns on stderr that --exclude-rule left nothing of --rule to show', async () => {
      // Prepare
      const { io } = harness(makeReport({ findings: [makeFinding({ severity: 'CRITICAL' })] }));

      // Act
      await runCli(['scan', '--rule', 'ami-outdated', '--exclude-rule', 'ami-outdated'], io);

      // Assess
      expect(io.stderr.text).toContain(
        'warning: --exclude-rule takes out every rule --rule names (ami-outdated): no finding can be shown',
      );
    });

    it('exits 0 when the findings at or above --fail-on are all suppressed', async () => {
      // Prepare
      const findings = [makeFinding({ severity: 'CRITICAL', suppressed: true })];
      const { io } = harness(makeReport({ findings }));

      // Act & assess
      expect(await runCli(['scan', '--fail-on', 'informational'], io)).toBe(0);
    });

    it('exits 3 on an incomplete scan and still writes the report', async () => {
      // Prepare
      const report = makeReport({ complete: false });
      const { io } = harness(report);

      // Act
      const code = await runCli(['scan', '--format', 'json'], io);

      // Assess
      expect(code).toBe(3);
      expect(io.stdout.text).toBe(formatJson(report));
      expect(io.stderr.text).toContain('the scan is incomplete');
    });

    it('says the errors on stderr when the only format written carries none (CSV)', async () => {
      // Prepare: two accounts, one whose role could not be assumed.
      const incomplete = makeReport({
        errors: [
          {
            accountId: '444455556666',
            operation: 'AssumeRole',
            code: 'AccessDenied',
            message: 'not authorized to perform sts:AssumeRole\non the role',
          },
        ],
      });
      const report = {
        ...incomplete,
        scope: { ...incomplete.scope, accounts: ['123456789012', '444455556666'] },
      };
      const { io } = harness(report);

      // Act
      const code = await runCli(['scan', '--format', 'csv'], io);

      // Assess
      expect(code).toBe(3);
      expect(io.stderr.text).toBe(
        'eks-windows-scanner: error: AssumeRole (444455556666): AccessDenied: not authorized to perform sts:AssumeRole\n' +
          'eks-windows-scanner: the scan is incomplete (1 error)\n',
      );
    });

    it('exits 3 rather than 1 when the scan is incomplete and has findings at or above --fail-on', async () => {
      // Prepare
      const report = makeReport({
        findings: [makeFinding({ severity: 'CRITICAL' })],
        errors: [{ operation: 'DescribeImages', code: 'AccessDenied', message: 'denied' }],
      });
      const { io } = harness(report);

      // Act & assess
      expect(await runCli(['scan', '--fail-on', 'LOW'], io)).toBe(3);
    });

    it('exits 3 with a one-line message when the scan fails unexpectedly', async () => {
      // Prepare
      const { io } = failingScan(new TypeError('boom'));

      // Act
      const code = await runCli(['scan'], io);

      // Assess
      expect(code).toBe(3);
      expect(io.stderr.text).toBe('eks-windows-scanner: the scan failed: TypeError: boom\n');
      expect(io.stdout.text).toBe('');
    });

    it.each([
      [['scan', '--publish'], '--publish: nowhere to publish: set SNS_TOPIC_ARN'],
      [['scan', '--publish'], '--publish: NOTIFY_POLICY: "never"', { NOTIFY_POLICY: 'never' }],
      [['scan', '--nope'], "unknown option '--nope'"],
      [['scan', '--fail-on', 'urgent'], "invalid --fail-on 'urgent'"],
    ])(
      'exits 2 for %j before scanning, with the message and a hint on stderr',
      async (argv, message, env: Record<string, string> = {}) => {
        // Prepare
        const { io, scan } = harness(undefined, { env: { AWS_REGION: 'us-west-2', ...env } });

        // Act
        const code = await runCli(argv, io);

        // Assess
        expect(code).toBe(2);
        expect(scan).not.toHaveBeenCalled();
        expect(io.stdout.text).toBe('');
        expect(io.stderr.text.startsWith(`eks-windows-scanner: ${message}`)).toBe(true);
        expect(io.stderr.text.split('\n')).toEqual([
          expect.any(String),
          "Run 'eks-windows-scanner --help' for usage.",
          '',
        ]);
      },
    );

    it('exits 2 when no region is given or configured', async () => {
      // Prepare
      const { io, scan } = harness(undefined, { env: { AWS_CONFIG_FILE: '/nonexistent/config' } });

      // Act
      const code = await runCli(['scan'], io);

      // Assess
      expect(code).toBe(2);
      expect(scan).not.toHaveBeenCalled();
      expect(io.stderr.text).toContain('pass --region, set AWS_REGION');
    });

    it('exits 2 with one line, no stack trace, when there are no credentials', async () => {
      // Prepare
      const { io } = failingScan(
        new CredentialsProviderError('Could not load credentials from any providers'),
      );

      // Act
      const code = await runCli(['scan'], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stderr.text).toMatch(
        /^eks-windows-scanner: no usable AWS credentials: Could not load credentials from any providers\..*\n$/,
      );
      expect(io.stderr.text.split('\n')).toHaveLength(2);
    });

    it('exits 2 when AWS rejects the credentials', async () => {
      // Prepare
      const error = new ExpiredTokenException({
        message: 'The security token included in the request is expired',
        $metadata: {},
      });
      const { io } = failingScan(error);

      // Act
      const code = await runCli(['scan'], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stderr.text).toBe(
        'eks-windows-scanner: AWS rejected the credentials (ExpiredTokenException): The security token included in the request is expired\n',
      );
    });

    it('exits 2 asking whether the first region is enabled when AWS calls the token invalid, which it also does there', async () => {
      // Prepare: STS's answer in a region the account has not enabled, to valid credentials.
      const error = new STSServiceException({
        name: 'InvalidClientTokenId',
        $fault: 'client',
        message: 'The security token included in the request is invalid.',
        $metadata: {},
      });
      const { io } = failingScan(error);

      // Act
      const code = await runCli(['scan', '--region', 'ap-east-1', '--region', 'us-west-2'], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stderr.text).toBe(
        'eks-windows-scanner: AWS rejected the credentials (InvalidClientTokenId): The security token included in the request is invalid. AWS answers so too in a region the account has not enabled: is ap-east-1, the first region named, enabled?\n',
      );
    });

    it('exits 2 naming AWS_ENDPOINT_URL when the endpoint refuses connections', async () => {
      // Prepare: what the SDK's Node HTTP handler rejects with.
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), {
        code: 'ECONNREFUSED',
      });
      const { io } = failingScan(refused, {
        AWS_REGION: 'us-west-2',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
      });

      // Act
      const code = await runCli(['scan'], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stderr.text).toBe(
        'eks-windows-scanner: cannot reach the endpoint http://127.0.0.1:5000 (AWS_ENDPOINT_URL): connect ECONNREFUSED 127.0.0.1:5000. Check the network, --region and AWS_ENDPOINT_URL\n',
      );
    });

    it('finds the connection failure inside an AggregateError with an empty message', async () => {
      // Prepare: Node's happy-eyeballs connect reports every address it tried.
      const attempt = Object.assign(new Error('connect ECONNREFUSED ::1:5000'), {
        code: 'ECONNREFUSED',
      });
      const aggregate = Object.assign(new AggregateError([attempt], ''), { code: 'ECONNREFUSED' });
      const { io } = failingScan(aggregate);

      // Act
      const code = await runCli(['scan'], io);

      // Assess
      expect(code).toBe(2);
      expect(io.stderr.text).toContain(
        'cannot reach the AWS endpoint: connect ECONNREFUSED ::1:5000.',
      );
    });
  });

  describe('--publish', () => {
    const PUBLISH_ENV = {
      AWS_REGION: 'us-west-2',
      SNS_TOPIC_ARN: 'arn:aws:sns:us-west-2:123456789012:eks-windows-scanner',
      SECURITY_HUB_ENABLED: 'true',
      SUPPRESSIONS: 'ami-outdated',
    };

    function published(result: Partial<PublishResult> = {}): PublishResult {
      return {
        securityHub: [
          {
            region: 'us-west-2',
            accountId: '123456789012',
            imported: 3,
            archived: 1,
            workflowUpdated: 0,
            failed: [],
            archivingDone: true,
            newFindingIds: [],
            resolvedFindingIds: [],
            resolvedSeverities: {},
            resolvedTitles: {},
          },
        ],
        notification: { sent: true, reason: 'new findings', messageId: 'm-1' },
        ...result,
      };
    }

    it('delivers the report with the configuration of the environment and says what it did', async () => {
      // Prepare
      const { io, scan } = harness(undefined, { env: PUBLISH_ENV });
      const publish = vi.fn(async () => published());

      // Act
      const code = await runCli(['scan', '--publish', '--cluster', 'prod', '--format', 'json'], {
        ...io,
        publish,
      });

      // Assess
      expect(code).toBe(0);
      expect(scan.mock.calls[0]?.[0].suppressions).toEqual([{ ruleId: 'ami-outdated' }]);
      expect(publish).toHaveBeenCalledWith(
        expect.objectContaining({
          report: await scan.mock.results[0]?.value,
          clusters: ['prod'],
          config: expect.objectContaining({
            snsTopicArn: PUBLISH_ENV.SNS_TOPIC_ARN,
            securityHub: true,
            regions: ['us-west-2'],
          }),
        }),
      );
      expect(io.stderr.text).toContain('Security Hub us-west-2: 3 imported, 1 archived, 0 failed');
      expect(io.stderr.text).toContain('notification sent: new findings');
    });

    it.each([
      [
        true,
        'Notifying: 2 findings at or above HIGH',
        'notification sent: 2 findings at or above HIGH',
      ],
      [
        false,
        'Not notifying: no unsuppressed finding at or above HIGH, and the scan is complete',
        'notification not sent: no unsuppressed finding at or above HIGH, and the scan is complete',
      ],
    ])('says whether it notified once, not twice (sent: %s)', async (sent, reason, said) => {
      // Prepare
      const { io } = harness(undefined, { env: PUBLISH_ENV });
      const publish = vi.fn(async () => published({ notification: { sent, reason } }));

      // Act
      await runCli(['scan', '--publish', '--format', 'json'], { ...io, publish });

      // Assess
      expect(io.stderr.text).toContain(`${said}\n`);
    });

    it("asks each region's Security Hub only of the clusters looked for there when a cluster is named by ARN", async () => {
      // Prepare
      const report = makeReport(
        { region: 'us-west-2', clusters: ['prod'], findings: [] },
        { region: 'eu-west-1', clusters: ['prod', 'edge'], findings: [] },
      );
      const { io } = harness(report, { env: PUBLISH_ENV });
      const publish = vi.fn(async () => published());

      // Act
      await runCli(
        [
          'scan',
          '--publish',
          '--region',
          'us-west-2',
          '--cluster',
          'prod',
          '--cluster',
          'arn:aws:eks:eu-west-1:123456789012:cluster/edge',
          '--format',
          'json',
        ],
        { ...io, publish },
      );

      // Assess: a namesake `edge` in us-west-2 was not scanned, so its findings there stay.
      expect(publish).toHaveBeenCalledWith(
        expect.objectContaining({
          clusters: ['prod', 'edge'],
          clustersByRegion: { 'us-west-2': ['prod'], 'eu-west-1': ['prod', 'edge'] },
        }),
      );
    });

    it("names a region whose Security Hub could not be read, with AWS's reason, and exits 3", async () => {
      // Prepare
      const { io } = harness(undefined, { env: PUBLISH_ENV });
      const notSubscribed = Object.assign(new Error('Account is not subscribed'), {
        name: 'InvalidAccessException',
      });

      // Act
      const code = await runCli(['scan', '--publish'], {
        ...io,
        publish: async (options) => {
          options.onSecurityHubError?.('us-west-2', notSubscribed, '123456789012');
          return published({ securityHub: [] });
        },
      });

      // Assess
      expect(code).toBe(3);
      expect(io.stderr.text).toContain(
        'Security Hub us-west-2: not updated: InvalidAccessException: Account is not subscribed',
      );
      expect(io.stderr.text).toContain('Security Hub could not be updated in every region');
    });

    it('exits 3 when Security Hub refused findings, and says why, even when quiet', async () => {
      // Prepare
      const { io } = harness(undefined, { env: PUBLISH_ENV });
      const refused = published();
      const [hub] = refused.securityHub;
      if (hub) {
        hub.failed = [
          {
            id: 'f-1',
            code: 'AccessDeniedException',
            message: 'not authorized to BatchUpdateFindings\nRequest id 1',
          },
          { id: 'f-2', code: 'AccessDeniedException', message: 'not authorized, again' },
          { id: 'f-3', code: 'InvalidInput', message: 'bad' },
        ];
      }

      // Act
      const code = await runCli(['scan', '--publish', '--quiet'], {
        ...io,
        publish: async () => refused,
      });

      // Assess: how many, and why, each code once with its first message's first line.
      expect(code).toBe(3);
      expect(io.stderr.text).toContain(
        'Security Hub us-west-2: 3 imported, 1 archived, 3 failed: AccessDeniedException (2): not authorized to BatchUpdateFindings; InvalidInput (1): bad\n',
      );
    });

    it('exits 3 and names the failure when delivery throws', async () => {
      // Prepare
      const { io } = harness(undefined, { env: PUBLISH_ENV });

      // Act
      const code = await runCli(['scan', '--publish'], {
        ...io,
        publish: async () => {
          throw new Error('topic not found');
        },
      });

      // Assess
      expect(code).toBe(3);
      expect(io.stderr.text).toContain('publishing failed: topic not found');
    });

    it('says that Security Hub was left unchanged when delivery throws', async () => {
      // Prepare
      const { io } = harness(undefined, { env: PUBLISH_ENV });

      // Act
      await runCli(['scan', '--publish'], {
        ...io,
        publish: async () => {
          throw new Error('KMS key is disabled');
        },
      });

      // Assess
      expect(io.stderr.text).toContain(
        'Security Hub was not updated: nothing imported or archived',
      );
    });

    it('says nothing of Security Hub when delivery throws and Security Hub is off', async () => {
      // Prepare
      const { io } = harness(undefined, { env: { ...PUBLISH_ENV, SECURITY_HUB_ENABLED: 'false' } });

      // Act
      await runCli(['scan', '--publish'], {
        ...io,
        publish: async () => {
          throw new Error('KMS key is disabled');
        },
      });

      // Assess
      expect(io.stderr.text).toContain('publishing failed: KMS key is disabled');
      expect(io.stderr.text).not.toContain('Security Hub');
    });

    it('publishes nothing without --publish', async () => {
      const { io } = harness(undefined, { env: PUBLISH_ENV });
      const publish = vi.fn(async () => published());

      await runCli(['scan'], { ...io, publish });

      expect(publish).not.toHaveBeenCalled();
    });
  });

  describe('help and version', () => {
    // The help, then where the files it names are: this clone's folder here.
    const SCAN_HELP = `${HELP_TEXT}\nThe files named above (docs/, deploy/, examples/, schema/) are in ${fileURLToPath(new URL('../../../', import.meta.url))}\n`;

    it('prints the help on stdout and exits 0', async () => {
      // Prepare
      const { io, scan } = harness();

      // Act
      const code = await runCli(['--help'], io);

      // Assess
      expect(code).toBe(0);
      expect(io.stdout.text).toBe(SCAN_HELP);
      expect(scan).not.toHaveBeenCalled();
    });

    it.each([
      [['help'], SCAN_HELP],
      [['rules', '--help'], RULES_HELP_TEXT],
      [['help', 'rules'], RULES_HELP_TEXT],
    ])('answers %j with its help on stdout and exit 0', async (argv, text) => {
      // Prepare
      const { io, scan } = harness();

      // Act
      const code = await runCli(argv, io);

      // Assess
      expect(code).toBe(0);
      expect(io.stdout.text).toBe(text);
      expect(io.stderr.text).toBe('');
      expect(scan).not.toHaveBeenCalled();
    });

    it("names every option 'rules' takes in its help", () => {
      // Assess
      for (const option of RULES_OPTIONS) expect(RULES_HELP_TEXT).toContain(`--${option}`);
    });

    it('documents every exit code and the default of --fail-on in the help', () => {
      // Assess
      for (const code of ['0', '1', '2', '3'])
        expect(HELP_TEXT).toMatch(new RegExp(`\\n  ${code}  `));
      expect(HELP_TEXT).toContain('Default: findings never change the exit code.');
      expect(HELP_TEXT).toContain('3 wins over 1');
    });

    it('offers the html format in the help, without calling it unavailable', () => {
      // Assess
      expect(HELP_TEXT).toContain('table, json, csv, html');
      expect(HELP_TEXT).not.toContain('html is not available');
    });

    it('prints the version on stdout and exits 0', async () => {
      // Prepare
      const { io } = harness();

      // Act
      const code = await runCli(['--version'], io);

      // Assess
      expect(code).toBe(0);
      expect(io.stdout.text).toBe(`${SCANNER_VERSION}\n`);
    });
  });
});

describe('Function: runCli, --organization refused', () => {
  it('exits 2 naming Organizations and the limit when ListAccounts does not answer in time', async () => {
    // Prepare: the SDK's request timeout, as the node HTTP handler raises it
    const organizations = mockClient(OrganizationsClient);
    const timeout = Object.assign(
      new Error(
        '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 2000 ms requestTimeout.',
      ),
      { name: 'TimeoutError' },
    );
    organizations.on(ListAccountsCommand).rejects(timeout);
    const { io, scan } = harness();

    // Act
    const code = await runCli(
      ['scan', '--role-name', 'Audit', '--organization', '--request-timeout', '2'],
      io,
    );

    // Assess
    organizations.restore();
    expect(code).toBe(2);
    expect(scan).not.toHaveBeenCalled();
    expect(io.stderr.text).toContain(
      '--organization: AWS Organizations gave ListAccounts no answer within 2 s (--request-timeout). Check that this network reaches the Organizations endpoint',
    );
    expect(io.stderr.text).not.toContain('cannot reach');
    expect(io.stderr.text).not.toContain('--help');
  });

  it('exits 2 and says where --organization has to run when Organizations denies the listing', async () => {
    // Prepare
    const organizations = mockClient(OrganizationsClient);
    organizations.on(ListAccountsCommand).rejects(
      new AccessDeniedException({
        message: "You don't have permissions to access this resource.",
        $metadata: {},
      }),
    );
    const { io, scan } = harness();

    // Act
    const code = await runCli(
      ['scan', '--role-name', 'Audit', '--organization', '--format', 'json'],
      io,
    );

    // Assess
    organizations.restore();
    expect(code).toBe(2);
    expect(scan).not.toHaveBeenCalled();
    expect(io.stderr.text).toContain(
      "--organization: cannot list the organization's accounts (AccessDeniedException): You don't have permissions to access this resource. (run it from the management account or a delegated administrator account)",
    );
    // A permission problem: the command line itself was right.
    expect(io.stderr.text).not.toContain('--help');
  });

  it('exits 2 without pointing at --help when the organisation lists no active account', async () => {
    // Prepare
    const organizations = mockClient(OrganizationsClient);
    organizations
      .on(ListAccountsCommand)
      .resolves({ Accounts: [{ Id: '111122223333', State: 'SUSPENDED' }] });
    const { io, scan } = harness();

    // Act
    const code = await runCli(['scan', '--role-name', 'Audit', '--organization'], io);

    // Assess
    organizations.restore();
    expect(code).toBe(2);
    expect(scan).not.toHaveBeenCalled();
    expect(io.stderr.text).toBe('eks-windows-scanner: --organization: no active account found\n');
  });
});
