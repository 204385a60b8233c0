import { bootstrapCallOf, describeWindowsSite, siteHit, windowsSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { bootstrapCallSnippet, CLUSTER_NAME_PLACEHOLDER, FIX_SNIPPETS } from './fix-snippets.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/**
 * The script declares -EKSClusterName `Mandatory`. Run non-interactively (EC2Launch), a
 * missing mandatory parameter stops the call with an error before the script does anything.
 * A first positional argument binds to it, and a splatted variable we can't read may pass it:
 * the parser records either as a value, so only a call that certainly lacks it fires.
 */
export const bootstrapClusterNameMissing: Rule = {
  id: 'bootstrap-cluster-name-missing',
  severity: 'HIGH',
  title: 'Bootstrap call does not name the cluster',
  description:
    'The user data calls Start-EKSBootstrap.ps1 without -EKSClusterName. The script declares that parameter mandatory, so in the non-interactive EC2Launch session PowerShell stops the call before the script runs: the node is never configured and never joins the cluster.',
  remediation: `Pass the owning cluster's name: ${FIX_SNIPPETS.bootstrapCall} (with the cluster's name for ${CLUSTER_NAME_PLACEHOLDER}; each finding gives the line for its cluster) followed by the other arguments, publish the corrected user data and replace the nodes.`,
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const call = bootstrapCallOf(windowsSite.site);
      if (call === undefined || call.args.EKSClusterName !== undefined) return [];
      return [
        siteHit(
          windowsSite,
          { missingArgument: 'EKSClusterName' },
          `${describeWindowsSite(windowsSite)} calls Start-EKSBootstrap.ps1 without -EKSClusterName. The call to write: ${bootstrapCallSnippet(windowsSite.source.cluster)}`,
        ),
      ];
    });
  },
};
