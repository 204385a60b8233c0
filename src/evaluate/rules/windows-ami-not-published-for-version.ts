import {
  daysUntil,
  kubernetesMinorOf,
  kubernetesSupportOf,
  releaseHit,
  type WindowsReleaseSite,
  windowsReleaseSitesOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { latestWindowsAmiParameter } from './ami-outdated.ts';
import {
  CONFIG_SITE_TYPES,
  EKS_WINDOWS_AMI_CALENDAR,
  EKS_WINDOWS_AMI_VERSIONS,
  WINDOWS_RELEASE_READS,
} from './metadata.ts';

/** The "latest" parameters that would name an AMI of the site's release at `version`. */
function parametersFor(releaseSite: WindowsReleaseSite, version: string): string[] {
  const { release, edition } = releaseSite.release;
  const editions = edition === undefined ? (['Core', 'Full'] as const) : [edition];
  return editions.map((each) => latestWindowsAmiParameter(release, each, version));
}

/**
 * Upgrade readiness only: the scan looks the target's parameters up only when asked for one
 * (`unpublishedImageParameters`), and today's version is what the other rules judge.
 */
export const windowsAmiNotPublishedForVersion: Rule = {
  id: 'windows-ami-not-published-for-version',
  severity: 'HIGH',
  title: 'No EKS optimized Windows AMI of this release for the target Kubernetes version',
  description:
    'Amazon EKS publishes no optimized Windows AMI of this Windows Server release (and edition) for the Kubernetes version an upgrade targets: the SSM public parameter /aws/service/ami-windows-latest/Windows_Server-<release>-English-<Core|Full>-EKS_Optimized-<k8s>/image_id does not exist in the region, or EKS ended support for the release and publishes no AMIs of it. After the control plane upgrade these nodes can only stay on an AMI built for an older version until they fall out of the kubelet version skew, and a managed node group cannot be updated to the new version. Evaluated for upgrade readiness only (--target-version).',
  remediation:
    'Before upgrading, move the nodes to a Windows Server release EKS publishes for the target version (2022, or 2025 on 1.35 and later): a new launch template version or node group on its EKS optimized AMI, then replace the nodes; or wait until EKS publishes the AMI (check the SSM parameter).',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [...WINDOWS_RELEASE_READS, 'ssm:GetParameters'],
  source: `${EKS_WINDOWS_AMI_VERSIONS}; ${EKS_WINDOWS_AMI_CALENDAR}; Retrieve recommended Microsoft Windows AMI IDs — https://docs.aws.amazon.com/eks/latest/userguide/retrieve-windows-ami-id.html`,
  upgradeReadiness:
    "The target version's SSM parameters of the release, looked up with the scan's other parameters when a target is given; a release past its EKS end of support by the calendar.",
  evaluate() {
    return [];
  },
  evaluateUpgrade({ inventory, options, upgrades }) {
    const unpublished = new Set(inventory.unpublishedImageParameters ?? []);
    return windowsReleaseSitesOf(inventory).flatMap((releaseSite): RuleHit[] => {
      const target = kubernetesMinorOf(upgrades.get(releaseSite.source.cluster)?.to);
      if (target === undefined) return [];
      const release = releaseSite.release.release;
      const { eksEndOfSupport } = releaseSite.support.lifecycle;
      if (eksEndOfSupport !== undefined && daysUntil(options.now, eksEndOfSupport) <= 0) {
        return [
          releaseHit(
            releaseSite,
            { targetKubernetesVersion: target, eksEndOfSupport, publishedBasis: 'eks-calendar' },
            `EKS ended support for Windows Server ${release} on ${eksEndOfSupport} and publishes no AMIs of it, so none for Kubernetes ${target}.`,
          ),
        ];
      }
      const parameters = parametersFor(releaseSite, target);
      if (!parameters.every((name) => unpublished.has(name))) return [];
      const [first] = parameters;
      // Past the calendar, the likelier reason is that EKS has no such version yet, and then
      // no release has an AMI for it: moving to another release would not help.
      const support = kubernetesSupportOf(target, options.now);
      const beyondCalendar =
        support?.status === 'not-in-table'
          ? ` Kubernetes ${target} is newer than any version in the scanner's EKS calendar (newest: ${support.newestKnown}): EKS may not offer it yet, and then publishes no Windows AMI of any release for it; wait until it does.`
          : '';
      return [
        releaseHit(
          releaseSite,
          {
            targetKubernetesVersion: target,
            ssmParameter: parameters.length === 1 && first !== undefined ? first : parameters,
            publishedBasis: 'ssm-parameter',
          },
          `EKS publishes no Windows Server ${release}${releaseSite.release.edition ? ` ${releaseSite.release.edition}` : ''} AMI for Kubernetes ${target} in ${inventory.region}: ${parameters.join(' and ')} does not exist.${beyondCalendar}`,
        ),
      ];
    });
  },
};
