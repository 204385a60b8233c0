import { REMOVED_FLAGS_SOURCE } from '../reference-data/removed-flags.ts';
import { REMOVED_KUBELET_FLAGS } from '../reference-data/removed-kubelet-flags.ts';
import {
  type RemovedFlagCatalogue,
  removedFlagsHits,
  removedFlagsUpgradeHits,
} from '../removed-flags.ts';
import type { Rule } from '../types.ts';
import { CONFIG_SITE_TYPES, DOCKER_USE_READS } from './metadata.ts';

const KUBELET: RemovedFlagCatalogue = {
  component: 'a kubelet',
  parameter: 'KubeletExtraArgs',
  removed: REMOVED_KUBELET_FLAGS,
  versionKey: 'kubeletVersion',
  versionBasisKey: 'kubeletVersionBasis',
};

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
  source: REMOVED_FLAGS_SOURCE,
  upgradeReadiness:
    "Against a kubelet of the target version: the nodes that replace today's after the upgrade run the AMI built for it.",
  evaluate({ inventory }) {
    return removedFlagsHits(inventory, KUBELET);
  },
  evaluateUpgrade({ inventory, upgrades }) {
    return removedFlagsUpgradeHits(inventory, upgrades, KUBELET);
  },
};
