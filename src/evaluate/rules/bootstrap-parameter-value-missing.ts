import { bootstrapCallOf, describeWindowsSite, siteHit, windowsSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/**
 * Each of the script's parameters takes a value (a [string], or [string[]] for
 * -ExcludedSnatCIDRs): a name with none after it (last, or before another name or a
 * redirection) makes PowerShell refuse the call with "Missing an argument for parameter
 * '…'", and the script never runs. Templates leave such a call when a variable meant to fill
 * it is empty (terraform-aws-eks's windows_user_data.tpl with no endpoint or CA given renders
 * a bare `-APIServerEndpoint  -Base64ClusterCA`). An empty string (`''`) is a value: the
 * rules that read the value judge it. The names quoted are the script's own, never the text
 * written.
 */
export const bootstrapParameterValueMissing: Rule = {
  id: 'bootstrap-parameter-value-missing',
  severity: 'HIGH',
  title: 'Bootstrap call names a parameter without giving it a value',
  description:
    'The call to Start-EKSBootstrap.ps1 names one of its parameters without a value after it: the name comes last, or just before another parameter or a redirection, as a template leaves it when the variable meant to fill it is empty (an empty variable renders as nothing, not as an empty string). PowerShell refuses the whole call ("Missing an argument for parameter") before the script runs: the node is never configured and never joins the cluster.',
  remediation:
    'Give each parameter the call names its value, or leave the parameter out: check the template variables that fill the call (the cluster name, the API server endpoint, the cluster certificate authority), which may be empty where the user data is rendered; publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const withoutValue = bootstrapCallOf(windowsSite.site)?.parametersWithoutValue ?? [];
      if (withoutValue.length === 0) return [];
      const named = withoutValue.map((name) => `-${name}`).join(', ');
      return [
        siteHit(
          windowsSite,
          { parametersWithoutValue: [...withoutValue] },
          `${describeWindowsSite(windowsSite)} names ${named} without a value in its Start-EKSBootstrap.ps1 call; PowerShell rejects the call ("Missing an argument for parameter").`,
        ),
      ];
    });
  },
};
