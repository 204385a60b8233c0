import {
  compareKubernetesVersions,
  controlPlaneRuns,
  kubernetesMinorOf,
  parseKubernetesVersion,
  releaseHit,
  windowsReleaseSitesOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import {
  CONFIG_SITE_TYPES,
  EKS_WINDOWS_AMI_VERSIONS,
  EKS_WINDOWS_AMIS,
  WINDOWS_RELEASE_READS,
} from './metadata.ts';

export const windowsVersionUnsupportedOnKubernetes: Rule = {
  id: 'windows-version-unsupported-on-kubernetes',
  severity: 'HIGH',
  title: 'Windows Server release needs a newer Kubernetes version',
  description:
    'EKS ships no optimized AMIs of this Windows Server release for the Kubernetes version of the cluster control plane: Windows Server 2022 needs 1.23 or later, 2025 needs 1.35 or later, 20H2 needed 1.21 or later. The control plane version is the one compared, because it is what the nodes must join.',
  remediation:
    'Upgrade the cluster to a Kubernetes version that supports the release, or run these nodes on a Windows Server release supported on the current version (2019 or 2022).',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: ['eks:DescribeCluster', ...WINDOWS_RELEASE_READS],
  source: `${EKS_WINDOWS_AMIS}; ${EKS_WINDOWS_AMI_VERSIONS}`,
  upgradeReadiness:
    "As if the control plane ran the target version: the release's minimum Kubernetes version against the target. Its maximum is windows-ami-not-published-for-version's: whether EKS publishes an AMI of the release for the target.",
  evaluate({ inventory }) {
    return windowsReleaseSitesOf(inventory).flatMap((releaseSite): RuleHit[] => {
      const kubernetesVersion = kubernetesMinorOf(releaseSite.cluster?.version);
      const controlPlane = parseKubernetesVersion(kubernetesVersion);
      const minimum = releaseSite.support.lifecycle.minimumKubernetesVersion;
      const required = parseKubernetesVersion(minimum);
      if (!kubernetesVersion || !controlPlane || !minimum || !required) return [];
      if (compareKubernetesVersions(controlPlane, required) >= 0) return [];
      return [
        releaseHit(
          releaseSite,
          { kubernetesVersion, minimumKubernetesVersion: minimum },
          `Windows Server ${releaseSite.release.release} needs Kubernetes ${minimum} or later; the cluster's control plane ${controlPlaneRuns(releaseSite.cluster, kubernetesVersion)}.`,
        ),
      ];
    });
  },
};
