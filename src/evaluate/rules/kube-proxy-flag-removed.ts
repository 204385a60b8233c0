import { REMOVED_KUBE_PROXY_FLAGS } from '../reference-data/kube-proxy-flags.ts';
import { REMOVED_FLAGS_SOURCE } from '../reference-data/removed-flags.ts';
import {
  type RemovedFlagCatalogue,
  removedFlagsHits,
  removedFlagsUpgradeHits,
} from '../removed-flags.ts';
import type { Rule } from '../types.ts';
import { CONFIG_SITE_TYPES, DOCKER_USE_READS } from './metadata.ts';

const KUBE_PROXY: RemovedFlagCatalogue = {
  component: 'kube-proxy',
  parameter: 'KubeProxyExtraArgs',
  removed: REMOVED_KUBE_PROXY_FLAGS,
  versionKey: 'kubeProxyVersion',
  versionBasisKey: 'kubeProxyVersionBasis',
};

/**
 * Start-EKSBootstrap.ps1 passes -KubeProxyExtraArgs to the kube-proxy Windows service, whose
 * binary the EKS Windows AMI ships at its Kubernetes version: judged against that version
 * when known, else the control plane's; for an upgrade, against the target.
 */
export const kubeProxyFlagRemoved: Rule = {
  id: 'kube-proxy-flag-removed',
  severity: 'HIGH',
  title: 'Bootstrap passes a kube-proxy flag that Kubernetes removed',
  description: `-KubeProxyExtraArgs passes a flag the kube-proxy of these nodes no longer has (--cleanup-ipvs went in 1.21; klog's logging flags such as --log-dir and --logtostderr, and the userspace mode's --udp-timeout, in 1.26; --proxy-port-range in 1.31). kube-proxy stops with "unknown flag" (the service restarts it, to stop again): the node joins and reads Ready, but its pods cannot reach Services, cluster DNS included, whose routing kube-proxy sets up on Windows.`,
  remediation:
    "Remove the flags from -KubeProxyExtraArgs (of klog's flags only --v and --vmodule are left), publish the corrected user data and replace the nodes.",
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...DOCKER_USE_READS],
  source: REMOVED_FLAGS_SOURCE,
  upgradeReadiness:
    "Against a kube-proxy of the target version: the nodes that replace today's after the upgrade run the AMI built for it.",
  evaluate({ inventory }) {
    return removedFlagsHits(inventory, KUBE_PROXY);
  },
  evaluateUpgrade({ inventory, upgrades }) {
    return removedFlagsUpgradeHits(inventory, upgrades, KUBE_PROXY);
  },
};
