import { editDistance } from '../../close-matches.ts';
import { ambiguousMatchesOf, SCRIPT_PARAMETERS } from '../../decode/bootstrap-parameters.ts';
import { bootstrapCallOf, describeWindowsSite, siteHit, windowsSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/**
 * Names a writer may mean that the script does not take, with why. -ProgressAction became a
 * common parameter in PowerShell 7.4; EC2Launch runs Windows PowerShell 5.1, which lacks it.
 */
const KNOWN_MISTAKES: Readonly<Record<string, string>> = {
  progressaction:
    '-ProgressAction is a common parameter only from PowerShell 7.4; EC2Launch runs Windows PowerShell 5.1',
};

/** Edits that still make a written name a plausible misspelling of a real one. */
const MAX_TYPO_DISTANCE = 3;

/**
 * A written parameter name fit for evidence: a known mistake, or a near miss of one of the
 * script's own parameters (a typo). Anything else stays out of the finding: a stray line
 * continuation can make a word of the next statement, even a password, look like a parameter.
 */
export function quotableParameterName(written: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(written)) return undefined;
  const lower = written.toLowerCase();
  if (Object.hasOwn(KNOWN_MISTAKES, lower)) return written;
  const nearMiss = SCRIPT_PARAMETERS.some(
    (parameter) => editDistance(lower, parameter.toLowerCase()) <= MAX_TYPO_DISTANCE,
  );
  return nearMiss ? written : undefined;
}

/**
 * The script declares [CmdletBinding()]: PowerShell refuses a call that passes a parameter
 * it does not declare ("A parameter cannot be found that matches parameter name …"), so the
 * script never runs. An abbreviation that matches several parameters is refused as
 * ambiguous ("Parameter cannot be processed because the parameter name 'Kube' is
 * ambiguous"); the parser lists it with the unknown ones, and the detail says which it is.
 */
export const bootstrapParameterUnknown: Rule = {
  id: 'bootstrap-parameter-unknown',
  severity: 'HIGH',
  title: 'Bootstrap call passes a parameter the script does not declare',
  description:
    'The call to Start-EKSBootstrap.ps1 passes a parameter name the script does not declare (or an abbreviation that matches more than one). The script is an advanced script ([CmdletBinding()]), so PowerShell rejects the whole call before it runs: the node is never configured and never joins the cluster.',
  remediation:
    'Use only the parameters the script declares (-EKSClusterName, -KubeletExtraArgs, -KubeProxyExtraArgs, -APIServerEndpoint, -Base64ClusterCA, -DNSClusterIP, -ServiceCIDR, -ExcludedSnatCIDRs, -ContainerRuntime, -Endpoint) and the common parameters of Windows PowerShell 5.1, spelled in full; publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const unknown = bootstrapCallOf(windowsSite.site)?.unknownParameters ?? [];
      if (unknown.length === 0) return [];
      // An ambiguous abbreviation is made of a declared name's letters: safe to quote.
      const judged = unknown.map((name) => ({ name, matches: ambiguousMatchesOf(name) }));
      const ambiguous = judged.filter(({ matches }) => matches.length > 0);
      const undeclared = judged
        .filter(({ matches }) => matches.length === 0)
        .map(({ name }) => name);
      const quoted = undeclared.flatMap((name) => quotableParameterName(name) ?? []);
      const reasons = quoted.flatMap((name) => KNOWN_MISTAKES[name.toLowerCase()] ?? []);
      const named = quoted.length === 0 ? '' : ` (${quoted.map((name) => `-${name}`).join(', ')})`;
      const count = undeclared.length === 1 ? 'a parameter' : `${undeclared.length} parameters`;
      const problems = [
        ...(undeclared.length === 0
          ? []
          : [`${count} Start-EKSBootstrap.ps1 does not declare${named}`]),
        ...ambiguous.map(
          ({ name, matches }) =>
            `the abbreviation -${name}, which could mean ${matches.map((match) => `-${match}`).join(' or ')}`,
        ),
      ];
      const why = reasons.length === 0 ? '' : ` ${reasons.join('; ')}.`;
      return [
        siteHit(
          windowsSite,
          {
            unknownParameterCount: unknown.length,
            unknownParameters: quoted,
            ...(ambiguous.length === 0
              ? {}
              : { ambiguousParameters: ambiguous.map(({ name }) => name) }),
          },
          `${describeWindowsSite(windowsSite)} passes ${problems.join(', and ')}; PowerShell rejects the call.${why}`,
        ),
      ];
    });
  },
};
