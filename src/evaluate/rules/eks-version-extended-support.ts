import { clusterHit, windowsClustersAt } from '../facts.ts';
import { KUBERNETES_VERSIONS_SOURCE } from '../reference-data/kubernetes-versions.ts';
import type { Rule } from '../types.ts';

/**
 * Today's version only: no `upgradeReadiness`. The control plane's own support says nothing
 * of whether the Windows nodes survive an upgrade; the readiness verdict notes a target in
 * extended support instead (targetSupportNote in upgrade.ts).
 */
export const eksVersionExtendedSupport: Rule = {
  id: 'eks-version-extended-support',
  severity: 'MEDIUM',
  title: 'Cluster Kubernetes version in extended support',
  description:
    'The cluster runs a Kubernetes version past the end of Amazon EKS standard support: it is in extended support, which is billed at a higher hourly rate and ends on a fixed date, after which EKS upgrades the control plane automatically. Evaluated for clusters with Windows nodes only.',
  remediation:
    'Upgrade the control plane one minor version at a time to a version in standard support, upgrading the Windows nodes (AMI built for the new version) after each step.',
  resourceTypes: ['AwsEksCluster'],
  permissions: ['eks:DescribeCluster'],
  source: KUBERNETES_VERSIONS_SOURCE,
  evaluate({ inventory, options }) {
    return windowsClustersAt(inventory, options.now, 'extended').map((windowsCluster) => {
      const { version, lifecycle } = windowsCluster.support;
      const { endOfStandardSupport, endOfExtendedSupport, confirmed } = lifecycle;
      return clusterHit(
        windowsCluster,
        {
          kubernetesVersion: version,
          endOfStandardSupport,
          endOfExtendedSupport,
          datesConfirmed: confirmed,
        },
        `Kubernetes ${version} left standard support on ${endOfStandardSupport}; extended support ends on ${endOfExtendedSupport}.`,
      );
    });
  },
};
