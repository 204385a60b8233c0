import {
  daysUntil,
  imageEvidenceOf,
  siteHit,
  windowsReleaseOf,
  windowsSitesOf,
  windowsSupportOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';

export const windowsServerMainstreamEnded: Rule = {
  id: 'windows-server-mainstream-ended',
  severity: 'INFORMATIONAL',
  title: 'Windows Server release past Microsoft mainstream support',
  description:
    'Microsoft mainstream support for the Windows Server release of these nodes has ended: security updates continue until extended support ends, but no feature or non-security fixes. Not reported once the release is past end of support (windows-server-end-of-support covers that).',
  remediation:
    'No action is needed yet. Plan the move to a newer Windows Server LTSC release before extended support ends.',
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
  source: 'Microsoft product lifecycle — https://learn.microsoft.com/lifecycle/products/',
  evaluate({ inventory, options }) {
    const hits: RuleHit[] = [];
    for (const windowsSite of windowsSitesOf(inventory)) {
      const release = windowsReleaseOf(inventory, windowsSite.source, windowsSite.site);
      const support = release && windowsSupportOf(release.release);
      const mainstreamEnd = support?.lifecycle.mainstreamEnd;
      if (!release || !support || mainstreamEnd === undefined) continue;
      if (daysUntil(options.now, mainstreamEnd) > 0) continue;
      // Past end of support the CRITICAL finding says it all.
      if (support.endOfSupport !== undefined && daysUntil(options.now, support.endOfSupport) <= 0)
        continue;
      const until = support.endOfSupport ? ` until ${support.endOfSupport}` : '';
      hits.push(
        siteHit(
          windowsSite,
          {
            release: release.release,
            ...(release.edition ? { edition: release.edition } : {}),
            basis: release.basis,
            mainstreamEnd,
            ...(support.endOfSupport ? { endOfSupport: support.endOfSupport } : {}),
            ...imageEvidenceOf(windowsSite.site),
          },
          `Microsoft mainstream support for Windows Server ${release.release} ended on ${mainstreamEnd}; security updates continue${until}.`,
        ),
      );
    }
    return hits;
  },
};
