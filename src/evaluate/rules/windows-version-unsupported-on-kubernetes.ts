import {
  compareKubernetesVersions,
  imageEvidenceOf,
  kubernetesMinorOf,
  parseKubernetesVersion,
  siteHit,
  windowsReleaseOf,
  windowsSitesOf,
  windowsSupportOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';

export const windowsVersionUnsupportedOnKubernetes: Rule = {
  id: 'windows-version-unsupported-on-kubernetes',
  severity: 'HIGH',
  title: 'Windows Server release needs a newer Kubernetes version',
  description:
    'EKS ships no optimized AMIs of this Windows Server release for the Kubernetes version of the cluster control plane: Windows Server 2022 needs 1.23 or later, 2025 needs 1.35 or later, 20H2 needed 1.21 or later. The control plane version is the one compared, because it is what the nodes must join.',
  remediation:
    'Upgrade the cluster to a Kubernetes version that supports the release, or run these nodes on a Windows Server release supported on the current version (2019 or 2022).',
  resourceTypes: [
    'AwsEc2LaunchTemplate',
    'AwsAutoScalingLaunchConfiguration',
    'AwsEc2Instance',
    'AwsEksNodegroup',
  ],
  permissions: [
    'eks:DescribeCluster',
    'eks:DescribeNodegroup',
    'ec2:DescribeLaunchTemplateVersions',
    'autoscaling:DescribeLaunchConfigurations',
    'ec2:DescribeInstances',
    'ec2:DescribeImages',
    'ssm:DescribeInstanceInformation',
  ],
  source:
    'Amazon EKS optimized Windows AMIs — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html; Amazon EKS optimized Windows AMI versions — https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-versions-windows.html',
  evaluate({ inventory }) {
    const hits: RuleHit[] = [];
    for (const windowsSite of windowsSitesOf(inventory)) {
      const kubernetesVersion = kubernetesMinorOf(windowsSite.cluster?.version);
      const controlPlane = parseKubernetesVersion(kubernetesVersion);
      const release = windowsReleaseOf(inventory, windowsSite.source, windowsSite.site);
      const minimum =
        release && windowsSupportOf(release.release)?.lifecycle.minimumKubernetesVersion;
      const required = parseKubernetesVersion(minimum);
      if (!release || !kubernetesVersion || !controlPlane || !minimum || !required) continue;
      if (compareKubernetesVersions(controlPlane, required) >= 0) continue;
      hits.push(
        siteHit(
          windowsSite,
          {
            release: release.release,
            ...(release.edition ? { edition: release.edition } : {}),
            basis: release.basis,
            kubernetesVersion,
            minimumKubernetesVersion: minimum,
            ...imageEvidenceOf(windowsSite.site),
          },
          `Windows Server ${release.release} needs Kubernetes ${minimum} or later; the cluster's control plane runs ${kubernetesVersion}.`,
        ),
      );
    }
    return hits;
  },
};
