/**
 * Suppressions: an operator's decision that a rule's finding is known and accepted, on one
 * resource (a tag) or everywhere (configuration). A suppressed finding stays in the report,
 * marked `suppressed: true`, so the decision is visible and reversible.
 *
 * Syntax, for the tag value and for the configuration alike: entries separated by
 * whitespace and/or commas, each a rule id or `*` (every rule), optionally followed by
 * `:until=YYYY-MM-DD`, e.g. `ami-outdated bootstrap-missing:until=2026-12-31`.
 *
 * Separators and tag characters: EC2 and Auto Scaling accept any character in a tag value,
 * but EKS and the general AWS tagging rules allow only letters, digits, spaces and
 * `_ . : / = + - @`. Whitespace therefore works on every resource; commas (and `*`) only
 * where the service accepts them. `all` is a synonym of `*` that every service accepts.
 */
import type { DecodedInventory, DecodedNodeSource, ResourceType } from '../inventory/types.ts';
import { RESOURCE_NOUNS } from './facts.ts';
import type { AffectedRef, Finding } from './types.ts';

export const SUPPRESS_TAG = 'eks-windows-scanner:suppress';

/** The rule id that suppresses every rule. */
export const EVERY_RULE = '*';

export interface Suppression {
  /** A rule id, or `*` for every rule. */
  ruleId: string;
  /** YYYY-MM-DD, inclusive: the suppression applies through that day (UTC). */
  until?: string;
}

/** A suppression entry that cannot be read; the message quotes the entry, nothing else. */
export class SuppressionSyntaxError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SuppressionSyntaxError';
  }
}

const SEPARATORS = /[\s,]+/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UNTIL_PREFIX = 'until=';
/** Tag values are written by anyone: quote at most this much of an entry in a message. */
const MAX_QUOTED_LENGTH = 64;

function quoted(entry: string): string {
  const shown = entry.length > MAX_QUOTED_LENGTH ? `${entry.slice(0, MAX_QUOTED_LENGTH)}…` : entry;
  return JSON.stringify(shown);
}

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** One entry as a suppression, or the reason it is not one. */
function parseEntry(
  entry: string,
  knownRuleIds: ReadonlySet<string>,
): { ok: true; suppression: Suppression } | { ok: false; problem: string } {
  const colon = entry.indexOf(':');
  const rule = colon === -1 ? entry : entry.slice(0, colon);
  const ruleId = rule === EVERY_RULE || rule === 'all' ? EVERY_RULE : rule;
  if (ruleId !== EVERY_RULE && !knownRuleIds.has(ruleId)) {
    return { ok: false, problem: `${quoted(entry)} has an unknown rule id` };
  }
  if (colon === -1) return { ok: true, suppression: { ruleId } };
  const option = entry.slice(colon + 1);
  if (!option.startsWith(UNTIL_PREFIX)) {
    return {
      ok: false,
      problem: `${quoted(entry)} is not a rule id optionally followed by :until=YYYY-MM-DD`,
    };
  }
  const until = option.slice(UNTIL_PREFIX.length);
  if (!isCalendarDate(until)) return { ok: false, problem: `${quoted(entry)} has an invalid date` };
  return { ok: true, suppression: { ruleId, until } };
}

function entriesOf(value: string): string[] {
  return value.split(SEPARATORS).filter((entry) => entry.length > 0);
}

/**
 * Suppressions from configuration: the first unreadable entry fails the whole value, so a
 * typo is found at start-up rather than silently suppressing nothing.
 */
export function parseSuppressions(value: string, knownRuleIds: ReadonlySet<string>): Suppression[] {
  return entriesOf(value).map((entry) => {
    const parsed = parseEntry(entry, knownRuleIds);
    if (!parsed.ok) throw new SuppressionSyntaxError(parsed.problem);
    return parsed.suppression;
  });
}

/**
 * Suppressions from a resource's tag, which anyone may have written: the readable entries
 * count, the others come back as problems instead of failing the scan.
 */
export function parseSuppressionTag(
  value: string,
  knownRuleIds: ReadonlySet<string>,
): { suppressions: Suppression[]; problems: string[] } {
  const suppressions: Suppression[] = [];
  const problems: string[] = [];
  for (const entry of entriesOf(value)) {
    const parsed = parseEntry(entry, knownRuleIds);
    if (parsed.ok) suppressions.push(parsed.suppression);
    else problems.push(parsed.problem);
  }
  return { suppressions, problems };
}

export interface ApplySuppressionsOptions {
  now: Date;
  /** From configuration; they apply to every resource. */
  orgWide: readonly Suppression[];
  knownRuleIds: ReadonlySet<string>;
}

/** Tags of one resource a finding touches, with how the report names them. */
interface TagHolder {
  label: string;
  tags: Record<string, string>;
}

interface Match {
  suppressedBy: string;
  until?: string;
}

function tagLabel(ref: { type: ResourceType; id: string; name?: string | undefined }): string {
  const noun = RESOURCE_NOUNS[ref.type];
  const what = ref.name && ref.name !== ref.id ? `${ref.name} (${ref.id})` : ref.id;
  return `tag on ${noun} ${what}`;
}

/** Where tags can be found, indexed once per evaluation: findings are many, lookups cheap. */
interface TagIndex {
  clusters: Map<string, Record<string, string>>;
  /** `cluster|type/id` of node sources and their sites → their tags. */
  resources: Map<string, Record<string, string>>;
  /**
   * Node sources by how a finding's `affected` names them (`cluster|type/id:…` and
   * `cluster|type/name:…`), so that each lookup costs the same however big the cluster.
   */
  sourcesByAffected: Map<string, DecodedNodeSource>;
}

/** The index key of an affected node source: by id when it has one, else by name. */
function affectedKey(cluster: string, affected: AffectedRef): string {
  return affected.id !== undefined
    ? `${cluster}|${affected.type}/id:${affected.id}`
    : `${cluster}|${affected.type}/name:${affected.name}`;
}

function indexTags(inventory: DecodedInventory): TagIndex {
  const resources = new Map<string, Record<string, string>>();
  const remember = (
    cluster: string,
    ref: { type: ResourceType; id: string },
    tags?: Record<string, string>,
  ) => {
    const key = `${cluster}|${ref.type}/${ref.id}`;
    if (tags !== undefined && !resources.has(key)) resources.set(key, tags);
  };
  const sourcesByAffected = new Map<string, DecodedNodeSource>();
  const keep = (key: string, source: DecodedNodeSource) => {
    if (!sourcesByAffected.has(key)) sourcesByAffected.set(key, source);
  };
  for (const source of inventory.nodeSources) {
    remember(source.cluster, source.ref, source.tags);
    for (const site of source.sites) remember(source.cluster, site.ref, site.tags);
    const { type, id, name } = source.ref;
    keep(affectedKey(source.cluster, { type, id, name: name ?? id }), source);
    keep(affectedKey(source.cluster, { type, name: name ?? id }), source);
  }
  return {
    clusters: new Map(inventory.clusters.map((cluster) => [cluster.name, cluster.tags])),
    resources,
    sourcesByAffected,
  };
}

/**
 * The tags on the finding's resource (the cluster, a node source, or a site: launch template
 * or instance) and on every node source it names as affected, each resource once.
 */
function tagHoldersOf(finding: Finding, index: TagIndex): TagHolder[] {
  const holders = new Map<string, TagHolder>();
  const add = (
    ref: { type: ResourceType; id: string; name?: string },
    tags?: Record<string, string>,
  ) => {
    const key = `${ref.type}/${ref.id}`;
    if (tags !== undefined && !holders.has(key)) holders.set(key, { label: tagLabel(ref), tags });
  };
  const { resource } = finding;
  if (resource.type === 'AwsEksCluster') add(resource, index.clusters.get(resource.id));
  add(resource, index.resources.get(`${finding.cluster}|${resource.type}/${resource.id}`));
  for (const affected of finding.affected) {
    const source = index.sourcesByAffected.get(affectedKey(finding.cluster, affected));
    if (source !== undefined) add(source.ref, source.tags);
  }
  return [...holders.values()];
}

/** YYYY-MM-DD of `now` in UTC: a suppression applies while this is not after its `until`. */
function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function applies(suppression: Suppression, ruleId: string, today: string): boolean {
  if (suppression.ruleId !== EVERY_RULE && suppression.ruleId !== ruleId) return false;
  return suppression.until === undefined || today <= suppression.until;
}

/** The longer-lasting of two matches (open-ended beats dated); the earlier one on a tie. */
function longer(current: Match | undefined, candidate: Match): Match {
  if (current === undefined) return candidate;
  if (current.until === undefined) return current;
  if (candidate.until === undefined || candidate.until > current.until) return candidate;
  return current;
}

/**
 * Marks findings that a suppression covers: one listed in the `eks-windows-scanner:suppress`
 * tag of the finding's resource or of any node source it affects, or in the org-wide list.
 * Expired suppressions (the day after `until`) no longer count. Suppressed findings get
 * evidence `suppressedBy` ("tag on …" or "configuration") and `suppressedUntil` when dated,
 * from the longest-lasting suppression that applies. Unreadable tag entries are ignored and
 * listed in `suppressionProblems` of every finding on the tagged resources (suppressed or
 * not), so a typo that leaves a finding unsuppressed explains itself. Pure: new findings.
 */
export function applySuppressions(
  findings: readonly Finding[],
  inventory: DecodedInventory,
  options: ApplySuppressionsOptions,
): Finding[] {
  const today = dayOf(options.now);
  const index = indexTags(inventory);
  const parsedTags = new Map<string, ReturnType<typeof parseSuppressionTag>>();
  const parseTag = (value: string) => {
    let parsed = parsedTags.get(value);
    if (parsed === undefined) {
      parsed = parseSuppressionTag(value, options.knownRuleIds);
      parsedTags.set(value, parsed);
    }
    return parsed;
  };

  return findings.map((finding) => {
    let match: Match | undefined;
    const problems: string[] = [];
    for (const holder of tagHoldersOf(finding, index)) {
      const value = holder.tags[SUPPRESS_TAG];
      if (value === undefined) continue;
      const parsed = parseTag(value);
      problems.push(...parsed.problems.map((problem) => `${holder.label}: ${problem}`));
      for (const suppression of parsed.suppressions) {
        if (applies(suppression, finding.ruleId, today)) {
          match = longer(match, { suppressedBy: holder.label, ...untilOf(suppression) });
        }
      }
    }
    for (const suppression of options.orgWide) {
      if (applies(suppression, finding.ruleId, today)) {
        match = longer(match, { suppressedBy: 'configuration', ...untilOf(suppression) });
      }
    }

    const evidence = { ...finding.evidence };
    if (match !== undefined) {
      evidence.suppressedBy = match.suppressedBy;
      if (match.until !== undefined) evidence.suppressedUntil = match.until;
    }
    if (problems.length > 0) evidence.suppressionProblems = problems;
    return {
      ...finding,
      affected: [...finding.affected],
      evidence,
      suppressed: match !== undefined,
    };
  });
}

function untilOf(suppression: Suppression): { until?: string } {
  return suppression.until === undefined ? {} : { until: suppression.until };
}
