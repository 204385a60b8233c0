/**
 * The Distributed Map's worker: one account and region through the member role, findings
 * into that account's Security Hub, the report into the bucket for the aggregator.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { loadOrganizationConfig } from '../config.ts';
import { confiningClusterArns } from '../config-file/scan-options.ts';
import { looksForNothing, targetClusters } from '../organization/cluster-scope.ts';
import { scanTarget, type WorkerResult } from '../organization/worker.ts';
import { createPublishClients } from '../publish/clients.ts';
import { loadColdStartConfig } from './cold-start-config.ts';
import { EventValidationError } from './events.ts';
import { ApiCallCounter } from './instrumentation.ts';
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
} from './observability.ts';
import { parseWorkerEvent, type WorkerEvent } from './organization-events.ts';
import { ReportBucket } from './report-bucket.ts';

const observability = createObservability();
const { logger, metrics, tracer } = observability;
// The environment's configuration and the configuration file's over it (CONFIG_PARAMETER or
// CONFIG_S3_URI): its suppressions and warning windows. Its regions are the planner's business
// (the item names the region), its clusters and cluster ARNs too when the item carries the plan's.
// Fails the cold start, naming the variable, rather than every invocation later.
const config = await loadColdStartConfig(loadOrganizationConfig, observability);
const bucket = new ReportBucket(config.reportBucket, config.homeRegion, {
  instrument: (client) => tracer.captureAWSv3Client(client),
});

/**
 * The item with the cluster names its account and region is scanned for: the plan's, or, for
 * an event that carries none (a run started before an update), the worker's own file's.
 */
function itemOf(event: WorkerEvent): WorkerEvent & { clusters: string[] } {
  const { clusters: planned, clusterArns, ...item } = event;
  const names = planned ?? config.clusters ?? [];
  const confining =
    clusterArns ?? (planned === undefined ? confiningClusterArns(config.clusterArns) : []);
  if (looksForNothing(item, names, confining)) {
    // The planner plans no such item: one sent by hand would otherwise scan every cluster.
    throw new EventValidationError(
      'region',
      `is one where the run looks for none of its clusters in account ${item.accountId} (they are named by ARN in other accounts or regions): the planner plans no such item`,
    );
  }
  return { ...item, clusters: targetClusters(item, names, confining) };
}

async function scanOne(event: unknown, context: Context): Promise<WorkerResult> {
  const { run, accountId, region, clusters, targetVersion } = refusedIfMalformed(
    () => itemOf(parseWorkerEvent(event, config.homeRegion)),
    observability,
  );
  logger.appendKeys({ runId: run.id, accountId, scanRegion: region });
  logger.info('Scan started', { run, clusters, targetVersion });
  const started = Date.now();
  const reserveMs = publishReserveMs(context);
  const ended = invocationDeadline(context, reserveMs);
  const apiCalls = new ApiCallCounter();
  let syncFailed = false;
  const result = await scanTarget({
    run,
    target: { accountId, region },
    config,
    clusters,
    ...(targetVersion === undefined ? {} : { targetVersion }),
    homeRegion: config.homeRegion,
    bucket,
    instrumentScan: (clients) => apiCalls.instrument(clients, tracer),
    publishClients: (options) =>
      createPublishClients((client) => tracer.captureAWSv3Client(client), {
        ...options,
        abortSignal: ended,
      }),
    shouldStop: () => context.getRemainingTimeInMillis() < reserveMs,
    abortSignal: collectionDeadline(context, reserveMs),
    ended,
    shouldStopWriting: writeDeadline(context, reserveMs),
    readingSignal: readingDeadline(context, reserveMs),
    onSecurityHubError: (hubRegion, error) => {
      syncFailed = true;
      logger.error('Security Hub sync failed', { region: hubRegion, error: error as Error });
    },
    // As the scanner function logs them: why the member role could not be assumed, say.
    onScanErrors: (errors) => {
      for (const error of errors) logger.warn('Scan error', withErrorMessage(error));
    },
    onProgress: logScanProgress(logger),
  });
  metrics.addMetric('ScanDuration', MetricUnit.Milliseconds, Date.now() - started);
  metrics.addMetric('ApiCalls', MetricUnit.Count, apiCalls.calls);
  metrics.addMetric('ScanErrors', MetricUnit.Count, result.errors);
  metrics.addMetric('IncompleteScopes', MetricUnit.Count, result.complete ? 0 : 1);
  if (result.securityHub) {
    metrics.addMetric('SecurityHubImportFailures', MetricUnit.Count, result.securityHub.failed);
  }
  // A hub that could not be read is not written: its findings are in no import failure.
  if (config.securityHub) {
    metrics.addMetric('SecurityHubSyncFailures', MetricUnit.Count, syncFailed ? 1 : 0);
  }
  if (!result.complete) logger.warn('Scan incomplete: nothing will be archived in Security Hub');
  logger.info('Scan finished', { ...result });
  logger.removeKeys(['runId', 'accountId', 'scanRegion']);
  return result;
}

export const handler = instrumentHandler(scanOne, observability);
