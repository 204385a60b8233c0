/**
 * Misspelt flags of a component Start-EKSBootstrap.ps1 starts (the kubelet, kube-proxy): pflag
 * stops the component on a flag it does not know ("unknown flag: --node-lables"). Only a near
 * miss of a flag the component has is a sure typo; one far from every known flag is left
 * alone, as a list of flags may lack one.
 */
import { editDistance } from '../close-matches.ts';
import type { BootstrapParameter } from '../decode/types.ts';
import { describeWindowsSite, type PassingSite, siteHit, unquotedBecause } from './facts.ts';
import {
  commandLineWords,
  flagNameOf,
  mayBeUnknownFlag,
  UNKNOWN_PART,
} from './kubelet-arguments.ts';
import type { RemovedFlag } from './reference-data/removed-flags.ts';
import type { RuleHit } from './types.ts';

/** What a component takes, by flag name (`_` read as `-`, as pflag's normaliser reads it). */
export interface FlagCatalogue {
  /** Who stops on an unknown flag: "the kubelet", "kube-proxy". */
  component: string;
  /** What its stopping costs, after "It stops with "unknown flag"": " and the node never joins". */
  consequence: string;
  /** The -…ExtraArgs parameter its flags are passed in. */
  parameter: BootstrapParameter;
  /** Every flag it has or had: none of these is a typo. */
  known: ReadonlySet<string>;
  /** The flags a typo may be taken for: those it has today. */
  suggested: ReadonlySet<string>;
  /** Its flags that take no value: the word after one written alone is a flag of its own. */
  withoutValue: ReadonlySet<string>;
  /**
   * Flags it had and lost: a near miss of one (`--Log-Dir`) is unknown before the removal and
   * after, so it is named, with its removal, but never suggested.
   */
  removed: Readonly<Record<string, RemovedFlag>>;
}

/**
 * The catalogue of a component's flags: every flag it has or had is known (a removed one is
 * the removed-flag rule's to judge); only those it has today are suggested.
 */
export function flagCatalogueOf(component: {
  component: string;
  consequence: string;
  parameter: BootstrapParameter;
  flags: ReadonlySet<string>;
  removed: Readonly<Record<string, RemovedFlag>>;
  withoutValue: Iterable<string>;
}): FlagCatalogue {
  const { flags, removed, withoutValue, ...naming } = component;
  return {
    ...naming,
    known: new Set([...flags, ...Object.keys(removed)]),
    suggested: new Set([...flags].filter((flag) => !Object.hasOwn(removed, flag))),
    withoutValue: new Set(withoutValue),
    removed,
  };
}

/** A long flag's name as one is written, any case, `_` or `-` between words. */
const LONG_FLAG = /^--[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The flag a written flag name misspells (`--node_lables` for `--node-labels`): the closest of
 * `catalogue.suggested`, within a quarter of the name's length in edits (2 at most) once `_`
 * is read as `-` and the case ignored in the measuring (not in the judging: flag names are
 * case-sensitive). None when a removed flag is closer (`--Log-File` is --log-file's, not
 * --lock-file's).
 */
export function misspeltFlag(written: string, catalogue: FlagCatalogue): string | undefined {
  const closest = closestOf(written, catalogue);
  return closest?.removedIn === undefined ? closest?.flag : undefined;
}

/** The closest flag, today's or a removed one; today's when a removed one is no closer. */
function closestOf(
  written: string,
  catalogue: FlagCatalogue,
): { flag: string; removedIn?: string } | undefined {
  if (!LONG_FLAG.test(written)) return undefined;
  const flag = flagNameOf(written) ?? written;
  if (catalogue.known.has(flag)) return undefined;
  const lower = flag.toLowerCase();
  const allowed = Math.min(2, Math.floor((flag.length - 2) / 4));
  let closest: { flag: string; edits: number; removedIn?: string } | undefined;
  const consider = (candidate: string, removedIn?: string) => {
    const edits = editDistance(lower, candidate);
    if (edits <= allowed && (closest === undefined || edits < closest.edits)) {
      closest =
        removedIn === undefined
          ? { flag: candidate, edits }
          : { flag: candidate, edits, removedIn };
    }
  };
  for (const candidate of catalogue.suggested) consider(candidate);
  for (const [candidate, { removedIn }] of Object.entries(catalogue.removed)) {
    consider(candidate, removedIn);
  }
  return closest;
}

/** What the next word is: surely a flag (or a stray word), surely a value, or either. */
type NextWord = 'flag' | 'value' | 'either';

/**
 * The flag names of an -…ExtraArgs string as written (before any `=`), each once, less the
 * words that are values: a word after a known flag that takes a value, written without `=`,
 * is that value (`--node-labels --role=x` gives --node-labels the value "--role=x"). Around
 * unknown parts (UNKNOWN_PART), a word that may be a value is not judged: one after a flag
 * whose name is unknown (it may take a value), or after a value that is all unknown (it may
 * be empty).
 */
function writtenFlagNames(extraArgs: string, catalogue: FlagCatalogue): string[] {
  const names = new Set<string>();
  let next: NextWord = 'flag';
  for (const word of commandLineWords(extraArgs)) {
    const now: NextWord = next;
    if (now === 'value') {
      next = isAllUnknown(word) ? 'either' : 'flag';
      continue;
    }
    const flag = flagNameOf(word);
    if (flag !== undefined && now === 'flag') names.add(word.split('=')[0] ?? word);
    const takesValue =
      flag !== undefined &&
      !word.includes('=') &&
      catalogue.known.has(flag) &&
      !catalogue.withoutValue.has(flag);
    if (takesValue) next = now === 'flag' ? 'value' : 'either';
    else next = mayBeUnknownFlag(word) && !word.includes('=') ? 'either' : 'flag';
  }
  return [...names];
}

function isAllUnknown(word: string): boolean {
  return word !== '' && word.replaceAll(UNKNOWN_PART, '') === '';
}

/**
 * The hit of a site whose -…ExtraArgs passes misspelt flags, naming each as written and the
 * flag meant; none when it passes none. Flag names only: values are never quoted, and a value
 * bound by position or through an abbreviated name (another command's words, perhaps) is
 * judged with only the flags meant named, which are the component's own.
 */
export function misspeltFlagsHit(passing: PassingSite, catalogue: FlagCatalogue): RuleHit[] {
  const { component, parameter, consequence } = catalogue;
  const misspelt = writtenFlagNames(passing.value, catalogue).flatMap((flag) => {
    const closest = closestOf(flag, catalogue);
    return closest === undefined
      ? []
      : [{ flag, meant: closest.flag, removedIn: closest.removedIn }];
  });
  if (misspelt.length === 0) return [];
  const current = misspelt.filter((each) => each.removedIn === undefined);
  const gone = misspelt.filter((each) => each.removedIn !== undefined);
  // Flags gone from the component are named apart, so that none reads as a suggestion; each
  // key is there only when it lists something.
  const currentMeant = [...new Set(current.map((each) => each.meant))];
  const goneMeant = [...new Set(gone.map((each) => each.meant))];
  const where = describeWindowsSite(passing);
  const flags = misspelt.length === 1 ? 'a flag' : `${misspelt.length} flags`;
  const unquoted = unquotedBecause(passing);
  if (unquoted !== undefined) {
    const meant = [
      ...new Set(
        misspelt.map(({ meant, removedIn }) =>
          removedIn === undefined ? meant : `${meant} (removed in ${removedIn})`,
        ),
      ),
    ];
    return [
      siteHit(
        passing,
        {
          misspeltFlagCount: misspelt.length,
          ...(currentMeant.length === 0 ? {} : { suggestedFlags: currentMeant }),
          ...(goneMeant.length === 0 ? {} : { meantRemovedFlags: goneMeant }),
        },
        `${where} passes -${parameter} ${unquoted} (its words are not quoted here), with ${flags} ${component} does not have, ${meant.length === 1 ? 'a near miss' : 'near misses'} of ${meant.join(', ')}; ${component} stops with "unknown flag"${consequence}.`,
      ),
    ];
  }
  const named = misspelt.map(({ flag, meant, removedIn }) =>
    removedIn === undefined
      ? `${flag} (${meant}?)`
      : `${flag} (a near miss of ${meant}, removed in ${removedIn})`,
  );
  return [
    siteHit(
      passing,
      {
        ...(current.length === 0
          ? {}
          : {
              misspeltFlags: current.map((each) => each.flag),
              suggestedFlags: current.map((each) => each.meant),
            }),
        ...(gone.length === 0
          ? {}
          : {
              misspeltRemovedFlags: gone.map((each) => each.flag),
              meantRemovedFlags: gone.map((each) => each.meant),
            }),
      },
      `${where} passes ${component} ${flags} it does not have: ${named.join(', ')}. It stops with "unknown flag"${consequence}.`,
    ),
  ];
}
