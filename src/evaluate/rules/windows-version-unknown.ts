import {
  imageEvidenceOf,
  isImageUnread,
  siteHit,
  windowsReleasesOf,
  windowsSitesOf,
  windowsSupportOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, WINDOWS_RELEASE_READS } from './metadata.ts';

export const windowsVersionUnknown: Rule = {
  id: 'windows-version-unknown',
  severity: 'INFORMATIONAL',
  title: 'Windows Server release could not be determined',
  description:
    'The Windows Server release of these Windows nodes could not be determined from SSM inventory, the node group AMI type or an EKS optimized AMI name, or the release calendar of the scanner does not know it. The end-of-support and Kubernetes compatibility rules did not run for them: unknown is reported, never guessed.',
  remediation:
    'Register the nodes with AWS Systems Manager so SSM inventory reports their Windows build, or run them on EKS optimized Windows AMIs; check that the scanner may describe the AMI (ec2:DescribeImages), and update the scanner if the release is new.',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [...WINDOWS_RELEASE_READS],
  source: `${EKS_WINDOWS_AMIS}; SSM DescribeInstanceInformation — https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeInstanceInformation.html`,
  evaluate({ inventory }) {
    const hits: RuleHit[] = [];
    for (const windowsSite of windowsSitesOf(inventory)) {
      const releases = windowsReleasesOf(inventory, windowsSite.source, windowsSite.site);
      // An AMI never read (a failed lookup, the deadline) is in the report's errors instead.
      if (releases.length === 0 && !isImageUnread(inventory, windowsSite.site.imageId)) {
        hits.push(
          siteHit(
            windowsSite,
            imageEvidenceOf(windowsSite.site),
            'Neither SSM inventory, the AMI type nor an EKS optimized AMI name gives the Windows Server release.',
          ),
        );
      }
      for (const { release, qualifier } of releases) {
        if (windowsSupportOf(release.release)) continue;
        const hit = siteHit(
          windowsSite,
          {
            release: release.release,
            basis: release.basis,
            ...imageEvidenceOf(windowsSite.site),
          },
          `Windows Server release ${release.release} is not in the scanner's release calendar.`,
        );
        hits.push(qualifier === undefined ? hit : { ...hit, qualifier });
      }
    }
    return hits;
  },
};
