/**
 * Hits of one rule on one resource make one finding: a launch template shared by several node
 * sources, say. Those sources may tell different stories (two versions of the template, node
 * groups on two releases, Karpenter nodes on two AMIs), and the APIs list them in no set order.
 * A finding therefore leads with the worst story, chosen whatever the order, and tells the
 * others after it: taking the first hit's, as it once did, hid a worse problem behind a milder
 * one and changed the finding's text with the order of the listing.
 */
import { compareText, noun } from '../text.ts';
import { RESOURCE_NOUNS } from './facts.ts';
import type { AffectedRef, Evidence, RuleHit, Severity } from './types.ts';
import { SEVERITIES } from './types.ts';

/** How many other stories a finding's detail tells before it only counts the rest. */
export const MAX_OTHER_STORIES = 3;

/** Hits that say the same (severity, title, evidence): one story, told by one of them. */
interface Story {
  /** The hit that tells it: the one naming the first affected ref, by type and name. */
  teller: RuleHit;
  /** Every hit that says it. */
  hits: RuleHit[];
  severity: Severity;
  /** What tells the stories apart; also the last tie-break, so the order never matters. */
  key: string;
  /** How much its evidence lists: the items of its lists. */
  size: number;
}

function affectedKey(ref: AffectedRef): string {
  return `${ref.type}/${ref.name}`;
}

/** Adds the refs of `more` not yet in `listed` to `into`: linear in the refs, however shared. */
function mergeAffected(into: AffectedRef[], listed: Set<string>, more: AffectedRef[]): void {
  for (const ref of more) {
    const key = affectedKey(ref);
    if (listed.has(key)) continue;
    listed.add(key);
    into.push(ref);
  }
}

/** A rough "how much is wrong": list items count (flags, AMIs, instances); single values do not. */
function sizeOf(evidence: Evidence): number {
  let size = 0;
  for (const value of Object.values(evidence)) if (Array.isArray(value)) size += value.length;
  return size;
}

/** The hit naming the first affected ref, then the detail first in code-unit order: the same in any order. */
function tellsFirst(a: RuleHit, b: RuleHit): boolean {
  const [refA, refB] = [firstSourceOf(a), firstSourceOf(b)];
  if (refA !== refB) return refA < refB;
  return (a.detail ?? '') < (b.detail ?? '');
}

function firstSourceOf(hit: RuleHit): string {
  const [ref] = hit.affected;
  return ref === undefined ? '' : affectedKey(ref);
}

/** Worst first: severity, then the story whose evidence lists more, then its key. */
function byWorst(a: Story, b: Story): number {
  const severity = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (severity !== 0) return severity;
  if (a.size !== b.size) return b.size - a.size;
  return compareText(a.key, b.key);
}

/**
 * A story's sentence as a merged finding tells it: prefixed with the source it is about when
 * the sentence does not name it (`For Auto Scaling group win-b: The node's EKS AMI …`), and
 * followed by how many more sources it is true of.
 */
function sentenceOf(story: Story): string | undefined {
  const { detail, affected } = story.teller;
  const [ref] = affected;
  if (detail === undefined || ref === undefined) return detail;
  const source = `${RESOURCE_NOUNS[ref.type]} ${ref.name}`;
  const named = detail.toLowerCase().includes(source.toLowerCase());
  const sentence = named ? detail : `For ${source}: ${detail}`;
  const others = sourcesOf([story]).size - 1;
  return others <= 0
    ? sentence
    : `${sentence} (The same for ${others} more node ${noun(others, 'source')}.)`;
}

/** The sources the stories' hits affect, each once. */
function sourcesOf(stories: readonly Story[]): Set<string> {
  return new Set(
    stories.flatMap((story) => story.hits.flatMap((hit) => hit.affected.map(affectedKey))),
  );
}

/**
 * One hit standing for the hits of one finding (same rule, cluster, resource and qualifier):
 * every source they affect (sorted, so that the list does not follow the API's order either),
 * the worst story's severity, title and evidence, and a detail that tells that story and then,
 * briefly, the others.
 */
export function mergeHits(hits: readonly RuleHit[], ruleSeverity: Severity): RuleHit {
  const [first] = hits;
  if (first === undefined) throw new Error('mergeHits: no hits');
  // The common hit names one source, whose list needs no index.
  if (hits.length === 1 && first.affected.length <= 1) {
    return { ...first, affected: first.affected.slice() };
  }
  const affected: AffectedRef[] = [];
  const listed = new Set<string>();
  for (const hit of hits) mergeAffected(affected, listed, hit.affected);
  affected.sort((a, b) => compareText(affectedKey(a), affectedKey(b)));
  if (hits.length === 1) return { ...first, affected };
  const stories = new Map<string, Story>();
  for (const hit of hits) {
    const severity = hit.severity ?? ruleSeverity;
    const key = JSON.stringify([severity, hit.title ?? '', hit.evidence]);
    const known = stories.get(key);
    if (known === undefined) {
      stories.set(key, { teller: hit, hits: [hit], severity, key, size: sizeOf(hit.evidence) });
    } else {
      known.hits.push(hit);
      if (tellsFirst(hit, known.teller)) known.teller = hit;
    }
  }
  const [lead, ...others] = [...stories.values()].sort(byWorst) as [Story, ...Story[]];
  const merged: RuleHit = { ...lead.teller, affected, severity: lead.severity };
  if (others.length === 0) return merged;
  const toldSentences = new Set([lead.teller.detail]);
  const told: Story[] = [lead];
  const untold: Story[] = [];
  for (const story of others) {
    const { detail } = story.teller;
    if (detail === undefined || toldSentences.has(detail)) continue;
    if (told.length <= MAX_OTHER_STORIES) {
      toldSentences.add(detail);
      told.push(story);
    } else {
      untold.push(story);
    }
  }
  if (told.length === 1) return merged;
  // Sources a told story already covers are not counted again.
  const rest = sourcesOf(untold);
  for (const key of sourcesOf(told)) rest.delete(key);
  const [leadSentence, ...alsoSentences] = told.map(sentenceOf);
  const more =
    rest.size === 0
      ? ''
      : ` ${rest.size} more affected node ${noun(rest.size, 'source differs', 'sources differ')} in other ways.`;
  merged.detail = `${leadSentence ?? ''} Also: ${alsoSentences.join(' ')}${more}`.trim();
  return merged;
}
