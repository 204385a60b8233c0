/**
 * The aggregator: the workers' parts merged into one report (`mergeReports`), written to the
 * bucket as JSON and HTML, and one SNS summary for the whole run that links it. A planned
 * account and region without a part (its worker failed past its retries, or the map gave up)
 * is an error of the report, which is then incomplete: silence never reads as "clean".
 */
import pLimit from 'p-limit';
import type { ArnNamedCluster } from '../cluster-names.ts';
import type { ScannerConfig } from '../config.ts';
import { type Finding, SEVERITIES } from '../evaluate/types.ts';
import type { ScanError } from '../inventory/types.ts';
import type { ObjectLocation, ReportBucket } from '../lambda/report-bucket.ts';
import { listKeys, readJson } from '../lambda/report-bucket-reader.ts';
import type { StreamingReportBucket } from '../lambda/report-bucket-upload.ts';
import { hubFindings, mergeChanges as mergeHubChanges } from '../publish/changes.ts';
import { type PublishClients, regionOfTopic } from '../publish/clients.ts';
import { sendNotification } from '../publish/sns/index.ts';
import type { MergedChanges, NotificationResult } from '../publish/types.ts';
import { formatHtmlChunks } from '../report/format/html.ts';
import { formatJsonChunks } from '../report/format/json.ts';
import { forgiveClustersFoundInOtherParts, mergeReports } from '../report/merge.ts';
import type { Report } from '../report/types.ts';
import { errorName, firstLine } from '../text.ts';
import {
  partKey,
  partsPrefix,
  reportKey,
  runPrefix,
  type ScanPart,
  type ScanRun,
  type ScanTarget,
} from './run.ts';

/** The operation a missing account and region names in the report's errors. */
export const MISSING_PART_OPERATION = 'ScanAccountRegion';
/** The operation an unreadable map result names. */
export const MAP_RESULTS_OPERATION = 'ReadMapResults';
/**
 * Parts read at once. An organisation has thousands, most of them small (a region without
 * clusters): at 8 at once, 17,000 parts took 110 s in bench/aggregate.bench.ts, at 32, 89 s.
 * Each text is parsed as soon as it has come, so only these few are held as text.
 */
const READ_CONCURRENCY = 32;

/** The Distributed Map's output with a ResultWriter: where its manifest is. */
export interface MapRunResult {
  MapRunArn?: string;
  ResultWriterDetails?: { Bucket?: string; Key?: string };
}

/** The Map state's error, when it failed (tolerated failure percentage exceeded). */
export interface MapRunFailure {
  Error?: string;
  Cause?: string;
}

export interface AggregateOptions {
  run: ScanRun;
  plan: { bucket: string; key: string };
  /**
   * The plan's cluster names (empty: every cluster): the report's `scope.clusters`, even when
   * no worker left a part to say so. Absent (an older state machine's event): the parts'.
   */
  clusters?: readonly string[];
  /**
   * The plan's clusters named by ARN, each looked for in its own account and region alone: a
   * "not found" of one stands whatever another part holds under its name.
   */
  clusterArns?: readonly ArnNamedCluster[];
  mapResult?: MapRunResult;
  mapFailure?: MapRunFailure;
  bucket: StreamingReportBucket;
  config: Pick<ScannerConfig, 'snsTopicArn' | 'notifyMinimumSeverity' | 'notifyPolicy'>;
  publishClients: PublishClients;
}

export interface AggregateResult {
  report: { json: ObjectLocation; html: ObjectLocation };
  complete: boolean;
  summary: Report['summary'];
  /** The report's errors: the workers' and the aggregator's own. */
  errors: number;
  /**
   * The errors only the aggregator found (a part missing or unreadable, the map's results
   * unreadable, the map failed): no worker counted them in its own metrics.
   */
  ownErrors: number;
  /** Planned accounts and regions without a readable part: no worker counted them incomplete. */
  unreportedScopes: number;
  notification: NotificationResult;
}

/** A failed child execution as the ResultWriter records it in FAILED_n.json. */
interface FailedExecution {
  Input?: string;
  Error?: string;
  Cause?: string;
}

function isTarget(value: unknown): value is ScanTarget {
  if (typeof value !== 'object' || value === null) return false;
  const { accountId, region } = value as Record<string, unknown>;
  return typeof accountId === 'string' && typeof region === 'string';
}

/**
 * Why each failed child failed, by its part's key, from the map's manifest. A manifest or
 * result file that can't be read costs only the reasons: the parts still make the report, and
 * the error says which object it was.
 */
async function failureReasons(
  bucket: ReportBucket,
  run: ScanRun,
  mapResult: MapRunResult | undefined,
): Promise<{ reasons: Map<string, FailedExecution>; error?: ScanError }> {
  const reasons = new Map<string, FailedExecution>();
  const manifestKey = mapResult?.ResultWriterDetails?.Key;
  if (manifestKey === undefined) return { reasons };
  try {
    await readFailureReasons(bucket, run, manifestKey, reasons);
    return { reasons };
  } catch (error) {
    return {
      reasons,
      error: {
        operation: MAP_RESULTS_OPERATION,
        code: errorName(error),
        message: `The map's results could not be read (${manifestKey} or a file it lists), so a missing part's reason is not known: see the Map Run`,
      },
    };
  }
}

async function readFailureReasons(
  bucket: ReportBucket,
  run: ScanRun,
  manifestKey: string,
  reasons: Map<string, FailedExecution>,
): Promise<void> {
  const manifest = (await readJson(bucket, manifestKey)) as {
    ResultFiles?: { FAILED?: Array<{ Key?: string }> };
  };
  for (const file of manifest.ResultFiles?.FAILED ?? []) {
    if (file.Key === undefined) continue;
    const failed = (await readJson(bucket, file.Key)) as FailedExecution[];
    for (const execution of failed) {
      try {
        const input: unknown = JSON.parse(execution.Input ?? 'null');
        if (isTarget(input)) reasons.set(partKey(run, input), execution);
      } catch {
        // An input that is not the item we sent tells nothing about which one failed.
      }
    }
  }
}

/**
 * A worker's part, or why it can't be used: an object that can't be read or isn't a part is
 * that account and region's error, not the loss of the whole report.
 */
async function readPart(
  bucket: ReportBucket,
  key: string,
): Promise<{ part: ScanPart } | { error: string }> {
  try {
    const part = (await readJson(bucket, key)) as Partial<ScanPart> | null;
    if (!isPart(part)) return { error: 'NotAScanPart' };
    return { part };
  } catch (error) {
    return { error: errorName(error) };
  }
}

/**
 * The shape the merge and the formats rely on. A finding of an unknown severity would be
 * counted nowhere and left off the HTML page: such a part is an error of its own, not a
 * silent loss.
 */
function isPart(value: Partial<ScanPart> | null): value is ScanPart {
  const report = value?.report as Partial<Report> | undefined;
  return (
    isTarget(value) &&
    typeof report === 'object' &&
    report !== null &&
    Array.isArray(report.findings) &&
    report.findings.every(
      (finding: Partial<Finding> | null) =>
        typeof finding === 'object' &&
        finding !== null &&
        (SEVERITIES as readonly unknown[]).includes(finding.severity),
    ) &&
    Array.isArray(report.errors) &&
    typeof report.summary === 'object'
  );
}

/**
 * What the run changed in every Security Hub together: a part whose hub could not be read
 * counts its findings as new; undefined only when no hub was read (see publish/changes.ts).
 */
export function mergeChanges(parts: readonly ScanPart[]): MergedChanges | undefined {
  return mergeHubChanges(
    parts.map((part) => ({
      changes: part.changes,
      findingIds: hubFindings(part.report, part.region, part.accountId).map(
        (finding) => finding.id,
      ),
    })),
  );
}

/** The run's plan can't be read: without it nothing says which parts the report needs. */
export class PlanUnreadableError extends Error {
  override name = 'PlanUnreadableError';
}

/** The planned targets, or a PlanUnreadableError naming the object and why. */
async function readPlan(bucket: ReportBucket, key: string): Promise<ScanTarget[]> {
  const where = `s3://${bucket.name}/${key}`;
  let plan: unknown;
  try {
    plan = await readJson(bucket, key);
  } catch (error) {
    throw new PlanUnreadableError(
      `The run's plan ${where} could not be read (${errorName(error)}): the planner writes it at the start of the run; check the event's plan and that the run was planned with this stack's bucket`,
      { cause: error },
    );
  }
  if (!Array.isArray(plan) || !plan.every(isTarget)) {
    throw new PlanUnreadableError(
      `The run's plan ${where} is not a list of accounts and regions, as the planner writes it`,
    );
  }
  return plan;
}

export async function aggregateOrganizationScan(
  options: AggregateOptions,
): Promise<AggregateResult> {
  const { run, bucket, config } = options;
  const planned = await readPlan(bucket, options.plan.key);
  const written = new Set(await listKeys(bucket, partsPrefix(run)));
  const limit = pLimit(READ_CONCURRENCY);
  const readings = await Promise.all(
    planned
      .filter((target) => written.has(partKey(run, target)))
      .map((target) =>
        limit(async () => ({ target, ...(await readPart(bucket, partKey(run, target))) })),
      ),
  );
  const parts = readings.flatMap((reading) => ('part' in reading ? [reading.part] : []));

  const missing = planned.filter((target) => !written.has(partKey(run, target)));
  // The map's results only say why parts are missing: with none missing, they aren't read.
  const { reasons, error: resultsError } =
    missing.length > 0
      ? await failureReasons(bucket, run, options.mapResult)
      : { reasons: new Map<string, FailedExecution>(), error: undefined };
  const errors: ScanError[] = readings.flatMap((reading) =>
    'error' in reading
      ? [
          {
            accountId: reading.target.accountId,
            region: reading.target.region,
            operation: MISSING_PART_OPERATION,
            code: reading.error,
            message: `The worker's report ${partKey(run, reading.target)} could not be read as a report: its findings are missing`,
          },
        ]
      : [],
  );
  if (resultsError !== undefined) errors.push(resultsError);
  // A failed map hands over no results (the Catch gets only its error): why each item failed
  // is then in the Map Run's failed child executions alone.
  const unknownReason = options.mapFailure
    ? "The worker left no report (it failed, or the map stopped before running it), and the map failed before saying why: see the Map Run's failed child executions in the Step Functions console"
    : 'The worker left no report (it failed or was never run): see the Map Run';
  errors.push(
    ...missing.map((target) => {
      const reason = reasons.get(partKey(run, target));
      return {
        accountId: target.accountId,
        region: target.region,
        operation: MISSING_PART_OPERATION,
        code: reason?.Error ?? 'NoReport',
        message: reason?.Cause ? firstLine(reason.Cause) : unknownReason,
      };
    }),
  );
  if (options.mapFailure) {
    errors.push({
      operation: 'DistributedMap',
      code: options.mapFailure.Error ?? 'MapRunFailed',
      message: firstLine(options.mapFailure.Cause ?? 'The map of accounts and regions failed'),
    });
  }

  const reports = parts.map((part) => part.report);
  const report = mergeReports(forgiveClustersFoundInOtherParts(reports, options.clusterArns), {
    scannedAt: new Date(run.scannedAt),
    scope: {
      accounts: [...new Set(planned.map((target) => target.accountId))],
      regions: [...new Set(planned.map((target) => target.region))],
      ...(options.clusters === undefined ? {} : { clusters: [...options.clusters] }),
    },
    errors,
  });
  // Streamed: an organisation's report can outgrow the longest string V8 holds.
  const [json, html] = await Promise.all([
    bucket.putChunks(reportKey(run, 'json'), formatJsonChunks(report), 'application/json'),
    bucket.putChunks(reportKey(run, 'html'), formatHtmlChunks(report), 'text/html; charset=utf-8'),
  ]);

  let notification: NotificationResult = { sent: false, reason: 'no SNS topic configured' };
  if (config.snsTopicArn !== undefined) {
    const changes = mergeChanges(parts);
    const folder = bucket.location(runPrefix(run));
    notification = await sendNotification({
      client: options.publishClients.sns(regionOfTopic(config.snsTopicArn)),
      topicArn: config.snsTopicArn,
      report,
      minimumSeverity: config.notifyMinimumSeverity,
      policy: config.notifyPolicy,
      ...(changes ? { changes } : {}),
      reportLink: { s3Uri: folder.s3Uri, consoleUrl: folder.consoleUrl },
    });
  }
  return {
    report: { json, html },
    complete: report.complete,
    summary: report.summary,
    errors: report.errors.length,
    ownErrors: errors.length,
    unreportedScopes: planned.length - parts.length,
    notification,
  };
}
