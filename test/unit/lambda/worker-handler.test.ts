/**
 * The organisation-wide worker's cold start and invocation: the configuration file (an SSM
 * parameter or an S3 object, as the scanner function reads it) reaches the scan of the item's
 * account and region. The scan itself is tested elsewhere: here `scanAccounts` returns a report.
 */
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import type { WorkerResult } from '../../../src/organization/worker.ts';
import type { ScanOptions } from '../../../src/scan.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import { captureStdStreams, expectEventRefused, jsonWritten } from '../../support/lambda-output.ts';
import { ACCOUNT_ID, makeFinding, makeReport } from '../report/fixtures.ts';

const { scanAccounts } = vi.hoisted(() => ({ scanAccounts: vi.fn() }));
vi.mock('../../../src/scan-accounts.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/scan-accounts.ts')>()),
  scanAccounts,
}));

type Handler = (event: unknown, context: Context) => Promise<WorkerResult>;

const PARAMETER = '/eks-windows-scanner/config';
const FILE = [
  'regions: [eu-west-1]',
  'clusters: [prod, "arn:aws:eks:us-west-2:123456789012:cluster/payments"]',
  'endOfSupportWarningDays: 90',
  'amiExpiryWarningDays: 7',
  'suppressions:',
  '  - rule: ami-outdated',
  `    account: "${ACCOUNT_ID}"`,
  '    reason: Monthly AMI rollout',
].join('\n');
const run = { id: 'nightly-1', scannedAt: '2026-11-25T12:00:00.000Z' };
const item = { accountId: ACCOUNT_ID, region: 'us-west-2', run };

/** An object body as the SDK gives it, for the one method the reader calls. */
function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

describe('Lambda handler: organisation-wide worker', () => {
  const ssm = mockClient(SSMClient);
  const s3 = mockClient(S3Client);
  const hub = mockClient(SecurityHubClient);

  /** The handler as a cold start loads it, with this configuration. */
  async function loadHandler(env: Record<string, string>): Promise<Handler> {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.resetModules();
    return ((await import('../../../src/lambda/worker-handler.ts')) as { handler: Handler })
      .handler;
  }

  /** The options the scan of the item was given. */
  function scanOptions() {
    expect(scanAccounts).toHaveBeenCalledTimes(1);
    return scanAccounts.mock.calls[0]?.[1] as Record<string, unknown>;
  }

  beforeEach(() => {
    for (const mock of [ssm, s3, hub]) mock.reset();
    s3.on(PutObjectCommand).resolves({});
    hub.on(GetFindingsCommand).resolves({ Findings: [] });
    hub.on(BatchImportFindingsCommand).resolves({ SuccessCount: 0, FailedCount: 0 });
    scanAccounts.mockReset();
    scanAccounts.mockResolvedValue(makeReport());
    for (const [name, value] of Object.entries({
      AWS_REGION: 'us-west-2',
      POWERTOOLS_TRACE_ENABLED: 'false',
      REPORT_BUCKET: 'scanner-reports',
      MEMBER_ROLE_NAME: 'EksWindowsScannerAudit',
      SECURITY_HUB_ENABLED: 'true',
      END_OF_SUPPORT_WARNING_DAYS: '180',
      AMI_EXPIRY_WARNING_DAYS: '30',
    })) {
      vi.stubEnv(name, value);
    }
    captureStdStreams();
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("scans the item's account and region with the file's suppressions, warning windows and clusters", async () => {
    // Prepare
    ssm.on(GetParameterCommand, { Name: PARAMETER }).resolves({ Parameter: { Value: FILE } });
    const handler = await loadHandler({ CONFIG_PARAMETER: PARAMETER });

    // Act
    await handler(item, lambdaContext());

    // Assess: the item fixes the region (the file's regions are the planner's); the event of
    // an older state machine carries no clusters, so the file's apply.
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
    expect(scanOptions()).toMatchObject({
      regions: ['us-west-2'],
      clusters: ['prod', 'payments'],
      endOfSupportWarningDays: 90,
      amiExpiryWarningDays: 7,
      suppressionRules: [
        {
          ruleId: 'ami-outdated',
          accountId: ACCOUNT_ID,
          reason: 'Monthly AMI rollout',
          origin: `ssm:${PARAMETER} line 6`,
        },
      ],
    });
    // Security Hub archives only what the scanned clusters no longer produce.
    const filters = hub.commandCalls(GetFindingsCommand)[0]?.args[0].input.Filters;
    expect(filters?.ProductFields?.map((field) => field.Value)).toEqual(['prod', 'payments']);
  });

  it('starts no Security Hub write in the member account once the deadline is near', async () => {
    // Prepare: the scan used up the time; 20 s are left when its findings would be written
    let scanned = false;
    scanAccounts.mockImplementation(async () => {
      scanned = true;
      return makeReport({ findings: [makeFinding()] });
    });
    const handler = await loadHandler({});
    const context = {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => (scanned ? 20_000 : 600_000),
    };

    // Act
    await handler(item, context);

    // Assess
    expect(hub).toHaveReceivedCommandTimes(GetFindingsCommand, 2);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });

  it('refuses a malformed item naming the field in its log and in RefusedEvents, scanning nothing', async () => {
    // Prepare
    const handler = await loadHandler({});

    // Act
    const invocation = handler({ ...item, accountId: '12345' }, lambdaContext());

    // Assess
    await expect(invocation).rejects.toThrow(
      'Invalid event: accountId must be a 12-digit account id',
    );
    expect(scanAccounts).not.toHaveBeenCalled();
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    expectEventRefused('accountId');
  });

  it("refuses an item whose region is in another partition than the function's, scanning nothing", async () => {
    // Prepare: the function runs in us-west-2 (aws); the member role can't be assumed in aws-cn
    const handler = await loadHandler({});

    // Act
    const invocation = handler({ ...item, region: 'cn-north-1' }, lambdaContext());

    // Assess
    await expect(invocation).rejects.toThrow(
      'Invalid event: region cn-north-1 is in the aws-cn partition',
    );
    expect(scanAccounts).not.toHaveBeenCalled();
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    expectEventRefused('region');
  });

  it("counts the member's Security Hub in SecurityHubSyncFailures when it could not be read, and still writes the part", async () => {
    // Prepare
    hub.on(GetFindingsCommand).rejects(new Error('Account is not subscribed to AWS Security Hub'));
    scanAccounts.mockResolvedValue(makeReport({ findings: [makeFinding()] }));
    const written: string[] = [];
    vi.mocked(process.stdout.write).mockImplementation((chunk: string | Uint8Array) => {
      written.push(chunk.toString());
      return true;
    });
    const handler = await loadHandler({});

    // Act
    const result = await handler(item, lambdaContext());

    // Assess
    expect(result.securityHub).toBeNull();
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    const metrics = written
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(metrics).toContainEqual(expect.objectContaining({ SecurityHubSyncFailures: 1 }));
  });

  it('logs each scan error, as the scanner function does: why the member role could not be assumed, say', async () => {
    // Prepare
    const denied = {
      accountId: ACCOUNT_ID,
      region: 'us-west-2',
      operation: 'sts:AssumeRole',
      code: 'AccessDenied',
      message: 'not authorized to perform sts:AssumeRole',
    };
    scanAccounts.mockResolvedValue(makeReport({ errors: [denied], complete: false }));
    const handler = await loadHandler({});

    // Act
    await handler(item, lambdaContext());

    // Assess
    const logged = jsonWritten().filter((entry) => entry.message === 'Scan error');
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'WARN',
        operation: 'sts:AssumeRole',
        code: 'AccessDenied',
        errorMessage: denied.message,
      }),
    ]);
  });

  it("logs the scan's progress at DEBUG, with its account and region", async () => {
    // Prepare: the scan reports a step, as scanAccounts passes the collector's on.
    scanAccounts.mockImplementation(async (_targets, options: ScanOptions) => {
      options.onProgress?.({
        accountId: ACCOUNT_ID,
        region: 'us-west-2',
        message: 'looking up 2 AMIs',
      });
      return makeReport();
    });
    const handler = await loadHandler({ POWERTOOLS_LOG_LEVEL: 'DEBUG' });

    // Act
    await handler(item, lambdaContext());

    // Assess
    expect(jsonWritten().filter((entry) => entry.message === 'Scan progress')).toEqual([
      expect.objectContaining({
        level: 'DEBUG',
        accountId: ACCOUNT_ID,
        region: 'us-west-2',
        step: 'looking up 2 AMIs',
      }),
    ]);
  });

  it('writes no part once the invocation has reached its deadline, though its work runs on', async () => {
    // Prepare: the scan outlived its invocation (its deadline passed while it ran).
    let scanned = false;
    scanAccounts.mockImplementation(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      scanned = true;
      return makeReport({ findings: [makeFinding()] });
    });
    const handler = await loadHandler({ SECURITY_HUB_ENABLED: 'false' });
    const deadline = Date.now() + 40;
    const context = {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => (scanned ? 0 : deadline - Date.now()),
    };

    // Act: the invocation times out; what it left running then finishes.
    const invocation = handler(item, context);
    await expect(invocation).rejects.toMatchObject({ name: 'TimeoutError' });
    await vi.waitFor(() => expect(scanned).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Assess: the part a retry may have written by then is not overwritten.
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 0);
  });

  it('ends a part write S3 leaves waiting when the invocation ends, naming the part', async () => {
    // Prepare: the write answers only its abort signal, as the SDK's does (test/unit/lambda/
    // report-bucket.test.ts). With 600 ms left the signal fires about 40 ms before the end,
    // Lambda's timeout (middy's) 5 ms before it: without the signal the timeout would win.
    const handler = await loadHandler({ SECURITY_HUB_ENABLED: 'false' });
    const { ReportBucket } = await import('../../../src/lambda/report-bucket.ts');
    const write = vi
      .spyOn(ReportBucket.prototype, 'putJson')
      .mockImplementation(
        (_key, _value, options) =>
          new Promise((_resolve, reject) =>
            options?.abortSignal?.addEventListener('abort', () =>
              reject(
                Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }),
              ),
            ),
          ),
      );
    const deadline = Date.now() + 600;
    const context = { ...lambdaContext(), getRemainingTimeInMillis: () => deadline - Date.now() };

    // Act
    const invocation = handler(item, context);

    // Assess
    await expect(invocation).rejects.toMatchObject({
      name: 'InvocationEndedError',
      message: expect.stringMatching(
        /^The invocation reached its deadline before S3 confirmed runs\/.+\/parts\/.+: unless S3 kept it, the run's report lists this account and region as not scanned$/,
      ),
      cause: expect.objectContaining({ name: 'AbortError' }),
    });
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('passes a part write that S3 refuses on as it is, the invocation not ended', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(
      Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }),
    );
    const handler = await loadHandler({ SECURITY_HUB_ENABLED: 'false' });

    // Act and assess
    await expect(handler(item, lambdaContext())).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it("takes the plan's clusters over the file's, an empty list meaning every cluster", async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: FILE } });
    const handler = await loadHandler({ CONFIG_PARAMETER: PARAMETER });

    // Act
    await handler({ ...item, clusters: [] }, lambdaContext());

    // Assess
    expect(scanOptions()).not.toHaveProperty('clusters');
    expect(scanOptions()).toMatchObject({ endOfSupportWarningDays: 90 });
    const filters = hub.commandCalls(GetFindingsCommand)[0]?.args[0].input.Filters;
    expect(filters?.ProductFields).toBeUndefined();
  });

  it("scans for the plan's upgrade target, and for none when the map hands it null", async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: FILE } });
    const handler = await loadHandler({ CONFIG_PARAMETER: PARAMETER });

    // Act
    await handler({ ...item, targetVersion: '1.35' }, lambdaContext());
    const withTarget = scanOptions();
    scanAccounts.mockClear();
    await handler({ ...item, targetVersion: null }, lambdaContext());

    // Assess
    expect(withTarget).toMatchObject({ targetVersion: '1.35' });
    expect(scanOptions()).not.toHaveProperty('targetVersion');
  });

  it('reads the file from the S3 object CONFIG_S3_URI names', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'config-bucket', Key: 'scanner.yaml' }).resolves({
      Body: body('amiExpiryWarningDays: 3\n'),
    });
    const handler = await loadHandler({ CONFIG_S3_URI: 's3://config-bucket/scanner.yaml' });

    // Act
    await handler({ ...item, clusters: ['prod'] }, lambdaContext());

    // Assess
    expect(scanOptions()).toMatchObject({
      regions: ['us-west-2'],
      clusters: ['prod'],
      endOfSupportWarningDays: 180,
      amiExpiryWarningDays: 3,
      suppressionRules: [],
    });
  });

  it('fails the cold start naming the variable and the line of an invalid file', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({
      Parameter: { Value: 'suppressions:\n  - rule: ami-outdated\n' },
    });

    // Act
    const loading = loadHandler({ CONFIG_PARAMETER: PARAMETER });

    // Assess
    await expect(loading).rejects.toThrow(
      `CONFIG_PARAMETER: ssm:${PARAMETER}:2: suppressions[0].reason`,
    );
    expect(scanAccounts).not.toHaveBeenCalled();
  });
});
