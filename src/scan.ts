/**
 * The scan: collect → decode → evaluate → report. The command line and the Lambda handler
 * are thin shells over `runScan`.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { accountIdOf } from './caller-identity.ts';
import type { ArnNamedCluster } from './cluster-names.ts';
import { type AwsClients, createAwsClients } from './collect/clients.ts';
import { collectRegion } from './collect/index.ts';
import { suppressionsFromEnvironment } from './config.ts';
import { decodeInventory } from './decode/index.ts';
import { evaluateInventory } from './evaluate/index.ts';
import type { ScopedSuppression, Suppression } from './evaluate/suppressions.ts';
import {
  DEFAULT_EVALUATION_WINDOWS,
  type EvaluatedInventory,
  type EvaluationOptions,
} from './evaluate/types.ts';
import { parseTargetVersion } from './evaluate/upgrade.ts';
import { isForgivableNotFound } from './inventory/errors.ts';
import type { Inventory, ScanError } from './inventory/types.ts';
import { buildReport } from './report/build.ts';
import type { Report } from './report/types.ts';

export interface ScanProgress {
  /** Set when the scan covers several accounts (scanAccounts). */
  accountId?: string;
  region: string;
  message: string;
  done?: number;
  total?: number;
}

export interface ScanOptions {
  /** Regions to scan; at least one. */
  regions: string[];
  /** Cluster names to scan; empty or absent scans every cluster. */
  clusters?: string[];
  /** Per region, the cluster names to scan there instead of `clusters` (clusters named by ARN). */
  clustersByRegion?: Record<string, string[]>;
  /**
   * The clusters named by ARN that `clustersByRegion` looks for in their region alone: a
   * "not found" of one is not forgiven by a namesake found in another region.
   */
  clusterArns?: readonly ArnNamedCluster[];
  /** The instant dates are judged against; defaults to the current time. */
  now?: Date;
  endOfSupportWarningDays?: number;
  amiExpiryWarningDays?: number;
  /**
   * Org-wide suppressions from configuration; resource tags add their own. Absent: the
   * `SUPPRESSIONS` variable of `env`, wherever the scan runs (an invalid value throws a
   * ConfigurationError naming it, before any AWS call).
   */
  suppressions?: Suppression[];
  /** A configuration file's suppressions (src/config-file: `scanOptionsOf`). */
  suppressionRules?: ScopedSuppression[];
  /**
   * Upgrade readiness (`--target-version`, an audit's `targetVersion`): "1.36". The rules
   * that depend on the cluster's version also judge each cluster as if its control plane ran
   * it, and report those findings with `upgrade`. Absent: each cluster's next minor version is
   * judged for its verdict (`readiness`) only. A malformed one throws TargetVersionError.
   */
  targetVersion?: string;
  /** Where `SUPPRESSIONS` is read when `suppressions` is absent; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Creates the clients of one region; defaults to the standard SDK chain. */
  clientsFor?: (region: string) => AwsClients;
  /**
   * The account the clients act as, when the caller knows it (a role assumed there): not asked
   * of STS in the first region, so a region the account has not enabled fails alone.
   */
  accountId?: string;
  /** Longest time one AWS call may take with the default clients (DEFAULT_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** Polled between steps: returning true stops collecting and marks the report incomplete. */
  shouldStop?: () => boolean;
  /**
   * Stops collecting as `shouldStop` does, and also fails the calls still waiting (AbortError)
   * with the default clients; a caller's own `clientsFor` passes it to createAwsClients.
   */
  abortSignal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
}

/** The operation and code of the error that records a region cut short by `shouldStop`. */
export const DEADLINE_OPERATION = 'Scan';
export const DEADLINE_CODE = 'DeadlineReached';

/**
 * What the report says of a region whose collection `shouldStop` cut short: the account,
 * the region (and the cluster, when one was asked for) whose findings may be missing. Only
 * names the scanner was given; nothing it read.
 */
export function deadlineError(
  accountId: string,
  region: string,
  clusters: readonly string[] = [],
): ScanError {
  const [only] = clusters;
  const scope =
    clusters.length === 0
      ? 'the region'
      : clusters.length === 1
        ? 'the cluster'
        : `the ${clusters.length} clusters asked for`;
  return {
    accountId,
    region,
    ...(clusters.length === 1 && only !== undefined ? { cluster: only } : {}),
    operation: DEADLINE_OPERATION,
    code: DEADLINE_CODE,
    message: `Collection stopped at the time limit before ${scope} was read to the end: its clusters, node sources and findings may be missing`,
  };
}

/** `shouldStop` for one region, remembering whether it ever said stop. */
function regionDeadline(shouldStop: () => boolean) {
  let reached = false;
  return {
    shouldStop: () => {
      if (!reached && shouldStop()) reached = true;
      return reached;
    },
    get reached() {
      return reached;
    },
  };
}

/** The cluster names a scan was limited to, in every region; empty for every cluster. */
export function clustersAskedFor(
  options: Pick<ScanOptions, 'clusters' | 'clustersByRegion'>,
): string[] {
  return [...(options.clusters ?? []), ...Object.values(options.clustersByRegion ?? {}).flat()];
}

/** How a scan evaluates: its options, else the defaults (and SUPPRESSIONS of the environment). */
export function evaluationOptionsOf(options: ScanOptions): EvaluationOptions {
  const evaluation: EvaluationOptions = {
    now: options.now ?? new Date(),
    endOfSupportWarningDays:
      options.endOfSupportWarningDays ?? DEFAULT_EVALUATION_WINDOWS.endOfSupportWarningDays,
    amiExpiryWarningDays:
      options.amiExpiryWarningDays ?? DEFAULT_EVALUATION_WINDOWS.amiExpiryWarningDays,
    suppressions: options.suppressions ?? suppressionsFromEnvironment(options.env ?? process.env),
    suppressionRules: options.suppressionRules ?? [],
  };
  if (options.targetVersion !== undefined) {
    evaluation.targetVersion = parseTargetVersion(options.targetVersion);
  }
  return evaluation;
}

export async function runScan(options: ScanOptions): Promise<Report> {
  const clientsFor =
    options.clientsFor ??
    ((region: string) =>
      createAwsClients(region, {
        ...(options.requestTimeoutMs === undefined
          ? {}
          : { requestTimeoutMs: options.requestTimeoutMs }),
        ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
      }));
  const evaluation = evaluationOptionsOf(options);
  const { targetVersion } = evaluation;
  // A region named twice is scanned once: twice would report every finding twice.
  const regions = [...new Set(options.regions)];
  // Each region's clients made once: the first region's also ask who the caller is.
  const clientsByRegion = regions.map((region) => ({ region, clients: clientsFor(region) }));
  const first = clientsByRegion[0];
  if (first === undefined) throw new Error('runScan needs at least one region');

  // Who the caller is, asked while each region lists its clusters (a failure still ends the scan).
  const identity =
    options.accountId === undefined
      ? first.clients.sts.send(new GetCallerIdentityCommand({})).then(accountIdOf)
      : Promise.resolve(options.accountId);

  // Regions run side by side: AWS rate limits are per region, so one region's calls never
  // slow another's. Each region is decoded and evaluated as soon as it is collected, so its
  // raw user data is let go before the other regions finish.
  const evaluated = await Promise.all(
    clientsByRegion.map(async ({ region, clients }) => {
      const { abortSignal, shouldStop = () => false } = options;
      const deadline = regionDeadline(() => abortSignal?.aborted === true || shouldStop());
      const collected: Inventory = await collectRegion({
        clients,
        accountId: identity,
        region,
        clusterNames: options.clustersByRegion?.[region] ?? options.clusters ?? [],
        shouldStop: deadline.shouldStop,
        onProgress: options.onProgress ?? (() => {}),
        ...(targetVersion === undefined ? {} : { targetVersion }),
      });
      // The deadline skipped work (collection polls it only before starting some) or cut
      // calls short: say so in `errors`, which lists why a report is incomplete.
      const { accountId } = collected;
      const inventory: Inventory =
        deadline.reached || abortSignal?.aborted === true
          ? {
              ...collected,
              complete: false,
              errors: [
                ...collected.errors,
                deadlineError(accountId, region, [
                  ...new Set(options.clustersByRegion?.[region] ?? options.clusters ?? []),
                ]),
              ],
            }
          : collected;
      return evaluateInventory(decodeInventory(inventory), evaluation);
    }),
  );
  return buildReport({
    scannedAt: evaluation.now,
    accountIds: [await identity],
    regions,
    clusters: clustersAskedFor(options),
    evaluated: forgiveClustersFoundElsewhere(evaluated, options.clusterArns ?? []),
  });
}

/**
 * A cluster named for several regions lives in one (or some) of them: "not found" in the
 * others is no failure of the scan. Only a cluster found in no region keeps its
 * DescribeCluster ResourceNotFoundException entries (the caller tells the user), and so does
 * a cluster named by ARN, whatever its namesakes.
 */
function forgiveClustersFoundElsewhere(
  evaluated: EvaluatedInventory[],
  clusterArns: readonly ArnNamedCluster[],
): EvaluatedInventory[] {
  const found = new Set(
    evaluated.flatMap(({ inventory }) => inventory.clusters.map((c) => c.name)),
  );
  return evaluated.map((entry) => {
    const errors = entry.inventory.errors.filter(
      (error) =>
        !(
          error.cluster !== undefined &&
          found.has(error.cluster) &&
          isForgivableNotFound(error, clusterArns)
        ),
    );
    return errors.length === entry.inventory.errors.length
      ? entry
      : { ...entry, inventory: { ...entry.inventory, errors } };
  });
}
