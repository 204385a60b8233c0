import { MAX_QUOTED_INSTANCES } from '../drift.ts';
import {
  imageEvidenceOf,
  isImageUnread,
  quotedInstances,
  siteHit,
  type UnknownWindowsBuild,
  type WindowsRelease,
  type WindowsSite,
  windowsReleaseJudgementOf,
  windowsSitesOf,
  windowsSupportOf,
} from '../facts.ts';
import { WINDOWS_RELEASES } from '../reference-data/windows-releases.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, WINDOWS_RELEASE_READS } from './metadata.ts';

export const windowsVersionUnknown: Rule = {
  id: 'windows-version-unknown',
  severity: 'INFORMATIONAL',
  title: 'Windows Server release could not be determined',
  description:
    'The Windows Server release of these Windows nodes could not be determined from SSM inventory, the node group AMI type or an EKS optimized AMI name, or the release calendar of the scanner does not know it: a release it has no dates for, or a Windows build Systems Manager reports that belongs to no release it knows (10.0.14393 is Windows Server 2016). Nodes that report such a build are not judged as the release their AMI or node group declares, because their build says they run another. The end-of-support and Kubernetes compatibility rules did not run for them: unknown is reported, never guessed.',
  remediation:
    'Register the nodes with AWS Systems Manager so SSM inventory reports their Windows build, or run them on EKS optimized Windows AMIs; check that the scanner may describe the AMI (ec2:DescribeImages), and update the scanner if the release is new.',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [...WINDOWS_RELEASE_READS],
  source: `${EKS_WINDOWS_AMIS}; SSM DescribeInstanceInformation — https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeInstanceInformation.html`,
  evaluate({ inventory }) {
    const hits: RuleHit[] = [];
    for (const windowsSite of windowsSitesOf(inventory)) {
      const { releases, unknownBuilds, anyUnreported, declared } = windowsReleaseJudgementOf(
        inventory,
        windowsSite.source,
        windowsSite.site,
      );
      // An AMI never read (a failed lookup of it or of its SSM parameter, the deadline) is in
      // the report's errors instead.
      if (releases.length === 0 && anyUnreported && !isImageUnread(inventory, windowsSite.site)) {
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
      for (const unknownBuild of unknownBuilds) {
        hits.push(unknownBuildHit(windowsSite, unknownBuild, declared));
      }
    }
    return hits;
  },
};

/** Nodes whose build the calendar does not know, set apart from the release the site declares. */
function unknownBuildHit(
  windowsSite: WindowsSite,
  { build, instanceIds }: UnknownWindowsBuild,
  declared: WindowsRelease | undefined,
): RuleHit {
  const declaredBuild = declared && WINDOWS_RELEASES[declared.release]?.build;
  const nodes = `${instanceIds.length} running node${instanceIds.length === 1 ? '' : 's'}`;
  const notJudgedAs = declared
    ? ` They were not judged as Windows Server ${declared.release}, which the ${declared.basis === 'amiType' ? 'node group AMI type' : 'AMI name'} says${declaredBuild ? ` (build ${declaredBuild})` : ''}.`
    : '';
  return {
    ...siteHit(
      windowsSite,
      {
        reportedBuild: build,
        basis: 'ssm',
        ...(declared ? { declaredRelease: declared.release } : {}),
        ...imageEvidenceOf(windowsSite.site),
        reportingInstances: instanceIds.length,
        instanceIds: instanceIds.slice(0, MAX_QUOTED_INSTANCES),
      },
      `Systems Manager reports Windows build ${build}, which the scanner's release calendar does not know, on ${nodes}: ${quotedInstances(instanceIds)}.${notJudgedAs}`,
    ),
    qualifier: `build-${build}`,
  };
}
