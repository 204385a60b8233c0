import {
  daysUntil,
  imageEvidenceOf,
  siteHit,
  windowsReleaseOf,
  windowsSitesOf,
  windowsSupportOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';

export const windowsServerSupportEnding: Rule = {
  id: 'windows-server-support-ending',
  severity: 'MEDIUM',
  title: 'Windows Server release nearing end of support',
  description:
    'The Windows Server release of these nodes reaches end of support (the earlier of the Amazon EKS end of support and the end of Microsoft extended support) within the warning window (default 180 days).',
  remediation:
    'Plan the move to a newer Windows Server LTSC release before the date: test workloads on a current EKS optimized Windows AMI of that release, then update the launch template, launch configuration or node group and replace the nodes.',
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
      const daysRemaining = daysUntil(options.now, support.endOfSupport);
      if (daysRemaining <= 0 || daysRemaining > options.endOfSupportWarningDays) continue;
      hits.push(
        siteHit(
          windowsSite,
          {
            release: release.release,
            ...(release.edition ? { edition: release.edition } : {}),
            basis: release.basis,
            endOfSupport: support.endOfSupport,
            endOfSupportBasis: support.endOfSupportBasis,
            daysRemaining,
            datesConfirmed: support.lifecycle.datesConfirmed,
            ...imageEvidenceOf(windowsSite.site),
          },
          `Windows Server ${release.release} reaches end of support on ${support.endOfSupport}, in ${daysRemaining} day${daysRemaining === 1 ? '' : 's'}.`,
        ),
      );
    }
    return hits;
  },
};
