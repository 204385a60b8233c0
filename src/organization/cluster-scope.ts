/**
 * Which clusters each account and region of an organisation-wide run looks for. A
 * configuration file's cluster ARN names one cluster: one name in one account and region.
 * The run used to take it by its name in every account and region, so a namesake anywhere in
 * the organisation was scanned, reported and sent to its account's Security Hub as if it were
 * that cluster. The plan carries such ARNs once, beside the names, as it carries the names;
 * its items stay an account and a region (17,000 of them must fit the plan's object), and
 * each worker works out its own names.
 */
import type { ClusterArnParts } from '../cluster-names.ts';
import type { ScanTarget } from './run.ts';

/**
 * The cluster names one account and region is scanned for: the plan's names but those an ARN
 * confines elsewhere, and the confined names whose ARN is this account's and region's. Empty
 * means every cluster only when the plan names none (see `looksForNothing`).
 */
export function targetClusters(
  target: ScanTarget,
  clusters: readonly string[],
  confining: readonly ClusterArnParts[],
): string[] {
  const confined = new Set(confining.map((arn) => arn.name));
  const own = confining
    .filter((arn) => arn.accountId === target.accountId && arn.region === target.region)
    .map((arn) => arn.name);
  return [...new Set([...clusters.filter((name) => !confined.has(name)), ...own])];
}

/**
 * True when the run names clusters and none is for this account and region: no names there
 * would mean every cluster, so such an item is not planned (and a worker given one refuses it).
 */
export function looksForNothing(
  target: ScanTarget,
  clusters: readonly string[],
  confining: readonly ClusterArnParts[],
): boolean {
  return (
    (clusters.length > 0 || confining.length > 0) &&
    targetClusters(target, clusters, confining).length === 0
  );
}
