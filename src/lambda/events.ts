/** The two events the function answers (SPEC 2.2); anything else is refused by name. */

import { closeMatches } from '../close-matches.ts';
import { CLUSTER_NAME, clusterArnParts } from '../cluster-names.ts';
import { parseTargetVersion, TargetVersionError } from '../evaluate/upgrade.ts';
import {
  assertKnownRegion,
  isKnownRegion,
  parseRegionList,
  partitionOf,
  RegionListError,
  regionInAnotherPartition,
} from '../regions.ts';
import { markDisplayControls, quotedInput, truncateUnits } from '../text.ts';

export type ScannerEvent =
  | { kind: 'scheduled' }
  | {
      kind: 'audit';
      regions?: string[];
      clusters?: string[];
      publish: boolean;
      /** Upgrade readiness for this Kubernetes version ("1.36"). */
      targetVersion?: string;
    };

export class EventValidationError extends Error {
  override name = 'EventValidationError';
  /** The field at fault, cut short as in the message: it is the sender's text (and logged). */
  readonly field: string;
  constructor(field: string, message: string) {
    const cut = truncateUnits(field, 61);
    super(`Invalid event: ${shownField(cut)} ${message}`);
    // Logged as a JSON value, which keeps bidirectional controls raw: marked instead.
    this.field = markDisplayControls(cut);
  }
}

/**
 * A field name is the sender's text: one that is not a plain name is shown quoted, its
 * control and bidirectional characters escaped (the caller has cut it already).
 */
function shownField(field: string): string {
  return /^[\w.[\]-]+…?$/.test(field) ? field : quotedInput(field, Number.POSITIVE_INFINITY);
}

/** "is not a field of …", with the field it may have meant to be. */
function notAFieldOf(what: string, field: string, fields: ReadonlySet<string>): string {
  const [close] = closeMatches(field, [...fields], 1);
  return `is not a field of ${what}${close === undefined ? '' : ` (did you mean ${close}?)`}`;
}

const AUDIT_FIELDS = new Set(['action', 'regions', 'clusters', 'publish', 'targetVersion']);

/**
 * The fields of the envelope EventBridge wraps every event in ("Amazon service event
 * metadata" in the EventBridge reference; `replay-name` only on events replayed from an
 * archive). A scheduled rule's event carries these and nothing else; `detail` is `{}`.
 */
export const SCHEDULED_EVENT_FIELDS: ReadonlySet<string> = new Set([
  'version',
  'id',
  'detail-type',
  'source',
  'account',
  'time',
  'region',
  'resources',
  'detail',
  'replay-name',
]);

/**
 * At most this many cluster names in an audit: the EKS default quota of clusters per region
 * (the names apply to every region scanned). A longer list names clusters that cannot all
 * exist, and would only multiply DescribeCluster calls.
 */
export const MAX_CLUSTERS = 100;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A region named by an event, checked against the SDK's partition data (src/regions.ts),
 * as the command line and the configuration check theirs. Refused by `field`.
 */
export function eventRegion(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new EventValidationError(field, 'must be a region name such as "us-west-2"');
  }
  try {
    assertKnownRegion(value, field);
  } catch (error) {
    throw asEventError(error, field);
  }
  return value;
}

/** A RegionListError (whose message starts with the field) as this module's error. */
function asEventError(error: unknown, field: string): unknown {
  if (!(error instanceof RegionListError)) return error;
  const prefix = `${field}: `;
  const reason = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
  return new EventValidationError(field, `is refused: ${reason}`);
}

/** The array of strings in `field`, or undefined when the event has none. */
function stringArray(
  event: Record<string, unknown>,
  field: string,
  expected: string,
): string[] | undefined {
  const value = event[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new EventValidationError(field, `must be an array of ${expected}`);
  }
  return value as string[];
}

/** Refuses a list that names nothing once its entries are trimmed. */
function assertNamesSomething(field: string, items: readonly string[], what: string): void {
  if (!items.some((item) => item.trim() !== '')) {
    throw new EventValidationError(
      field,
      `must name at least one ${what} (omit it to scan the configured ${what}s)`,
    );
  }
}

/** Regions trimmed, deduplicated, bounded and known to the SDK: the command line's rules. */
function regionsOf(event: Record<string, unknown>, ownRegion?: string): string[] | undefined {
  const regions = stringArray(event, 'regions', 'region names such as "us-west-2"');
  if (regions === undefined) return undefined;
  assertNamesSomething('regions', regions, 'region');
  let parsed: string[];
  try {
    parsed = parseRegionList(regions, 'regions');
  } catch (error) {
    throw asEventError(error, 'regions');
  }
  assertOwnPartition(parsed, ownRegion, 'regions');
  return parsed;
}

/**
 * Refuses, by `field`, a region of another partition than the function's own `ownRegion`
 * (as SCAN_REGIONS is checked): the function's credentials reach its own partition only.
 */
export function assertOwnPartition(
  regions: readonly string[],
  ownRegion: string | undefined,
  field: string,
): void {
  const elsewhere =
    ownRegion === undefined ? undefined : regionInAnotherPartition(regions, ownRegion);
  if (elsewhere !== undefined && ownRegion !== undefined) {
    throw new EventValidationError(
      field,
      `${elsewhere} is in the ${partitionOf(elsewhere)} partition and this function's region ${ownRegion} in ${partitionOf(ownRegion)}: its credentials reach one partition only`,
    );
  }
}

/**
 * What to write instead of a cluster ARN. Its region is named only when an audit can scan it:
 * advice to put a region of another partition (or one the SDK does not know) in `regions`
 * only led to a second refusal, of that region.
 */
function arnAdvice(name: string, region: string, ownRegion: string | undefined): string {
  if (!isKnownRegion(region)) {
    return `an audit takes names, and ${quotedInput(region, 41)} is not an AWS region the SDK knows`;
  }
  if (ownRegion !== undefined && regionInAnotherPartition([region], ownRegion) !== undefined) {
    return `its region ${region} is in the ${partitionOf(region)} partition and this function's region ${ownRegion} in ${partitionOf(ownRegion)}: its credentials reach one partition only (scan that cluster from a deployment in its partition)`;
  }
  return `an audit takes names; write "${name}" and put its region ${region} in regions`;
}

/** Cluster names trimmed, deduplicated, bounded (MAX_CLUSTERS) and of the EKS name shape. */
function clustersOf(event: Record<string, unknown>, ownRegion?: string): string[] | undefined {
  const names = stringArray(event, 'clusters', 'cluster names');
  if (names === undefined) return undefined;
  // Bounded before any work on the entries, as parseRegionList bounds its own.
  if (names.length > MAX_CLUSTERS * 4) {
    throw new EventValidationError(
      'clusters',
      `has ${names.length} entries; at most ${MAX_CLUSTERS} clusters`,
    );
  }
  assertNamesSomething('clusters', names, 'cluster');
  const clusters = [...new Set(names.map((name) => name.trim()).filter((name) => name !== ''))];
  if (clusters.length > MAX_CLUSTERS) {
    throw new EventValidationError(
      'clusters',
      `names ${clusters.length} clusters; at most ${MAX_CLUSTERS}`,
    );
  }
  const invalid = clusters.find((name) => !CLUSTER_NAME.test(name));
  if (invalid !== undefined) {
    const shown = quotedInput(invalid, 41);
    // A cluster ARN, as the console and the command line show it: say what to write instead.
    const arn = clusterArnParts(invalid);
    if (arn === undefined || !CLUSTER_NAME.test(arn.name)) {
      throw new EventValidationError(
        'clusters',
        `has ${shown}, which is not an EKS cluster name (letters, digits, - and _; at most 100)`,
      );
    }
    throw new EventValidationError(
      'clusters',
      `has the cluster ARN ${shown}: ${arnAdvice(arn.name, arn.region, ownRegion)}`,
    );
  }
  return clusters;
}

/**
 * The Kubernetes version an audit judges upgrades to: a string "1.NN", not older than the EKS
 * calendar. A target below a cluster's version is not refused here: the report notes it for
 * that cluster and judges the others.
 */
export function targetVersionOf(
  event: Record<string, unknown>,
  field = 'targetVersion',
): string | undefined {
  const value = event.targetVersion;
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new EventValidationError(
      field,
      'must be a Kubernetes minor version in a string, such as "1.36"',
    );
  }
  try {
    return parseTargetVersion(value);
  } catch (error) {
    if (error instanceof TargetVersionError) {
      throw new EventValidationError(field, error.message);
    }
    throw error;
  }
}

function parseScheduledEvent(event: Record<string, unknown>): ScannerEvent {
  if (event['detail-type'] !== 'Scheduled Event') {
    throw new EventValidationError('detail-type', 'must be "Scheduled Event"');
  }
  // An audit's fields on a scheduled event would be ignored, and the event publish: refused.
  const auditField = Object.keys(event).find((key) => AUDIT_FIELDS.has(key));
  if (auditField !== undefined) {
    throw new EventValidationError(
      auditField,
      'is a field of an audit, not of a Scheduled Event (send {"action": "audit", …} without "detail-type" for an audit)',
    );
  }
  const unknown = Object.keys(event).find((key) => !SCHEDULED_EVENT_FIELDS.has(key));
  if (unknown !== undefined) {
    throw new EventValidationError(
      unknown,
      notAFieldOf('a Scheduled Event', unknown, SCHEDULED_EVENT_FIELDS),
    );
  }
  // Only EventBridge's own schedule: another service's event is no reason to scan. SPEC 2
  // knows a scheduled event by its detail-type alone, so one without a source is taken.
  if ('source' in event && event.source !== 'aws.events') {
    throw new EventValidationError('source', 'must be "aws.events" (a scheduled rule)');
  }
  // A schedule carries nothing in `detail`; what a sender put there would be ignored.
  if ('detail' in event && !(isRecord(event.detail) && Object.keys(event.detail).length === 0)) {
    throw new EventValidationError(
      'detail',
      "must be {} on a Scheduled Event: the scope is the function's configuration (send an audit to choose one)",
    );
  }
  return { kind: 'scheduled' };
}

const PAYLOAD_ONLY =
  'send the audit event itself as the invocation payload (aws lambda invoke --payload)';

/**
 * Another service's event sent to the function by mistake (a function URL or an API in front
 * of it, a topic or queue subscribed to it): said as such, rather than by its first field
 * that is no audit field ("version … did you mean targetVersion?").
 */
function wrapperOf(event: Record<string, unknown>): { field: string; message: string } | undefined {
  if (isRecord(event.requestContext)) {
    return {
      field: 'requestContext',
      message: `is a field of an HTTP request (API Gateway, a function URL or a load balancer), which the function does not serve: ${PAYLOAD_ONLY}`,
    };
  }
  if (Array.isArray(event.Records)) {
    return {
      field: 'Records',
      message: `is a field of a notification (SNS, SQS, S3), which the function does not take: ${PAYLOAD_ONLY}, or a Scheduled Event through EventBridge`,
    };
  }
  return undefined;
}

/**
 * The event, checked; `ownRegion` (the function's AWS_REGION), when given, refuses audit
 * regions of another partition.
 */
export function parseScannerEvent(event: unknown, ownRegion?: string): ScannerEvent {
  if (!isRecord(event)) throw new EventValidationError('event', 'must be a JSON object');
  if ('detail-type' in event) return parseScheduledEvent(event);
  // Every field of an audit is optional (SPEC 2.2), its action too: `{}` audits the
  // configured scope without publishing.
  if (event.action !== undefined && event.action !== 'audit') {
    throw new EventValidationError('action', 'must be "audit" (or send a Scheduled Event)');
  }
  const unknown = Object.keys(event).find((key) => !AUDIT_FIELDS.has(key));
  if (unknown !== undefined) {
    const wrapper = wrapperOf(event);
    if (wrapper !== undefined) throw new EventValidationError(wrapper.field, wrapper.message);
    throw new EventValidationError(unknown, notAFieldOf('an audit event', unknown, AUDIT_FIELDS));
  }
  const regions = regionsOf(event, ownRegion);
  const clusters = clustersOf(event, ownRegion);
  const targetVersion = targetVersionOf(event);
  if (event.publish !== undefined && typeof event.publish !== 'boolean') {
    throw new EventValidationError('publish', 'must be true or false');
  }
  return {
    kind: 'audit',
    ...(regions ? { regions } : {}),
    ...(clusters ? { clusters } : {}),
    publish: event.publish === true,
    ...(targetVersion === undefined ? {} : { targetVersion }),
  };
}
