import { sitesWriting } from '../facts.ts';
import { flagCatalogueOf, misspeltFlag, misspeltFlagsHit } from '../flag-typos.ts';
import {
  KUBELET_FLAGS,
  KUBELET_FLAGS_SOURCE,
  KUBELET_FLAGS_WITHOUT_VALUE,
} from '../reference-data/kubelet-flags.ts';
import { REMOVED_KLOG_FLAGS_WITHOUT_VALUE } from '../reference-data/removed-flags.ts';
import { REMOVED_KUBELET_FLAGS } from '../reference-data/removed-kubelet-flags.ts';
import type { Rule } from '../types.ts';
import { CONFIG_SITE_TYPES, USER_DATA_READS } from './metadata.ts';

/**
 * The kubelet's flags. Every flag it has or had is known: a removed one is
 * kubelet-flag-removed's to judge. Only today's are suggested: a removed one would stop the
 * kubelet too, so a near miss of one is named with its removal.
 */
const KUBELET = flagCatalogueOf({
  component: 'the kubelet',
  consequence: ' and the node never joins',
  parameter: 'KubeletExtraArgs',
  flags: KUBELET_FLAGS,
  removed: REMOVED_KUBELET_FLAGS,
  withoutValue: [...KUBELET_FLAGS_WITHOUT_VALUE, ...REMOVED_KLOG_FLAGS_WITHOUT_VALUE],
});

/** The kubelet flag a written flag name misspells (`--node_lables` for `--node-labels`), if any. */
export function misspeltKubeletFlag(written: string): string | undefined {
  return misspeltFlag(written, KUBELET);
}

/**
 * pflag stops the kubelet on a flag it does not know ("unknown flag: --node-lables"), so the
 * Windows service never runs and the node never joins. Reported only for a near miss of a
 * kubelet flag, which names what was meant; both are flag names, safe to quote.
 */
export const kubeletFlagUnknown: Rule = {
  id: 'kubelet-flag-unknown',
  severity: 'HIGH',
  title: 'Bootstrap passes the kubelet a misspelt flag',
  description:
    '-KubeletExtraArgs passes a flag the kubelet does not have, a near miss of one it has (--node-lables for --node-labels, --Max-Pods for --max-pods: flag names are case-sensitive) or had (--Network-Plugin for --network-plugin, gone in 1.24). The kubelet stops with "unknown flag", so the node never joins the cluster.',
  remediation:
    'Correct the flag to the name the finding suggests (kubelet flags are lowercase, words joined by -) or, for a near miss of a removed flag, remove it; publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: KUBELET_FLAGS_SOURCE,
  evaluate({ inventory }) {
    return sitesWriting(inventory, 'KubeletExtraArgs').flatMap((passing) =>
      misspeltFlagsHit(passing, KUBELET),
    );
  },
};
