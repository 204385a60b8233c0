/**
 * The organisation-wide state machine, checked where moto cannot run it: its definition
 * parses, its Distributed Map has what AWS requires, its states call the template's
 * functions with the events those functions accept, its role grants exactly what the states
 * use, and cfn-lint accepts the definition (with the template's substitutions made).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTemplate } from '../../scripts/build.ts';
import {
  parseAggregatorEvent,
  parsePlannerEvent,
  parseWorkerEvent,
} from '../../src/lambda/organization-events.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const STATE_MACHINE_ID = 'OrganizationScanStateMachine';

type Json = Record<string, unknown>;

interface State extends Json {
  Type: string;
  Next?: string;
  End?: boolean;
  Parameters?: Json;
  Catch?: Array<{ ErrorEquals: string[]; Next: string; ResultPath?: string }>;
}

/** Values like those CloudFormation substitutes, for a deployment in us-west-2. */
const SAMPLE_VALUES: Record<string, string> = {
  Partition: 'aws',
  PlannerFunctionArn: 'arn:aws:lambda:us-west-2:123456789012:function:scanner-planner',
  WorkerFunctionArn: 'arn:aws:lambda:us-west-2:123456789012:function:scanner-worker',
  AggregatorFunctionArn: 'arn:aws:lambda:us-west-2:123456789012:function:scanner-aggregator',
  ReportBucket: 'scanner-reportbucket-abc123',
  MaxConcurrency: '40',
  ToleratedFailurePercentage: '5',
};

function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** `$.a.b` against the state input, `$$.x.y` against the context object. */
function pathValue(path: string, input: unknown, context: unknown): unknown {
  const [start, ...steps] = path.startsWith('$$.')
    ? [context, ...path.slice(3).split('.')]
    : [input, ...path.slice(2).split('.')];
  return steps.reduce<unknown>(
    (value, step) => (value as Json | undefined)?.[step as string],
    start,
  );
}

/** A Parameters-like template evaluated as Step Functions would (paths only, no intrinsics). */
function evaluate(template: Json, input: unknown, context: unknown): Json {
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) => {
      if (key.endsWith('.$')) return [key.slice(0, -2), pathValue(value as string, input, context)];
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return [key, evaluate(value as Json, input, context)];
      }
      return [key, value];
    }),
  );
}

let template: Json;
let resources: Record<string, { Type?: string; Condition?: string; Properties?: Json }>;
let properties: Json;
let rawDefinition: string;
let definition: { StartAt: string; TimeoutSeconds?: number; States: Record<string, State> };
let map: State;

beforeAll(async () => {
  template = await readTemplate();
  resources = template.Resources as typeof resources;
  properties = resources[STATE_MACHINE_ID]?.Properties ?? {};
  rawDefinition = await readFile(join(root, String(properties.DefinitionUri)), 'utf8');
  definition = JSON.parse(substitute(rawDefinition, SAMPLE_VALUES));
  const found = Object.values(definition.States).find((state) => state.Type === 'Map');
  if (!found) throw new Error('the definition has no Map state');
  map = found;
});

describe('File: statemachine/organization-scan.asl.json', () => {
  it('is JSON as it stands, and after the template substitutes its placeholders', () => {
    expect(() => JSON.parse(rawDefinition)).not.toThrow();
    expect(definition.StartAt).toBe('PlanAccountsAndRegions');
  });

  it('uses exactly the placeholders the template substitutes', () => {
    // Act
    const used = [...new Set([...rawDefinition.matchAll(/\$\{(\w+)\}/g)].map(([, name]) => name))];
    const substituted = Object.keys(properties.DefinitionSubstitutions as Json);

    // Assess
    expect(used.sort()).toEqual(substituted.sort());
    expect(Object.keys(SAMPLE_VALUES).sort()).toEqual(substituted.sort());
  });

  it('is a STANDARD state machine of the organisation-wide deployment only', () => {
    expect(resources[STATE_MACHINE_ID]?.Type).toBe('AWS::Serverless::StateMachine');
    expect(resources[STATE_MACHINE_ID]?.Condition).toBe('OrganizationScanEnabled');
    expect(properties.Type).toBe('STANDARD');
  });

  it('stops a run still going after 24 hours, which the failed-run alarm counts with the failed ones', () => {
    // Prepare
    const alarm = resources.OrganizationScanFailedAlarm?.Properties as {
      Metrics: Array<{
        Id: string;
        Expression?: string;
        ReturnData: boolean;
        MetricStat?: { Metric: { MetricName: string; Dimensions: Json[] } };
      }>;
    };
    const metric = (id: string) => alarm.Metrics.find((entry) => entry.Id === id);

    // Assess
    expect(definition.TimeoutSeconds).toBe(24 * 60 * 60);
    expect(
      alarm.Metrics.filter((entry) => entry.ReturnData).map((entry) => entry.Expression),
    ).toEqual(['FILL(failed, 0) + FILL(timedOut, 0)']);
    expect(metric('failed')?.MetricStat?.Metric.MetricName).toBe('ExecutionsFailed');
    expect(metric('timedOut')?.MetricStat?.Metric.MetricName).toBe('ExecutionsTimedOut');
    for (const id of ['failed', 'timedOut']) {
      expect(metric(id)?.MetricStat?.Metric.Dimensions).toEqual([
        { Name: 'StateMachineArn', Value: { Ref: STATE_MACHINE_ID } },
      ]);
    }
  });

  it('logs errors without execution data to a log group of its own, and traces with X-Ray', () => {
    // Prepare
    const group = resources.OrganizationScanLogGroup;

    // Assess: no execution data, as the states carry account ids and findings.
    expect(properties.Logging).toEqual({
      Level: 'ERROR',
      IncludeExecutionData: false,
      Destinations: [
        {
          CloudWatchLogsLogGroup: {
            LogGroupArn: { 'Fn::GetAtt': ['OrganizationScanLogGroup', 'Arn'] },
          },
        },
      ],
    });
    expect(properties.Tracing).toEqual({ Enabled: true });
    expect(group?.Condition).toBe('OrganizationScanEnabled');
    expect(group?.Properties).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
      LogGroupName: { 'Fn::Sub': '/aws/vendedlogs/states/${AWS::StackName}-organization-scan' },
      RetentionInDays: { Ref: 'LogRetentionInDays' },
    });
  });

  it('has a Distributed Map with an S3 ItemReader, an ItemProcessor and an S3 ResultWriter', () => {
    expect(map).toMatchObject({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { 'Bucket.$': '$.plan.bucket', 'Key.$': '$.plan.key' },
      },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: expect.any(String),
        States: expect.any(Object),
      },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: SAMPLE_VALUES.ReportBucket, Prefix: 'map-results' },
      },
    });
    const processor = map.ItemProcessor as { StartAt: string; States: Json };
    expect(Object.keys(processor.States)).toContain(processor.StartAt);
  });

  it('takes MaxConcurrency and ToleratedFailurePercentage from the template parameters, as numbers', () => {
    // Prepare: the planner state's ResultSelector builds the limits the map reads.
    const planner = definition.States[definition.StartAt] as State & { ResultSelector: Json };

    // Act
    const limits = planner.ResultSelector.limits as Json;

    // Assess
    expect(map.MaxConcurrencyPath).toBe('$.limits.maxConcurrency');
    expect(map.ToleratedFailurePercentagePath).toBe('$.limits.toleratedFailurePercentage');
    expect(limits).toEqual({
      'maxConcurrency.$': "States.StringToJson('40')",
      'toleratedFailurePercentage.$': "States.StringToJson('5')",
    });
    expect(properties.DefinitionSubstitutions).toMatchObject({
      MaxConcurrency: { Ref: 'MapMaxConcurrency' },
      ToleratedFailurePercentage: { Ref: 'MapToleratedFailurePercentage' },
    });
  });

  it('invokes each organisation-wide function of the template, and only those', () => {
    // Act
    const invoked = new Set<string>();
    const visit = (states: Record<string, State>) => {
      for (const state of Object.values(states)) {
        if (state.Type === 'Task') {
          expect(state.Resource).toBe('arn:aws:states:::lambda:invoke');
          invoked.add(String(state.Parameters?.FunctionName));
        }
        const processor = state.ItemProcessor as { States?: Record<string, State> } | undefined;
        if (processor?.States) visit(processor.States);
      }
    };
    visit(definition.States);

    // Assess
    expect([...invoked].sort()).toEqual(
      [
        SAMPLE_VALUES.PlannerFunctionArn,
        SAMPLE_VALUES.WorkerFunctionArn,
        SAMPLE_VALUES.AggregatorFunctionArn,
      ].sort(),
    );
    expect(properties.DefinitionSubstitutions).toMatchObject({
      PlannerFunctionArn: { 'Fn::GetAtt': ['PlannerFunction', 'Arn'] },
      WorkerFunctionArn: { 'Fn::GetAtt': ['WorkerFunction', 'Arn'] },
      AggregatorFunctionArn: { 'Fn::GetAtt': ['AggregatorFunction', 'Arn'] },
      ReportBucket: { Ref: 'ReportBucket' },
    });
    for (const id of ['PlannerFunction', 'WorkerFunction', 'AggregatorFunction']) {
      expect(resources[id]?.Type, id).toBe('AWS::Serverless::Function');
      expect(resources[id]?.Condition, id).toBe('OrganizationScanEnabled');
    }
  });

  it("retries every Lambda task on the errors AWS recommends retrying (Lambda's transient ones)", () => {
    // Prepare: https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
    const transient = [
      'Lambda.ClientExecutionTimeoutException',
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
    ];
    const tasks: Array<[string, State]> = [];
    const visit = (states: Record<string, State>) => {
      for (const [name, state] of Object.entries(states)) {
        if (state.Type === 'Task') tasks.push([name, state]);
        const processor = state.ItemProcessor as { States?: Record<string, State> } | undefined;
        if (processor?.States) visit(processor.States);
      }
    };
    visit(definition.States);

    // Assess
    expect(tasks.length).toBe(4);
    for (const [name, task] of tasks) {
      const retried = ((task.Retry ?? []) as Array<{ ErrorEquals: string[] }>).flatMap(
        (retry) => retry.ErrorEquals,
      );
      expect(retried, name).toEqual(expect.arrayContaining(transient));
    }
  });

  it('leads every state somewhere: each Next and Catch names a state, and some state ends', () => {
    const names = new Set(Object.keys(definition.States));
    for (const [name, state] of Object.entries(definition.States)) {
      if (state.Next !== undefined) expect(names, name).toContain(state.Next);
      for (const handler of state.Catch ?? []) expect(names, name).toContain(handler.Next);
    }
    expect(Object.values(definition.States).some((state) => state.End === true)).toBe(true);
  });

  it('still aggregates and notifies when the map fails, then fails the run', () => {
    // Act
    const caught = map.Catch?.find((handler) => handler.ErrorEquals.includes('States.ALL'));
    const aggregate = definition.States[caught?.Next ?? ''];

    // Assess
    expect(caught?.ResultPath).toBe('$.mapFailure');
    expect(aggregate?.Parameters?.FunctionName).toBe(SAMPLE_VALUES.AggregatorFunctionArn);
    expect(definition.States[aggregate?.Next ?? '']?.Type).toBe('Fail');
  });
});

describe('The events the states build', () => {
  const run = { id: 'c0ffee00-1234-4abc-8def-001122334455', scannedAt: '2026-11-25T12:00:00.000Z' };
  const plan = { bucket: SAMPLE_VALUES.ReportBucket, key: `runs/x/plan.json` };

  it("the planner's: the execution name as the run id, the execution's input, and which execution it is since when", () => {
    // Prepare
    const stateMachineArn =
      'arn:aws:states:us-west-2:123456789012:stateMachine:scanner-organization-scan';
    const executionArn = `arn:aws:states:us-west-2:123456789012:execution:scanner-organization-scan:${run.id}`;

    // Act
    const state = definition.States[definition.StartAt];
    const payload = evaluate(
      state?.Parameters?.Payload as Json,
      {},
      {
        Execution: {
          Id: executionArn,
          Name: run.id,
          Input: { targetVersion: '1.35' },
          StartTime: '2026-11-26T02:00:00.000Z',
          RedriveCount: 1,
        },
        // Redriven: the planning state is entered again, the execution's start stays.
        State: { EnteredTime: '2026-11-27T02:00:00.123Z', Name: 'PlanAccountsAndRegions' },
        StateMachine: { Id: stateMachineArn },
      },
    );

    // Assess
    expect(parsePlannerEvent(payload)).toEqual({
      runId: run.id,
      targetVersion: '1.35',
      execution: {
        arn: executionArn,
        stateMachineArn,
        startTime: new Date('2026-11-27T02:00:00.123Z'),
      },
    });
  });

  it.each([
    ['1.35', { targetVersion: '1.35' }],
    [null, {}],
  ])(
    "the worker's: the item's account and region with the run, the plan's clusters, cluster ARNs and target %s",
    (targetVersion, expected) => {
      // Prepare: the planner state's output, as its ResultSelector builds it.
      const planner = definition.States[definition.StartAt] as State & { ResultSelector: Json };
      const planned = evaluate(
        planner.ResultSelector,
        {
          Payload: {
            run,
            plan,
            clusters: ['prod', 'legacy'],
            clusterArns: ['arn:aws:eks:eu-west-1:111122223333:cluster/legacy'],
            targetVersion,
            accounts: 1,
            regions: [],
            targets: 1,
          },
        },
        {},
      );

      // Act
      const payload = evaluate(map.ItemSelector as Json, planned, {
        Map: { Item: { Value: { accountId: '111122223333', region: 'eu-west-1' }, Index: 0 } },
      });

      // Assess
      expect(payload).toHaveProperty('targetVersion', targetVersion);
      expect(parseWorkerEvent(payload)).toEqual({
        accountId: '111122223333',
        region: 'eu-west-1',
        run,
        clusters: ['prod', 'legacy'],
        clusterArns: [
          {
            arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/legacy',
            partition: 'aws',
            region: 'eu-west-1',
            accountId: '111122223333',
            name: 'legacy',
          },
        ],
        ...expected,
      });
    },
  );

  it("the aggregator's, with the plan's clusters and cluster ARNs, after the map succeeded and after it failed", () => {
    // Prepare
    const succeeded = definition.States[map.Next ?? ''];
    const failed = definition.States[map.Catch?.[0]?.Next ?? ''];
    const mapResult = { MapRunArn: 'arn', ResultWriterDetails: { Bucket: 'b', Key: 'k' } };
    const mapFailure = { Error: 'States.ExceedToleratedFailureThreshold', Cause: 'too many' };

    // Act
    const clusters = ['prod'];
    const arn = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod';
    const afterSuccess = evaluate(
      succeeded?.Parameters?.Payload as Json,
      { run, plan, clusters, clusterArns: [arn], mapResult },
      {},
    );
    const afterFailure = evaluate(
      failed?.Parameters?.Payload as Json,
      { run, plan, clusters, clusterArns: [arn], mapFailure },
      {},
    );

    // Assess
    const clusterArns = [
      { arn, partition: 'aws', region: 'eu-west-1', accountId: '111122223333', name: 'prod' },
    ];
    expect(parseAggregatorEvent(afterSuccess)).toEqual({
      run,
      plan,
      clusters,
      clusterArns,
      mapResult,
    });
    expect(parseAggregatorEvent(afterFailure)).toEqual({
      run,
      plan,
      clusters,
      clusterArns,
      mapFailure,
    });
  });
});

describe('Resource: OrganizationScanStateMachine', () => {
  it('passes cfn-lint with its definition inlined (the ASL schema checks)', async () => {
    // Prepare: cfn-lint reads definitions inline, not from DefinitionUri.
    const dir = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-asl-'));
    const file = join(dir, 'state-machine.json');
    await writeFile(
      file,
      JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          StateMachine: {
            Type: 'AWS::StepFunctions::StateMachine',
            Properties: {
              RoleArn: 'arn:aws:iam::123456789012:role/state-machine',
              Definition: definition,
            },
          },
        },
      }),
    );

    // Act
    const run = spawnSync('cfn-lint', [file], { encoding: 'utf8' });
    await rm(dir, { recursive: true, force: true });

    // Assess
    expect(run.error).toBeUndefined();
    expect({ status: run.status, problems: `${run.stdout}${run.stderr}` }).toEqual({
      status: 0,
      problems: '',
    });
  }, 120_000);

  it('grants exactly what its states use: the three functions, the plan, the map results, its own executions, its logs and traces', () => {
    // Act
    const statements = (
      (properties.Policies as Array<{ Statement: Json[] }>)[0]?.Statement ?? []
    ).map((statement) => [statement.Action, statement.Resource]);

    // Assess
    expect(statements).toEqual([
      [
        'lambda:InvokeFunction',
        [
          { 'Fn::GetAtt': ['PlannerFunction', 'Arn'] },
          { 'Fn::GetAtt': ['WorkerFunction', 'Arn'] },
          { 'Fn::GetAtt': ['AggregatorFunction', 'Arn'] },
        ],
      ],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
      ['s3:GetObject', { 'Fn::Sub': '${ReportBucket.Arn}/runs/*/plan.json' }],
      [
        ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
        { 'Fn::Sub': '${ReportBucket.Arn}/map-results/*' },
      ],
      [
        'states:StartExecution',
        {
          'Fn::Sub':
            // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
            'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-organization-scan',
        },
      ],
      [
        ['states:DescribeExecution', 'states:StopExecution'],
        {
          'Fn::Sub':
            // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
            'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::StackName}-organization-scan/*',
        },
      ],
      [
        [
          'logs:CreateLogDelivery',
          'logs:GetLogDelivery',
          'logs:UpdateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:DescribeResourcePolicies',
          'logs:DescribeLogGroups',
        ],
        '*',
      ],
      [
        [
          'xray:PutTraceSegments',
          'xray:PutTelemetryRecords',
          'xray:GetSamplingRules',
          'xray:GetSamplingTargets',
        ],
        '*',
      ],
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
    expect(properties.Name).toEqual({ 'Fn::Sub': '${AWS::StackName}-organization-scan' });
  });

  it('runs on the scan schedule, which then no longer starts the single-account scan', () => {
    // Prepare
    const events = (resource: string) => {
      const all = resources[resource]?.Properties?.Events as
        | Record<string, { Type: string; Properties: Json }>
        | undefined;
      return all?.Schedule;
    };

    // Assess
    expect(events(STATE_MACHINE_ID)).toMatchObject({
      Type: 'Schedule',
      Properties: { Schedule: { Ref: 'ScanSchedule' } },
    });
    expect(events('ScannerFunction')?.Properties.State).toEqual({
      'Fn::If': ['OrganizationScanEnabled', 'DISABLED', 'ENABLED'],
    });
  });
});
