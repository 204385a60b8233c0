/**
 * The planner: the accounts (a list, or the organisation's active accounts) times the
 * regions, written to the bucket as one JSON array that the Distributed Map reads item by
 * item (Step Functions passes at most 256 KB between states; 1,000 accounts × 17 regions
 * make about 880 KB). The items name only an account and a region; the run's cluster filter
 * (a configuration file's `clusters`) is the plan's, which the map's ItemSelector hands every
 * worker (statemachine/organization-scan.asl.json), so that it is not repeated in the array,
 * and the aggregating states hand the aggregator, for the report's `scope.clusters`. The
 * file's cluster ARNs travel the same way (src/organization/cluster-scope.ts); an account and
 * region where the run looks for none of its clusters is not planned.
 */
import type { ClusterArnParts } from '../cluster-names.ts';
import type { ReportBucket } from '../lambda/report-bucket.ts';
import { looksForNothing } from './cluster-scope.ts';
import { planKey, type ScanRun, type ScanTarget } from './run.ts';

export interface PlanOptions {
  run: ScanRun;
  regions: readonly string[];
  /** Cluster names every worker scans; empty or absent, every cluster. */
  clusters?: readonly string[];
  /**
   * The ARNs that confine their name (among `clusters`) to their own account and region
   * (`confiningClusterArns` of src/config-file/scan-options.ts): the name is looked for there alone.
   */
  clusterArns?: readonly ClusterArnParts[];
  /** The upgrade every worker judges readiness for ("1.36"); absent for none. */
  targetVersion?: string;
  /** The accounts to scan, given or listed (Organizations ListAccounts, ACTIVE only). */
  accounts: () => Promise<string[]>;
  bucket: ReportBucket;
}

/** The planner's output, the state machine's input for the map and the aggregator. */
export interface Plan {
  run: ScanRun;
  /** The ItemReader's object: a JSON array of `ScanTarget`. */
  plan: { bucket: string; key: string };
  accounts: number;
  regions: string[];
  /**
   * The cluster names every account and region is scanned for; empty for every cluster.
   * Always present: the state machine's paths need it.
   */
  clusters: string[];
  /**
   * The ARNs of `clusters` looked for in their own account and region alone; empty for none.
   * Always present: the map's ItemSelector hands them to every worker.
   */
  clusterArns: string[];
  /** The run's upgrade target; null for none (always present: the state machine's paths need it). */
  targetVersion: string | null;
  targets: number;
}

export async function planOrganizationScan(options: PlanOptions): Promise<Plan> {
  const accounts = [...new Set(await options.accounts())];
  if (accounts.length === 0)
    throw new Error('No account to scan: the organisation lists no active account');
  const regions = [...new Set(options.regions)];
  const clusters = [...new Set(options.clusters ?? [])];
  const clusterArns = options.clusterArns ?? [];
  // Account by account, so that one account's regions run close together and its role
  // session is reused while it is warm.
  const targets: ScanTarget[] = accounts.flatMap((accountId) =>
    regions
      .map((region) => ({ accountId, region }))
      .filter((target) => !looksForNothing(target, clusters, clusterArns)),
  );
  const key = planKey(options.run);
  await options.bucket.putJson(key, targets);
  return {
    run: options.run,
    plan: { bucket: options.bucket.name, key },
    accounts: accounts.length,
    regions,
    clusters,
    clusterArns: [...new Set(clusterArns.map(({ arn }) => arn))],
    targetVersion: options.targetVersion ?? null,
    targets: targets.length,
  };
}
