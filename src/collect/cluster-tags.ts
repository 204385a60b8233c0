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
 * The scanned cluster a resource belongs to according to its tags, or undefined when none
 * of them names one of `clusterNames`. Name-valued tags win over ownership tags, which a
 * resource shared between clusters may carry more than once.
 */
export function owningCluster(
  tags: Record<string, string>,
  clusterNames: ReadonlySet<string>,
): string | undefined {
  for (const key of CLUSTER_NAME_TAG_KEYS) {
    const value = tags[key];
    if (value !== undefined && clusterNames.has(value)) return value;
  }
  for (const [key, value] of Object.entries(tags)) {
    if (!OWNERSHIP_VALUES.has(value)) continue;
    for (const prefix of OWNERSHIP_KEY_PREFIXES) {
      if (!key.startsWith(prefix)) continue;
      const name = key.slice(prefix.length);
      if (clusterNames.has(name)) return name;
    }
  }
  return undefined;
}
