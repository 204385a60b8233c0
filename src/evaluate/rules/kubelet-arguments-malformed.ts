import type { ScriptParameter } from '../../decode/bootstrap-parameters.ts';
import type { BootstrapCall } from '../../decode/types.ts';
import {
  bootstrapCallOf,
  describeWindowsSite,
  givenByName,
  siteHit,
  unquotedBecause,
  windowsSitesOf,
} from '../facts.ts';
import { commandLineWords, flagNameOf, strayKubeletWords } from '../kubelet-arguments.ts';
import { consequenceAt, linuxOptionRolesOf, positionalText } from '../positional-arguments.ts';
import { KUBE_PROXY_FLAGS } from '../reference-data/kube-proxy-flags.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/** A flag's name as kubelet spells its own: safe to quote, unlike whatever follows `=`. */
const FLAG_NAME = /^--[a-z0-9][a-z0-9-]*$/;

/** How evidence names the place past the script's last parameter. */
const PAST_THE_LAST = '(none: past the last)';

/**
 * The words of -KubeletExtraArgs the kubelet is left with as arguments, each as the flag
 * before it (or undefined); none when the value is unknown, or when it is the value of a
 * Linux option that bootstrap-linux-option reports (`& $script --b64-cluster-ca abc`).
 */
function strayWordsOf(call: BootstrapCall): (string | undefined)[] {
  const value = call.args.KubeletExtraArgs;
  if (value?.kind !== 'literal') return [];
  const roles = linuxOptionRolesOf(call);
  const at = (call.positional ?? []).findIndex(({ parameter }) => parameter === 'KubeletExtraArgs');
  return at >= 0 && roles[at] === 'value' ? [] : strayKubeletWords(value.value);
}

interface SpilledWord {
  parameter: ScriptParameter | undefined;
  flag: boolean;
}

/**
 * The words an unquoted -KubeletExtraArgs given by name spilled: bound by position after it,
 * each with the parameter PowerShell bound it to and whether it is a `--flag`
 * (`-KubeletExtraArgs --node-labels=a=b --max-pods=20`). A word that is no flag counts only on
 * -KubeProxyExtraArgs, where kube-proxy stops on any argument ("does not take any arguments"):
 * `-KubeletExtraArgs --node-labels role=win` leaves the kubelet's flag without its value and
 * hands kube-proxy the label; elsewhere such a word is other rules' to judge. Left alone: the
 * options of the Linux bootstrap.sh and their values (bootstrap-linux-option reports them),
 * and kube-proxy's own flags on -KubeProxyExtraArgs, which it takes.
 */
function spilledWordsOf(call: BootstrapCall): SpilledWord[] {
  if (!givenByName(call, 'KubeletExtraArgs')) return [];
  const roles = linuxOptionRolesOf(call);
  return (call.positional ?? []).flatMap(({ parameter, value }, index): SpilledWord[] => {
    const text = positionalText(value);
    if (roles[index] !== undefined || text === undefined) return [];
    if (!/^--./.test(text)) {
      return parameter === 'KubeProxyExtraArgs' && text.trim() !== ''
        ? [{ parameter, flag: false }]
        : [];
    }
    const flag = flagNameOf(text);
    if (parameter === 'KubeProxyExtraArgs' && flag !== undefined && KUBE_PROXY_FLAGS.has(flag)) {
      return [];
    }
    return [{ parameter, flag: true }];
  });
}

function counted(count: number, one: string, many: string): string {
  return count === 1 ? one : `${count} ${many}`;
}

/** The sentence on stray words, naming the flags before them only when written by name. */
function strayWordsSentence(afterFlags: string[], count: number, byPosition: boolean): string {
  const after = afterFlags.length === 0 ? '' : ` (after ${afterFlags.join(', ')})`;
  const words = counted(count, 'a word', 'words');
  const passes = byPosition
    ? `passes by position to -KubeletExtraArgs a value with ${words}`
    : `passes -KubeletExtraArgs with ${words}`;
  // A value bound by position is often no kubelet argument at all (a stray line continuation).
  const cause = byPosition
    ? 'Likely words bound by position that were meant for something else, or kubelet arguments not quoted as one string.'
    : 'Likely an unquoted comma list, which PowerShell passes with spaces for the commas, or a value with a space that is not quoted (a folder variable such as $env:ProgramFiles holds one: quote the path inside the value, as in --flag=`"$env:ProgramFiles\\…`").';
  return ` ${passes} that ${count === 1 ? 'is' : 'are'} neither a flag nor the value of one${after}: the kubelet takes ${count === 1 ? 'it' : 'them'} for a command, stops ("unknown command") and the node never joins. ${cause}`;
}

/**
 * The last word of -KubeletExtraArgs when it is a flag written without `=` (`--node-labels`):
 * the word spilled after it was likely its value, and the kubelet gets the flag without one.
 */
function flagLeftWithoutValue(call: BootstrapCall): string | undefined {
  const value = call.args.KubeletExtraArgs;
  if (value?.kind !== 'literal') return undefined;
  const last = commandLineWords(value.value).at(-1);
  const flag = last === undefined || last.includes('=') ? undefined : flagNameOf(last);
  return flag !== undefined && FLAG_NAME.test(flag) ? flag : undefined;
}

/**
 * The sentence on a word that is no flag, spilled onto -KubeProxyExtraArgs (one at most);
 * `quoted` false when -KubeletExtraArgs came through an abbreviated name, whose flag is not named.
 */
function spilledWordSentence(flagWithoutValue: string | undefined, quoted: boolean): string {
  const flag = quoted ? flagWithoutValue : 'a flag';
  const kubelet =
    flagWithoutValue === undefined
      ? 'the kubelet never gets it'
      : `-KubeletExtraArgs ends with ${flag} written without =, which the kubelet then gets without its value`;
  return ` gives -KubeletExtraArgs by name, then a word that is no flag, which PowerShell binds by position to -KubeProxyExtraArgs: kube-proxy takes no arguments and does not start; ${kubelet}. Likely the kubelet arguments are not quoted as one string.`;
}

/** The sentence on spilled flags, grouped by the parameter they landed on. */
function spilledFlagsSentence(landedOn: (ScriptParameter | undefined)[]): string {
  const places = [...new Set(landedOn)].map((parameter) => {
    const count = landedOn.filter((each) => each === parameter).length;
    const place = parameter === undefined ? 'past the last parameter' : `to -${parameter}`;
    return `${count} ${place} (${consequenceAt(parameter)})`;
  });
  const count = landedOn.length;
  return ` gives -KubeletExtraArgs by name, then ${counted(count, 'a --flag', '--flags')} that PowerShell binds by position to other parameters: ${places.join(', ')}. The kubelet never gets ${count === 1 ? 'it' : 'them'}. Likely the kubelet arguments are not quoted as one string.`;
}

/**
 * Start-EKSBootstrap.ps1 puts -KubeletExtraArgs into the kubelet service's command line, where
 * Windows splits it into words. PowerShell binds an unquoted `--node-labels=a=b,c=d` as an
 * array and passes "--node-labels=a=b c=d" to the [string] parameter; `c=d` is then no flag
 * and the kubelet exits. An unquoted `--node-labels=a=b --max-pods=20` binds only its first
 * word to -KubeletExtraArgs: the rest go by position to the next free parameters.
 */
export const kubeletArgumentsMalformed: Rule = {
  id: 'kubelet-arguments-malformed',
  severity: 'HIGH',
  title: 'Kubelet arguments do not reach the kubelet as flags',
  description:
    'The kubelet arguments of the bootstrap call are not one well-formed string. A word in -KubeletExtraArgs that is neither a flag nor the value of the flag before it (from an unquoted comma list, which PowerShell passes with spaces for the commas, or a value with a space) makes the kubelet stop with "unknown command". Kubelet flags written after -KubeletExtraArgs without quotes bind by position to the next parameters: kube-proxy refuses a flag it does not have, and any word that is no flag, the kubelet never gets them, and past the last parameter PowerShell rejects the call. The node never joins the cluster, or joins without a working kube-proxy.',
  remediation:
    "Quote the whole kubelet argument string as one PowerShell string, flags separated by spaces and each value attached with = and free of spaces: -KubeletExtraArgs '--node-labels=a=b,c=d --max-pods=20'. Publish the corrected user data and replace the nodes.",
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const call = bootstrapCallOf(windowsSite.site);
      if (call === undefined) return [];
      const strays = strayWordsOf(call);
      const spilled = spilledWordsOf(call);
      const landedOn = spilled.flatMap(({ parameter, flag }) => (flag ? [parameter] : []));
      const spilledWord = spilled.length > landedOn.length;
      if (strays.length === 0 && spilled.length === 0) return [];
      // A value bound by position, or through an abbreviated name, may be another command's
      // words a stray line continuation pulled into the call (a secret): no flag of it is named.
      const kubeletArgs = call.args.KubeletExtraArgs;
      const byPosition = kubeletArgs?.kind === 'literal' && kubeletArgs.byPosition === true;
      const quoted = kubeletArgs?.kind !== 'literal' || unquotedBecause(kubeletArgs) === undefined;
      const afterFlags = !quoted
        ? []
        : [
            ...new Set(
              strays.flatMap((flag) => (flag !== undefined && FLAG_NAME.test(flag) ? [flag] : [])),
            ),
          ];
      const site = describeWindowsSite(windowsSite);
      const sentences = [
        ...(strays.length === 0
          ? []
          : [`${site}${strayWordsSentence(afterFlags, strays.length, byPosition)}`]),
        ...(landedOn.length === 0
          ? []
          : [`${strays.length === 0 ? site : 'The call also'}${spilledFlagsSentence(landedOn)}`]),
        ...(spilledWord
          ? [
              `${strays.length === 0 && landedOn.length === 0 ? site : 'The call also'}${spilledWordSentence(flagLeftWithoutValue(call), quoted)}`,
            ]
          : []),
      ];
      return [
        siteHit(
          windowsSite,
          {
            strayWordCount: strays.length,
            strayWordsAfter: afterFlags,
            spilledFlagCount: landedOn.length,
            landedOn: landedOn.map((parameter) => parameter ?? PAST_THE_LAST),
            ...(spilledWord ? { spilledWordOnKubeProxy: true } : {}),
          },
          sentences.join(' '),
        ),
      ];
    });
  },
};
