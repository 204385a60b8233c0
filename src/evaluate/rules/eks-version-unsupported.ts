import { clusterHit, windowsClustersAt } from '../facts.ts';
import { KUBERNETES_VERSIONS_SOURCE } from '../reference-data/kubernetes-versions.ts';
import type { Rule } from '../types.ts';

/**
 * Today's version only: no `upgradeReadiness`. The control plane's own support says nothing
 * of whether the Windows nodes survive an upgrade, and an upgrade is the only way off an
 * unsupported version, so it must not block one. The readiness verdict notes a target past
 * extended support instead (targetSupportNote in upgrade.ts).
 */
export const eksVersionUnsupported: Rule = {
  id: 'eks-version-unsupported',
  severity: 'HIGH',
  title: 'Cluster Kubernetes version past end of extended support',
  description:
    'The cluster runs a Kubernetes version past the end of Amazon EKS extended support (or older than every version in the EKS calendar, from before extended support existed). EKS upgrades such control planes automatically, which can break Windows nodes whose AMIs then fall outside the kubelet version skew. Evaluated for clusters with Windows nodes only.',
  remediation:
    'Upgrade the control plane one minor version at a time to a supported version, upgrading the Windows nodes (AMI built for the new version) after each step, before EKS does it on its own schedule.',
  resourceTypes: ['AwsEksCluster'],
  permissions: ['eks:DescribeCluster'],
  source: KUBERNETES_VERSIONS_SOURCE,
  evaluate({ inventory, options }) {
    const unsupported = windowsClustersAt(inventory, options.now, 'ended', 'older-than-table');
    return unsupported.map((windowsCluster) => {
      const { support } = windowsCluster;
      if (support.status === 'older-than-table') {
        return clusterHit(
          windowsCluster,
          { kubernetesVersion: support.version, oldestVersionInTable: support.oldestKnown },
          `Kubernetes ${support.version} is older than ${support.oldestKnown}, the oldest version in the EKS calendar; it has no support.`,
        );
      }
      const { endOfExtendedSupport, confirmed } = support.lifecycle;
      return clusterHit(
        windowsCluster,
        { kubernetesVersion: support.version, endOfExtendedSupport, datesConfirmed: confirmed },
        `Kubernetes ${support.version} reached end of extended support on ${endOfExtendedSupport}.`,
      );
    });
  },
};
