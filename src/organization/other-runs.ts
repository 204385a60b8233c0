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
 * which of them goes on. A run redriven (after it failed, say because another was going)
 * counts from its last redrive, as ListExecutions gives it, not from its first start: else a
 * refused run redriven later would count as the older. The Distributed Map's child executions
 * are listed by their map run, not here, and have a `/` in their name, which top-level
 * executions cannot: they are left out should they ever be listed. ListExecutions is
 * eventually consistent, so two runs started within a few seconds may still both go on.
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
      if (executionArn.slice(topLevelPrefix.length).includes('/')) continue;
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
