/**
 * The organisation-wide planner's cold start and invocation: the configuration file (an SSM
 * parameter or an S3 object, as the scanner function reads it) shapes the plan: its regions
 * instead of SCAN_REGIONS, its clusters handed to every worker with the plan.
 */

import {
  AccessDeniedException,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import type { Plan } from '../../../src/organization/planner.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import {
  captureStdStreams,
  expectConfigurationRefused,
  expectEventRefused,
} from '../../support/lambda-output.ts';

type Handler = (event: unknown, context: Context) => Promise<Plan>;

const PARAMETER = '/eks-windows-scanner/config';
const ACCOUNTS = ['111122223333', '444455556666'];

/** An object body as the SDK gives it, for the one method the reader calls. */
function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

describe('Lambda handler: organisation-wide planner', () => {
  const ssm = mockClient(SSMClient);
  const s3 = mockClient(S3Client);

  /** The handler as a cold start loads it, with this configuration. */
  async function loadHandler(env: Record<string, string>): Promise<Handler> {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.resetModules();
    return ((await import('../../../src/lambda/planner-handler.ts')) as { handler: Handler })
      .handler;
  }

  /** The items the planner wrote for the map. */
  function writtenItems(): unknown {
    const put = s3.commandCalls(PutObjectCommand);
    expect(put).toHaveLength(1);
    return JSON.parse(String(put[0]?.args[0].input.Body));
  }

  beforeEach(() => {
    ssm.reset();
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    for (const [name, value] of Object.entries({
      AWS_REGION: 'us-west-2',
      POWERTOOLS_TRACE_ENABLED: 'false',
      REPORT_BUCKET: 'scanner-reports',
      SCAN_REGIONS: 'us-west-2',
      SCAN_ACCOUNTS: ACCOUNTS.join(','),
    })) {
      vi.stubEnv(name, value);
    }
    captureStdStreams();
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('refuses a malformed event naming the field in its log and in RefusedEvents, planning nothing', async () => {
    // Prepare
    const handler = await loadHandler({});

    // Act
    const invocation = handler({ runId: 'nightly 1' }, lambdaContext());

    // Assess
    await expect(invocation).rejects.toThrow('Invalid event: runId must be an execution name');
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    expectEventRefused('runId');
  });

  it("plans the file's regions instead of SCAN_REGIONS, and returns its clusters with the plan", async () => {
    // Prepare
    ssm.on(GetParameterCommand, { Name: PARAMETER }).resolves({
      Parameter: {
        Value: [
          'regions: [eu-west-1, eu-central-1]',
          'clusters: [prod, "arn:aws:eks:eu-west-1:111122223333:cluster/payments"]',
        ].join('\n'),
      },
    });
    const handler = await loadHandler({ CONFIG_PARAMETER: PARAMETER });

    // Act
    const plan = await handler({ runId: 'nightly-1' }, lambdaContext());

    // Assess: the items stay an account and a region; the clusters travel once, with the plan.
    expect(plan.regions).toEqual(['eu-west-1', 'eu-central-1']);
    expect(plan.clusters).toEqual(['prod', 'payments']);
    expect(plan.targets).toBe(4);
    expect(writtenItems()).toEqual([
      { accountId: ACCOUNTS[0], region: 'eu-west-1' },
      { accountId: ACCOUNTS[0], region: 'eu-central-1' },
      { accountId: ACCOUNTS[1], region: 'eu-west-1' },
      { accountId: ACCOUNTS[1], region: 'eu-central-1' },
    ]);
  });

  it('plans nothing, and logs why, when the file names a cluster by an ARN of an account the run does not scan', async () => {
    // Prepare
    ssm.on(GetParameterCommand, { Name: PARAMETER }).resolves({
      Parameter: { Value: 'clusters: ["arn:aws:eks:us-west-2:999999999999:cluster/payments"]' },
    });
    const handler = await loadHandler({ CONFIG_PARAMETER: PARAMETER });

    // Act
    const invocation = handler({ runId: 'nightly-1' }, lambdaContext());

    // Assess
    await expect(invocation).rejects.toThrow(/is in account 999999999999, which is not among/);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    expectConfigurationRefused(/cluster\/payments is in account 999999999999, which is not among/);
  });

  it('keeps SCAN_REGIONS and every cluster when the file (an S3 object) sets neither', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'config-bucket', Key: 'scanner.yaml' }).resolves({
      Body: body('endOfSupportWarningDays: 90\n'),
    });
    const handler = await loadHandler({ CONFIG_S3_URI: 's3://config-bucket/scanner.yaml' });

    // Act
    const plan = await handler({ runId: 'nightly-1' }, lambdaContext());

    // Assess
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 1);
    expect(plan.regions).toEqual(['us-west-2']);
    expect(plan.clusters).toEqual([]);
    expect(writtenItems()).toEqual(
      ACCOUNTS.map((accountId) => ({ accountId, region: 'us-west-2' })),
    );
  });

  it("plans the upgrade target the execution's input names, and none for a scheduled run", async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'config-bucket', Key: 'scanner.yaml' }).resolves({
      Body: body('endOfSupportWarningDays: 90\n'),
    });
    const handler = await loadHandler({ CONFIG_S3_URI: 's3://config-bucket/scanner.yaml' });

    // Act
    const upgrade = await handler(
      { runId: 'upgrade-1', input: { targetVersion: '1.35' } },
      lambdaContext(),
    );
    const scheduled = await handler(
      { runId: 'nightly-1', input: { 'detail-type': 'Scheduled Event', source: 'aws.events' } },
      lambdaContext(),
    );

    // Assess
    expect(upgrade.targetVersion).toBe('1.35');
    expect(scheduled.targetVersion).toBeNull();
  });

  it('fails the run saying where to deploy when Organizations refuses to list the accounts', async () => {
    // Prepare: no SCAN_ACCOUNTS, in an account that is not the management account
    vi.stubEnv('SCAN_ACCOUNTS', '');
    const organizations = mockClient(OrganizationsClient);
    organizations.on(ListAccountsCommand).rejects(
      new AccessDeniedException({
        $metadata: {},
        message: "You don't have permissions to access this resource.",
      }),
    );
    const handler = await loadHandler({});

    // Act
    const planning = handler({ runId: 'nightly-1' }, lambdaContext());

    // Assess
    await expect(planning).rejects.toThrow(
      "AWS Organizations refused to list the accounts (AccessDeniedException: You don't have permissions to access this resource.). Deploy the stack in the organisation's management account or a delegated administrator account, or list the accounts in the ScanAccounts parameter.",
    );
    expect(s3).not.toReceiveCommand(PutObjectCommand);
    organizations.restore();
  });

  describe('one run at a time', () => {
    const sfn = mockClient(SFNClient);
    const STATE_MACHINE =
      'arn:aws:states:us-west-2:111122223333:stateMachine:scanner-organization-scan';
    const executionArn = (name: string) =>
      `arn:aws:states:us-west-2:111122223333:execution:scanner-organization-scan:${name}`;
    const event = {
      runId: 'nightly-2',
      execution: {
        arn: executionArn('nightly-2'),
        stateMachineArn: STATE_MACHINE,
        startTime: '2026-11-27T02:00:00.000Z',
      },
    };

    beforeEach(() => {
      sfn.reset();
    });

    it('fails the run before writing anything when an older run is still going', async () => {
      // Prepare
      sfn.on(ListExecutionsCommand).resolves({
        executions: [
          {
            executionArn: executionArn('audit-1'),
            stateMachineArn: STATE_MACHINE,
            name: 'audit-1',
            status: 'RUNNING',
            startDate: new Date('2026-11-27T01:00:00Z'),
          },
        ],
      });
      const handler = await loadHandler({});

      // Act
      const planning = handler(event, lambdaContext());

      // Assess
      await expect(planning).rejects.toMatchObject({
        name: 'AnotherOrganizationRunGoingError',
        message: expect.stringContaining(`Run ${executionArn('audit-1')}, started`),
      });
      expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, {
        stateMachineArn: STATE_MACHINE,
        statusFilter: 'RUNNING',
      });
      expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    });

    it('plans when no other run is going', async () => {
      // Prepare
      sfn.on(ListExecutionsCommand).resolves({ executions: [] });
      const handler = await loadHandler({});

      // Act
      const plan = await handler(event, lambdaContext());

      // Assess
      expect(plan.targets).toBe(2);
      expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    });

    it('plans, and warns, when Step Functions cannot say which runs are going', async () => {
      // Prepare
      sfn
        .on(ListExecutionsCommand)
        .rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
      const warned = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const logged = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      const handler = await loadHandler({});

      // Act
      const plan = await handler(event, lambdaContext());

      // Assess: the run goes on, and says so where a person and an alarm can see it.
      expect(plan.targets).toBe(2);
      expect(warned.mock.calls.map(([line]) => String(line)).join('')).toContain(
        'Could not tell whether another run is going; this run goes on',
      );
      const metrics = logged.mock.calls
        .map(([line]) => String(line))
        .filter((line) => line.includes('"_aws"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(metrics.map((metric) => metric.RunCheckFailures)).toContain(1);
    });

    it('does not ask when the event comes from an older state machine, without the execution', async () => {
      // Prepare
      const handler = await loadHandler({});

      // Act
      await handler({ runId: 'nightly-2' }, lambdaContext());

      // Assess
      expect(sfn).not.toHaveReceivedCommand(ListExecutionsCommand);
    });
  });

  it('fails the cold start naming the variable when the parameter does not exist', async () => {
    // Prepare
    ssm
      .on(GetParameterCommand)
      .rejects(Object.assign(new Error('gone'), { name: 'ParameterNotFound' }));

    // Act
    const loading = loadHandler({ CONFIG_PARAMETER: PARAMETER });

    // Assess
    await expect(loading).rejects.toThrow(`CONFIG_PARAMETER: ssm:${PARAMETER} does not exist`);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });
});
