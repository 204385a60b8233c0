import { describeWindowsSite, siteHit, sitesPassing } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import {
  CONFIG_SITE_TYPES,
  EKS_WINDOWS_AMIS,
  NODE_SOURCE_DISCOVERY,
  USER_DATA_READS,
} from './metadata.ts';

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
  permissions: [...NODE_SOURCE_DISCOVERY, ...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return sitesPassing(inventory, 'EKSClusterName').flatMap((passing): RuleHit[] => {
      const { value: given, source } = passing;
      const owner = source.cluster;
      if (given === owner) return [];
      return [
        siteHit(
          passing,
          { bootstrapClusterName: given, clusterName: owner },
          `${describeWindowsSite(passing)} passes -EKSClusterName "${given}" but belongs to cluster "${owner}".`,
        ),
      ];
    });
  },
};
