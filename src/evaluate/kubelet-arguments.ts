/**
 * How the kubelet reads -KubeletExtraArgs. Start-EKSBootstrap.ps1 joins the text as it is
 * into the kubelet service's command line, which Windows splits into words by the C runtime's
 * rules: at spaces, double quotes grouping words and then removed (`\"` is a quote kept;
 * commandLineWords, src/decode/cmd-syntax.ts). The kubelet's flag library
 * reads `--name=value` or `--name value`, and takes `_` in a flag's name for `-`
 * (cmd/kubelet/app/server.go, WordSepNormalizeFunc).
 */
import { commandLineWords } from '../decode/cmd-syntax.ts';

/**
 * Stands for an unknown part of an argument's text (a variable the script can't read): see
 * writtenArgumentOf. It is taken as text inside the word it is written in, as its author meant
 * it (`--log-dir=$env:LogRoot\kube-proxy`): never empty, never a space or a quote. No
 * known text holds it: the known parts are what the decoder split at unknown ones.
 */
export const UNKNOWN_PART = '\uffff';

// The words of the kubelet service's command line, by the rules a PowerShell host's are split.
export { commandLineWords };

/**
 * A word's flag name as the kubelet knows it (`--node_labels=x` → `--node-labels`), if a flag
 * whose name is known (no unknown part before any `=`).
 */
export function flagNameOf(word: string): string | undefined {
  if (!word.startsWith('-')) return undefined;
  const name = word.split('=')[0] ?? word;
  if (name.includes(UNKNOWN_PART)) return undefined;
  const dashes = name.match(/^-+/)?.[0] ?? '';
  return dashes + name.slice(dashes.length).replaceAll('_', '-');
}

/**
 * Whether a word may be a flag whose name is unknown: `--log-$level`, or a word an unknown
 * part begins (`$extraFlags`).
 */
export function mayBeUnknownFlag(word: string): boolean {
  return word.startsWith(UNKNOWN_PART) || (word.startsWith('-') && flagNameOf(word) === undefined);
}

/** The flag names of a -KubeletExtraArgs string whose names are known. Values are never kept. */
export function kubeletFlagNames(extraArgs: string): string[] {
  return commandLineWords(extraArgs).flatMap((word) => flagNameOf(word) ?? []);
}

/** The values given to `flag` (`--node-labels`), each time it appears: `=value` or the next word. */
export function kubeletFlagValues(extraArgs: string, flag: string): string[] {
  const words = commandLineWords(extraArgs);
  return words.flatMap((word, index) => {
    if (flagNameOf(word) !== flag) return [];
    const equals = word.indexOf('=');
    if (equals >= 0) return [word.slice(equals + 1)];
    const next = words[index + 1];
    return next === undefined ? [] : [next];
  });
}

/**
 * The words of a -KubeletExtraArgs string that are neither a flag nor a flag's value, each
 * given as the name of the flag written before it (undefined when none is). The kubelet's
 * flag library leaves such a word over as an argument, and the kubelet stops on any
 * ("unknown command", cmd/kubelet/app/server.go). A flag without `=` takes the next word as
 * its value, as every non-boolean flag does; a boolean one would not, but which flags are
 * boolean is not guessed here, so such a word is never called stray. An empty word is
 * ignored. The stray words themselves are never kept: they may be anything.
 */
export function strayKubeletWords(extraArgs: string): (string | undefined)[] {
  const strays: (string | undefined)[] = [];
  let flag: string | undefined;
  let takesNext = false;
  for (const word of commandLineWords(extraArgs)) {
    const name = flagNameOf(word);
    if (name !== undefined) {
      flag = name;
      takesNext = !word.includes('=');
    } else if (takesNext) {
      takesNext = false;
    } else if (word !== '') {
      strays.push(flag);
    }
  }
  return strays;
}
