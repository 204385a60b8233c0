/**
 * One organisation-wide run and where it keeps things in the report bucket. The planner,
 * every worker and the aggregator derive the same keys from the same run, so no key travels
 * through Step Functions except the plan's.
 */
import type { FindingChanges } from '../publish/types.ts';
import type { Report } from '../report/types.ts';

export interface ScanRun {
  /** The Step Functions execution name: unique per run. */
  id: string;
  /** One instant for the whole run, so that every account's findings are judged alike. */
  scannedAt: string;
}

/** The run's Step Functions execution, as the state machine's context object names it. */
export interface RunExecution {
  /** `$$.Execution.Id`: the execution's ARN. */
  arn: string;
  /** `$$.StateMachine.Id`: its state machine's ARN. */
  stateMachineArn: string;
  /**
   * `$$.State.EnteredTime` of the planning state, the first: when the run started, or when it
   * was last redriven (`$$.Execution.StartTime` keeps the first start through a redrive).
   */
  startTime: Date;
}

/** What the ARNs of a state machine's executions start with: `…:execution:<name>:`. */
export function executionArnPrefix(stateMachineArn: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:`;
}

/** One item of the Distributed Map: an account and a region. */
export interface ScanTarget {
  accountId: string;
  region: string;
}

/** What a worker leaves in the bucket for the aggregator. */
export interface ScanPart extends ScanTarget {
  report: Report;
  /**
   * What the run changed in that account's Security Hub in that region; null when unknown
   * (Security Hub off, or it could not be read or written), so the summary cannot say.
   */
  changes: FindingChanges | null;
}

/**
 * Execution names as Step Functions takes them (`start-execution --name nightly.2026-11-27`):
 * 1 to 80 characters, none of them whitespace, brackets, wildcards, control characters or
 * " # % \ ^ | ~ ` $ & , ; : /. No slash: the id is one folder of the bucket's keys.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
export const RUN_ID = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;
/** What RUN_ID takes, for messages. */
export const RUN_ID_RULE =
  'an execution name (1 to 80 characters, without whitespace, brackets, wildcards, control characters or " # % \\ ^ | ~ ` $ & , ; : /)';

/** `runs/2026-11-25T12-00-00Z_<id>/`: sorted by time when listed, and unique per run. */
export function runPrefix(run: ScanRun): string {
  const when = new Date(run.scannedAt)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
  return `runs/${when}_${run.id}/`;
}

export const planKey = (run: ScanRun) => `${runPrefix(run)}plan.json`;
export const partsPrefix = (run: ScanRun) => `${runPrefix(run)}parts/`;
export const partKey = (run: ScanRun, target: ScanTarget) =>
  `${partsPrefix(run)}${target.accountId}/${target.region}.json`;
export const reportKey = (run: ScanRun, extension: 'json' | 'html') =>
  `${runPrefix(run)}report.${extension}`;
