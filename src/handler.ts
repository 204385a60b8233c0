/**
 * The Lambda function: a thin shell over `runScan` and `publishReport` for the scheduled
 * scan and on-demand audits (SPEC 2.2). Returns the report of 2.3 as the invocation result;
 * a report too large for a Lambda response (an audit's or a scheduled scan's) returns its
 * summary and where the report was written instead (src/lambda/large-audit.ts).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { clustersNotFound } from './clusters-not-found.ts';
import { createAwsClients } from './collect/clients.ts';
import { loadConfig } from './config.ts';
import { type ScanWarning, SEVERITIES } from './evaluate/types.ts';
import { assertClusterArnsScanned, configuredClusterScope } from './lambda/cluster-scope.ts';
import { loadColdStartConfig } from './lambda/cold-start-config.ts';
import { EventValidationError, parseScannerEvent, type ScannerEvent } from './lambda/events.ts';
import { ApiCallCounter } from './lambda/instrumentation.ts';
import {
  auditReportKey,
  auditResponse,
  type OversizedAuditResponse,
} from './lambda/large-audit.ts';
import {
  collectionDeadline,
  createObservability,
  instrumentHandler,
  invocationDeadline,
  logScanProgress,
  publishReserveMs,
  readingDeadline,
  refusedIfMalformed,
  withErrorMessage,
  writeDeadline,
} from './lambda/observability.ts';
import { ReportBucket } from './lambda/report-bucket.ts';
import { listClusterNamesIn } from './list-cluster-names.ts';
import { createPublishClients } from './publish/clients.ts';
import { publishReport } from './publish/index.ts';
import { describeRefusals } from './publish/refusals.ts';
import { WRITE_DEADLINE_CODE } from './publish/security-hub/rate-limiter.ts';
import type { PublishResult, SecurityHubSyncResult } from './publish/types.ts';
import type { Report } from './report/types.ts';
import { runScan } from './scan.ts';
import { shortenAtWord } from './text.ts';

const observability = createObservability();
const { logger, metrics, tracer } = observability;
// The environment's configuration and the configuration file's over it (CONFIG_PARAMETER or
// CONFIG_S3_URI); an invalid one fails the cold start, naming the variable.
const config = await loadColdStartConfig(loadConfig, observability, assertClusterArnsScanned);
const reportBucket =
  config.reportBucket === undefined
    ? undefined
    : new ReportBucket(config.reportBucket, process.env.AWS_REGION ?? config.regions[0] ?? '', {
        instrument: (client) => tracer.captureAWSv3Client(client),
      });

/**
 * The scan's metrics. With publishing, `unsyncedHubs` counts the Security Hub regions that
 * could not be read (then nothing is written there) or whose writes failed outright: their
 * findings are in no `SecurityHubImportFailures`.
 */
function recordMetrics(
  trigger: ScannerEvent['kind'],
  report: Report,
  durationMs: number,
  apiCalls: number,
  published?: PublishResult,
  unsyncedHubs = 0,
): void {
  metrics.addMetric('ScanDuration', MetricUnit.Milliseconds, durationMs);
  metrics.addMetric('ApiCalls', MetricUnit.Count, apiCalls);
  metrics.addMetric('ScanErrors', MetricUnit.Count, report.errors.length);
  metrics.addMetric('IncompleteScopes', MetricUnit.Count, report.complete ? 0 : 1);
  if (trigger === 'scheduled') recordFindingMetrics(report);
  if (published) {
    const failed = published.securityHub.reduce((sum, result) => sum + result.failed.length, 0);
    metrics.addMetric('SecurityHubImportFailures', MetricUnit.Count, failed);
    if (config.securityHub) {
      metrics.addMetric('SecurityHubSyncFailures', MetricUnit.Count, unsyncedHubs);
    }
    metrics.addMetric('NotificationsSent', MetricUnit.Count, published.notification.sent ? 1 : 0);
  }
}

/**
 * `Findings` by severity and `FindingsByRule`: the configured scope as it is today, so only
 * the scheduled scan counts them. An audit's narrower scope, or its target version's what-if
 * findings, would make an alarm on them jump.
 */
function recordFindingMetrics(report: Report): void {
  for (const severity of SEVERITIES) {
    const single = metrics.singleMetric();
    single.addDimension('Severity', severity);
    single.addMetric('Findings', MetricUnit.Count, report.summary.findings[severity]);
  }
  const byRule = Map.groupBy(
    report.findings.filter((finding) => !finding.suppressed),
    (finding) => finding.ruleId,
  );
  for (const [ruleId, findings] of byRule) {
    const single = metrics.singleMetric();
    single.addDimension('RuleId', ruleId);
    single.addMetric('FindingsByRule', MetricUnit.Count, findings.length);
  }
}

/** Per region, what Security Hub received, for the log. */
function summariseSync(results: readonly SecurityHubSyncResult[]) {
  return results.map(({ region, imported, archived, workflowUpdated, failed }) => ({
    region,
    imported,
    archived,
    workflowUpdated,
    failed: failed.length,
  }));
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]` */
const FUNCTION_ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]+:(\d{12}):function:/;

/**
 * The function's own account (its execution role's, which Lambda requires in the same
 * account), from the ARN it was invoked by: the scan then asks STS nothing. Without it the
 * scan asked STS in the first region scanned, and an audit naming first a region the account
 * has not enabled failed whole with `InvalidClientTokenId`, no region named, the other regions'
 * findings lost, where such a region should fail alone.
 */
function functionAccountId(context: Context): string | undefined {
  return FUNCTION_ARN.exec(context.invokedFunctionArn ?? '')?.[1];
}

async function scan(event: unknown, context: Context): Promise<Report | OversizedAuditResponse> {
  const request = refusedIfMalformed(
    () => parseScannerEvent(event, process.env.AWS_REGION),
    observability,
  );
  const accountId = functionAccountId(context);
  const asked = request.kind === 'audit' && request.regions ? request.regions : config.regions;
  // An audit's clusters are names, looked for in every region; the file's may be ARNs.
  const scope =
    request.kind === 'audit' && request.clusters
      ? { regions: asked, clusters: request.clusters }
      : refusedIfMalformed(() => configuredClusterScope(config, asked, accountId), observability);
  const { regions, clusters, clustersByRegion } = scope;
  const publish = request.kind === 'scheduled' || request.publish;
  const targetVersion = request.kind === 'audit' ? request.targetVersion : undefined;
  logger.info('Scan started', {
    trigger: request.kind,
    regions,
    clusters: clustersByRegion ?? clusters,
    publish,
    targetVersion,
  });

  const started = Date.now();
  const reserveMs = publishReserveMs(context);
  const abortSignal = collectionDeadline(context, reserveMs);
  const ended = invocationDeadline(context, reserveMs);
  const apiCalls = new ApiCallCounter();
  const report = await runScan({
    ...scope,
    ...(accountId === undefined ? {} : { accountId }),
    endOfSupportWarningDays: config.endOfSupportWarningDays,
    amiExpiryWarningDays: config.amiExpiryWarningDays,
    suppressions: config.suppressions,
    suppressionRules: config.suppressionRules ?? [],
    ...(targetVersion === undefined ? {} : { targetVersion }),
    clientsFor: (region) => apiCalls.instrument(createAwsClients(region, { abortSignal }), tracer),
    shouldStop: () => context.getRemainingTimeInMillis() < reserveMs,
    abortSignal,
    onProgress: logScanProgress(logger),
  });
  if (request.kind === 'audit' && request.clusters) {
    await refuseClustersFoundNowhere(report, request.clusters, abortSignal);
  }
  for (const error of report.errors) logger.warn('Scan error', withErrorMessage(error));
  if (!report.complete) logger.warn('Scan incomplete: nothing will be archived in Security Hub');

  // A scheduled scan's response is read by no one, but Lambda fails any invocation whose
  // response is over 6 MB, whatever invoked it: a large estate's scheduled scan would fail
  // after publishing (the Errors alarm) and be retried (a second scan and, with
  // NOTIFY_POLICY=always, a second message). Its report goes to the bucket as an audit's does,
  // before publishing, so that the message can link it.
  const triggerName = request.kind === 'audit' ? 'Audit' : 'Scheduled scan';
  const response = await auditResponse(report, {
    ...(reportBucket ? { bucket: reportBucket } : {}),
    key: auditReportKey(report.scannedAt, context.awsRequestId),
    trigger: request.kind,
    abortSignal: ended,
    onWriteError: (error) =>
      logger.error(`The ${triggerName.toLowerCase()} report could not be written to the bucket`, {
        error: error as Error,
      }),
  });
  const written = 'reportTooLarge' in response ? response.reportLocation : undefined;

  let published: PublishResult | undefined;
  // The Security Hubs (account/region) whose sync failed: unread, or a write step that threw.
  const unsynced = new Set<string>();
  if (publish && ended.aborted) {
    // Past its deadline (Lambda may have ended the invocation already): a message now could
    // go out inside the next invocation. The next run notifies what this one found.
    logger.error('Deadline passed before publishing: nothing was sent', {
      complete: report.complete,
    });
  } else if (publish) {
    const synced: SecurityHubSyncResult[] = [];
    try {
      published = await publishReport({
        report,
        config,
        // Made for this invocation: its calls end by the invocation's deadline.
        clients: createPublishClients((client) => tracer.captureAWSv3Client(client), {
          abortSignal: ended,
        }),
        ...(clusters ? { clusters } : {}),
        ...(clustersByRegion ? { clustersByRegion } : {}),
        ...(written
          ? { reportLink: { s3Uri: written.s3Uri, consoleUrl: written.consoleUrl, files: 'JSON' } }
          : {}),
        now: new Date(report.scannedAt),
        onSecurityHubError: (region, error, accountId) => {
          unsynced.add(`${accountId}/${region}`);
          logger.error('Security Hub sync failed', { region, error: error as Error });
        },
        onSecurityHubSynced: (result) => synced.push(result),
        shouldStopWriting: writeDeadline(context, reserveMs),
        readingSignal: readingDeadline(context, reserveMs),
      });
    } catch (error) {
      // A scheduled scan rethrows, so the function's Errors alarm fires and Lambda retries the
      // event. publishReport writes to Security Hub only after the notification went out, so
      // nothing of this run is recorded yet (`securityHub` shows it: no region synced) and
      // the retry scans again, finds the same changes and notifies them. An audit returns its
      // report all the same (SPEC 2.2), saying in a warning that it was not published.
      logger.error('Publishing failed: no notification was sent and Security Hub was not updated', {
        error: error as Error,
        securityHub: summariseSync(synced),
        consequence:
          request.kind === 'audit'
            ? 'The audit returns its report with a publish-failed warning: invoke it again to publish'
            : 'Security Hub is written only after the notification: a retry sees the same findings as new or resolved and notifies them',
      });
      recordMetrics(
        request.kind,
        report,
        Date.now() - started,
        apiCalls.calls,
        { securityHub: synced, notification: { sent: false, reason: 'publishing failed' } },
        unsynced.size,
      );
      if (request.kind === 'audit') return withPublishFailedWarning(response, error);
      throw error;
    }
    // Writes the deadline kept from starting, or cut short, were not refused: a count, not an
    // error each.
    const cut = (failure: { code: string }) =>
      failure.code === WRITE_DEADLINE_CODE || failure.code === 'AbortError';
    for (const result of published.securityHub) {
      const skipped = result.failed.filter(cut);
      for (const failure of result.failed)
        if (!cut(failure))
          logger.error('Security Hub refused a finding', withErrorMessage(failure));
      if (skipped.length > 0)
        logger.warn('Security Hub writes not made by the deadline: the next run makes them', {
          region: result.region,
          findings: skipped.length,
        });
    }
    if (config.snsTopicArn === undefined && !config.securityHub) {
      // An audit with "publish": true on a function deployed without a topic or Security Hub:
      // said once, as a warning, instead of an INFO "Published" of nothing.
      logger.warn('Nothing published: no SNS topic is configured and Security Hub is off', {
        trigger: request.kind,
      });
    } else {
      logger.info('Published', {
        securityHub: summariseSync(published.securityHub),
        notification: published.notification,
      });
    }
  }
  recordMetrics(
    request.kind,
    report,
    Date.now() - started,
    apiCalls.calls,
    published,
    unsynced.size,
  );
  logger.info('Scan finished', {
    complete: report.complete,
    summary: report.summary,
    errors: report.errors.length,
  });
  // An audit's caller reads its report, not the log: a Security Hub left part-updated is said.
  const partly =
    request.kind === 'audit' && published ? partlyPublished(published, unsynced) : undefined;
  if ('reportTooLarge' in response) {
    // Its `message` as `reason`: Powertools keeps `message` for the entry's own and drops it.
    const { message: reason, ...size } = response.reportTooLarge;
    logger.warn(`${triggerName} report too large to return`, {
      ...size,
      reason,
      ...(response.reportLocation ? { reportLocation: response.reportLocation.s3Uri } : {}),
    });
  }
  return partly === undefined ? response : withWarning(response, partly);
}

/**
 * An audit naming a cluster that no region scanned holds is refused as a bad field, as the
 * command line refuses `--cluster`, before anything is published: a misspelt name would
 * otherwise notify the team's channels of an incomplete scan. The clusters those regions
 * hold are listed, the close names first.
 */
async function refuseClustersFoundNowhere(
  report: Report,
  clusters: readonly string[],
  abortSignal: AbortSignal,
): Promise<void> {
  const sought = clusters.map((name) => ({ asked: name, name, where: report.scope.regions }));
  const notFound = await clustersNotFound(report, sought, (region) =>
    listClusterNamesIn(region, { abortSignal }),
  );
  if (notFound === undefined) return;
  const error = new EventValidationError(
    'clusters',
    `${notFound.missing.map(({ asked }) => `'${asked}'`).join(', ')}: ${notFound.detail}. Nothing was published.`,
  );
  logger.error('Audit refused: a cluster it names is in no region scanned; nothing published', {
    field: error.field,
    errorMessage: error.message,
  });
  metrics.addMetric('RefusedEvents', MetricUnit.Count, 1);
  throw error;
}

/**
 * A warning that an audit's publishing reached Security Hub only in part: the findings each
 * hub refused (by code, with AWS's first words on why) and the hubs not updated at all.
 * Undefined when every hub took everything.
 */
function partlyPublished(
  published: PublishResult,
  unsynced: ReadonlySet<string>,
): ScanWarning | undefined {
  const accounts = new Set(published.securityHub.map(({ accountId }) => accountId));
  for (const hub of unsynced) accounts.add(hub.split('/')[0] ?? '');
  const where = (accountId: string, region: string) =>
    accounts.size > 1 ? `${accountId} ${region}` : region;
  const places = [
    ...published.securityHub
      .filter(({ failed }) => failed.length > 0)
      .map(
        ({ accountId, region, failed }) =>
          `${where(accountId, region)}: ${describeRefusals(failed)}`,
      ),
    ...[...unsynced].map((hub) => {
      const [accountId = '', region = ''] = hub.split('/');
      return `${where(accountId, region)}: not updated (the function's log says why)`;
    }),
  ];
  if (places.length === 0) return undefined;
  const sent = published.notification.sent ? 'was sent' : 'was not sent';
  return {
    code: 'publish-incomplete',
    message: `Security Hub was updated only in part (${shortenAtWord(places.join('; '), 600)}); the notification ${sent}. Invoke the audit again to publish what is missing.`,
  };
}

/** The response with one more warning. */
function withWarning<T extends Report | OversizedAuditResponse>(
  response: T,
  warning: ScanWarning,
): T {
  return { ...response, warnings: [...(response.warnings ?? []), warning] };
}

/**
 * The audit's response, saying it was not published: who invoked it reads its report, and
 * would otherwise take no warning for a sent notification. The error's name and first line
 * only: an AWS error names the topic or key at fault, never user data.
 */
function withPublishFailedWarning<T extends Report | OversizedAuditResponse>(
  response: T,
  error: unknown,
): T {
  const reason =
    error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
  return withWarning(response, {
    code: 'publish-failed',
    message: `Publishing failed (${shortenAtWord(reason, 300)}): no notification was sent and Security Hub was not updated. Invoke the audit again to publish.`,
  });
}

export const handler = instrumentHandler(scan, observability);
