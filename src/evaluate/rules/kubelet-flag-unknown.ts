import { editDistance } from '../../close-matches.ts';
import { describeWindowsSite, siteHit, sitesPassing, unquotedBecause } from '../facts.ts';
import { commandLineWords, flagNameOf } from '../kubelet-arguments.ts';
import {
  KUBELET_FLAGS,
  KUBELET_FLAGS_SOURCE,
  KUBELET_FLAGS_WITHOUT_VALUE,
} from '../reference-data/kubelet-flags.ts';
import { REMOVED_KUBELET_FLAGS } from '../reference-data/removed-kubelet-flags.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, USER_DATA_READS } from './metadata.ts';

/** A long flag's name as one is written, any case, `_` or `-` between words. */
const LONG_FLAG = /^--[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Every flag a kubelet has or had: a removed one is kubelet-flag-removed's to judge. */
const EVER_KUBELET_FLAGS: ReadonlySet<string> = new Set([
  ...KUBELET_FLAGS,
  ...Object.keys(REMOVED_KUBELET_FLAGS),
]);

/**
 * The kubelet flag a written flag name misspells (`--node_lables` for `--node-labels`): the
 * closest flag the kubelet has today, within a quarter of the name's length in edits (2 at
 * most) once `_` is read as `-`, as the kubelet reads it, and the case ignored, which the
 * kubelet does not ignore. A flag far from every known one is left alone: the list may lack
 * a flag, and only a near miss is surely a typo. Only today's flags are suggested: a removed
 * one would stop the kubelet too.
 */
export function misspeltKubeletFlag(written: string): string | undefined {
  if (!LONG_FLAG.test(written)) return undefined;
  const flag = flagNameOf(written) ?? written;
  if (EVER_KUBELET_FLAGS.has(flag)) return undefined;
  const lower = flag.toLowerCase();
  const allowed = Math.min(2, Math.floor((flag.length - 2) / 4));
  let closest: { known: string; edits: number } | undefined;
  for (const known of KUBELET_FLAGS) {
    const edits = editDistance(lower, known);
    if (edits <= allowed && (closest === undefined || edits < closest.edits)) {
      closest = { known, edits };
    }
  }
  return closest?.known;
}

/**
 * The flag names of a -KubeletExtraArgs string as written (before any `=`), each once, less
 * the words that are values: a word after a flag the kubelet knows that takes a value,
 * written without `=`, is that value (`--node-labels --role=x` gives --node-labels the value
 * "--role=x"). After a removed flag the next word is skipped too: whether it took a value
 * does not matter, the kubelet stops there.
 */
function writtenFlagNames(extraArgs: string): string[] {
  const names = new Set<string>();
  let mayBeValue = false;
  for (const word of commandLineWords(extraArgs)) {
    const name = word.split('=')[0] ?? word;
    const flag = flagNameOf(word);
    if (flag !== undefined && !mayBeValue) names.add(name);
    mayBeValue =
      flag !== undefined &&
      !word.includes('=') &&
      EVER_KUBELET_FLAGS.has(flag) &&
      !KUBELET_FLAGS_WITHOUT_VALUE.has(flag);
  }
  return [...names];
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
      const misspelt = writtenFlagNames(passing.value).flatMap((flag) => {
        const meant = misspeltKubeletFlag(flag);
        return meant === undefined ? [] : [{ flag, meant }];
      });
      if (misspelt.length === 0) return [];
      const where = describeWindowsSite(passing);
      const flags = misspelt.length === 1 ? 'a flag' : `${misspelt.length} flags`;
      const meant = [...new Set(misspelt.map((each) => each.meant))];
      // A value bound by position or through an abbreviated name may be another command's
      // words a stray line continuation pulled into the call: judged, its words never quoted.
      // The flags meant are the kubelet's own names.
      const unquoted = unquotedBecause(passing);
      if (unquoted !== undefined) {
        return [
          siteHit(
            passing,
            { misspeltFlagCount: misspelt.length, suggestedFlags: meant },
            `${where} passes -KubeletExtraArgs ${unquoted} (its words are not quoted here), with ${flags} the kubelet does not have, near misses of ${meant.join(', ')}; the kubelet stops with "unknown flag".`,
          ),
        ];
      }
      const named = misspelt.map((each) => `${each.flag} (${each.meant}?)`);
      return [
        siteHit(
          passing,
          {
            misspeltFlags: misspelt.map((each) => each.flag),
            suggestedFlags: misspelt.map((each) => each.meant),
          },
          `${where} passes the kubelet ${flags} it does not have: ${named.join(', ')}. It stops with "unknown flag" and the node never joins.`,
        ),
      ];
    });
  },
};
