import { clusterHit, windowsClustersAt } from '../facts.ts';
import { KUBERNETES_VERSIONS_SOURCE } from '../reference-data/kubernetes-versions.ts';
import type { Rule } from '../types.ts';

/**
 * Today's version only: no `upgradeReadiness`. The readiness verdict notes a target the
 * calendar does not list instead (targetSupportNote in upgrade.ts).
 */
export const kubernetesVersionUnknown: Rule = {
  id: 'kubernetes-version-unknown',
  severity: 'INFORMATIONAL',
  title: 'Cluster Kubernetes version unknown to the EKS version calendar',
  description:
    'The cluster runs a Kubernetes version that the EKS version calendar of the scanner does not list (newer than its newest entry). It is treated as supported and its support dates are not checked. Evaluated for clusters with Windows nodes only.',
  remediation:
    'Update the scanner, or add the version with its end of standard and extended support dates to src/evaluate/reference-data/kubernetes-versions.ts.',
  resourceTypes: ['AwsEksCluster'],
  permissions: ['eks:DescribeCluster'],
  source: KUBERNETES_VERSIONS_SOURCE,
  evaluate({ inventory, options }) {
    return windowsClustersAt(inventory, options.now, 'not-in-table').map((windowsCluster) => {
      const { version, newestKnown } = windowsCluster.support;
      return clusterHit(
        windowsCluster,
        { kubernetesVersion: version, newestVersionInTable: newestKnown },
        `Kubernetes ${version} is not in the scanner's EKS version calendar (newest: ${newestKnown}); it is treated as supported.`,
      );
    });
  },
};
