/**
 * The fault matrix's harness, shared by its four files (collection, throttling, delivery and
 * command line): the whole scan (runScan, then publishReport or the Lambda handler) with the
 * real SDK clients, through a fault-injecting proxy (test/support/fault-proxy.ts) in front of
 * one emulator per file. Each file's tests are its rows, named as docs/reliability.md names
 * them. Every row asserts that the scan finished (the request timeout is 2 s; the test's own
 * timeout is generous), that lost scope is in `errors` with `complete: false`, that nothing
 * unseen is reported compliant, and that nothing is archived in Security Hub after an
 * incomplete scan.
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
import { afterAll, beforeAll, beforeEach, expect, vi } from 'vitest';
import { createPublishClients } from '../../src/publish/clients.ts';
import { publishReport } from '../../src/publish/index.ts';
import { toAsff } from '../../src/publish/security-hub/index.ts';
import type { PublishResult } from '../../src/publish/types.ts';
import type { Report } from '../../src/report/types.ts';
import { runScan } from '../../src/scan.ts';
import { ACCOUNT_ID, makeFinding } from '../unit/publish/security-hub/fixtures.ts';
import { type Emulator, startEmulator } from './emulator.ts';
import { type FaultProxy, type FaultRule, startFaultProxy } from './fault-proxy.ts';
import { lambdaContext } from './lambda-context.ts';

export const REGION = 'us-west-2';
export const NOW = new Date('2026-11-25T12:00:00.000Z');
/** Windows Server 2016 in moto's own list: its name is no EKS AMI's, so it tells no release. */
const WINDOWS_AMI = 'ami-b7e93bce';
/** The scanner's request timeout in every row: what a call that never answers costs. */
export const REQUEST_TIMEOUT_MS = 2_000;
/** A row's own bound: generous (two cores, other test files running, SDK back-off). */
export const ROW_TIMEOUT_MS = 240_000;
const CLIENT_CONFIG = {
  region: REGION,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
};

let emulator: Emulator;
let topicArn: string;
/** What a row reaches: the proxy, and the node it asserts on (set by `useFaultMatrix`'s hooks). */
export const matrix = {
  proxy: undefined as unknown as FaultProxy,
  /** The Windows Server 1909 node's instance id. */
  node1909: '',
};
const savedEnv: Record<string, string | undefined> = {};
/** Ours in Security Hub before every row, produced by no scan of the estate. */
export const stale = makeFinding({
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

export async function resetAndSeed(): Promise<void> {
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
  matrix.node1909 = Instances[0]?.InstanceId ?? '';
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
export async function held(): Promise<Map<string, AwsSecurityFinding>> {
  const { securityHub } = direct();
  const { Findings = [] } = await securityHub.send(new GetFindingsCommand({ MaxResults: 100 }));
  securityHub.destroy();
  return new Map(Findings.map((finding) => [finding.Id ?? '', finding]));
}

export interface RowOutcome {
  report: Report;
  published?: PublishResult;
  publishError?: unknown;
}

/** The scan with the scanner's own clients through the proxy, then its publishing. */
export async function scanAndPublish(rules: FaultRule[], clusters?: string[]): Promise<RowOutcome> {
  matrix.proxy.setRules(rules);
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

export function rulesOf(report: Report, resourceId: string): string[] {
  return report.findings
    .filter((finding) => finding.resource.id === resourceId)
    .map((finding) => finding.ruleId)
    .sort();
}

/** Lost scope is an error, the scan is incomplete, nothing was archived. */
export async function expectIncomplete(
  outcome: RowOutcome,
  operation: string,
  code?: string | RegExp,
) {
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
export function expectNodeNotVouchedFor(report: Report) {
  expect(report.complete).toBe(false);
  expect(rulesOf(report, matrix.node1909)).toContain('windows-version-unknown');
}

/**
 * Registers the matrix's hooks in the calling test file: one emulator and its fault proxy for
 * the file, the environment pointed at the proxy, and the estate reset and seeded before
 * every row.
 */
export function useFaultMatrix(): void {
  beforeAll(async () => {
    emulator = await startEmulator({ amis: false, startTimeoutMs: 60_000 });
    matrix.proxy = await startFaultProxy(emulator.endpoint);
    const env = {
      AWS_ENDPOINT_URL: matrix.proxy.endpoint,
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
    await matrix.proxy?.stop();
    await emulator?.stop();
  });

  beforeEach(async () => {
    matrix.proxy.setRules([]);
    await resetAndSeed();
  }, 120_000);
}

/**
 * The sample scheduled event through the Lambda handler as a cold start loads it, configured
 * for this estate, with `faults` on the proxy and `remainingMs` before its deadline; its logs
 * kept off the test's output.
 */
export async function invokeScheduled(
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
  matrix.proxy.setRules(faults);
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
