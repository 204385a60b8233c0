import {
  daysUntil,
  imageEvidenceOf,
  siteHit,
  windowsReleaseOf,
  windowsSitesOf,
  windowsSupportOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';

export const windowsServerEndOfSupport: Rule = {
  id: 'windows-server-end-of-support',
  severity: 'CRITICAL',
  title: 'Windows Server release past end of support',
  description:
    'The Windows Server release of these nodes is past its end of support: the earlier of the Amazon EKS end of support and the end of Microsoft extended support. EKS publishes no new AMIs for it and Microsoft no security updates.',
  remediation:
    'Move the nodes to a supported Windows Server LTSC release (2022, or 2025 on Kubernetes 1.35 and later): point the launch template, launch configuration or node group at a current EKS optimized Windows AMI of that release and replace the nodes.',
  resourceTypes: [
    'AwsEc2LaunchTemplate',
    'AwsAutoScalingLaunchConfiguration',
    'AwsEc2Instance',
    'AwsEksNodegroup',
  ],
  permissions: [
    'eks:DescribeNodegroup',
    'ec2:DescribeLaunchTemplateVersions',
    'autoscaling:DescribeLaunchConfigurations',
    'ec2:DescribeInstances',
    'ec2:DescribeImages',
    'ssm:DescribeInstanceInformation',
  ],
  source:
    'Amazon EKS optimized Windows AMIs, release calendar — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html; Microsoft product lifecycle — https://learn.microsoft.com/lifecycle/products/',
  evaluate({ inventory, options }) {
    const hits: RuleHit[] = [];
    for (const windowsSite of windowsSitesOf(inventory)) {
      const release = windowsReleaseOf(inventory, windowsSite.source, windowsSite.site);
      const support = release && windowsSupportOf(release.release);
      if (!release || !support?.endOfSupport || !support.endOfSupportBasis) continue;
      if (daysUntil(options.now, support.endOfSupport) > 0) continue;
      hits.push(
        siteHit(
          windowsSite,
          {
            release: release.release,
            ...(release.edition ? { edition: release.edition } : {}),
            basis: release.basis,
            endOfSupport: support.endOfSupport,
            endOfSupportBasis: support.endOfSupportBasis,
            ...imageEvidenceOf(windowsSite.site),
          },
          `Windows Server ${release.release} reached end of support on ${support.endOfSupport}.`,
        ),
      );
    }
    return hits;
  },
};
