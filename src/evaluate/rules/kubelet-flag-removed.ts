import {
  bootstrapCallOf,
  compareKubernetesVersions,
  describeWindowsSite,
  imageEvidenceOf,
  kubernetesMinorOf,
  literalArgumentOf,
  nodeKubernetesVersionOf,
  parseKubernetesVersion,
  siteHit,
  type WindowsSite,
  windowsSitesOf,
} from '../facts.ts';
import { kubeletFlagNames } from '../kubelet-arguments.ts';
import {
  REMOVED_KUBELET_FLAGS,
  REMOVED_KUBELET_FLAGS_SOURCE,
} from '../reference-data/removed-kubelet-flags.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, DOCKER_USE_READS } from './metadata.ts';

/** What a site's kubelet version was read from: its AMI, the control plane, or an upgrade's target. */
type KubeletVersionBasis = 'node-ami' | 'control-plane' | 'upgrade-target';

/** The hit of a site whose -KubeletExtraArgs passes flags a kubelet of `kubeletVersion` lacks. */
function removedFlagsHit(
  windowsSite: WindowsSite,
  kubeletVersion: string | undefined,
  basis: KubeletVersionBasis,
): RuleHit[] {
  const extraArgs = literalArgumentOf(bootstrapCallOf(windowsSite.site), 'KubeletExtraArgs');
  const kubelet = parseKubernetesVersion(kubeletVersion);
  if (extraArgs === undefined || kubelet === undefined) return [];
  const removed = [...new Set(kubeletFlagNames(extraArgs))].filter((flag) => {
    if (!Object.hasOwn(REMOVED_KUBELET_FLAGS, flag)) return false;
    const since = parseKubernetesVersion(REMOVED_KUBELET_FLAGS[flag]?.removedIn);
    return since !== undefined && compareKubernetesVersions(kubelet, since) >= 0;
  });
  if (removed.length === 0) return [];
  const removedIn = removed.map(
    (flag) => `${flag} (removed in ${REMOVED_KUBELET_FLAGS[flag]?.removedIn})`,
  );
  return [
    siteHit(
      windowsSite,
      {
        removedFlags: removed,
        kubeletVersion: kubeletVersion ?? null,
        kubeletVersionBasis: basis,
        ...imageEvidenceOf(windowsSite.site),
      },
      `${describeWindowsSite(windowsSite)} passes ${removedIn.join(', ')} to a kubelet ${kubeletVersion}.`,
    ),
  ];
}

/**
 * Judged against the kubelet the node runs: the Kubernetes version of its EKS AMI (or node
 * group release) when known, else the control plane's, which a current node matches. For an
 * upgrade, against the target: the nodes that replace today's run its kubelet.
 */
export const kubeletFlagRemoved: Rule = {
  id: 'kubelet-flag-removed',
  severity: 'HIGH',
  title: 'Bootstrap passes a kubelet flag that Kubernetes removed',
  description:
    '-KubeletExtraArgs passes a flag the kubelet of these nodes no longer has (Docker-era flags such as --network-plugin and --image-pull-progress-deadline went with dockershim in 1.24, logging flags such as --log-dir and --logtostderr in 1.26; others followed). The kubelet stops with "unknown flag" and the node never becomes Ready.',
  remediation:
    'Remove the flags from -KubeletExtraArgs (move what still matters to its successor, e.g. kubelet configuration fields or the container runtime settings), publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...DOCKER_USE_READS],
  source: REMOVED_KUBELET_FLAGS_SOURCE,
  upgradeReadiness:
    "Against a kubelet of the target version: the nodes that replace today's after the upgrade run the AMI built for it.",
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const nodeVersion = kubernetesMinorOf(
        nodeKubernetesVersionOf(inventory, windowsSite.source, windowsSite.site),
      );
      return nodeVersion === undefined
        ? removedFlagsHit(
            windowsSite,
            kubernetesMinorOf(windowsSite.cluster?.version),
            'control-plane',
          )
        : removedFlagsHit(windowsSite, nodeVersion, 'node-ami');
    });
  },
  evaluateUpgrade({ inventory, upgrades }) {
    return windowsSitesOf(inventory).flatMap((windowsSite) =>
      removedFlagsHit(windowsSite, upgrades.get(windowsSite.source.cluster)?.to, 'upgrade-target'),
    );
  },
};
