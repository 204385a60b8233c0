/**
 * The tags that tie Auto Scaling groups and instances to an EKS cluster (SPEC section 3).
 */

/** Tags whose value is the cluster name, as EKS and eksctl put them on Auto Scaling groups. */
export const GROUP_CLUSTER_NAME_TAG_KEYS = ['eks:cluster-name', 'alpha.eksctl.io/cluster-name'];

/** Every tag whose value is the cluster name. */
export const CLUSTER_NAME_TAG_KEYS = [
  ...GROUP_CLUSTER_NAME_TAG_KEYS,
  // Karpenter v1 (and EKS Auto Mode) tag instances with it; Karpenter before v1 wrote
  // `karpenter.sh/managed-by`.
  'eks:eks-cluster-name',
  'karpenter.sh/managed-by',
];

/** Auto Scaling groups with this tag belong to a managed node group, not to a self-managed one. */
export const MANAGED_NODE_GROUP_TAG_KEY = 'eks:nodegroup-name';

/** Every instance Karpenter launches carries it. */
export const KARPENTER_NODE_POOL_TAG_KEY = 'karpenter.sh/nodepool';

/** Present on every instance an Auto Scaling group launched. */
export const AUTO_SCALING_GROUP_TAG_KEY = 'aws:autoscaling:groupName';

const OWNERSHIP_VALUES = new Set(['owned', 'shared']);
const OWNERSHIP_KEY_PREFIXES = ['kubernetes.io/cluster/', 'k8s.io/cluster/'] as const;

/** `kubernetes.io/cluster/<name>` and `k8s.io/cluster/<name>` for every cluster. */
export function ownershipTagKeys(clusterNames: readonly string[]): string[] {
  return clusterNames.flatMap((name) => OWNERSHIP_KEY_PREFIXES.map((prefix) => prefix + name));
}

/**
 * Every cluster a resource's tags name, most telling first: the name-valued tags in the order
 * of CLUSTER_NAME_TAG_KEYS, then the ownership tags by cluster name (sorted, so that the
 * order does not depend on how AWS lists tags). Several when a node source was copied from
 * another cluster with its tags (a blue/green migration) or is tagged by hand.
 */
export function taggedClusterNames(tags: Record<string, string>): string[] {
  const named = CLUSTER_NAME_TAG_KEYS.flatMap((key) => tags[key] ?? []);
  const owned = Object.entries(tags).flatMap(([key, value]) => ownedCluster(key, value) ?? []);
  return [...new Set([...named, ...owned.sort()])];
}

/**
 * The first cluster of `taggedClusterNames` among `clusterNames`, or undefined when the tags
 * name none of them. Without building that list: it runs for every group and instance listed.
 */
export function owningCluster(
  tags: Record<string, string>,
  clusterNames: ReadonlySet<string>,
): string | undefined {
  for (const key of CLUSTER_NAME_TAG_KEYS) {
    const value = tags[key];
    if (value !== undefined && clusterNames.has(value)) return value;
  }
  let first: string | undefined;
  for (const [key, value] of Object.entries(tags)) {
    const name = ownedCluster(key, value);
    if (name !== undefined && clusterNames.has(name) && (first === undefined || name < first)) {
      first = name;
    }
  }
  return first;
}

/** The cluster an ownership tag (`kubernetes.io/cluster/<name>` = owned or shared) names. */
function ownedCluster(key: string, value: string): string | undefined {
  if (!OWNERSHIP_VALUES.has(value)) return undefined;
  const prefix = OWNERSHIP_KEY_PREFIXES.find((candidate) => key.startsWith(candidate));
  return prefix === undefined ? undefined : key.slice(prefix.length);
}
