/**
 * Delivery of one report: Security Hub first (it knows the previous run, so it tells what
 * is new and what was resolved), then one SNS message if the notify policy says so.
 */
import type { Report } from '../report/types.ts';
import { type PublishClients, regionOfTopic } from './clients.ts';
import { syncSecurityHub } from './security-hub/index.ts';
import { sendNotification } from './sns/index.ts';
import type {
  FindingChanges,
  NotificationResult,
  PublishConfig,
  PublishResult,
  SecurityHubSyncResult,
} from './types.ts';

export type * from './types.ts';

export interface PublishOptions {
  report: Report;
  config: PublishConfig;
  clients: PublishClients;
  /** The scan's cluster filter; undefined when every cluster was scanned. */
  clusters?: string[];
  now: Date;
  /** Told about a region whose Security Hub sync failed as a whole; the rest goes on. */
  onSecurityHubError?: (region: string, error: unknown) => void;
  /**
   * Told about each region's Security Hub sync as soon as it is done, so that a caller
   * still knows what Security Hub received when the notification after it fails.
   */
  onSecurityHubSynced?: (result: SecurityHubSyncResult) => void;
}

function mergeChanges(results: SecurityHubSyncResult[]): FindingChanges {
  return {
    newFindingIds: results.flatMap((result) => result.newFindingIds),
    resolvedFindingIds: results.flatMap((result) => result.resolvedFindingIds),
    resolvedSeverities: Object.assign({}, ...results.map((result) => result.resolvedSeverities)),
    resolvedTitles: Object.assign({}, ...results.map((result) => result.resolvedTitles)),
  };
}

export async function publishReport(options: PublishOptions): Promise<PublishResult> {
  const { report, config, clients, now } = options;
  const securityHub: SecurityHubSyncResult[] = [];
  let changesKnown = config.securityHub;
  if (config.securityHub) {
    for (const accountId of report.scope.accounts) {
      for (const region of report.scope.regions) {
        let result: SecurityHubSyncResult;
        try {
          result = await syncSecurityHub({
            client: clients.securityHub(region),
            report,
            region,
            accountId,
            ...(options.clusters ? { clusters: options.clusters } : {}),
            now,
          });
        } catch (error) {
          // Without this region's previous state, "what changed" is unknown: notify as on a first run.
          changesKnown = false;
          options.onSecurityHubError?.(region, error);
          continue;
        }
        securityHub.push(result);
        options.onSecurityHubSynced?.(result);
      }
    }
  }

  let notification: NotificationResult = { sent: false, reason: 'no SNS topic configured' };
  if (config.snsTopicArn !== undefined) {
    notification = await sendNotification({
      client: clients.sns(regionOfTopic(config.snsTopicArn)),
      topicArn: config.snsTopicArn,
      report,
      minimumSeverity: config.notifyMinimumSeverity,
      policy: config.notifyPolicy,
      ...(changesKnown ? { changes: mergeChanges(securityHub) } : {}),
    });
  }
  return { securityHub, notification };
}
