import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  AnotherOrganizationRunGoingError,
  earlierRunGoing,
} from '../../../src/organization/other-runs.ts';

const STATE_MACHINE =
  'arn:aws:states:us-west-2:111122223333:stateMachine:scanner-organization-scan';
const executionArn = (name: string) =>
  `arn:aws:states:us-west-2:111122223333:execution:scanner-organization-scan:${name}`;

const run = {
  arn: executionArn('nightly-2'),
  stateMachineArn: STATE_MACHINE,
  startTime: new Date('2026-11-27T02:00:00.000Z'),
};

/** A running execution as ListExecutions lists it. */
function listed(arn: string, startTime: string) {
  return {
    executionArn: arn,
    stateMachineArn: STATE_MACHINE,
    name: arn.split(':').at(-1),
    status: 'RUNNING' as const,
    startDate: new Date(startTime),
  };
}

describe('Function: earlierRunGoing', () => {
  const sfn = mockClient(SFNClient);

  beforeEach(() => {
    sfn.reset();
  });

  it("asks for the running executions of the run's own state machine", async () => {
    // Prepare
    sfn
      .on(ListExecutionsCommand)
      .resolves({ executions: [listed(run.arn, '2026-11-27T02:00:00Z')] });

    // Act
    const going = await earlierRunGoing(new SFNClient({ region: 'us-west-2' }), run);

    // Assess: the run itself is no other run.
    expect(going).toBeUndefined();
    expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, {
      stateMachineArn: STATE_MACHINE,
      statusFilter: 'RUNNING',
    });
  });

  it('finds the oldest run that started before this one, on any page', async () => {
    // Prepare
    sfn
      .on(ListExecutionsCommand)
      .resolvesOnce({
        executions: [
          listed(run.arn, '2026-11-27T02:00:00Z'),
          listed(executionArn('audit-1'), '2026-11-27T01:30:00Z'),
        ],
        nextToken: 'page-2',
      })
      .resolvesOnce({ executions: [listed(executionArn('nightly-1'), '2026-11-26T02:00:00Z')] });

    // Act
    const going = await earlierRunGoing(new SFNClient({ region: 'us-west-2' }), run);

    // Assess
    expect(going).toEqual({
      arn: executionArn('nightly-1'),
      startTime: new Date('2026-11-26T02:00:00Z'),
    });
    expect(sfn).toHaveReceivedCommandTimes(ListExecutionsCommand, 2);
  });

  it('lets this run go on when the other runs going started after it: they are the ones to stop', async () => {
    // Prepare
    sfn
      .on(ListExecutionsCommand)
      .resolves({ executions: [listed(executionArn('audit-2'), '2026-11-27T02:00:01Z')] });

    // Act and assess
    expect(await earlierRunGoing(new SFNClient({ region: 'us-west-2' }), run)).toBeUndefined();
  });

  it.each([
    ['nightly-1', true],
    ['nightly-3', false],
  ])(
    'decides between runs started at the same instant by their ARNs (other run %s goes first: %s)',
    async (name, otherFirst) => {
      // Prepare
      const other = listed(executionArn(name), run.startTime.toISOString());
      sfn.on(ListExecutionsCommand).resolves({ executions: [other] });

      // Act
      const going = await earlierRunGoing(new SFNClient({ region: 'us-west-2' }), run);

      // Assess: of two runs started together, exactly one goes on.
      expect(going?.arn).toBe(otherFirst ? other.executionArn : undefined);
    },
  );

  it('counts a redriven run from its last redrive, itself included', async () => {
    // Prepare: this run was refused yesterday and redriven now; another started in between.
    const redriven = { ...run, startTime: new Date('2026-11-26T02:00:00Z') };
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          ...listed(run.arn, '2026-11-26T02:00:00Z'),
          redriveDate: new Date('2026-11-27T09:00:00Z'),
        },
        listed(executionArn('audit-1'), '2026-11-27T08:00:00Z'),
      ],
    });

    // Act
    const going = await earlierRunGoing(new SFNClient({ region: 'us-west-2' }), redriven);

    // Assess
    expect(going?.arn).toBe(executionArn('audit-1'));
  });

  it('counts this run from the time the event gives while the list does not have it yet', async () => {
    // Prepare: redriven a moment ago (the event's time is the planning state's entry), not
    // yet listed as RUNNING; another run started an hour before.
    const redriven = { ...run, startTime: new Date('2026-11-27T09:00:00Z') };
    sfn
      .on(ListExecutionsCommand)
      .resolves({ executions: [listed(executionArn('audit-1'), '2026-11-27T08:00:00Z')] });

    // Act
    const going = await earlierRunGoing(new SFNClient({ region: 'us-west-2' }), redriven);

    // Assess
    expect(going?.arn).toBe(executionArn('audit-1'));
  });

  it('lets a run go on before one that was redriven after it started', async () => {
    // Prepare
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        listed(run.arn, run.startTime.toISOString()),
        {
          ...listed(executionArn('nightly-1'), '2026-11-26T02:00:00Z'),
          redriveDate: new Date('2026-11-27T02:05:00Z'),
        },
      ],
    });

    // Act and assess
    expect(await earlierRunGoing(new SFNClient({ region: 'us-west-2' }), run)).toBeUndefined();
  });

  it("ignores a Distributed Map's child executions and another state machine's", async () => {
    // Prepare
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        listed(
          'arn:aws:states:us-west-2:111122223333:execution:scanner-organization-scan/ScanAccountRegion:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
          '2026-11-26T02:00:00Z',
        ),
        listed(
          'arn:aws:states:us-west-2:111122223333:execution:other-organization-scan:n1',
          '2026-11-26T02:00:00Z',
        ),
      ],
    });

    // Act and assess
    expect(await earlierRunGoing(new SFNClient({ region: 'us-west-2' }), run)).toBeUndefined();
  });
});

describe('Class: AnotherOrganizationRunGoingError', () => {
  it('names the run going and how to stop it, under a name the state machine shows as the error', () => {
    // Act
    const error = new AnotherOrganizationRunGoingError({
      arn: executionArn('nightly-1'),
      startTime: new Date('2026-11-26T02:00:00Z'),
    });

    // Assess
    expect(error.name).toBe('AnotherOrganizationRunGoingError');
    expect(error.message).toContain(
      `Run ${executionArn('nightly-1')}, started 2026-11-26T02:00:00.000Z`,
    );
    expect(error.message).toContain(`stop-execution --execution-arn ${executionArn('nightly-1')}`);
  });
});
