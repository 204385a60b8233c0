/**
 * The organisation-wide functions against moto, as the state machine runs them: the planner
 * lists the organisation's active accounts, a worker per account and region reaches its
 * account through AssumeRole (three member accounts with Windows estates, and the management
 * account), and the aggregator merges, writes the report to the bucket and sends one summary.
 * moto's Step Functions cannot run Lambda code, so the map's part is played here, item by
 * item, with the event its ItemSelector builds (test/unit/state-machine.test.ts checks that).
 */
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AggregateResult } from '../../src/organization/aggregator.ts';
import type { Plan } from '../../src/organization/planner.ts';
import { planKey, type ScanPart, type ScanTarget } from '../../src/organization/run.ts';
import type { WorkerResult } from '../../src/organization/worker.ts';
import type { Report } from '../../src/report/types.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';
import { lambdaContext } from '../support/lambda-context.ts';
import { assumeRoleIn, ourSecurityHubFindingIds } from '../support/member-accounts.ts';
import { type SeededEstate, seedEstate } from '../support/seed-estate.ts';

type Handler<R> = (event: unknown, context: Context) => Promise<R>;

const REGION = 'us-west-2';
const ROLE = 'EksWindowsScannerAudit';
const BUCKET = 'eks-windows-scanner-reports';
const CALLER = { accessKeyId: 'test', secretAccessKey: 'test' };
const MEMBER_NAMES = ['windows-prod', 'windows-dev', 'windows-shared'];

let emulator: Emulator;
let management: string;
const members: string[] = [];
const memberCredentials = new Map<string, AwsCredentialIdentity>();
const estates = new Map<string, SeededEstate>();
let s3: S3Client;
let sqs: SQSClient;
let queueUrl: string;
let planner: Handler<Plan>;
let worker: Handler<WorkerResult>;
let aggregator: Handler<AggregateResult>;
const logged: string[] = [];

function client<T>(make: new (config: object) => T, credentials: AwsCredentialIdentity = CALLER) {
  return new make({ region: REGION, endpoint: emulator.endpoint, credentials });
}

async function readObject(key: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await Body?.transformToString('utf8')) ?? '';
}

/** Every message the SQS subscription holds now, as the SNS envelopes SQS received. */
async function drainQueue(): Promise<Array<{ Subject?: string; Message: string }>> {
  const envelopes = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    if (Messages.length === 0) return envelopes;
    envelopes.push(...Messages.map((message) => JSON.parse(message.Body ?? '{}')));
  }
}

/** The findings of ours that an account's own Security Hub holds, read with its credentials. */
function securityHubFindingIds(credentials: AwsCredentialIdentity): Promise<string[]> {
  return ourSecurityHubFindingIds({ region: REGION, endpoint: emulator.endpoint, credentials });
}

beforeAll(async () => {
  emulator = await startEmulator();
  const organizations = client(OrganizationsClient);
  const { Organization } = await organizations.send(
    new CreateOrganizationCommand({ FeatureSet: 'ALL' }),
  );
  management = Organization?.MasterAccountId ?? '';
  for (const name of MEMBER_NAMES) {
    const { CreateAccountStatus } = await organizations.send(
      new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
    );
    members.push(CreateAccountStatus?.AccountId ?? '');
  }
  organizations.destroy();

  // Each member account holds a Windows estate and has Security Hub on; so does the
  // management account (scanned too: it is an active account of the organisation).
  for (const accountId of [management, ...members]) {
    const credentials = await assumeRoleIn(
      { region: REGION, endpoint: emulator.endpoint, credentials: CALLER },
      accountId,
      ROLE,
    );
    memberCredentials.set(accountId, credentials);
    const hub = client(SecurityHubClient, credentials);
    await hub.send(new EnableSecurityHubCommand({}));
    hub.destroy();
  }
  for (const accountId of members) {
    estates.set(
      accountId,
      await seedEstate(emulator.endpoint, REGION, memberCredentials.get(accountId)),
    );
  }

  // The stack's bucket and topic, with a queue subscribed to read the summary.
  s3 = client(S3Client);
  await s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: REGION },
    }),
  );
  const sns = client(SNSClient);
  sqs = client(SQSClient);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'eks-windows-scanner' }));
  ({ QueueUrl: queueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'summary' })));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }),
  );
  sns.destroy();

  // The functions' environment, as template.yaml sets it (each reads what it needs).
  vi.stubEnv('AWS_ENDPOINT_URL', emulator.endpoint);
  vi.stubEnv('AWS_REGION', REGION);
  vi.stubEnv('AWS_ACCESS_KEY_ID', CALLER.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', CALLER.secretAccessKey);
  vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
  vi.stubEnv('SCAN_REGIONS', REGION);
  vi.stubEnv('REPORT_BUCKET', BUCKET);
  vi.stubEnv('MEMBER_ROLE_NAME', ROLE);
  vi.stubEnv('SECURITY_HUB_ENABLED', 'true');
  vi.stubEnv('SNS_TOPIC_ARN', TopicArn ?? '');
  vi.stubEnv('NOTIFY_POLICY', 'always');
  vi.stubEnv('NOTIFY_MINIMUM_SEVERITY', 'LOW');
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(chunk.toString());
      return true;
    });
  }
  ({ handler: planner } = await import('../../src/lambda/planner-handler.ts'));
  ({ handler: worker } = await import('../../src/lambda/worker-handler.ts'));
  ({ handler: aggregator } = await import('../../src/lambda/aggregator-handler.ts'));
}, 240_000);

afterAll(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  s3?.destroy();
  sqs?.destroy();
  await emulator?.stop();
});

describe('Organisation-wide scan: planner, workers and aggregator', () => {
  let plan: Plan;
  let targets: ScanTarget[];
  let results: WorkerResult[];
  let aggregated: AggregateResult;
  let report: Report;
  let delivered: Array<{ Subject?: string; Message: string }>;

  /** The aggregator run again, the map's manifest at `manifestKey`: the report it wrote. */
  async function aggregateAgain(manifestKey: string): Promise<Report> {
    const result = await aggregator(
      {
        run: plan.run,
        plan: plan.plan,
        mapResult: {
          MapRunArn: 'arn:aws:states:map-run',
          ResultWriterDetails: { Bucket: BUCKET, Key: manifestKey },
        },
      },
      lambdaContext(),
    );
    return JSON.parse(await readObject(result.report.json.key)) as Report;
  }

  beforeAll(async () => {
    plan = await planner({ runId: 'nightly-1' }, lambdaContext());
    targets = JSON.parse(await readObject(plan.plan.key));
    // The Distributed Map: each item with the run and the plan's clusters, as its ItemSelector
    // passes them.
    results = [];
    for (const target of targets) {
      results.push(
        await worker({ ...target, run: plan.run, clusters: plan.clusters }, lambdaContext()),
      );
    }
    // The aggregating state: the run, the plan and its clusters, and the map's result.
    aggregated = await aggregator(
      {
        run: plan.run,
        plan: plan.plan,
        clusters: plan.clusters,
        mapResult: { MapRunArn: 'arn:aws:states:map-run' },
      },
      lambdaContext(),
    );
    report = JSON.parse(await readObject(aggregated.report.json.key));
    delivered = await drainQueue();
  }, 300_000);

  it('plans every active account of the organisation in every configured region', () => {
    expect(plan.plan.bucket).toBe(BUCKET);
    expect(plan.plan.key).toMatch(/^runs\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ_nightly-1\/plan\.json$/);
    expect(targets.map((target) => target.accountId).sort()).toEqual(
      [management, ...members].sort(),
    );
    expect(new Set(targets.map((target) => target.region))).toEqual(new Set([REGION]));
    expect(plan.targets).toBe(targets.length);
    // No configuration file: every cluster.
    expect(plan.clusters).toEqual([]);
  });

  it('scans each account through its role and leaves its report in the bucket', async () => {
    for (const result of results) {
      expect(result.complete, result.accountId).toBe(true);
      const part = JSON.parse(await readObject(result.part.key)) as ScanPart;
      expect(part.report.scope).toEqual({ accounts: [result.accountId], regions: [REGION] });
      expect(part.report.findings.every((f) => f.accountId === result.accountId)).toBe(true);
      expect(part.changes).not.toBeNull();
    }
    for (const accountId of members) {
      const part = results.find((result) => result.accountId === accountId);
      expect(part?.securityHub?.imported, accountId).toBeGreaterThan(0);
    }
  });

  it("imports each member account's findings into that account's own Security Hub", async () => {
    for (const accountId of members) {
      const expected = report.findings
        .filter((finding) => finding.accountId === accountId)
        .map((finding) => finding.id)
        .sort();
      expect(expected.length, accountId).toBeGreaterThan(0);
      expect(await securityHubFindingIds(memberCredentials.get(accountId) ?? CALLER)).toEqual(
        expected,
      );
    }
    // Nothing of the members' lands in the account that runs the scan.
    expect(await securityHubFindingIds(CALLER)).toEqual([]);
  });

  it('merges every account into one complete report, in the bucket as JSON and HTML', async () => {
    expect(report.complete).toBe(true);
    expect(report.scope.accounts.sort()).toEqual([management, ...members].sort());
    expect(new Set(report.findings.map((finding) => finding.accountId))).toEqual(new Set(members));
    const clusters = [...estates.values()].reduce(
      (sum, estate) => sum + Object.keys(estate.clusters).length,
      0,
    );
    expect(report.summary.clusters).toBe(clusters);
    expect(aggregated.report.html.key).toBe(plan.plan.key.replace('plan.json', 'report.html'));
    const html = await readObject(aggregated.report.html.key);
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain(members[0]);
  });

  it('sends one SNS summary that links the report in the bucket', () => {
    expect(delivered).toHaveLength(1);
    const payload = JSON.parse(delivered[0]?.Message ?? '{}');
    const folder = `s3://${BUCKET}/${plan.plan.key.replace('plan.json', '')}`;
    expect(payload.reportLink.s3Uri).toBe(folder);
    expect(payload.reportLink.consoleUrl).toMatch(
      /^https:\/\/s3\.console\.aws\.amazon\.com\/s3\/buckets\/eks-windows-scanner-reports\?region=us-west-2&prefix=runs%2F/,
    );
    expect(payload.email).toContain(folder);
    expect(payload.scope.accounts.length).toBe(4);
  });

  it('never logs, reports or notifies the secret held in user data', async () => {
    const secret = estates.get(members[0] ?? '')?.secret ?? '';
    expect(secret).not.toBe('');
    expect(logged.join('')).not.toContain(secret);
    expect(JSON.stringify(delivered)).not.toContain(secret);
    expect(await readObject(aggregated.report.json.key)).not.toContain(secret);
  });

  describe("when every part is there and the map's results can't be read", () => {
    it('reads no map result and the report stays complete', async () => {
      // Act
      const merged = await aggregateAgain('map-results/run/never-written.json');

      // Assess
      expect(merged.complete).toBe(true);
      expect(merged.errors).toEqual([]);
      await drainQueue();
    });
  });

  describe('when a worker left no report', () => {
    it('names that account and region, with the map’s reason, and the report is incomplete', async () => {
      // Prepare: one part gone, and the map's ResultWriter output saying why it failed.
      const missing = results.find((result) => result.accountId === members[1]);
      if (!missing) throw new Error('no worker result for the second member');
      await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: missing.part.key }));
      const failed = [
        {
          Input: JSON.stringify({ accountId: missing.accountId, region: missing.region }),
          Error: 'Sandbox.Timedout',
          Cause: 'Task timed out after 900.00 seconds',
        },
      ];
      const manifest = { ResultFiles: { FAILED: [{ Key: 'map-results/run/FAILED_0.json' }] } };
      for (const [key, body] of [
        ['map-results/run/FAILED_0.json', failed],
        ['map-results/run/manifest.json', manifest],
      ] as const) {
        await s3.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(body) }),
        );
      }

      // Act
      const incomplete = await aggregateAgain('map-results/run/manifest.json');

      // Assess
      expect(incomplete.complete).toBe(false);
      expect(incomplete.errors).toEqual([
        {
          accountId: missing.accountId,
          region: missing.region,
          operation: 'ScanAccountRegion',
          code: 'Sandbox.Timedout',
          message: 'Task timed out after 900.00 seconds',
        },
      ]);
      expect(incomplete.findings.some((f) => f.accountId === missing.accountId)).toBe(false);
      const summaries = await drainQueue();
      expect(summaries).toHaveLength(1);
      expect(JSON.parse(summaries[0]?.Message ?? '{}').complete).toBe(false);
    });
  });

  describe("when the run's plan can't be read", () => {
    it('fails naming the object and why, and notifies nothing', async () => {
      // Prepare: a run the planner never planned (its plan key is well formed).
      const run = { ...plan.run, id: 'never-planned' };
      const key = planKey(run);

      // Act
      const invocation = aggregator({ run, plan: { bucket: BUCKET, key } }, lambdaContext());

      // Assess
      await expect(invocation).rejects.toMatchObject({
        name: 'PlanUnreadableError',
        message: expect.stringContaining(
          `The run's plan s3://${BUCKET}/${key} could not be read (NoSuchKey)`,
        ),
      });
      expect(await drainQueue()).toEqual([]);
    });
  });

  describe("when a worker's report or the map's results can't be read", () => {
    it('makes that account and region an error naming the object, and still merges the rest', async () => {
      // Prepare: one part cut short, and a manifest key that leads nowhere.
      const broken = results.find((result) => result.accountId === members[0]);
      const intact = results.find((result) => result.accountId === members[2]);
      if (!broken || !intact) throw new Error('no worker result for the first or third member');
      await s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: broken.part.key, Body: '{"truncated' }),
      );

      // Act
      const merged = await aggregateAgain('map-results/run/gone.json');

      // Assess
      expect(merged.complete).toBe(false);
      expect(merged.errors).toContainEqual({
        accountId: broken.accountId,
        region: broken.region,
        operation: 'ScanAccountRegion',
        code: 'SyntaxError',
        message: `The worker's report ${broken.part.key} could not be read as a report: its findings are missing`,
      });
      expect(merged.errors).toContainEqual(
        expect.objectContaining({ operation: 'ReadMapResults', code: 'NoSuchKey' }),
      );
      expect(merged.findings.some((f) => f.accountId === broken.accountId)).toBe(false);
      expect(merged.findings.some((f) => f.accountId === intact.accountId)).toBe(true);
      expect(await drainQueue()).toHaveLength(1);
    });
  });
});

describe("Organisation-wide scan: a member account that has not enabled the item's region", () => {
  it("files the refusal under that region's calls, not as a role that could not be assumed", async () => {
    // Prepare: the role is assumed through STS of the stack's region; in the item's region
    // AWS refuses the session's token on every call, as it does in a region not enabled.
    const refused = {
      kind: 'error',
      status: 403,
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    } as const;
    const proxy = await startFaultProxy(emulator.endpoint, [
      { service: 'sts', operation: 'GetCallerIdentity', action: refused },
      ...['eks', 'ec2', 'autoscaling', 'ssm', 'securityhub'].map((service) => ({
        service,
        action: refused,
      })),
    ]);
    vi.stubEnv('AWS_ENDPOINT_URL', proxy.endpoint);
    const run = { id: 'region-not-enabled', scannedAt: '2026-11-25T12:00:00.000Z' };

    // Act
    const result = await worker(
      { accountId: members[0], region: REGION, run },
      lambdaContext(),
    ).finally(() => {
      vi.stubEnv('AWS_ENDPOINT_URL', emulator.endpoint);
    });
    const calls = proxy.calls();
    await proxy.stop();

    // Assess
    const part = JSON.parse(await readObject(result.part.key)) as ScanPart;
    expect(part.report.complete).toBe(false);
    expect(part.report.errors.map((error) => error.operation)).not.toContain('AssumeRole');
    expect(part.report.errors).toContainEqual(
      expect.objectContaining({
        accountId: members[0],
        region: REGION,
        operation: 'ListClusters',
        code: 'InvalidClientTokenId',
      }),
    );
    // Nothing answers there, its Security Hub neither: it is not asked.
    expect(result.securityHub).toBeNull();
    expect(calls.filter((call) => call.service === 'securityhub')).toEqual([]);
  }, 120_000);
});

describe('Organisation-wide scan: one run at a time (Step Functions in moto)', () => {
  it('fails a run that finds an older one going, before it plans, and plans once that one has stopped', async () => {
    // Prepare: the state machine, and a run of it that moto keeps RUNNING.
    const sfn = client(SFNClient);
    const { stateMachineArn = '' } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'scanner-organization-scan',
        definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
        roleArn: `arn:aws:iam::${management}:role/scanner-state-machine`,
      }),
    );
    const { executionArn: olderArn = '' } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'nightly-older' }),
    );
    const { startDate } = await sfn.send(new DescribeExecutionCommand({ executionArn: olderArn }));
    const event = {
      runId: 'nightly-later',
      execution: {
        arn: olderArn.replace('nightly-older', 'nightly-later'),
        stateMachineArn,
        startTime: new Date((startDate?.getTime() ?? 0) + 1000).toISOString(),
      },
    };
    const plannedKeys = async () => {
      const { Contents = [] } = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'runs/' }),
      );
      return Contents.map(({ Key }) => Key).filter((key) => key?.includes('_nightly-later/'));
    };

    // Act
    const refused = planner(event, lambdaContext());

    // Assess
    await expect(refused).rejects.toMatchObject({
      name: 'AnotherOrganizationRunGoingError',
      message: expect.stringContaining(`Run ${olderArn}, started`),
    });
    expect(await plannedKeys()).toEqual([]);

    // Act: the older run stopped, the same run planned again.
    await sfn.send(new StopExecutionCommand({ executionArn: olderArn }));
    const planned = await planner(event, lambdaContext());

    // Assess
    expect(await plannedKeys()).toEqual([planned.plan.key]);
    sfn.destroy();
  });
});

describe('Organisation-wide scan: a configuration file naming a cluster by its ARN', () => {
  const PARAMETER = '/eks-windows-scanner/organization-config';
  let owner: string;
  let namesake: string;
  let arn: string;
  let plan: Plan;
  let targets: ScanTarget[];
  let filePlanner: Handler<Plan>;
  let fileWorker: Handler<WorkerResult>;

  beforeAll(async () => {
    // Every member account has a cluster named prod; the file means the second member's.
    [, owner = '', namesake = ''] = [management, ...members];
    arn = `arn:aws:eks:${REGION}:${owner}:cluster/prod`;
    const ssm = client(SSMClient);
    await ssm.send(
      new PutParameterCommand({
        Name: PARAMETER,
        Type: 'String',
        Value: `clusters:\n  - ${JSON.stringify(arn)}\n`,
      }),
    );
    ssm.destroy();
    // A cold start of each function with the file (the module reads it when imported).
    vi.stubEnv('CONFIG_PARAMETER', PARAMETER);
    vi.resetModules();
    ({ handler: filePlanner } = await import('../../src/lambda/planner-handler.ts'));
    ({ handler: fileWorker } = await import('../../src/lambda/worker-handler.ts'));

    plan = await filePlanner({ runId: 'cluster-by-arn' }, lambdaContext());
    targets = JSON.parse(await readObject(plan.plan.key));
  }, 120_000);

  it("plans that cluster's account and region alone, and hands its ARN to the workers", () => {
    expect(plan.clusters).toEqual(['prod']);
    expect(plan.clusterArns).toEqual([arn]);
    expect(targets).toEqual([{ accountId: owner, region: REGION }]);
  });

  it('scans that cluster, not its namesakes', async () => {
    // Act: the map's one item, as its ItemSelector builds it.
    const [target] = targets;
    const result = await fileWorker(
      { ...target, run: plan.run, clusters: plan.clusters, clusterArns: plan.clusterArns },
      lambdaContext(),
    );

    // Assess
    const { report } = JSON.parse(await readObject(result.part.key)) as ScanPart;
    expect(report.complete).toBe(true);
    expect(report.summary.clusters).toBe(1);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(
      report.findings.every((finding) => finding.cluster === 'prod' && finding.accountId === owner),
    ).toBe(true);
  });

  /** A cold start of the planner with a file that names `clusters`. */
  async function plannerWithClusters(clusters: string[]): Promise<Handler<Plan>> {
    const ssm = client(SSMClient);
    await ssm.send(
      new PutParameterCommand({
        Name: PARAMETER,
        Type: 'String',
        Value: `clusters: ${JSON.stringify(clusters)}\n`,
        Overwrite: true,
      }),
    );
    ssm.destroy();
    vi.resetModules();
    return (await import('../../src/lambda/planner-handler.ts')).handler;
  }

  it('fails the planner at cold start on an ARN of a region the run does not plan, naming it', async () => {
    // Act
    const starting = plannerWithClusters([`arn:aws:eks:eu-west-1:${owner}:cluster/prod`]);

    // Assess
    await expect(starting).rejects.toThrow(
      `CONFIG_PARAMETER: ssm:${PARAMETER}: clusters: arn:aws:eks:eu-west-1:${owner}:cluster/prod is in eu-west-1, which this function does not scan`,
    );
  });

  it('fails the plan on an ARN of an account the organisation does not have, before writing it', async () => {
    // Prepare
    const stranger = `arn:aws:eks:${REGION}:999988887777:cluster/prod`;
    const planner = await plannerWithClusters([arn, stranger]);

    // Act
    const planning = planner({ runId: 'cluster-of-a-stranger' }, lambdaContext());

    // Assess
    await expect(planning).rejects.toThrow(
      `clusters: ${stranger} is in account 999988887777, which is not an active account of the organisation (Organizations ListAccounts listed 4)`,
    );
    const { Contents = [] } = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'runs/' }),
    );
    expect(Contents.some(({ Key }) => Key?.includes('_cluster-of-a-stranger/'))).toBe(false);
  });

  it("refuses an item of a namesake's account, where the run looks for no cluster", async () => {
    // Act: an item the planner does not plan, sent by hand.
    const scanning = fileWorker(
      {
        accountId: namesake,
        region: REGION,
        run: plan.run,
        clusters: plan.clusters,
        clusterArns: plan.clusterArns,
      },
      lambdaContext(),
    );

    // Assess
    await expect(scanning).rejects.toThrow(
      `Invalid event: region is one where the run looks for none of its clusters in account ${namesake}`,
    );
  });
});
