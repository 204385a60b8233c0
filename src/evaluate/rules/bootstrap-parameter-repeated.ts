import { bootstrapCallOf, describeWindowsSite, siteHit, windowsSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/**
 * PowerShell binds each parameter once: a call that gives one twice (by name, by an
 * abbreviation, or by name and in a splatted hashtable) fails with "Cannot bind parameter
 * because parameter '…' is specified more than once", and the script never runs. Templates
 * that append their own arguments to a fixed call repeat -EKSClusterName or
 * -KubeletExtraArgs so. The names quoted are the script's own, never the text written.
 */
export const bootstrapParameterRepeated: Rule = {
  id: 'bootstrap-parameter-repeated',
  severity: 'HIGH',
  title: 'Bootstrap call gives a parameter more than once',
  description:
    'The call to Start-EKSBootstrap.ps1 gives one of its parameters more than once (by name, by an abbreviation, or both by name and in a splatted hashtable). PowerShell refuses the whole call ("parameter is specified more than once") before the script runs: the node is never configured and never joins the cluster.',
  remediation:
    'Give each parameter once: merge the values (all kubelet flags in one -KubeletExtraArgs string) and remove the repeats that templates append to a fixed call; publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const repeated = bootstrapCallOf(windowsSite.site)?.repeatedParameters ?? [];
      if (repeated.length === 0) return [];
      const named = repeated.map((name) => `-${name}`).join(', ');
      return [
        siteHit(
          windowsSite,
          { repeatedParameters: [...repeated] },
          `${describeWindowsSite(windowsSite)} gives ${named} more than once in its Start-EKSBootstrap.ps1 call; PowerShell rejects the call.`,
        ),
      ];
    });
  },
};
