import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventValidationError } from '../../../src/lambda/events.ts';
import {
  parseAggregatorEvent,
  parsePlannerEvent,
  parseWorkerEvent,
} from '../../../src/lambda/organization-events.ts';
import { planKey } from '../../../src/organization/run.ts';

function sampleEvent(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../events/${name}`, import.meta.url), 'utf8'));
}

const run = { id: 'nightly-1', scannedAt: '2026-11-25T12:00:00.000Z' };
const plan = { bucket: 'scanner-reports', key: 'runs/2026-11-25T12-00-00Z_nightly-1/plan.json' };

describe('Function: parseWorkerEvent', () => {
  it('reads the account, the region and the run the map item carries', () => {
    expect(parseWorkerEvent({ accountId: '111122223333', region: 'eu-west-1', run })).toEqual({
      accountId: '111122223333',
      region: 'eu-west-1',
      run,
    });
  });

  it("refuses a region of another partition than the function's own, naming both", () => {
    const event = { accountId: '111122223333', region: 'cn-north-1', run };
    expect(() => parseWorkerEvent(event, 'eu-west-1')).toThrow(
      "Invalid event: region cn-north-1 is in the aws-cn partition and this function's region eu-west-1 in aws: its credentials reach one partition only",
    );
    expect(parseWorkerEvent(event, 'cn-northwest-1').region).toBe('cn-north-1');
  });

  it('names the field a misspelt one was meant to be, and the fields there are', () => {
    // Act
    const act = () =>
      parseWorkerEvent({ accountId: '111122223333', region: 'eu-west-1', run, cluster: ['prod'] });

    // Assess
    expect(act).toThrow(
      'Invalid event: cluster is not a field of this event (did you mean clusters?); its fields are accountId, region, run, clusters, clusterArns, targetVersion',
    );
  });

  it("reads the plan's upgrade target, null being none", () => {
    const event = { accountId: '111122223333', region: 'eu-west-1', run };
    expect(parseWorkerEvent({ ...event, targetVersion: '1.35' }).targetVersion).toBe('1.35');
    expect(parseWorkerEvent({ ...event, targetVersion: null })).toEqual(event);
    expect(() => parseWorkerEvent({ ...event, targetVersion: '2' })).toThrow(
      'Invalid event: targetVersion ',
    );
  });

  it("reads the plan's cluster names, an empty list (every cluster) included", () => {
    const event = { accountId: '111122223333', region: 'eu-west-1', run };
    expect(parseWorkerEvent({ ...event, clusters: ['prod', 'prod', 'dev'] }).clusters).toEqual([
      'prod',
      'dev',
    ]);
    expect(parseWorkerEvent({ ...event, clusters: [] }).clusters).toEqual([]);
  });

  it("reads the plan's cluster ARNs into their parts", () => {
    const event = { accountId: '111122223333', region: 'eu-west-1', run, clusters: ['prod'] };
    const arn = 'arn:aws:eks:us-west-2:444455556666:cluster/prod';
    expect(parseWorkerEvent({ ...event, clusterArns: [arn] }).clusterArns).toEqual([
      { arn, partition: 'aws', region: 'us-west-2', accountId: '444455556666', name: 'prod' },
    ]);
    expect(parseWorkerEvent({ ...event, clusterArns: [] }).clusterArns).toEqual([]);
  });

  it.each([
    [{ accountId: '1111', region: 'eu-west-1', run }, 'accountId'],
    [{ accountId: '111122223333', region: 'Ireland', run }, 'region'],
    [{ accountId: '111122223333', region: 'xx-fake-9', run }, 'region'],
    [{ accountId: '111122223333', region: 42, run }, 'region'],
    [{ accountId: '111122223333', region: 'eu-west-1', run: { ...run, id: '../x' } }, 'run.id'],
    [
      { accountId: '111122223333', region: 'eu-west-1', run: { ...run, scannedAt: 'then' } },
      'run.scannedAt',
    ],
    [{ accountId: '111122223333', region: 'eu-west-1', run, clusters: 'prod' }, 'clusters'],
    [
      { accountId: '111122223333', region: 'eu-west-1', run, clusters: ['arn:aws:eks:x'] },
      'clusters',
    ],
    [{ accountId: '111122223333', region: 'eu-west-1', run, clusterArns: ['prod'] }, 'clusterArns'],
    [
      {
        accountId: '111122223333',
        region: 'eu-west-1',
        run,
        clusterArns: ['arn:aws:eks:us-west-2:444455556666:cluster/no such'],
      },
      'clusterArns',
    ],
    [{ accountId: '111122223333', region: 'eu-west-1', run, clusterArns: 'arn' }, 'clusterArns'],
    [{ accountId: '111122223333', region: 'eu-west-1', run, cluster: 'prod' }, 'cluster'],
    [{ action: 'audit' }, 'action'],
  ])('refuses %j naming %s', (event, field) => {
    // Act
    const act = () => parseWorkerEvent(event);

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(`Invalid event: ${field} `);
  });
});

describe('Function: parsePlannerEvent', () => {
  it('reads the execution name as the run id, and refuses anything else', () => {
    expect(parsePlannerEvent({ runId: 'c0ffee00-1234' })).toEqual({ runId: 'c0ffee00-1234' });
    expect(() => parsePlannerEvent({ runId: 'a b' })).toThrow('Invalid event: runId ');
  });

  it.each(['nightly.2026-11-27', 'audit@team+1', 'prüfung(2)', 'x'.repeat(80)])(
    'takes %s, a name Step Functions takes for an execution',
    (runId) => {
      expect(parsePlannerEvent({ runId })).toEqual({ runId });
    },
  );

  it.each(['runs/../x', 'a:b', 'tab\there', 'semi;colon', '', 'x'.repeat(81)])(
    'refuses %j, which Step Functions refuses or which would not make one folder',
    (runId) => {
      expect(() => parsePlannerEvent({ runId })).toThrow('Invalid event: runId ');
    },
  );

  it("refuses an event that is not the planner's", () => {
    expect(() => parsePlannerEvent({ 'detail-type': 'Scheduled Event' })).toThrow(
      'Invalid event: detail-type ',
    );
  });

  it("reads the upgrade target from the execution's input", () => {
    expect(parsePlannerEvent({ runId: 'r1', input: { targetVersion: '1.35' } })).toEqual({
      runId: 'r1',
      targetVersion: '1.35',
    });
    expect(parsePlannerEvent({ runId: 'r1', input: {} })).toEqual({ runId: 'r1' });
    expect(parsePlannerEvent({ runId: 'r1', input: null })).toEqual({ runId: 'r1' });
  });

  it("asks nothing of a scheduled run's input, EventBridge's event", () => {
    // Prepare
    const scheduled = sampleEvent('scheduled.json');

    // Act and assess
    expect(parsePlannerEvent({ runId: 'r1', input: scheduled })).toEqual({ runId: 'r1' });
  });

  it("refuses a field added to a scheduled run's input by name, rather than ignore it", () => {
    // Prepare: the sample scheduled event, copied as a run's input with an upgrade target.
    const input = { ...(sampleEvent('scheduled.json') as object), targetVersion: '1.36' };

    // Act
    const act = () => parsePlannerEvent({ runId: 'r1', input });

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow('Invalid event: input.targetVersion is not a field of a Scheduled Event');
  });

  it.each([
    [{ targetVersion: 1.35 }, 'input.targetVersion'],
    [{ targetVersion: 'latest' }, 'input.targetVersion'],
    [{ targetversion: '1.35' }, 'input.targetversion'],
    ['1.35', 'input'],
  ])("refuses the execution's input %j naming %s", (input, field) => {
    // Act
    const act = () => parsePlannerEvent({ runId: 'r1', input });

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(`Invalid event: ${field} `);
  });
});

describe('Function: parsePlannerEvent, the execution planning', () => {
  const stateMachineArn =
    'arn:aws:states:eu-west-1:111122223333:stateMachine:scanner-organization-scan';
  const execution = {
    arn: 'arn:aws:states:eu-west-1:111122223333:execution:scanner-organization-scan:r1',
    stateMachineArn,
    startTime: '2026-11-27T02:00:00.123Z',
  };

  it('reads which execution plans, to tell whether another run is going', () => {
    expect(parsePlannerEvent({ runId: 'r1', execution })).toEqual({
      runId: 'r1',
      execution: { ...execution, startTime: new Date(execution.startTime) },
    });
  });

  it('takes a start time with an offset, and a leap day', () => {
    const read = (startTime: string) =>
      parsePlannerEvent({ runId: 'r1', execution: { ...execution, startTime } }).execution
        ?.startTime;
    expect(read('2026-11-27T03:00:00.123+01:00')).toEqual(new Date('2026-11-27T02:00:00.123Z'));
    expect(read('2028-02-29T00:00:00Z')).toEqual(new Date('2028-02-29T00:00:00Z'));
  });

  it.each([
    ['not an object', 'execution'],
    [{ ...execution, stateMachineArn: 'scanner-organization-scan' }, 'execution.stateMachineArn'],
    [
      {
        ...execution,
        arn: 'arn:aws:states:eu-west-1:111122223333:execution:other-organization-scan:r1',
      },
      'execution.arn',
    ],
    [{ ...execution, arn: `${execution.arn}/child` }, 'execution.arn'],
    [{ ...execution, startTime: 'yesterday' }, 'execution.startTime'],
    [{ ...execution, startTime: '2' }, 'execution.startTime'],
    [{ ...execution, startTime: '2026-11-27' }, 'execution.startTime'],
    [{ ...execution, startTime: '2026-02-30T02:00:00Z' }, 'execution.startTime'],
    [{ ...execution, startTime: '2026-11-27T24:00:00Z' }, 'execution.startTime'],
    [{ ...execution, startTime: 'Fri, 27 Nov 2026 02:00:00 GMT' }, 'execution.startTime'],
    [{ ...execution, arn: execution.arn.replace(/:r1$/, ':r2') }, 'execution.arn'],
    [{ ...execution, status: 'RUNNING' }, 'execution.status'],
  ])('refuses the execution %j naming %s', (value, field) => {
    // Act
    const act = () => parsePlannerEvent({ runId: 'r1', execution: value });

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(`Invalid event: ${field} `);
  });
});

describe('Function: parseAggregatorEvent', () => {
  it('reads the run, the plan and the map outcome', () => {
    const mapFailure = { Error: 'States.ExceedToleratedFailureThreshold', Cause: 'too many' };
    expect(parseAggregatorEvent({ run, plan, mapFailure })).toEqual({ run, plan, mapFailure });
  });

  it("reads the plan's cluster ARNs, and refuses what is not one", () => {
    const arn = 'arn:aws:eks:us-west-2:444455556666:cluster/prod';
    expect(parseAggregatorEvent({ run, plan, clusters: ['prod'], clusterArns: [arn] })).toEqual({
      run,
      plan,
      clusters: ['prod'],
      clusterArns: [
        { arn, partition: 'aws', region: 'us-west-2', accountId: '444455556666', name: 'prod' },
      ],
    });
    expect(() => parseAggregatorEvent({ run, plan, clusterArns: ['prod'] })).toThrow(
      'Invalid event: clusterArns must be a list of at most 1000 EKS cluster ARNs',
    );
  });

  it("reads the plan's clusters, and an older state machine's event without them", () => {
    expect(parseAggregatorEvent({ run, plan, clusters: ['prod', 'prod', 'staging'] })).toEqual({
      run,
      plan,
      clusters: ['prod', 'staging'],
    });
    expect(parseAggregatorEvent({ run, plan, clusters: [] })).toEqual({ run, plan, clusters: [] });
    expect(parseAggregatorEvent({ run, plan })).toEqual({ run, plan });
  });

  it.each([['prod'], [['arn:aws:eks:us-west-2:111122223333:cluster/prod']], [[42]]])(
    'refuses clusters %j that are not a list of cluster names',
    (clusters) => {
      expect(() => parseAggregatorEvent({ run, plan, clusters })).toThrow(
        'Invalid event: clusters must be a list of at most 1000 EKS cluster names',
      );
    },
  );

  it.each([
    [{ mapFailure: { Error: { name: 'States.ALL' }, Cause: 'too many' } }, 'mapFailure.Error'],
    [{ mapFailure: { Error: 'States.ALL', Cause: 12 } }, 'mapFailure.Cause'],
    [{ mapResult: { MapRunArn: 5 } }, 'mapResult.MapRunArn'],
    [{ mapResult: { ResultWriterDetails: 's3://reports/map' } }, 'mapResult.ResultWriterDetails'],
    [
      { mapResult: { ResultWriterDetails: { Key: ['manifest.json'] } } },
      'mapResult.ResultWriterDetails.Key',
    ],
  ])('refuses the map outcome %j naming %s', (outcome, field) => {
    // Act
    const act = () => parseAggregatorEvent({ run, plan, ...outcome });

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(`Invalid event: ${field} must be`);
  });

  it('reads the map results the Map state wrote', () => {
    const mapResult = {
      MapRunArn: 'arn:aws:states:us-west-2:111122223333:mapRun:scan/ScanAccountRegion:1',
      ResultWriterDetails: { Bucket: plan.bucket, Key: 'map-results/manifest.json' },
    };
    expect(parseAggregatorEvent({ run, plan, mapResult })).toEqual({ run, plan, mapResult });
  });

  it('refuses a plan without its key', () => {
    expect(() => parseAggregatorEvent({ run, plan: { bucket: 'scanner-reports' } })).toThrow(
      'Invalid event: plan must name the bucket and key of the plan',
    );
  });
});

describe('Files: events/organization-*.json', () => {
  it('are events the functions accept, of one run', () => {
    // Act
    const planner = parsePlannerEvent(sampleEvent('organization-planner.json'));
    const worker = parseWorkerEvent(sampleEvent('organization-worker.json'));
    const aggregator = parseAggregatorEvent(sampleEvent('organization-aggregator.json'));

    // Assess: the planner's names an execution, as the state machine's does (its ARNs are
    // examples: with your own state machine's, invoking it checks for your other runs).
    expect(planner.execution?.arn.endsWith(`:${planner.runId}`)).toBe(true);
    expect(worker.run.id).toBe(planner.runId);
    expect(aggregator.run).toEqual(worker.run);
    // The aggregator reads only its run's own plan.
    expect(aggregator.plan.key).toBe(planKey(aggregator.run));
  });
});
