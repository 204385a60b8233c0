import { editDistance } from '../../close-matches.ts';
import { describeWindowsSite, siteHit, sitesPassing, unquotedBecause } from '../facts.ts';
import { kubeletFlagNames } from '../kubelet-arguments.ts';
import { KUBELET_FLAGS, KUBELET_FLAGS_SOURCE } from '../reference-data/kubelet-flags.ts';
import { REMOVED_KUBELET_FLAGS } from '../reference-data/removed-kubelet-flags.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, USER_DATA_READS } from './metadata.ts';

/** A long flag as one is written, any case (the kubelet's are case-sensitive). */
const LONG_FLAG = /^--[A-Za-z0-9][A-Za-z0-9-]*$/;

/** Every flag a kubelet has or had: a removed one is kubelet-flag-removed's to judge. */
const EVER_KUBELET_FLAGS: readonly string[] = [
  ...KUBELET_FLAGS,
  ...Object.keys(REMOVED_KUBELET_FLAGS),
];

/**
 * The kubelet flag `flag` misspells: one it is not, within a quarter of its name's length in
 * edits (2 at most), the closest first. A flag far from every known one is left alone: the
 * list may lack a flag, and only a near miss is surely a typo.
 */
export function misspeltKubeletFlag(flag: string): string | undefined {
  if (!LONG_FLAG.test(flag) || EVER_KUBELET_FLAGS.includes(flag)) return undefined;
  const allowed = Math.min(2, Math.floor((flag.length - 2) / 4));
  let closest: { known: string; edits: number } | undefined;
  for (const known of EVER_KUBELET_FLAGS) {
    const edits = editDistance(flag, known);
    if (edits <= allowed && (closest === undefined || edits < closest.edits)) {
      closest = { known, edits };
    }
  }
  return closest?.known;
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
    '-KubeletExtraArgs passes a flag the kubelet does not have, a near miss of one it has (--node-lables for --node-labels, --Max-Pods for --max-pods: flag names are case-sensitive). The kubelet stops with "unknown flag", so the node never joins the cluster.',
  remediation:
    'Correct the flag to the name the finding suggests (kubelet flags are lowercase, words joined by -), publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: KUBELET_FLAGS_SOURCE,
  evaluate({ inventory }) {
    return sitesPassing(inventory, 'KubeletExtraArgs').flatMap((passing): RuleHit[] => {
      const misspelt = [...new Set(kubeletFlagNames(passing.value))].flatMap((flag) => {
        const meant = misspeltKubeletFlag(flag);
        return meant === undefined ? [] : [{ flag, meant }];
      });
      if (misspelt.length === 0) return [];
      const where = describeWindowsSite(passing);
      const flags = misspelt.length === 1 ? 'a flag' : `${misspelt.length} flags`;
      // A value bound by position or through an abbreviated name may be another command's
      // words a stray line continuation pulled into the call: judged, never quoted.
      const unquoted = unquotedBecause(passing);
      if (unquoted !== undefined) {
        return [
          siteHit(
            passing,
            { misspeltFlagCount: misspelt.length, kubeletExtraArgsQuoted: false },
            `${where} passes -KubeletExtraArgs (${unquoted}, not quoted) with ${flags} the kubelet does not have, each a near miss of one it has; the kubelet stops with "unknown flag".`,
          ),
        ];
      }
      const named = misspelt.map(({ flag, meant }) => `${flag} (${meant}?)`);
      return [
        siteHit(
          passing,
          {
            misspeltFlags: misspelt.map(({ flag }) => flag),
            suggestedFlags: misspelt.map(({ meant }) => meant),
          },
          `${where} passes the kubelet ${flags} it does not have: ${named.join(', ')}. It stops with "unknown flag" and the node never joins.`,
        ),
      ];
    });
  },
};
