/**
 * The worker: one account and one region, through the member role. `runScan` (by way of
 * `scanAccounts`, which turns a role that cannot be assumed into an error of the report)
 * collects and evaluates; the account's findings go into its own Security Hub with its own
 * credentials; the report is left in the bucket for the aggregator. No SNS message: the
 * aggregator sends one for the whole run.
 */
import type { AwsClientOptions } from '../aws-client-config.ts';
import { type AwsClients, createAwsClients } from '../collect/clients.ts';
import type { ScannerConfig } from '../config.ts';
import type { Severity } from '../evaluate/types.ts';
import type { ScanError } from '../inventory/types.ts';
import type { ReportBucket } from '../lambda/report-bucket.ts';
import { createPublishClients, type PublishClients } from '../publish/clients.ts';
import { syncSecurityHub } from '../publish/security-hub/index.ts';
import type { FindingChanges, SecurityHubSyncResult } from '../publish/types.ts';
import { refusedRegions, unreachedAccounts } from '../report/unreached-accounts.ts';
import type { ScanOptions } from '../scan.ts';
import { scanAccounts } from '../scan-accounts.ts';
import { assumedRoleCredentials } from './accounts.ts';
import { partKey, type ScanPart, type ScanRun, type ScanTarget } from './run.ts';

export interface WorkerOptions {
  run: ScanRun;
  target: ScanTarget;
  config: Pick<
    ScannerConfig,
    | 'securityHub'
    | 'notifyMinimumSeverity'
    | 'notifyPolicy'
    | 'endOfSupportWarningDays'
    | 'amiExpiryWarningDays'
    | 'suppressions'
    | 'suppressionRules'
  > & { memberRoleName: string; memberRoleExternalId?: string };
  /**
   * Cluster names to scan (the plan's, or the configuration file's); empty or absent scans
   * every cluster. Security Hub's archiving keeps to them too.
   */
  clusters?: readonly string[];
  /**
   * The upgrade to judge readiness for ("1.36"). Its findings stay in the report: Security
   * Hub never receives an upgrade's findings (src/publish/security-hub/plan.ts).
   */
  targetVersion?: string;
  /** The region whose STS assumes the member role: the worker's own. */
  homeRegion: string;
  bucket: ReportBucket;
  clientOptions?: AwsClientOptions;
  /** Sees the member account's scan clients (call counting, tracing). */
  instrumentScan?: (clients: AwsClients) => AwsClients;
  /** Sees the member account's Security Hub clients. */
  publishClients?: (options: AwsClientOptions) => PublishClients;
  shouldStop?: () => boolean;
  /** The collection deadline: fails the member account's scan calls still waiting (not its publishing). */
  abortSignal?: AbortSignal;
  /**
   * Fired when the invocation is about to end (or has): its part is then not written, so
   * that work outliving a timed-out invocation cannot overwrite a part a retry (if any) wrote.
   */
  ended?: AbortSignal;
  /** True once no Security Hub write may start (see PublishOptions.shouldStopWriting). */
  shouldStopWriting?: () => boolean;
  /**
   * Fires when reading Security Hub must end (see PublishOptions.readingSignal), so that the
   * part is still written: its Security Hub is then left unsynced.
   */
  readingSignal?: AbortSignal;
  onSecurityHubError?: (region: string, error: unknown) => void;
  /**
   * Told the scan's errors (the member role that could not be assumed, a call that failed),
   * as soon as the scan ends: the map's result counts them, the part holds them.
   */
  onScanErrors?: (errors: readonly ScanError[]) => void;
  /** The scan's progress, as the command line shows it (the functions log it at DEBUG). */
  onProgress?: ScanOptions['onProgress'];
}

export interface SecurityHubOutcome {
  imported: number;
  archived: number;
  failed: number;
}

/** The worker's answer to the map: small, since the map's results are written to S3 too. */
export interface WorkerResult extends ScanTarget {
  part: { bucket: string; key: string };
  complete: boolean;
  findings: Record<Severity, number>;
  errors: number;
  /** What the member account's Security Hub received; null when nothing was sent. */
  securityHub: SecurityHubOutcome | null;
}

function changesOf(synced: SecurityHubSyncResult | undefined): FindingChanges | null {
  if (synced === undefined) return null;
  const { newFindingIds, resolvedFindingIds, resolvedSeverities, resolvedTitles } = synced;
  return { newFindingIds, resolvedFindingIds, resolvedSeverities, resolvedTitles };
}

/**
 * The invocation reached its end before its part was written (or before S3 confirmed the
 * write). No part is written then, so that work outliving the invocation cannot overwrite
 * one a retry of the item (if any) wrote; the item fails, and the run's report lists the
 * account and region as not scanned unless S3 kept a write it did not confirm.
 */
export class InvocationEndedError extends Error {
  override name = 'InvocationEndedError';
  constructor(
    key: string,
    { unconfirmed = false, ...options }: ErrorOptions & { unconfirmed?: boolean } = {},
  ) {
    super(
      unconfirmed
        ? `The invocation reached its deadline before S3 confirmed ${key}: unless S3 kept it, the run's report lists this account and region as not scanned`
        : `The invocation reached its deadline before ${key} was written: the run's report lists this account and region as not scanned`,
      options,
    );
  }
}

export async function scanTarget(options: WorkerOptions): Promise<WorkerResult> {
  const { run, target, config, bucket } = options;
  const clientOptions = options.clientOptions ?? {};
  const clusters = [...new Set(options.clusters ?? [])];
  // One role session for the scan and Security Hub: one AssumeRole call.
  const credentials = assumedRoleCredentials(
    target.accountId,
    { name: config.memberRoleName, externalId: config.memberRoleExternalId },
    options.homeRegion,
    clientOptions,
  );
  const memberOptions: AwsClientOptions = { ...clientOptions, credentials };
  const instrument = options.instrumentScan ?? ((clients: AwsClients) => clients);
  const report = await scanAccounts(
    [
      {
        accountId: target.accountId,
        credentials,
        stsRegion: options.homeRegion,
        clientsFor: (region) =>
          instrument(
            createAwsClients(region, {
              ...memberOptions,
              ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
            }),
          ),
      },
    ],
    {
      regions: [target.region],
      ...(clusters.length > 0 ? { clusters } : {}),
      ...(options.targetVersion === undefined ? {} : { targetVersion: options.targetVersion }),
      now: new Date(run.scannedAt),
      endOfSupportWarningDays: config.endOfSupportWarningDays,
      amiExpiryWarningDays: config.amiExpiryWarningDays,
      suppressions: config.suppressions,
      suppressionRules: config.suppressionRules ?? [],
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );

  options.onScanErrors?.(report.errors);
  // Neither a role that could not be assumed nor a region the account has not enabled lets
  // its Security Hub be reached: asking would only fail again.
  const reached =
    unreachedAccounts(report.errors).size === 0 && refusedRegions(report.errors).size === 0;
  let synced: SecurityHubSyncResult | undefined;
  if (config.securityHub && reached) {
    // Publishing's Security Hub part (read, import, archive) with the member account's
    // credentials, so that the findings land in its own hub; the run's one SNS summary is
    // the aggregator's.
    const clients = (options.publishClients ?? ((o) => createPublishClients(undefined, o)))(
      memberOptions,
    );
    try {
      synced = await syncSecurityHub({
        client: clients.securityHub(target.region, target.accountId),
        report,
        region: target.region,
        accountId: target.accountId,
        // Only the scanned clusters' findings may be archived as resolved.
        ...(clusters.length > 0 ? { clusters } : {}),
        now: new Date(report.scannedAt),
        ...(options.shouldStopWriting ? { shouldStop: options.shouldStopWriting } : {}),
        ...(options.readingSignal ? { abortSignal: options.readingSignal } : {}),
      });
    } catch (error) {
      options.onSecurityHubError?.(target.region, error);
    }
  }

  const part: ScanPart = { ...target, report, changes: changesOf(synced) };
  const key = partKey(run, target);
  const { ended } = options;
  if (ended?.aborted) throw new InvocationEndedError(key);
  try {
    // A write S3 leaves waiting ends with the invocation, not at Lambda's timeout.
    await bucket.putJson(key, part, ended === undefined ? {} : { abortSignal: ended });
  } catch (error) {
    if (ended?.aborted) throw new InvocationEndedError(key, { cause: error, unconfirmed: true });
    throw error;
  }
  return {
    ...target,
    part: { bucket: bucket.name, key },
    complete: report.complete,
    findings: report.summary.findings,
    errors: report.errors.length,
    securityHub:
      synced === undefined
        ? null
        : { imported: synced.imported, archived: synced.archived, failed: synced.failed.length },
  };
}
