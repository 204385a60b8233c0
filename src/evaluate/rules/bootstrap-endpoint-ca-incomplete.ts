import type { BootstrapValue } from '../../decode/types.ts';
import { bootstrapCallOf, describeWindowsSite, siteHit, windowsSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

type Presence = 'given' | 'missing' | 'unknown';

/**
 * An empty string is the same as not passing the argument; a variable that can't be
 * resolved may hold anything, including nothing, so it decides nothing.
 */
function presenceOf(value: BootstrapValue | undefined): Presence {
  if (value === undefined) return 'missing';
  if (value.kind === 'unresolved') return 'unknown';
  if (value.kind === 'list')
    return value.values.some((entry) => entry.trim()) ? 'given' : 'missing';
  return value.value.trim() ? 'given' : 'missing';
}

/**
 * Not fatal: Start-EKSBootstrap.ps1 uses the pair only when both are given and otherwise
 * calls Get-EKSCluster and overwrites both, so a lone value is ignored. Karpenter writes the
 * endpoint alone when it has no CA. Worth knowing (the value does nothing, and the node then
 * needs eks:DescribeCluster and a route to the EKS API at boot), not worth waking anyone.
 */
export const bootstrapEndpointCaIncomplete: Rule = {
  id: 'bootstrap-endpoint-ca-incomplete',
  severity: 'LOW',
  title:
    'Bootstrap passes only one of the API server endpoint and the cluster CA, which is ignored',
  description:
    'Start-EKSBootstrap.ps1 uses -APIServerEndpoint and -Base64ClusterCA only together, to skip its Get-EKSCluster call. Given one without the other, the script looks the cluster up itself and overwrites both, so the value passed has no effect; the node then needs eks:DescribeCluster in its instance role and a route to the EKS API at boot.',
  remediation:
    'Pass both -APIServerEndpoint and -Base64ClusterCA with the values DescribeCluster returns (endpoint and certificateAuthority.data) to skip the lookup, or drop the lone one; publish the corrected user data with the next node rollout.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const call = bootstrapCallOf(windowsSite.site);
      if (call === undefined) return [];
      const endpoint = presenceOf(call.args.APIServerEndpoint);
      const ca = presenceOf(call.args.Base64ClusterCA);
      const [given, missing] =
        endpoint === 'given' && ca === 'missing'
          ? ['APIServerEndpoint', 'Base64ClusterCA']
          : endpoint === 'missing' && ca === 'given'
            ? ['Base64ClusterCA', 'APIServerEndpoint']
            : [];
      if (given === undefined || missing === undefined) return [];
      return [
        siteHit(
          windowsSite,
          { givenArgument: given, missingArgument: missing },
          `${describeWindowsSite(windowsSite)} passes -${given} without -${missing}, so the script ignores it and looks the cluster up.`,
        ),
      ];
    });
  },
};
