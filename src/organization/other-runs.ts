/**
 * One organisation-wide run at a time: two at once would both import into and archive in
 * every member account's Security Hub, and send two summaries of one estate. The planner
 * asks Step Functions which runs of its state machine are going, and a run that finds an
 * older one still going stops before it scans anything.
 */
import { ExecutionStatus, paginateListExecutions, type SFNClient } from '@aws-sdk/client-sfn';
import { executionArnPrefix, type RunExecution } from './run.ts';

export interface GoingRun {
  arn: string;
  startTime: Date;
}

/** The run that was going first: this one stops, so that exactly one of the two goes on. */
export class AnotherOrganizationRunGoingError extends Error {
  override name = 'AnotherOrganizationRunGoingError';
  readonly going: GoingRun;
  constructor(going: GoingRun) {
    super(
      `Run ${going.arn}, started ${going.startTime.toISOString()}, is still going: this run stopped before scanning, as two at once would both write to every Security Hub. Start again when that run has finished, or stop it (aws stepfunctions stop-execution --execution-arn ${going.arn}).`,
    );
    this.going = going;
  }
}

/**
 * The oldest run of `run`'s state machine still going that started before it (at the same
 * instant, the one whose ARN sorts first), or undefined. Runs started together thus agree on
 * which of them goes on. Each run counts from its last redrive, if any (after it failed, say
 * because another was going), not from its first start: else a refused run redriven later
 * would count as the older. This run's time is taken from the list when the list has it, on
 * the same clock as the others', else from the event. Only top-level executions count (a
 * Distributed Map's child executions are `…:execution:<state machine>/<map run>:<id>`).
 * ListExecutions is eventually consistent, so two runs started within a few seconds may
 * still both go on.
 */
export async function earlierRunGoing(
  client: SFNClient,
  run: RunExecution,
): Promise<GoingRun | undefined> {
  const topLevelPrefix = executionArnPrefix(run.stateMachineArn);
  const others: GoingRun[] = [];
  let self: GoingRun = { arn: run.arn, startTime: run.startTime };
  const pages = paginateListExecutions(
    { client },
    { stateMachineArn: run.stateMachineArn, statusFilter: ExecutionStatus.RUNNING },
  );
  for await (const page of pages) {
    for (const { executionArn, startDate, redriveDate } of page.executions ?? []) {
      const startTime = redriveDate ?? startDate;
      if (executionArn === undefined || startTime === undefined) continue;
      if (!executionArn.startsWith(topLevelPrefix)) continue;
      if (executionArn === run.arn) self = { arn: run.arn, startTime };
      else others.push({ arn: executionArn, startTime });
    }
  }
  let earliest: GoingRun | undefined;
  for (const other of others) {
    if (startedBefore(other, self) && (earliest === undefined || startedBefore(other, earliest)))
      earliest = other;
  }
  return earliest;
}

function startedBefore(a: GoingRun, b: GoingRun): boolean {
  const difference = a.startTime.getTime() - b.startTime.getTime();
  return difference < 0 || (difference === 0 && a.arn < b.arn);
}
