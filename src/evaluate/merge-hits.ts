/**
 * Hits of one rule on one resource make one finding: a launch template shared by several node
 * sources, say. Those sources may tell different stories (two versions of the template, node
 * groups on two releases, Karpenter nodes on two AMIs), and the APIs list them in no set order.
 * A finding therefore leads with the worst story, chosen whatever the order, and tells the
 * others after it: taking the first hit's, as it once did, hid a worse problem behind a milder
 * one and changed the finding's text with the order of the listing.
 */
import type { AffectedRef, Evidence, RuleHit, Severity } from './types.ts';
import { SEVERITIES } from './types.ts';

/** How many other stories a finding's detail tells before it only counts the rest. */
export const MAX_OTHER_STORIES = 3;

/** Hits that say the same (severity, title, evidence): one story, told by one of them. */
interface Story {
  /** The hit that tells it: the one naming the first affected ref, by type and name. */
  teller: RuleHit;
  severity: Severity;
  /** What tells the stories apart; also the last tie-break, so the order never matters. */
  key: string;
  /** How much its evidence says: list items count one each. */
  size: number;
  /** The sources it is told for. */
  sources: number;
}

export function affectedKey(ref: AffectedRef): string {
  return `${ref.type}/${ref.name}`;
}

/** Adds the refs of `more` not yet in `listed` to `into`: linear in the refs, however shared. */
export function mergeAffected(into: AffectedRef[], listed: Set<string>, more: AffectedRef[]): void {
  for (const ref of more) {
    const key = affectedKey(ref);
    if (listed.has(key)) continue;
    listed.add(key);
    into.push(ref);
  }
}

function sizeOf(evidence: Evidence): number {
  let size = 0;
  for (const value of Object.values(evidence)) size += Array.isArray(value) ? value.length : 1;
  return size;
}

/** The hit naming the first affected ref (then the shorter detail): the same in any order. */
function tellsFirst(a: RuleHit, b: RuleHit): boolean {
  const [refA, refB] = [a.affected[0], b.affected[0]].map((ref) => (ref ? affectedKey(ref) : ''));
  if (refA !== refB) return (refA ?? '') < (refB ?? '');
  return (a.detail ?? '') < (b.detail ?? '');
}

/** Worst first: severity, then the story whose evidence says more, then its key. */
function byWorst(a: Story, b: Story): number {
  const severity = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (severity !== 0) return severity;
  if (a.size !== b.size) return b.size - a.size;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * One hit standing for the hits of one finding (same rule, cluster, resource and qualifier):
 * every source they affect, the worst story's severity, title and evidence, and a detail that
 * tells that story and then, briefly, the others.
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
  if (hits.length === 1) return { ...first, affected };
  const stories = new Map<string, Story>();
  for (const hit of hits) {
    const severity = hit.severity ?? ruleSeverity;
    const key = JSON.stringify([severity, hit.title ?? '', hit.evidence]);
    const known = stories.get(key);
    if (known === undefined) {
      stories.set(key, { teller: hit, severity, key, size: sizeOf(hit.evidence), sources: 1 });
    } else {
      known.sources += 1;
      if (tellsFirst(hit, known.teller)) known.teller = hit;
    }
  }
  const [lead, ...others] = [...stories.values()].sort(byWorst);
  const { teller } = lead as Story;
  const merged: RuleHit = { ...teller, affected, severity: (lead as Story).severity };
  const told = new Set([teller.detail]);
  const sentences: string[] = [];
  let untold = 0;
  for (const story of others) {
    const { detail } = story.teller;
    if (detail === undefined || told.has(detail)) continue;
    if (sentences.length < MAX_OTHER_STORIES) {
      told.add(detail);
      sentences.push(detail);
    } else {
      untold += story.sources;
    }
  }
  if (sentences.length === 0) return merged;
  const rest =
    untold === 0
      ? ''
      : ` ${untold} more node ${untold === 1 ? 'source' : 'sources'} using it differ as well.`;
  merged.detail = `${teller.detail ?? ''} Also: ${sentences.join(' ')}${rest}`.trim();
  return merged;
}
