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
export class AnotherRunGoingError extends Error {
  override name = 'AnotherOrganizationRunGoing';
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
 * which of them goes on. The Distributed Map's child executions are listed by their map run,
 * not here, and have a `/` in their name, which top-level executions cannot: they are left
 * out should they ever be listed. ListExecutions is eventually consistent, so two runs
 * started within a few seconds may still both go on.
 */
export async function earlierRunGoing(
  client: SFNClient,
  run: RunExecution,
): Promise<GoingRun | undefined> {
  const topLevelPrefix = executionArnPrefix(run.stateMachineArn);
  let earliest: GoingRun | undefined;
  const pages = paginateListExecutions(
    { client },
    { stateMachineArn: run.stateMachineArn, statusFilter: ExecutionStatus.RUNNING },
  );
  for await (const page of pages) {
    for (const { executionArn, startDate } of page.executions ?? []) {
      if (executionArn === undefined || startDate === undefined || executionArn === run.arn)
        continue;
      if (!executionArn.startsWith(topLevelPrefix)) continue;
      if (executionArn.slice(topLevelPrefix.length).includes('/')) continue;
      const other = { arn: executionArn, startTime: startDate };
      if (startedBefore(other, run) && (earliest === undefined || startedBefore(other, earliest)))
        earliest = other;
    }
  }
  return earliest;
}

function startedBefore(a: GoingRun, b: GoingRun): boolean {
  const difference = a.startTime.getTime() - b.startTime.getTime();
  return difference < 0 || (difference === 0 && a.arn < b.arn);
}
