/**
 * Delivery of one report, in an order that never loses a notification: read every region's
 * Security Hub (it knows the previous run, so it tells what is new and what was resolved),
 * send the SNS message if the notify policy says so, and only then write to Security Hub.
 * A notification that fails therefore throws before anything was written, and a retry of
 * the same scan finds the same changes and notifies them. Hubs are read and written several at
 * once; results and read errors keep the order of accounts and regions.
 */
import pLimit from 'p-limit';
import type { Severity } from '../evaluate/types.ts';
import type { Report } from '../report/types.ts';
import { reachedAccounts, refusedRegions } from '../report/unreached-accounts.ts';
import { type HubChanges, hubFindings, mergeChanges } from './changes.ts';
import { type PublishClients, regionOfTopic } from './clients.ts';
import {
  applySecurityHubSync,
  planSecurityHubSync,
  type SecurityHubPlan,
} from './security-hub/index.ts';
import { sendNotification } from './sns/index.ts';
import { notifiableFindings } from './sns/text.ts';
import type {
  NotificationResult,
  PublishConfig,
  PublishResult,
  ReportLink,
  SecurityHubSyncResult,
} from './types.ts';

export type * from './types.ts';

/**
 * Hubs read, then written, at once. Each account and region's Security Hub has rate limits of
 * its own, and each hub's calls stay one after another (apply.ts paces its writes), so hubs
 * side by side cost nothing in throttling; an organisation's 100 hubs need not wait in line.
 */
const HUBS_AT_ONCE = 8;

export interface PublishOptions {
  report: Report;
  config: PublishConfig;
  clients: PublishClients;
  /** The scan's cluster filter; undefined when every cluster was scanned. */
  clusters?: string[];
  /**
   * The filter of each region, when it differs by region (clusters named by ARN): a region's
   * Security Hub then reads, and may archive, only the findings of the clusters looked for there.
   */
  clustersByRegion?: Record<string, string[]>;
  /** Where the whole report was written (too large to return), for the message to link. */
  reportLink?: ReportLink;
  now: Date;
  /**
   * Told about a region whose Security Hub could not be read (the notification then counts
   * its findings as new, and says in how many regions) or, later, written; the rest goes on.
   */
  onSecurityHubError?: (region: string, error: unknown, accountId: string) => void;
  /**
   * Told about each region's Security Hub writes as soon as they are done. They happen after
   * the notification, so when `publishReport` throws none has been reported: none was made.
   */
  onSecurityHubSynced?: (result: SecurityHubSyncResult) => void;
  /**
   * True once no Security Hub write may start (a Lambda invocation near its deadline): the
   * findings not written are listed as failed (DeadlineReached) and the next run writes them.
   */
  shouldStopWriting?: () => boolean;
  /**
   * Fires when reading Security Hub must end, so that the notification still goes out: a hub
   * not read by then counts as unread (above) and is not written.
   */
  readingSignal?: AbortSignal;
}

/**
 * The region whose Security Hub console the message links to: one whose hub was read, so this
 * run writes its findings there. That of the most severe finding notified, when one is in such
 * a region (the message lists it first), else the first region read. Undefined when no hub was
 * read (Security Hub off, or none answered): no finding goes anywhere to be seen.
 */
export function consoleRegionOf(
  report: Report,
  plans: readonly SecurityHubPlan[],
  minimumSeverity: Severity,
): string | undefined {
  const read = new Set(plans.map((plan) => plan.region));
  const first = notifiableFindings(report.findings, minimumSeverity).find((finding) =>
    read.has(finding.region),
  );
  return first?.region ?? plans[0]?.region;
}

/**
 * Plans Security Hub, notifies, then writes Security Hub. Throws only while notifying (SNS
 * refused the message, say), which is before any write.
 */
export async function publishReport(options: PublishOptions): Promise<PublishResult> {
  const { report, config, clients, now } = options;
  // An account whose role could not be assumed has no findings, and its hub can't be reached
  // either: asking would only fail again. So is a region the account has not enabled.
  const refused = refusedRegions(report.errors);
  const hubs = config.securityHub
    ? reachedAccounts(report).flatMap((accountId) =>
        report.scope.regions
          .filter((region) => !refused.has(`${accountId} ${region}`))
          .map((region) => ({ accountId, region })),
      )
    : [];
  const limit = pLimit(HUBS_AT_ONCE);
  const readings = await Promise.all(
    hubs.map(({ accountId, region }) =>
      limit(() =>
        planSecurityHubSync({
          client: clients.securityHub(region, accountId),
          report,
          region,
          accountId,
          ...clusterFilterOf(options, region),
          now,
          ...(options.readingSignal ? { abortSignal: options.readingSignal } : {}),
        }).then(
          (plan) => ({ plan }),
          (error: unknown) => ({ error }),
        ),
      ),
    ),
  );
  const plans: SecurityHubPlan[] = [];
  const hubChanges: HubChanges[] = [];
  for (const [index, reading] of readings.entries()) {
    const hub = hubs[index] as (typeof hubs)[number];
    if ('plan' in reading) {
      plans.push(reading.plan);
      hubChanges.push({ changes: reading.plan, findingIds: [] });
      continue;
    }
    // Without this hub's previous state, its findings count as new (changes.ts).
    hubChanges.push({
      changes: null,
      findingIds: hubFindings(report, hub.region, hub.accountId).map((finding) => finding.id),
    });
    options.onSecurityHubError?.(hub.region, reading.error, hub.accountId);
  }
  const changes = mergeChanges(hubChanges);

  let notification: NotificationResult = { sent: false, reason: 'no SNS topic configured' };
  if (config.snsTopicArn !== undefined) {
    const consoleRegion = consoleRegionOf(report, plans, config.notifyMinimumSeverity);
    notification = await sendNotification({
      client: clients.sns(regionOfTopic(config.snsTopicArn)),
      topicArn: config.snsTopicArn,
      report,
      minimumSeverity: config.notifyMinimumSeverity,
      policy: config.notifyPolicy,
      ...(changes === undefined ? {} : { changes }),
      ...(consoleRegion === undefined ? {} : { consoleRegion }),
      ...(options.reportLink === undefined ? {} : { reportLink: options.reportLink }),
    });
  }

  // The message has told the planned changes. A write that fails from here on leaves them
  // unrecorded, so the next run sees those findings as new (or resolved) again and notifies
  // them once more: a repeated notification beats a lost one.
  const written = await Promise.all(
    plans.map((plan) =>
      limit(async () => {
        try {
          const result = await applySecurityHubSync(plan, {
            client: clients.securityHub(plan.region, plan.accountId),
            ...(options.shouldStopWriting ? { shouldStop: options.shouldStopWriting } : {}),
          });
          options.onSecurityHubSynced?.(result);
          return result;
        } catch (error) {
          options.onSecurityHubError?.(plan.region, error, plan.accountId);
          return undefined;
        }
      }),
    ),
  );
  const securityHub = written.filter((result) => result !== undefined);
  return { securityHub, notification };
}

/** A region's cluster filter: its own when the scan had one per region, else the scan's. */
function clusterFilterOf(
  options: Pick<PublishOptions, 'clusters' | 'clustersByRegion'>,
  region: string,
): { clusters?: string[] } {
  const clusters = options.clustersByRegion?.[region] ?? options.clusters;
  return clusters === undefined ? {} : { clusters };
}
