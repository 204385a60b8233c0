import { readFileSync } from 'node:fs';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { AuthorizationErrorException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../support/lambda-context.ts';
import 'aws-sdk-client-mock-vitest/extend';
import type { Report } from '../../src/report/types.ts';
import type { ScanOptions } from '../../src/scan.ts';
import { makeFinding, makeReport, sampleFindings } from './report/fixtures.ts';

// The scan itself is tested elsewhere: here it returns a report with findings.
const { runScan } = vi.hoisted(() => ({ runScan: vi.fn() }));
vi.mock('../../src/scan.ts', () => ({ runScan }));

type Handler = (event: unknown, context: Context) => Promise<Report>;

const TOPIC_ARN = 'arn:aws:sns:us-west-2:123456789012:eks-windows-scanner';

describe('Lambda handler', () => {
  const hub = mockClient(SecurityHubClient);
  const sns = mockClient(SNSClient);
  const s3 = mockClient(S3Client);
  let logged: string[];

  /** Every JSON document written so far: log entries and metric documents. */
  function jsonWritten(): Array<Record<string, unknown>> {
    return logged
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** The JSON log entries written so far (metrics in EMF are skipped). */
  function logEntries(): Array<Record<string, unknown>> {
    return jsonWritten().filter((entry) => 'message' in entry);
  }

  /** The metric documents (CloudWatch embedded metric format) written so far. */
  function metricDocuments(): Array<Record<string, unknown>> {
    return jsonWritten().filter((entry) => '_aws' in entry);
  }

  /** The handler as a cold start loads it, with this configuration. */
  async function loadHandler(env: Record<string, string>): Promise<Handler> {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.resetModules();
    return ((await import('../../src/handler.ts')) as { handler: Handler }).handler;
  }

  /** The handler publishing to a topic whose key SNS can't use, with Security Hub on. */
  function handlerWhoseTopicRefuses(policy: 'on-change' | 'always'): Promise<Handler> {
    sns
      .on(PublishCommand)
      .rejects(new AuthorizationErrorException({ message: 'KMS key is disabled', $metadata: {} }));
    return loadHandler({
      SNS_TOPIC_ARN: TOPIC_ARN,
      SECURITY_HUB_ENABLED: 'true',
      NOTIFY_POLICY: policy,
    });
  }

  beforeEach(() => {
    hub.reset();
    sns.reset();
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    runScan.mockReset();
    runScan.mockResolvedValue(makeReport({ findings: sampleFindings() }));
    hub.on(GetFindingsCommand).resolves({ Findings: [] });
    hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({
      SuccessCount: input.Findings?.length ?? 0,
      FailedCount: 0,
      FailedFindings: [],
    }));
    sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
    vi.stubEnv('AWS_REGION', 'us-west-2');
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    // Logs and metrics go to stdout, warnings and errors to stderr, as in Lambda.
    logged = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        logged.push(chunk.toString());
        return true;
      });
    }
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('fails the cold start with a message naming the variable of an invalid configuration', async () => {
    // Act
    const load = loadHandler({ NOTIFY_MINIMUM_SEVERITY: 'urgent' });

    // Assess
    await expect(load).rejects.toThrow(/^NOTIFY_MINIMUM_SEVERITY: "urgent"/);
  });

  it('refuses a malformed event by the field at fault, scanning and publishing nothing', async () => {
    // Prepare
    const handler = await loadHandler({ SNS_TOPIC_ARN: TOPIC_ARN, SECURITY_HUB_ENABLED: 'true' });

    // Act
    const invocation = handler(
      { action: 'audit', regions: 'us-west-2', publish: true },
      lambdaContext(),
    );

    // Assess
    await expect(invocation).rejects.toThrow('Invalid event: regions must be an array');
    expect(logEntries()).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Event refused: nothing scanned or published',
        field: 'regions',
        errorMessage: expect.stringContaining('regions must be an array'),
      }),
    );
    expect(runScan).not.toHaveBeenCalled();
    expect(hub).not.toHaveReceivedAnyCommand();
    expect(sns).not.toHaveReceivedAnyCommand();
    // Counted as a metric of its own, so no "No application metrics to publish" warning.
    expect(metricDocuments()).toContainEqual(expect.objectContaining({ RefusedEvents: 1 }));
    expect(logEntries().map((entry) => entry.message)).not.toContainEqual(
      expect.stringContaining('No application metrics'),
    );
  });

  it('logs a refused field cut short, as the error shows it', async () => {
    // Prepare
    const handler = await loadHandler({ SNS_TOPIC_ARN: TOPIC_ARN, SECURITY_HUB_ENABLED: 'true' });

    // Act
    const invocation = handler({ action: 'audit', ['x'.repeat(100_000)]: 1 }, lambdaContext());

    // Assess
    await expect(invocation).rejects.toThrow(`Invalid event: ${'x'.repeat(60)}… is not a field`);
    const refused = logEntries().find((entry) => String(entry.message).startsWith('Event refused'));
    expect(refused?.field).toBe(`${'x'.repeat(60)}…`);
    expect(runScan).not.toHaveBeenCalled();
  });

  it.each([
    [
      'a Scheduled Event that carries an audit',
      { 'detail-type': 'Scheduled Event', action: 'audit', publish: false },
      'Invalid event: action is a field of an audit',
    ],
    [
      'an audit of a region the SDK does not know',
      { action: 'audit', regions: ['xx-fake-9'], publish: true },
      'Invalid event: regions is refused: "xx-fake-9"',
    ],
    [
      "an audit of a region in another partition than the function's",
      { action: 'audit', regions: ['cn-north-1'], publish: true },
      'Invalid event: regions cn-north-1 is in the aws-cn partition',
    ],
    [
      'an audit of an empty list of clusters',
      { action: 'audit', clusters: [' '], publish: true },
      'Invalid event: clusters must name at least one cluster',
    ],
  ])('refuses %s, scanning and publishing nothing', async (_, event, message) => {
    // Prepare
    const handler = await loadHandler({ SNS_TOPIC_ARN: TOPIC_ARN, SECURITY_HUB_ENABLED: 'true' });

    // Act
    const invocation = handler(event, lambdaContext());

    // Assess
    await expect(invocation).rejects.toThrow(message);
    expect(runScan).not.toHaveBeenCalled();
    expect(hub).not.toHaveReceivedAnyCommand();
    expect(sns).not.toHaveReceivedAnyCommand();
  });

  it('scans a region and a cluster an audit names twice once', async () => {
    // Prepare
    const handler = await loadHandler({});

    // Act
    await handler(
      { action: 'audit', regions: ['us-west-2', 'us-west-2 '], clusters: ['prod', 'prod'] },
      lambdaContext(),
    );

    // Assess
    expect(runScan).toHaveBeenCalledWith(
      expect.objectContaining({ regions: ['us-west-2'], clusters: ['prod'] }),
    );
  });

  it("scans as the function's own account, asking STS in no region an audit names (one not enabled fails alone)", async () => {
    // Prepare
    const handler = await loadHandler({});

    // Act
    await handler(
      { action: 'audit', regions: ['ap-east-1', 'us-west-2'] },
      lambdaContext('us-west-2', '111122223333'),
    );

    // Assess
    expect(runScan).toHaveBeenCalledWith(
      expect.objectContaining({ regions: ['ap-east-1', 'us-west-2'], accountId: '111122223333' }),
    );
  });

  it('passes the target version of an audit to the scan, and a scheduled scan none', async () => {
    // Prepare
    const handler = await loadHandler({});

    // Act
    await handler({ action: 'audit', targetVersion: '1.36' }, lambdaContext());
    await handler(
      JSON.parse(readFileSync(new URL('../../events/scheduled.json', import.meta.url), 'utf8')),
      lambdaContext(),
    );

    // Assess
    expect(runScan).toHaveBeenNthCalledWith(1, expect.objectContaining({ targetVersion: '1.36' }));
    expect(runScan.mock.calls[1]?.[0]).not.toHaveProperty('targetVersion');
  });

  it('logs each scan error with its message, which Powertools would drop as a reserved key', async () => {
    // Prepare
    runScan.mockResolvedValue(
      makeReport({
        errors: [
          {
            accountId: '123456789012',
            region: 'us-west-2',
            cluster: 'prod',
            operation: 'DescribeNodegroup',
            code: 'AccessDeniedException',
            message: 'User is not authorized to perform eks:DescribeNodegroup',
          },
        ],
      }),
    );
    const handler = await loadHandler({});

    // Act
    await handler({ action: 'audit' }, lambdaContext());

    // Assess
    const entries = logEntries();
    expect(entries.find((entry) => entry.message === 'Scan error')).toMatchObject({
      level: 'WARN',
      cluster: 'prod',
      operation: 'DescribeNodegroup',
      code: 'AccessDeniedException',
      errorMessage: 'User is not authorized to perform eks:DescribeNodegroup',
    });
    expect(entries.map((entry) => entry.message)).not.toContainEqual(
      expect.stringContaining('reserved key'),
    );
  });

  it.each([
    ['DEBUG', ['Scan progress', 'Scan progress']],
    ['INFO', []],
  ])('logs the scan progress at DEBUG only (POWERTOOLS_LOG_LEVEL=%s)', async (level, expected) => {
    // Prepare: the scan reports two steps, as the collector does.
    runScan.mockImplementation(async (options: ScanOptions) => {
      options.onProgress?.({ region: 'us-west-2', message: 'looking up 3 AMIs' });
      options.onProgress?.({ region: 'us-west-2', message: 'prod done', done: 1, total: 1 });
      return makeReport({ findings: sampleFindings() });
    });
    const handler = await loadHandler({ POWERTOOLS_LOG_LEVEL: level });

    // Act
    await handler({ action: 'audit' }, lambdaContext());

    // Assess
    const progress = logEntries().filter((entry) => entry.message === 'Scan progress');
    expect(progress.map((entry) => entry.message)).toEqual(expected);
    if (level === 'DEBUG') {
      expect(progress[1]).toMatchObject({
        level: 'DEBUG',
        region: 'us-west-2',
        step: 'prod done',
        done: 1,
        total: 1,
      });
    }
    expect(logEntries().map((entry) => entry.message)).not.toContainEqual(
      expect.stringContaining('reserved key'),
    );
  });

  it('leaves Security Hub unchanged when the notification fails, says a retry will notify, and fails the invocation', async () => {
    // Prepare
    const handler = await handlerWhoseTopicRefuses('on-change');

    // Act
    const invocation = handler({ 'detail-type': 'Scheduled Event' }, lambdaContext());

    // Assess
    await expect(invocation).rejects.toThrow('KMS key is disabled');
    expect(hub).toHaveReceivedCommand(GetFindingsCommand);
    expect(hub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
    const failure = logEntries().find((entry) => entry.level === 'ERROR');
    expect(failure).toMatchObject({
      message: 'Publishing failed: no notification was sent and Security Hub was not updated',
      securityHub: [],
      consequence: expect.stringContaining('a retry sees the same findings as new or resolved'),
      error: expect.objectContaining({ name: 'NotificationPublishError' }),
    });
    expect(logged.join('')).toContain('"NotificationsSent"');
  });

  it('returns the report of an audit whose publishing failed, with a warning that says so, as the report is what the caller asked for', async () => {
    // Prepare
    const handler = await handlerWhoseTopicRefuses('always');

    // Act
    const report = await handler({ action: 'audit', publish: true }, lambdaContext());

    // Assess: the whole report, valid against its schema, and nothing written to Security Hub
    expect(report.findings).toHaveLength(sampleFindings().length);
    expect(report.warnings).toEqual([
      {
        code: 'publish-failed',
        message: `Publishing failed (NotificationPublishError: Could not publish the notification to ${TOPIC_ARN}: AuthorizationErrorException: KMS key is disabled): no notification was sent and Security Hub was not updated. Invoke the audit again to publish.`,
      },
    ]);
    const ajv = new Ajv2020.default({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const schema = JSON.parse(
      readFileSync(new URL('../../src/report/report.schema.json', import.meta.url), 'utf8'),
    );
    expect(ajv.validate(schema, report), ajv.errorsText(ajv.errors)).toBe(true);
    expect(hub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
    expect(logEntries().find((entry) => entry.level === 'ERROR')).toMatchObject({
      message: 'Publishing failed: no notification was sent and Security Hub was not updated',
      consequence: expect.stringContaining('publish-failed warning'),
    });
    expect(metricDocuments()).toContainEqual(expect.objectContaining({ NotificationsSent: 0 }));
  });

  it.each([
    [
      'refused its findings',
      () =>
        hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({
          SuccessCount: 0,
          FailedCount: input.Findings?.length ?? 0,
          FailedFindings: (input.Findings ?? []).map(({ Id }) => ({
            Id,
            ErrorCode: 'AccessDeniedException',
            ErrorMessage: 'not authorized to perform securityhub:BatchImportFindings',
          })),
        })),
      `us-west-2: AccessDeniedException (${sampleFindings().length}): not authorized to perform securityhub:BatchImportFindings`,
    ],
    [
      'could not be read',
      () => hub.on(GetFindingsCommand).rejects(new Error('Account is not subscribed')),
      "us-west-2: not updated (the function's log says why)",
    ],
  ])(
    'returns an audit whose Security Hub %s with a warning that says where and why',
    async (_, refuse, said) => {
      // Prepare
      refuse();
      const handler = await loadHandler({ SNS_TOPIC_ARN: TOPIC_ARN, SECURITY_HUB_ENABLED: 'true' });

      // Act
      const report = await handler({ action: 'audit', publish: true }, lambdaContext());

      // Assess
      expect(report.findings).toHaveLength(sampleFindings().length);
      expect(report.warnings).toEqual([
        {
          code: 'publish-incomplete',
          message: `Security Hub was updated only in part (${said}); the notification was sent. Invoke the audit again to publish what is missing.`,
        },
      ]);
    },
  );

  it('refuses an audit naming a cluster no region scanned holds, with the close name, publishing nothing', async () => {
    // Prepare: us-west-2 answers "not found" for prdo and holds prod and staging.
    runScan.mockResolvedValue(
      makeReport({
        clusters: [],
        errors: [
          {
            accountId: '123456789012',
            region: 'us-west-2',
            cluster: 'prdo',
            operation: 'DescribeCluster',
            code: 'ResourceNotFoundException',
            message: 'No cluster found for name: prdo.',
          },
        ],
        complete: false,
      }),
    );
    const eks = mockClient(EKSClient);
    eks.on(ListClustersCommand).resolves({ clusters: ['staging', 'prod'] });
    const handler = await loadHandler({ SNS_TOPIC_ARN: TOPIC_ARN, SECURITY_HUB_ENABLED: 'true' });

    // Act
    const invocation = handler(
      { action: 'audit', clusters: ['prdo'], publish: true },
      lambdaContext(),
    );

    // Assess
    await expect(invocation).rejects.toThrow(
      "Invalid event: clusters 'prdo': not found in region us-west-2; clusters there: prod, staging (did you mean prod?). Nothing was published.",
    );
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(hub).not.toHaveReceivedAnyCommand();
    expect(metricDocuments()).toContainEqual(expect.objectContaining({ RefusedEvents: 1 }));
    eks.restore();
  });

  it('scans an audit naming a cluster that one region holds, though another has none of that name', async () => {
    // Prepare
    runScan.mockResolvedValue(
      makeReport(
        {
          region: 'us-west-2',
          clusters: [],
          errors: [
            {
              accountId: '123456789012',
              region: 'us-west-2',
              cluster: 'prod',
              operation: 'DescribeCluster',
              code: 'ResourceNotFoundException',
              message: 'No cluster found for name: prod.',
            },
          ],
        },
        { region: 'eu-west-1', clusters: ['prod'] },
      ),
    );
    const handler = await loadHandler({});

    // Act
    const report = await handler(
      { action: 'audit', regions: ['us-west-2', 'eu-west-1'], clusters: ['prod'] },
      lambdaContext(),
    );

    // Assess
    expect(report.scope.regions).toEqual(['us-west-2', 'eu-west-1']);
  });

  it('adds no warning to an audit that Security Hub took whole', async () => {
    // Prepare
    const handler = await loadHandler({ SNS_TOPIC_ARN: TOPIC_ARN, SECURITY_HUB_ENABLED: 'true' });

    // Act
    const report = await handler({ action: 'audit', publish: true }, lambdaContext());

    // Assess
    expect(hub).toHaveReceivedCommand(BatchImportFindingsCommand);
    expect(report.warnings).toBeUndefined();
  });

  it.each([
    ['the scheduled scan counts', { 'detail-type': 'Scheduled Event' }, true],
    ['an audit leaves out', { action: 'audit', targetVersion: '1.36' }, false],
  ])('%s the findings in Findings and FindingsByRule', async (_, event, counted) => {
    // Prepare
    runScan.mockResolvedValue(makeReport({ findings: sampleFindings() }));
    const handler = await loadHandler({});

    // Act
    await handler(event, lambdaContext());

    // Assess: the scan's own metrics either way; the findings only for the configured scope.
    const documents = metricDocuments();
    expect(documents.some((entry) => 'ScanDuration' in entry)).toBe(true);
    expect(documents.some((entry) => 'Findings' in entry)).toBe(counted);
    expect(documents.some((entry) => 'FindingsByRule' in entry)).toBe(counted);
  });

  it('counts a Security Hub it could not read in SecurityHubSyncFailures, as it writes nothing there', async () => {
    // Prepare
    hub.on(GetFindingsCommand).rejects(new Error('Account is not subscribed to AWS Security Hub'));
    const handler = await loadHandler({ SNS_TOPIC_ARN: TOPIC_ARN, SECURITY_HUB_ENABLED: 'true' });

    // Act
    await handler({ 'detail-type': 'Scheduled Event' }, lambdaContext());

    // Assess: the notification went out; the hub's findings are in no import failure.
    expect(hub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
    const metrics = metricDocuments().find((entry) => 'SecurityHubSyncFailures' in entry);
    expect(metrics).toMatchObject({
      SecurityHubSyncFailures: 1,
      SecurityHubImportFailures: 0,
      NotificationsSent: 1,
    });
  });

  it('notifies on the retry of an invocation whose notification failed, then updates Security Hub', async () => {
    // Prepare
    sns
      .on(PublishCommand)
      .rejectsOnce(
        new AuthorizationErrorException({ message: 'KMS key is disabled', $metadata: {} }),
      )
      .resolves({ MessageId: 'message-2' });
    const handler = await loadHandler({
      SNS_TOPIC_ARN: TOPIC_ARN,
      SECURITY_HUB_ENABLED: 'true',
      NOTIFY_POLICY: 'on-change',
    });
    // Security Hub as a store: the retry reads what earlier imports left.
    const held = new Map<string, AwsSecurityFinding>();
    hub.on(GetFindingsCommand).callsFake(() => ({ Findings: [...held.values()] }));
    hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
      for (const finding of input.Findings ?? []) held.set(finding.Id ?? '', finding);
      return { SuccessCount: input.Findings?.length ?? 0, FailedCount: 0, FailedFindings: [] };
    });
    const event = { 'detail-type': 'Scheduled Event' };
    await expect(handler(event, lambdaContext())).rejects.toThrow('KMS key is disabled');

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(held.size).toBe(sampleFindings().length);
    expect(logEntries().find((entry) => entry.message === 'Published')).toMatchObject({
      notification: { sent: true, messageId: 'message-2' },
      securityHub: [{ region: 'us-west-2', imported: sampleFindings().length, failed: 0 }],
    });
  });

  it('warns that nothing was published when an audit asks to publish and no destination is configured', async () => {
    // Prepare: no SNS_TOPIC_ARN, Security Hub off.
    const handler = await loadHandler({});

    // Act
    const response = await handler({ action: 'audit', publish: true }, lambdaContext());

    // Assess: the report still comes back; the log says, as a warning, that nothing went out.
    expect(response).toMatchObject({ findings: sampleFindings() });
    expect(logEntries()).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'Nothing published: no SNS topic is configured and Security Hub is off',
      }),
    );
    expect(logEntries().find((entry) => entry.message === 'Published')).toBeUndefined();
  });

  it('publishes nothing once the invocation has reached its deadline, though its scan runs on', async () => {
    // Prepare: the scan outlives its invocation.
    const handler = await loadHandler({ SNS_TOPIC_ARN: TOPIC_ARN, SECURITY_HUB_ENABLED: 'true' });
    let scanned = false;
    runScan.mockImplementation(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      scanned = true;
      return makeReport({ findings: sampleFindings() });
    });
    const deadline = Date.now() + 40;
    const context = {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => (scanned ? 0 : deadline - Date.now()),
    };

    // Act: the invocation times out; what it left running then finishes.
    const invocation = handler({ 'detail-type': 'Scheduled Event' }, context);
    await expect(invocation).rejects.toMatchObject({ name: 'TimeoutError' });
    await vi.waitFor(() => expect(scanned).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Assess: no message goes out inside whatever invocation runs next.
    expect(sns).not.toHaveReceivedAnyCommand();
    expect(hub).not.toHaveReceivedAnyCommand();
  });

  it('starts no Security Hub write once the deadline is near, and still returns: the next run writes them', async () => {
    // Prepare: the scan used up the time; 20 s are left when publishing starts
    const handler = await loadHandler({ SNS_TOPIC_ARN: TOPIC_ARN, SECURITY_HUB_ENABLED: 'true' });
    let scanned = false;
    runScan.mockImplementation(async () => {
      scanned = true;
      return makeReport({ findings: sampleFindings() });
    });
    const context = {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => (scanned ? 20_000 : 600_000),
    };

    // Act
    await handler({ 'detail-type': 'Scheduled Event' }, context);

    // Assess: the message went out; no write was started, and the log says why
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
    expect(logEntries().find((entry) => entry.message === 'Published')).toMatchObject({
      securityHub: [{ region: 'us-west-2', imported: 0, failed: sampleFindings().length }],
    });
    expect(logEntries()).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'Security Hub writes not made by the deadline: the next run makes them',
        region: 'us-west-2',
        findings: sampleFindings().length,
      }),
    );
    expect(logEntries().map((entry) => entry.message)).not.toContain(
      'Security Hub refused a finding',
    );
  });

  describe('given an audit whose report is larger than a Lambda response may be', () => {
    /** About 7 MB of findings: over the 6 MB limit. */
    function largeReport(): Report {
      const findings = Array.from({ length: 12_000 }, (_, index) =>
        makeFinding({ resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${index}`, name: 'win' } }),
      );
      return makeReport({ findings });
    }

    it('writes the report to the bucket and returns its summary and location', async () => {
      // Prepare
      const report = largeReport();
      runScan.mockResolvedValue(report);
      const handler = await loadHandler({ REPORT_BUCKET: 'scanner-reports' });

      // Act
      const response = (await handler({ action: 'audit' }, lambdaContext())) as unknown as Record<
        string,
        unknown
      >;

      // Assess
      const key = `audits/2026-11-25T12-00-00Z_${lambdaContext().awsRequestId}.json`;
      expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
        Bucket: 'scanner-reports',
        Key: key,
      });
      expect(response.findings).toBeUndefined();
      expect(response.summary).toEqual(report.summary);
      expect(response.reportLocation).toMatchObject({ s3Uri: `s3://scanner-reports/${key}` });
      expect(JSON.stringify(response).length).toBeLessThan(10_000);
      expect(
        logEntries().find((entry) => entry.message === 'Audit report too large to return'),
      ).toMatchObject({
        level: 'WARN',
        reportLocation: `s3://scanner-reports/${key}`,
        reason: expect.stringContaining(`written to s3://scanner-reports/${key}`),
      });
      expect(logEntries().some((entry) => /reserved key/.test(String(entry.message)))).toBe(false);
    });

    it('returns the summary and says why without a bucket', async () => {
      // Prepare
      runScan.mockResolvedValue(largeReport());
      const handler = await loadHandler({});

      // Act
      const response = (await handler({ action: 'audit' }, lambdaContext())) as unknown as Record<
        string,
        unknown
      >;

      // Assess
      expect(s3).not.toHaveReceivedAnyCommand();
      expect(response.findings).toBeUndefined();
      expect(response.reportTooLarge).toMatchObject({
        message: expect.stringContaining('no report bucket is configured'),
      });
    });

    it('writes the report of a scheduled scan to the bucket too, as Lambda would fail its response', async () => {
      // Prepare
      const report = largeReport();
      runScan.mockResolvedValue(report);
      const handler = await loadHandler({ REPORT_BUCKET: 'scanner-reports' });

      // Act
      const response = (await handler(
        { 'detail-type': 'Scheduled Event' },
        lambdaContext(),
      )) as unknown as Record<string, unknown>;

      // Assess
      const key = `audits/2026-11-25T12-00-00Z_${lambdaContext().awsRequestId}.json`;
      expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
        Bucket: 'scanner-reports',
        Key: key,
      });
      expect(response.findings).toBeUndefined();
      expect(response.summary).toEqual(report.summary);
      expect(JSON.stringify(response).length).toBeLessThan(10_000);
      expect(
        logEntries().find((entry) => entry.message === 'Scheduled scan report too large to return'),
      ).toMatchObject({ level: 'WARN', reportLocation: `s3://scanner-reports/${key}` });
    });

    it('links the report it wrote to the bucket in the message it publishes, writing it first', async () => {
      // Prepare
      runScan.mockResolvedValue(largeReport());
      const order: string[] = [];
      s3.on(PutObjectCommand).callsFake(() => {
        order.push('PutObject');
        return {};
      });
      sns.on(PublishCommand).callsFake(() => {
        order.push('Publish');
        return { MessageId: 'message-1' };
      });
      const handler = await loadHandler({
        REPORT_BUCKET: 'scanner-reports',
        SNS_TOPIC_ARN: TOPIC_ARN,
      });

      // Act
      await handler({ 'detail-type': 'Scheduled Event' }, lambdaContext());

      // Assess
      const key = `audits/2026-11-25T12-00-00Z_${lambdaContext().awsRequestId}.json`;
      expect(order).toEqual(['PutObject', 'Publish']);
      const sent = sns.commandCalls(PublishCommand)[0]?.args[0].input;
      const messages = JSON.parse(sent?.Message ?? '{}') as Record<string, string>;
      expect(messages.email).toContain(`Full report (JSON): s3://scanner-reports/${key}`);
      expect(messages.default).toContain(`Full report (JSON): s3://scanner-reports/${key}`);
    });

    it('says, for a scheduled scan without a bucket, where its findings went, not to narrow an audit', async () => {
      // Prepare
      runScan.mockResolvedValue(largeReport());
      const handler = await loadHandler({});

      // Act
      const response = (await handler(
        { 'detail-type': 'Scheduled Event' },
        lambdaContext(),
      )) as unknown as { reportTooLarge: { message: string } };

      // Assess
      expect(response.reportTooLarge.message).toMatch(
        /no report bucket is configured \(deploy with CreateReportBucket=true to keep it\).*findings went only where the function publishes them \(its SNS topic and Security Hub, when configured\)/,
      );
      expect(response.reportTooLarge.message).not.toContain('narrow the audit');
    });

    it('returns the whole report of a scheduled scan that fits a response', async () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });
      runScan.mockResolvedValue(report);
      const handler = await loadHandler({ REPORT_BUCKET: 'scanner-reports' });

      // Act
      const response = await handler({ 'detail-type': 'Scheduled Event' }, lambdaContext());

      // Assess
      expect(response).toBe(report);
      expect(s3).not.toHaveReceivedAnyCommand();
    });
  });
});
