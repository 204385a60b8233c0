/**
 * The events of the organisation-wide functions, as the state machine sends them
 * (statemachine/organization-scan.asl.json); anything else is refused by name.
 */

import { closeMatches } from '../close-matches.ts';
import { CLUSTER_NAME, type ClusterArnParts, clusterArnParts } from '../cluster-names.ts';
import type { MapRunFailure, MapRunResult } from '../organization/aggregator.ts';
import {
  executionArnPrefix,
  RUN_ID,
  RUN_ID_RULE,
  type RunExecution,
  type ScanRun,
  type ScanTarget,
} from '../organization/run.ts';
import {
  assertOwnPartition,
  EventValidationError,
  eventRegion,
  isRecord,
  SCHEDULED_EVENT_FIELDS,
  targetVersionOf,
} from './events.ts';

export interface PlannerEvent {
  runId: string;
  /** Upgrade readiness for this run, from the execution's input: "1.36". */
  targetVersion?: string;
  /**
   * The execution planning, to tell whether another run is going. Absent from an event of an
   * older state machine: that run is planned without the check.
   */
  execution?: RunExecution;
}

export interface WorkerEvent extends ScanTarget {
  run: ScanRun;
  /**
   * The plan's cluster names (a configuration file's `clusters`); empty for every cluster.
   * Absent from an event of an older state machine: the worker then takes its own file's.
   */
  clusters?: string[];
  /**
   * The plan's cluster ARNs that confine their name to their own account and region
   * (src/organization/cluster-scope.ts). Absent from an event of an older state machine.
   */
  clusterArns?: ClusterArnParts[];
  /** The plan's upgrade target ("1.36"); absent (or null in the event) for none. */
  targetVersion?: string;
}

export interface AggregatorEvent {
  run: ScanRun;
  plan: { bucket: string; key: string };
  /**
   * The plan's cluster names, as the workers got them; empty for every cluster. Absent from
   * an event of an older state machine: the report then takes them from the parts.
   */
  clusters?: string[];
  /** The plan's cluster ARNs, as the workers got them. Absent from an older state machine's event. */
  clusterArns?: ClusterArnParts[];
  mapResult?: MapRunResult;
  mapFailure?: MapRunFailure;
}

const ACCOUNT_ID = /^\d{12}$/;
/** The most cluster names a configuration file may list (its schema's maxItems). */
const MAX_PLANNED_CLUSTERS = 1000;

type Json = Record<string, unknown>;

function objectOf(value: unknown, field: string, fields: readonly string[]): Json {
  if (!isRecord(value)) throw new EventValidationError(field, 'must be a JSON object');
  const unknown = Object.keys(value).find((key) => !fields.includes(key));
  if (unknown !== undefined) {
    const name = field === 'event' ? unknown : `${field}.${unknown}`;
    // Written by the state machine, or by hand to start a run: say what was meant.
    const [close] = closeMatches(unknown, fields, 1);
    throw new EventValidationError(
      name,
      `is not a field of this event${close === undefined ? '' : ` (did you mean ${close}?)`}; its fields are ${fields.join(', ')}`,
    );
  }
  return value;
}

function stringOf(value: unknown, field: string, pattern: RegExp, expected: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new EventValidationError(field, `must be ${expected}`);
  }
  return value;
}

function runOf(value: unknown): ScanRun {
  const run = objectOf(value, 'run', ['id', 'scannedAt']);
  const id = stringOf(run.id, 'run.id', RUN_ID, RUN_ID_RULE);
  return { id, scannedAt: dateOf(run.scannedAt, 'run.scannedAt').toISOString() };
}

/** ISO 8601 as AWS and `toISOString` write it; `Date.parse` alone takes "2" for 2001. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

function dateOf(value: unknown, field: string): Date {
  const parts = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
  const [year = Number.NaN, month = Number.NaN, day = Number.NaN] = (parts ?? [])
    .slice(1, 4)
    .map(Number);
  // V8 reads 2026-02-30 as 2 March: a day the month does not have is refused, not moved.
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  if (calendarDay.getUTCMonth() + 1 !== month || calendarDay.getUTCDate() !== day)
    throw new EventValidationError(field, 'must be an ISO 8601 date and time');
  return new Date(value as string);
}

export function parsePlannerEvent(event: unknown): PlannerEvent {
  const fields = objectOf(event, 'event', ['runId', 'input', 'execution']);
  const targetVersion = executionTargetVersion(fields.input);
  const runId = stringOf(fields.runId, 'runId', RUN_ID, RUN_ID_RULE);
  return {
    runId,
    ...(targetVersion === undefined ? {} : { targetVersion }),
    ...(fields.execution === undefined
      ? {}
      : { execution: runExecutionOf(fields.execution, runId) }),
  };
}

/** A state machine's ARN; its executions' ARNs are `…:execution:<state machine>:<name>`. */
const STATE_MACHINE_ARN = /^arn:[a-z-]+:states:[a-z0-9-]+:\d{12}:stateMachine:[^\s:/]{1,80}$/;

/** The context object's execution fields, as the planner state hands them over. */
function runExecutionOf(value: unknown, runId: string): RunExecution {
  const execution = objectOf(value, 'execution', ['arn', 'stateMachineArn', 'startTime']);
  const stateMachineArn = stringOf(
    execution.stateMachineArn,
    'execution.stateMachineArn',
    STATE_MACHINE_ARN,
    "a state machine's ARN ($$.StateMachine.Id)",
  );
  const prefix = executionArnPrefix(stateMachineArn);
  const arn = execution.arn;
  if (typeof arn !== 'string' || !arn.startsWith(prefix) || arn.slice(prefix.length) !== runId)
    throw new EventValidationError(
      'execution.arn',
      'must be the ARN of the execution runId names, of execution.stateMachineArn ($$.Execution.Id)',
    );
  return { arn, stateMachineArn, startTime: dateOf(execution.startTime, 'execution.startTime') };
}

/**
 * The upgrade target in the execution's input. A scheduled run's input is EventBridge's
 * event, which asks for nothing; a run started by hand gives `{}` or
 * `{"targetVersion": "1.36"}`, and anything else in it is refused by name, so that a
 * misspelt field does not pass for a run without a target.
 */
function executionTargetVersion(input: unknown): string | undefined {
  if (input === undefined || input === null) return undefined;
  if (isRecord(input) && input['detail-type'] === 'Scheduled Event') {
    // EventBridge's envelope alone: a field added to it (a run started by hand with a copy of
    // events/scheduled.json and a targetVersion) was ignored, the run planned without it.
    const added = Object.keys(input).find((key) => !SCHEDULED_EVENT_FIELDS.has(key));
    if (added !== undefined) {
      throw new EventValidationError(
        `input.${added}`,
        'is not a field of a Scheduled Event (start a run with {"targetVersion": "1.36"} to judge upgrades)',
      );
    }
    return undefined;
  }
  return targetVersionOf(objectOf(input, 'input', ['targetVersion']), 'input.targetVersion');
}

/** The plan's cluster names, as the planner wrote them: names (not ARNs), at most 1,000. */
function clustersOf(value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    value.length > MAX_PLANNED_CLUSTERS ||
    !value.every((name) => typeof name === 'string' && CLUSTER_NAME.test(name))
  ) {
    throw new EventValidationError(
      'clusters',
      `must be a list of at most ${MAX_PLANNED_CLUSTERS} EKS cluster names`,
    );
  }
  return [...new Set(value as string[])];
}

/** The plan's confining cluster ARNs, as the planner wrote them: at most 1,000. */
function clusterArnsOf(value: unknown): ClusterArnParts[] {
  const arns = Array.isArray(value)
    ? value.map((arn) => (typeof arn === 'string' ? clusterArnParts(arn) : undefined))
    : [];
  if (
    !Array.isArray(value) ||
    value.length > MAX_PLANNED_CLUSTERS ||
    !arns.every((arn) => arn !== undefined && CLUSTER_NAME.test(arn.name))
  ) {
    throw new EventValidationError(
      'clusterArns',
      `must be a list of at most ${MAX_PLANNED_CLUSTERS} EKS cluster ARNs (arn:aws:eks:<region>:<account>:cluster/<name>)`,
    );
  }
  return arns as ClusterArnParts[];
}

/**
 * The map item, checked; `ownRegion` (the function's AWS_REGION), when given, refuses a
 * region of another partition, whose calls the member role could not make.
 */
export function parseWorkerEvent(event: unknown, ownRegion?: string): WorkerEvent {
  const fields = objectOf(event, 'event', [
    'accountId',
    'region',
    'run',
    'clusters',
    'clusterArns',
    'targetVersion',
  ]);
  // The map hands every item the plan's target: null when the run has none.
  const targetVersion =
    fields.targetVersion === null ? undefined : targetVersionOf(fields, 'targetVersion');
  const region = eventRegion(fields.region, 'region');
  assertOwnPartition([region], ownRegion, 'region');
  return {
    accountId: stringOf(fields.accountId, 'accountId', ACCOUNT_ID, 'a 12-digit account id'),
    region,
    run: runOf(fields.run),
    ...(fields.clusters === undefined ? {} : { clusters: clustersOf(fields.clusters) }),
    ...(fields.clusterArns === undefined ? {} : { clusterArns: clusterArnsOf(fields.clusterArns) }),
    ...(targetVersion === undefined ? {} : { targetVersion }),
  };
}

/** Refuses, by name, a field of `value` given that is not a string. */
function stringsOf(value: Json, field: string, names: readonly string[]): void {
  const wrong = names.find((name) => value[name] !== undefined && typeof value[name] !== 'string');
  if (wrong !== undefined) throw new EventValidationError(`${field}.${wrong}`, 'must be a string');
}

export function parseAggregatorEvent(event: unknown): AggregatorEvent {
  const fields = objectOf(event, 'event', [
    'run',
    'plan',
    'clusters',
    'clusterArns',
    'mapResult',
    'mapFailure',
  ]);
  const plan = objectOf(fields.plan, 'plan', ['bucket', 'key']);
  if (typeof plan.bucket !== 'string' || typeof plan.key !== 'string') {
    throw new EventValidationError('plan', 'must name the bucket and key of the plan');
  }
  if (fields.mapResult !== undefined) {
    if (!isRecord(fields.mapResult)) {
      throw new EventValidationError('mapResult', 'must be the Map state output');
    }
    stringsOf(fields.mapResult, 'mapResult', ['MapRunArn']);
    const details = fields.mapResult.ResultWriterDetails;
    if (details !== undefined) {
      if (!isRecord(details)) {
        throw new EventValidationError(
          'mapResult.ResultWriterDetails',
          'must be a JSON object (the Bucket and Key of the map results)',
        );
      }
      stringsOf(details, 'mapResult.ResultWriterDetails', ['Bucket', 'Key']);
    }
  }
  if (fields.mapFailure !== undefined) {
    if (!isRecord(fields.mapFailure)) {
      throw new EventValidationError('mapFailure', 'must be the Map state error');
    }
    // They become an error of the report (code and message): an object there failed the
    // HTML report with a TypeError after the event had been taken.
    stringsOf(fields.mapFailure, 'mapFailure', ['Error', 'Cause']);
  }
  return {
    run: runOf(fields.run),
    plan: { bucket: plan.bucket, key: plan.key },
    ...(fields.clusters === undefined ? {} : { clusters: clustersOf(fields.clusters) }),
    ...(fields.clusterArns === undefined ? {} : { clusterArns: clusterArnsOf(fields.clusterArns) }),
    ...(fields.mapResult ? { mapResult: fields.mapResult as MapRunResult } : {}),
    ...(fields.mapFailure ? { mapFailure: fields.mapFailure as MapRunFailure } : {}),
  };
}
