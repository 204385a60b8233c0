/**
 * The fault matrix: the whole scan (runScan, then publishReport or the Lambda handler) with
 * the real SDK clients, through a fault-injecting proxy (test/support/fault-proxy.ts) in front
 * of one emulator. One test per row, named as docs/reliability.md names it. Every row asserts
 * that the scan finished (the request timeout is 2 s; the test's own timeout is generous),
 * that lost scope is in `errors` with `complete: false`, that nothing unseen is reported
 * compliant, and that nothing is archived in Security Hub after an incomplete scan.
 *
 * The estate, re-seeded after a reset before every row (moto's own AMI list, which a reset
 * keeps): cluster `prod` with a stand-alone Windows node that Systems Manager reports as
 * Windows Server 1909 (its AMI name says nothing of its release), cluster `dev` with a
 * Windows Server 2022 managed node group, an SNS topic, and in Security Hub one active finding
 * of ours that no scan of this estate produces (`stale`): a complete scan archives it.
 */

import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  EnableSecurityHubCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPublishClients } from '../../src/publish/clients.ts';
import { publishReport } from '../../src/publish/index.ts';
import { toAsff } from '../../src/publish/security-hub/index.ts';
import type { PublishResult } from '../../src/publish/types.ts';
import type { Report } from '../../src/report/types.ts';
import { runScan } from '../../src/scan.ts';
import { runScanProcess } from '../support/cli-process.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { type FaultProxy, type FaultRule, startFaultProxy } from '../support/fault-proxy.ts';
import { lambdaContext } from '../support/lambda-context.ts';
import { ACCOUNT_ID, makeFinding } from '../unit/publish/security-hub/fixtures.ts';

const REGION = 'us-west-2';
const NOW = new Date('2026-11-25T12:00:00.000Z');
/** Windows Server 2016 in moto's own list: its name is no EKS AMI's, so it tells no release. */
const WINDOWS_AMI = 'ami-b7e93bce';
/** The scanner's request timeout in every row: what a call that never answers costs. */
const REQUEST_TIMEOUT_MS = 2_000;
/** A row's own bound: generous (two cores, other test files running, SDK back-off). */
const ROW_TIMEOUT_MS = 240_000;
const CLIENT_CONFIG = {
  region: REGION,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
};

let emulator: Emulator;
let proxy: FaultProxy;
/** The Windows Server 1909 node's instance id. */
let node1909: string;
let topicArn: string;
const savedEnv: Record<string, string | undefined> = {};
/** Ours in Security Hub before every row, produced by no scan of the estate. */
const stale = makeFinding({
  region: REGION,
  cluster: 'prod',
  resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0000000000000dead', name: 'deleted' },
});

/** Clients straight to the emulator (seeding and checking), never through the proxy. */
function direct() {
  const config = { ...CLIENT_CONFIG, endpoint: emulator.endpoint };
  return {
    eks: new EKSClient(config),
    ec2: new EC2Client(config),
    sns: new SNSClient(config),
    securityHub: new SecurityHubClient(config),
  };
}

async function resetAndSeed(): Promise<void> {
  const reset = await fetch(`${emulator.endpoint}/moto-api/reset`, { method: 'POST' });
  expect(reset.ok).toBe(true);
  const { eks, ec2, sns, securityHub } = direct();
  for (const name of ['prod', 'dev']) {
    await eks.send(
      new CreateClusterCommand({
        name,
        version: '1.31',
        roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eks`,
        resourcesVpcConfig: { subnetIds: ['subnet-1'] },
        kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16' },
      }),
    );
  }
  await eks.send(
    new CreateNodegroupCommand({
      clusterName: 'dev',
      nodegroupName: 'dev-win',
      nodeRole: `arn:aws:iam::${ACCOUNT_ID}:role/node`,
      subnets: ['subnet-1'],
      amiType: 'WINDOWS_CORE_2022_x86_64',
      version: '1.31',
      releaseVersion: '1.31-2026.11.11',
    }),
  );
  const bootstrap = Buffer.from(
    '<powershell>& $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod</powershell>',
  ).toString('base64');
  const { Instances = [] } = await ec2.send(
    new RunInstancesCommand({
      MinCount: 1,
      MaxCount: 1,
      ImageId: WINDOWS_AMI,
      UserData: bootstrap,
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: [
            { Key: 'kubernetes.io/cluster/prod', Value: 'owned' },
            // The launcher's Systems Manager reports this build: Windows Server 1909.
            { Key: 'emulator:ssm-platform-version', Value: '10.0.18363' },
          ],
        },
      ],
    }),
  );
  node1909 = Instances[0]?.InstanceId ?? '';
  topicArn =
    (await sns.send(new CreateTopicCommand({ Name: 'eks-windows-scanner' }))).TopicArn ?? '';
  await securityHub.send(new EnableSecurityHubCommand({}));
  await securityHub.send(
    new BatchImportFindingsCommand({
      Findings: [
        toAsff(stale, { now: new Date('2026-11-01T00:00:00.000Z'), scannerVersion: '1.0.0' }),
      ],
    }),
  );
  for (const client of [eks, ec2, sns, securityHub]) client.destroy();
}

/** What Security Hub holds, by Id, read straight from the emulator. */
async function held(): Promise<Map<string, AwsSecurityFinding>> {
  const { securityHub } = direct();
  const { Findings = [] } = await securityHub.send(new GetFindingsCommand({ MaxResults: 100 }));
  securityHub.destroy();
  return new Map(Findings.map((finding) => [finding.Id ?? '', finding]));
}

interface RowOutcome {
  report: Report;
  published?: PublishResult;
  publishError?: unknown;
}

/** The scan with the scanner's own clients through the proxy, then its publishing. */
async function scanAndPublish(rules: FaultRule[], clusters?: string[]): Promise<RowOutcome> {
  proxy.setRules(rules);
  const report = await runScan({
    regions: [REGION],
    now: NOW,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    ...(clusters === undefined ? {} : { clusters }),
  });
  try {
    const published = await publishReport({
      report,
      config: {
        securityHub: true,
        snsTopicArn: topicArn,
        notifyMinimumSeverity: 'MEDIUM',
        notifyPolicy: 'always',
      },
      clients: createPublishClients(),
      now: NOW,
    });
    return { report, published };
  } catch (publishError) {
    return { report, publishError };
  }
}

function rulesOf(report: Report, resourceId: string): string[] {
  return report.findings
    .filter((finding) => finding.resource.id === resourceId)
    .map((finding) => finding.ruleId)
    .sort();
}

/** Lost scope is an error, the scan is incomplete, nothing was archived. */
async function expectIncomplete(outcome: RowOutcome, operation: string, code?: string | RegExp) {
  expect(outcome.report.complete).toBe(false);
  expect(outcome.report.errors).toContainEqual(
    expect.objectContaining({
      operation,
      ...(code === undefined
        ? {}
        : { code: typeof code === 'string' ? code : expect.stringMatching(code) }),
    }),
  );
  for (const result of outcome.published?.securityHub ?? []) {
    expect(result).toMatchObject({ archivingDone: false, archived: 0, resolvedFindingIds: [] });
  }
  expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
}

/** The 1909 node is not passed off as known-good: its release is unknown, and the scan says it is incomplete. */
function expectNodeNotVouchedFor(report: Report) {
  expect(report.complete).toBe(false);
  expect(rulesOf(report, node1909)).toContain('windows-version-unknown');
}

beforeAll(async () => {
  emulator = await startEmulator({ amis: false, startTimeoutMs: 60_000 });
  proxy = await startFaultProxy(emulator.endpoint);
  const env = {
    AWS_ENDPOINT_URL: proxy.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: REGION,
  };
  for (const [name, value] of Object.entries(env)) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}, 120_000);

afterAll(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await proxy?.stop();
  await emulator?.stop();
});

beforeEach(async () => {
  proxy.setRules([]);
  await resetAndSeed();
}, 120_000);

describe('Fault matrix: collection', () => {
  it(
    'row C0, no fault (control): complete, the 1909 node CRITICAL, the stale finding archived',
    async () => {
      const outcome = await scanAndPublish([]);

      expect(outcome.report.errors).toEqual([]);
      expect(outcome.report.complete).toBe(true);
      expect(outcome.report.summary.clusters).toBe(2);
      expect(rulesOf(outcome.report, node1909)).toContain('windows-server-end-of-support');
      expect(outcome.published?.notification.sent).toBe(true);
      expect(outcome.published?.securityHub).toEqual([
        expect.objectContaining({
          archivingDone: true,
          archived: 1,
          resolvedFindingIds: [stale.id],
          failed: [],
        }),
      ]);
      expect((await held()).get(stale.id)?.RecordState).toBe('ARCHIVED');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C1, SSM DescribeInstanceInformation AccessDenied: an error, the 1909 node not passed as known',
    async () => {
      const outcome = await scanAndPublish([
        {
          service: 'ssm',
          operation: 'DescribeInstanceInformation',
          action: { kind: 'access-denied' },
        },
      ]);

      await expectIncomplete(outcome, 'DescribeInstanceInformation', 'AccessDeniedException');
      expectNodeNotVouchedFor(outcome.report);
      // The notification says the scan is incomplete.
      expect(outcome.published?.notification).toMatchObject({
        sent: true,
        reason: expect.stringContaining('incomplete'),
      });
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C2, SSM DescribeInstanceInformation throttled on every attempt: retried, then an error',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'ssm', operation: 'DescribeInstanceInformation', action: { kind: 'throttle' } },
      ]);

      await expectIncomplete(outcome, 'DescribeInstanceInformation', 'ThrottlingException');
      expectNodeNotVouchedFor(outcome.report);
      // The SDK's adaptive retries: 8 attempts per call.
      const attempts = proxy
        .calls()
        .filter((call) => call.operation === 'DescribeInstanceInformation');
      expect(attempts.length).toBeGreaterThanOrEqual(8);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C3, SSM connection reset on every call: an error, the 1909 node not passed as known',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'ssm', operation: 'DescribeInstanceInformation', action: { kind: 'reset' } },
      ]);

      await expectIncomplete(outcome, 'DescribeInstanceInformation');
      expectNodeNotVouchedFor(outcome.report);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C4, SSM never answers: given up after the request timeout, an error',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'ssm', operation: 'DescribeInstanceInformation', action: { kind: 'hang' } },
      ]);

      await expectIncomplete(outcome, 'DescribeInstanceInformation', 'TimeoutError');
      expectNodeNotVouchedFor(outcome.report);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C5, SSM answers "unknown operation" (not available here): silent, complete, release from the AMI',
    async () => {
      const outcome = await scanAndPublish([
        {
          service: 'ssm',
          operation: 'DescribeInstanceInformation',
          action: { kind: 'error', status: 400, code: 'UnknownOperationException' },
        },
      ]);

      expect(outcome.report.errors).toEqual([]);
      expect(outcome.report.complete).toBe(true);
      expect(rulesOf(outcome.report, node1909)).toContain('windows-version-unknown');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C6, EKS ListClusters throttled three times, then answers: retried, complete',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'eks', operation: 'ListClusters', times: 3, action: { kind: 'throttle' } },
      ]);

      expect(outcome.report.errors).toEqual([]);
      expect(outcome.report.complete).toBe(true);
      expect(rulesOf(outcome.report, node1909)).toContain('windows-server-end-of-support');
      expect(proxy.calls().filter((call) => call.operation === 'ListClusters')).toHaveLength(4);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C7, EKS ListClusters HTTP 500 on every call: the region is an error, no cluster reported clean',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'eks', operation: 'ListClusters', action: { kind: 'http-500' } },
      ]);

      await expectIncomplete(outcome, 'ListClusters', 'InternalFailure');
      expect(outcome.report.summary.clusters).toBe(0);
      expect(outcome.report.findings).toEqual([]);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C8, EKS DescribeNodegroup AccessDenied: the cluster is an error of its own',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'eks', operation: 'DescribeNodegroup', action: { kind: 'access-denied' } },
      ]);

      await expectIncomplete(outcome, 'DescribeNodegroup', 'AccessDeniedException');
      expect(outcome.report.errors).toContainEqual(expect.objectContaining({ cluster: 'dev' }));
      // The other cluster is still read.
      expect(rulesOf(outcome.report, node1909)).toContain('windows-server-end-of-support');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C9, EC2 AccessDenied on every call (one service): errors, nothing of EC2 reported clean',
    async () => {
      const outcome = await scanAndPublish([{ service: 'ec2', action: { kind: 'access-denied' } }]);

      await expectIncomplete(outcome, 'DescribeInstances', 'UnauthorizedOperation');
      expect(outcome.report.findings.filter((finding) => finding.resource.id === node1909)).toEqual(
        [],
      );
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C10, every answer 300 ms late: complete, the same findings as without delay',
    async () => {
      const control = await scanAndPublish([]);
      await resetAndSeed();
      const outcome = await scanAndPublish([{ action: { kind: 'delay', ms: 300 } }]);

      expect(outcome.report.errors).toEqual([]);
      expect(outcome.report.complete).toBe(true);
      const pairs = (report: Report) =>
        report.findings.map((finding) => `${finding.ruleId} ${finding.resource.type}`).sort();
      expect(pairs(outcome.report)).toEqual(pairs(control.report));
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C11, EC2 DescribeImages never answers: given up after the request timeout, an error',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'ec2', operation: 'DescribeImages', action: { kind: 'hang' } },
      ]);

      await expectIncomplete(outcome, 'DescribeImages', 'TimeoutError');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C12, credentials expire mid-scan (after 6 calls): errors, nothing archived, publishing fails',
    async () => {
      const outcome = await scanAndPublish([{ after: 6, action: { kind: 'expired-token' } }]);

      expect(outcome.report.complete).toBe(false);
      expect(outcome.report.errors.length).toBeGreaterThan(0);
      for (const error of outcome.report.errors) {
        expect(error.code).toMatch(/^(ExpiredTokenException|ExpiredToken|RequestExpired)$/);
      }
      // SNS refuses the expired credentials too: publishReport throws before any Security Hub write.
      expect(outcome.publishError).toBeInstanceOf(Error);
      expect(
        proxy
          .calls()
          .filter((call) => call.operation === 'BatchImportFindings' && call.fault === 'pass'),
      ).toEqual([]);
      expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    "row C13, a --cluster scan's ListClusters throttled on every attempt: cut short, complete",
    async () => {
      const outcome = await scanAndPublish(
        [{ service: 'eks', operation: 'ListClusters', action: { kind: 'throttle' } }],
        ['prod'],
      );

      // The listing only lends the region's other names to the findings' text.
      expect(outcome.report.errors).toEqual([]);
      expect(outcome.report.complete).toBe(true);
      expect(outcome.report.warnings ?? []).not.toContainEqual(
        expect.objectContaining({ code: 'node-source-owners-unchecked' }),
      );
      expect(rulesOf(outcome.report, node1909)).toContain('windows-server-end-of-support');
    },
    ROW_TIMEOUT_MS,
  );
});

/**
 * The sample scheduled event through the Lambda handler as a cold start loads it, configured
 * for this estate, with `faults` on the proxy and `remainingMs` before its deadline; its logs
 * kept off the test's output.
 */
async function invokeScheduled(
  faults: FaultRule[],
  remainingMs = 600_000,
): Promise<{ report?: Report; error?: unknown; deadline: number }> {
  vi.stubEnv('SNS_TOPIC_ARN', topicArn);
  vi.stubEnv('SECURITY_HUB_ENABLED', 'true');
  vi.stubEnv('NOTIFY_POLICY', 'always');
  vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'eks-windows-scanner-test');
  vi.resetModules();
  const { handler } = (await import('../../src/handler.ts')) as {
    handler: (event: unknown, context: Context) => Promise<Report>;
  };
  proxy.setRules(faults);
  const quiet = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation(() => true),
  );
  const deadline = Date.now() + remainingMs;
  const context = {
    ...lambdaContext(REGION, ACCOUNT_ID),
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  try {
    const report = await handler(
      { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} },
      context,
    );
    return { report, deadline };
  } catch (error) {
    return { error, deadline };
  } finally {
    for (const spy of quiet) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe('Fault matrix: delivery', () => {
  it(
    'row D1, SNS Publish refused (Lambda handler, scheduled event): the invocation fails, Security Hub is not written',
    async () => {
      // Act
      const { error } = await invokeScheduled([
        { service: 'sns', operation: 'Publish', action: { kind: 'access-denied' } },
      ]);

      // Assess
      expect(error).toMatchObject({ name: 'NotificationPublishError' });
      expect(proxy.calls().filter((call) => call.operation === 'Publish')).toHaveLength(1);
      expect(proxy.calls().filter((call) => call.operation === 'BatchImportFindings')).toEqual([]);
      expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
      expect((await held()).size).toBe(1);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D1b, EC2 DescribeImages never answers (Lambda handler, 8 s left, 20 s request timeout): the call is cut at the collection deadline and the report still published',
    async () => {
      // Act: the handler's clients keep the default 20 s request timeout.
      const { report, deadline } = await invokeScheduled(
        [{ service: 'ec2', operation: 'DescribeImages', action: { kind: 'hang' } }],
        8_000,
      );

      // Assess
      expect(Date.now()).toBeLessThan(deadline);
      expect(report?.complete).toBe(false);
      expect(report?.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ operation: 'DescribeImages', code: 'AbortError' }),
          expect.objectContaining({ operation: 'Scan', code: 'DeadlineReached' }),
        ]),
      );
      expect(proxy.calls().filter((call) => call.operation === 'Publish')).toHaveLength(1);
      expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D1c, Security Hub BatchImportFindings never answers (Lambda handler, 8 s left): the write is cut a second before the deadline, after the notification',
    async () => {
      // Act
      const { report, deadline } = await invokeScheduled(
        [{ service: 'securityhub', operation: 'BatchImportFindings', action: { kind: 'hang' } }],
        8_000,
      );

      // Assess
      expect(Date.now()).toBeLessThan(deadline);
      expect(report?.findings.length).toBeGreaterThan(0);
      expect(proxy.calls().filter((call) => call.operation === 'Publish')).toHaveLength(1);
      expect(proxy.calls().filter((call) => call.operation === 'BatchImportFindings')).toHaveLength(
        1,
      );
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D1d, Security Hub GetFindings never answers (Lambda handler, 10 s left): the reading is cut at half the publish reserve, the notification still goes out, nothing is written',
    async () => {
      // Act
      const { report, deadline } = await invokeScheduled(
        [{ service: 'securityhub', operation: 'GetFindings', action: { kind: 'hang' } }],
        10_000,
      );

      // Assess
      expect(Date.now()).toBeLessThan(deadline);
      expect(report?.findings.length).toBeGreaterThan(0);
      expect(proxy.calls().filter((call) => call.operation === 'GetFindings')).toHaveLength(1);
      expect(proxy.calls().filter((call) => call.operation === 'Publish')).toHaveLength(1);
      expect(proxy.calls().filter((call) => call.operation === 'BatchImportFindings')).toEqual([]);
      expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D2, SNS Publish HTTP 500 twice, then accepted: retried, sent',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'sns', operation: 'Publish', times: 2, action: { kind: 'http-500' } },
      ]);

      expect(outcome.publishError).toBeUndefined();
      expect(outcome.published?.notification.sent).toBe(true);
      expect(proxy.calls().filter((call) => call.operation === 'Publish')).toHaveLength(3);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D3, Security Hub lists a finding in FailedFindings every time (a transient code): sent once more, then reported failed',
    async () => {
      let refused: string | undefined;
      const outcome = await scanAndPublish([
        {
          service: 'securityhub',
          operation: 'BatchImportFindings',
          action: {
            kind: 'rewrite',
            body: (answer, request) => {
              const ids = ((request.Findings as Array<{ Id: string }> | undefined) ?? []).map(
                (f) => f.Id,
              );
              refused ??= ids.find((id) => id !== stale.id);
              if (refused === undefined || !ids.includes(refused)) return answer;
              return {
                ...answer,
                SuccessCount: ids.length - 1,
                FailedCount: 1,
                FailedFindings: [
                  { Id: refused, ErrorCode: 'InternalException', ErrorMessage: 'Finding refused' },
                ],
              };
            },
          },
        },
      ]);

      const [result] = outcome.published?.securityHub ?? [];
      expect(result?.failed).toEqual([
        { id: refused, code: 'InternalException', message: 'Finding refused' },
      ]);
      expect(result?.imported).toBe(outcome.report.findings.length - 1);
      // The refused finding was sent twice: the first import and its one retry.
      const imports = proxy.calls().filter((call) => call.operation === 'BatchImportFindings');
      expect(imports.length).toBe(3); // findings, the refused one again, the archived stale one
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D4, Security Hub refuses a finding once (FailedFindings), then accepts it: nothing failed',
    async () => {
      let refusedOnce = false;
      const outcome = await scanAndPublish([
        {
          service: 'securityhub',
          operation: 'BatchImportFindings',
          times: 1,
          action: {
            kind: 'rewrite',
            body: (answer, request) => {
              const [first] = (request.Findings as Array<{ Id: string }> | undefined) ?? [];
              refusedOnce = first !== undefined;
              return first === undefined
                ? answer
                : {
                    ...answer,
                    FailedCount: 1,
                    FailedFindings: [
                      { Id: first.Id, ErrorCode: 'InternalFailure', ErrorMessage: 'try again' },
                    ],
                  };
            },
          },
        },
      ]);

      const [result] = outcome.published?.securityHub ?? [];
      expect(refusedOnce).toBe(true);
      expect(result).toMatchObject({
        failed: [],
        imported: outcome.report.findings.length,
        archived: 1,
      });
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D5, BatchImportFindings throttled twice, then accepted: retried by the SDK, nothing failed',
    async () => {
      const outcome = await scanAndPublish([
        {
          service: 'securityhub',
          operation: 'BatchImportFindings',
          times: 2,
          action: { kind: 'throttle' },
        },
      ]);

      const [result] = outcome.published?.securityHub ?? [];
      expect(result).toMatchObject({
        failed: [],
        imported: outcome.report.findings.length,
        archived: 1,
      });
      expect(
        proxy
          .calls()
          .filter((call) => call.operation === 'BatchImportFindings' && call.fault === 'throttle'),
      ).toHaveLength(2);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D6, BatchImportFindings HTTP 500 on every attempt: every finding reported failed, nothing archived, the notification sent',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'securityhub', operation: 'BatchImportFindings', action: { kind: 'http-500' } },
      ]);

      const [result] = outcome.published?.securityHub ?? [];
      expect(outcome.published?.notification.sent).toBe(true);
      expect(result?.imported).toBe(0);
      expect(result?.archived).toBe(0);
      expect(result?.resolvedFindingIds).toEqual([]);
      expect(result?.failed.map((failure) => failure.id).sort()).toEqual(
        [...outcome.report.findings.map((finding) => finding.id), stale.id].sort(),
      );
      expect(new Set(result?.failed.map((failure) => failure.code))).toEqual(
        new Set(['InternalFailure']),
      );
      expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
    },
    ROW_TIMEOUT_MS,
  );
});

describe('Fault matrix: command line', () => {
  it(
    'row L1, SSM AccessDenied through the CLI: exit 3, the error in the JSON report',
    async () => {
      proxy.setRules([
        {
          service: 'ssm',
          operation: 'DescribeInstanceInformation',
          action: { kind: 'access-denied' },
        },
      ]);

      const run = await runScanProcess(
        [
          '--format',
          'json',
          '--now',
          NOW.toISOString(),
          '--request-timeout',
          String(REQUEST_TIMEOUT_MS / 1000),
        ],
        {
          AWS_ENDPOINT_URL: proxy.endpoint,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_REGION: REGION,
        },
      );

      const report = JSON.parse(run.stdout) as Report;
      expect(run.code).toBe(3);
      expect(report.complete).toBe(false);
      expect(report.errors).toContainEqual(
        expect.objectContaining({
          operation: 'DescribeInstanceInformation',
          code: 'AccessDeniedException',
        }),
      );
      expect(rulesOf(report, node1909)).not.toContain('windows-server-end-of-support');
    },
    ROW_TIMEOUT_MS,
  );
});
