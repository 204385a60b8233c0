import { sitesWriting } from '../facts.ts';
import { flagCatalogueOf, misspeltFlag, misspeltFlagsHit } from '../flag-typos.ts';
import {
  KUBE_PROXY_FLAGS,
  KUBE_PROXY_FLAGS_WITHOUT_VALUE,
  KUBE_PROXY_REFERENCE,
  REMOVED_KUBE_PROXY_FLAGS,
  REMOVED_KUBE_PROXY_FLAGS_WITHOUT_VALUE,
} from '../reference-data/kube-proxy-flags.ts';
import type { Rule } from '../types.ts';
import { CONFIG_SITE_TYPES, USER_DATA_READS } from './metadata.ts';

/**
 * kube-proxy's flags of 1.28 to 1.35 and those it had: a removed one is
 * kube-proxy-flag-removed's to judge. Only those it has today are suggested; a near miss of a
 * removed one is named with its removal.
 */
const KUBE_PROXY = flagCatalogueOf({
  component: 'kube-proxy',
  consequence: ", and this node's pods cannot reach Services (cluster DNS included)",
  parameter: 'KubeProxyExtraArgs',
  flags: KUBE_PROXY_FLAGS,
  removed: REMOVED_KUBE_PROXY_FLAGS,
  withoutValue: [...KUBE_PROXY_FLAGS_WITHOUT_VALUE, ...REMOVED_KUBE_PROXY_FLAGS_WITHOUT_VALUE],
});

/** The kube-proxy flag a written flag name misspells (`--proxy-mod` for `--proxy-mode`), if any. */
export function misspeltKubeProxyFlag(written: string): string | undefined {
  return misspeltFlag(written, KUBE_PROXY);
}

/**
 * Start-EKSBootstrap.ps1 passes -KubeProxyExtraArgs to the kube-proxy Windows service, which
 * stops on a flag it does not know; on Windows it is kube-proxy that routes a pod's traffic
 * to Service addresses. Reported only for a near miss of a kube-proxy flag, naming the flag
 * meant; flag names only, values never.
 */
export const kubeProxyFlagUnknown: Rule = {
  id: 'kube-proxy-flag-unknown',
  severity: 'HIGH',
  title: 'Bootstrap passes kube-proxy a misspelt flag',
  description:
    '-KubeProxyExtraArgs passes a flag kube-proxy does not have, a near miss of one it has (--proxy-mod for --proxy-mode, --Enable-DSR for --enable-dsr: flag names are case-sensitive) or had (--Log-Dir for --log-dir, gone in 1.26). kube-proxy stops with "unknown flag" (the service restarts it, to stop again): the node joins and reads Ready, but its pods cannot reach Services, cluster DNS included, whose routing kube-proxy sets up on Windows.',
  remediation:
    'Correct the flag to the name the finding suggests (kube-proxy flags are lowercase, words joined by -) or, for a near miss of a removed flag, remove it; publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: KUBE_PROXY_REFERENCE,
  evaluate({ inventory }) {
    return sitesWriting(inventory, 'KubeProxyExtraArgs').flatMap((passing) =>
      misspeltFlagsHit(passing, KUBE_PROXY),
    );
  },
};
