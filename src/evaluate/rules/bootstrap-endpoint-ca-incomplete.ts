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

export const bootstrapEndpointCaIncomplete: Rule = {
  id: 'bootstrap-endpoint-ca-incomplete',
  severity: 'HIGH',
  title: 'Bootstrap passes only one of the API server endpoint and the cluster CA',
  description:
    'Start-EKSBootstrap.ps1 accepts -APIServerEndpoint and -Base64ClusterCA only together (together they skip the Get-EKSCluster call); passing one without the other is not a valid combination, so the node is not configured as intended and may fail to join.',
  remediation:
    'Pass both -APIServerEndpoint and -Base64ClusterCA with the values DescribeCluster returns (endpoint and certificateAuthority.data), or neither; publish the corrected user data and replace the nodes.',
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
          `${describeWindowsSite(windowsSite)} passes -${given} without -${missing}.`,
        ),
      ];
    });
  },
};
