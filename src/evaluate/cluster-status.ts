import type { DecodedInventory } from '../inventory/types.ts';
import { windowsClustersOf } from './facts.ts';
import type { ScanWarning } from './types.ts';

export const CLUSTER_NOT_ACTIVE = 'cluster-not-active';

/** What a cluster's EKS status means for what was judged of it. */
const CONSEQUENCES: Readonly<Record<string, string>> = {
  CREATING:
    'EKS has not finished creating it, so its endpoint, CA and network settings may be missing and the rules that compare bootstrap arguments with them may not have run; scan it again once it is ACTIVE.',
  UPDATING:
    'an update of its version or configuration is under way, so what was judged against them may change when it ends; scan it again once it is ACTIVE.',
  DELETING: 'its findings go away with it.',
  FAILED: 'EKS could not create it: its nodes can never join it.',
};

/**
 * A warning for each cluster with Windows nodes that EKS does not call ACTIVE: its findings
 * stand, but may not last (an update under way, a cluster being deleted).
 */
export function clusterStatusWarnings(inventory: DecodedInventory): ScanWarning[] {
  return windowsClustersOf(inventory).flatMap(({ cluster }): ScanWarning[] => {
    const { status } = cluster;
    if (status === undefined || status === 'ACTIVE') return [];
    const consequence =
      CONSEQUENCES[status] ?? 'what was judged of it may change once it is; scan it again then.';
    return [
      {
        code: CLUSTER_NOT_ACTIVE,
        message: `Cluster "${cluster.name}" is ${status}, not ACTIVE: ${consequence}`,
        accountId: inventory.accountId,
        region: inventory.region,
        cluster: cluster.name,
      },
    ];
  });
}
