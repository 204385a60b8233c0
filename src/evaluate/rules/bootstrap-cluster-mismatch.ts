import { editDistance } from '../../close-matches.ts';
import { CLUSTER_NAME } from '../../cluster-names.ts';
import { describeWindowsSite, siteHit, sitesPassing } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import {
  CONFIG_SITE_TYPES,
  EKS_WINDOWS_AMIS,
  NODE_SOURCE_DISCOVERY,
  USER_DATA_READS,
} from './metadata.ts';

/** `-EKSClusterName=prod`, as bootstrap.sh and kubelet take options: one positional word. */
const EQUALS_FORM = /^-eksclustername=/i;

/** EKS cluster names are case-sensitive, so the comparison is exact. */
export const bootstrapClusterMismatch: Rule = {
  id: 'bootstrap-cluster-mismatch',
  severity: 'HIGH',
  title: 'Bootstrap joins Windows nodes to a different cluster',
  description:
    'The -EKSClusterName passed to Start-EKSBootstrap.ps1 is not the cluster that owns this node source: the nodes register with another cluster or fail to find one, and the owning cluster never gets them.',
  remediation:
    "Pass the owning cluster's exact name (case-sensitive) as -EKSClusterName, or fix the tags that attach the node source to the cluster; publish the corrected user data and replace the nodes.",
  resourceTypes: [...CONFIG_SITE_TYPES],
  // ListClusters: a scan limited to some clusters quotes a name of the region's others.
  permissions: ['eks:ListClusters', ...NODE_SOURCE_DISCOVERY, ...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    // The region's other clusters too: a limited scan quotes what a full one does.
    const regionClusters = [
      ...inventory.clusters.map((cluster) => cluster.name),
      ...(inventory.regionClusterNames ?? []),
    ];
    return sitesPassing(inventory, 'EKSClusterName').flatMap((passing): RuleHit[] => {
      const { value: given, source } = passing;
      const owner = source.cluster;
      if (given === owner) return [];
      const where = describeWindowsSite(passing);
      if (passing.byPosition && EQUALS_FORM.test(given)) {
        // The Linux habit: not quoted past the parameter's own name, which is the script's.
        return [
          siteHit(
            passing,
            {
              bootstrapClusterNameByPosition: true,
              bootstrapClusterNameEqualsForm: true,
              clusterName: owner,
            },
            `${where} writes -EKSClusterName=…, which PowerShell does not take for the parameter (it takes "-EKSClusterName <name>" or "-EKSClusterName:<name>"): the whole word is passed by position where -EKSClusterName goes, so the script looks for a cluster of that name; it belongs to cluster "${owner}".`,
          ),
        ];
      }
      if (passing.byPosition) {
        return [
          siteHit(
            passing,
            { bootstrapClusterNameByPosition: true, clusterName: owner },
            `${where} passes a value by position where -EKSClusterName goes (not quoted: it may be a word a line continuation pulled into the call); it belongs to cluster "${owner}".`,
          ),
        ];
      }
      if (given.trim() === '') {
        // A template variable left empty: the mandatory [string] parameter refuses it.
        return [
          siteHit(
            passing,
            { bootstrapClusterNameValid: false, clusterName: owner },
            `${where} passes an empty -EKSClusterName; PowerShell refuses an empty value for that mandatory parameter, so the script never runs. It belongs to cluster "${owner}".`,
          ),
        ];
      }
      if (passing.abbreviated) {
        // `register-agent -EKS <token>` after a stray line continuation binds so.
        return [
          siteHit(
            passing,
            { bootstrapClusterNameAbbreviated: true, clusterName: owner },
            `${where} passes another value to -EKSClusterName, through an abbreviated name (not quoted: it may be another command's flag a line continuation pulled into the call); it belongs to cluster "${owner}".`,
          ),
        ];
      }
      // A value that is no cluster name is not quoted: it may be a word the call caught from
      // another statement, and user data may hold secrets.
      if (!CLUSTER_NAME.test(given)) {
        return [
          siteHit(
            passing,
            { bootstrapClusterNameValid: false, clusterName: owner },
            `${where} passes an -EKSClusterName that is no valid EKS cluster name; it belongs to cluster "${owner}".`,
          ),
        ];
      }
      // Nor is one that names no cluster known here, or nearly: a template may wire the wrong
      // variable in (a token, a password), and every such value is written like a name.
      if (!namesKnownCluster(given, [...regionClusters, ...(source.ownerCandidates ?? [])])) {
        return [
          siteHit(
            passing,
            { bootstrapClusterNameQuoted: false, clusterName: owner },
            `${where} passes another -EKSClusterName, one that names no cluster the scan found (not quoted: a template may have passed another variable, and user data may hold secrets); it belongs to cluster "${owner}".`,
          ),
        ];
      }
      return [
        siteHit(
          passing,
          { bootstrapClusterName: given, clusterName: owner },
          `${where} passes -EKSClusterName "${given}" but belongs to cluster "${owner}".`,
        ),
      ];
    });
  },
};

/**
 * Whether a value is a known cluster's name or a near miss of one (a typo, another case): a
 * quarter of the name's length in edits, at most 2. A secret is never that close to a name.
 */
function namesKnownCluster(value: string, known: readonly string[]): boolean {
  const lower = value.toLowerCase();
  return known.some((name) => {
    const edits = Math.min(2, Math.floor(name.length / 4));
    return editDistance(lower, name.toLowerCase()) <= edits;
  });
}
