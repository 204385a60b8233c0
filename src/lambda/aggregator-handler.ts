/**
 * The organisation-wide scan's last state: every worker's report merged, written to the
 * bucket as JSON and HTML, and one SNS summary that links it.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { loadOrganizationConfig } from '../config.ts';
import { SEVERITIES } from '../evaluate/types.ts';
import { type AggregateResult, aggregateOrganizationScan } from '../organization/aggregator.ts';
import { planKey } from '../organization/run.ts';
import { createPublishClients } from '../publish/clients.ts';
import { EventValidationError } from './events.ts';
import { createObservability, instrumentHandler, refusedIfMalformed } from './observability.ts';
import { parseAggregatorEvent } from './organization-events.ts';
import { StreamingReportBucket } from './report-bucket-upload.ts';

const observability = createObservability();
const { logger, metrics, tracer } = observability;
// Fails the cold start, naming the variable, rather than every invocation later.
const config = loadOrganizationConfig();
const capture = (client: Parameters<typeof tracer.captureAWSv3Client>[0]) =>
  tracer.captureAWSv3Client(client);
const bucket = new StreamingReportBucket(config.reportBucket, config.homeRegion, {
  instrument: capture,
});
const publishClients = createPublishClients(capture);

async function aggregate(event: unknown, _context: Context): Promise<AggregateResult> {
  const request = refusedIfMalformed(() => {
    const parsed = parseAggregatorEvent(event);
    // Only the run's own plan, in the stack's own bucket: the event names no other object.
    if (parsed.plan.bucket !== bucket.name || parsed.plan.key !== planKey(parsed.run)) {
      throw new EventValidationError(
        'plan',
        "must be this run's plan in the stack's report bucket",
      );
    }
    return parsed;
  }, observability);
  logger.appendKeys({ runId: request.run.id });
  const result = await aggregateOrganizationScan({ ...request, bucket, config, publishClients });
  for (const severity of SEVERITIES) {
    const single = metrics.singleMetric();
    single.addDimension('Severity', severity);
    single.addMetric('Findings', MetricUnit.Count, result.summary.findings[severity]);
  }
  // The workers counted their own: summed over the functions, each error and scope counts once.
  metrics.addMetric('ScanErrors', MetricUnit.Count, result.ownErrors);
  metrics.addMetric('IncompleteScopes', MetricUnit.Count, result.unreportedScopes);
  metrics.addMetric('NotificationsSent', MetricUnit.Count, result.notification.sent ? 1 : 0);
  logger.info('Organisation scan finished', {
    complete: result.complete,
    summary: result.summary,
    errors: result.errors,
    report: result.report.json.s3Uri,
    notification: result.notification,
  });
  return result;
}

export const handler = instrumentHandler(aggregate, observability);
