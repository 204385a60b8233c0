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
 *
 * A tag on a cluster covers every finding of that cluster (its node sources, their launch
 * templates and instances); a tag on a node source or launch template covers the findings
 * on it and on the resources it uses. Configuration files add scoped suppressions
 * (`ScopedSuppression`): by rule, account, region, cluster and resource glob, with a reason.
 */
import { editDistance } from '../close-matches.ts';
import type { DecodedInventory, DecodedNodeSource, ResourceType } from '../inventory/types.ts';
import { quotedInput } from '../text.ts';
import { RESOURCE_NOUNS } from './facts.ts';
import { globMatches } from './glob.ts';
import { memoised } from './memo.ts';
import type { AffectedRef, Finding, FindingSuppression, ScanWarning } from './types.ts';

export const SUPPRESS_TAG = 'eks-windows-scanner:suppress';

/** The rule id that suppresses every rule. */
export const EVERY_RULE = '*';

export interface Suppression {
  /** A rule id, or `*` for every rule. */
  ruleId: string;
  /** YYYY-MM-DD, inclusive: the suppression applies through that day (UTC). */
  until?: string;
}

/**
 * A suppression of a configuration file: one rule (or `*`) within an optional scope, with
 * the operator's reason and where it is written. Every scope field given must match.
 */
export interface ScopedSuppression extends Suppression {
  /** 12-digit account id. */
  accountId?: string;
  region?: string;
  /** Cluster name, exactly. */
  cluster?: string;
  /**
   * Glob (`*`, `?`; see glob.ts) on the finding's resource (its ARN, id or name) or on a node
   * source the finding names as affected (id or name): the reach of a tag on those resources.
   */
  resource?: string;
  reason: string;
  /** Where it is written, e.g. `.eks-windows-scanner.yaml line 12`. */
  origin: string;
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
  return quotedInput(entry, MAX_QUOTED_LENGTH + 1);
}

/** The candidate a misspelt word most likely meant (a rule id, a key), if one is close enough. */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_QUOTED_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.floor(word.length / 3));
  // Case is no distance: AMI-OUTDATED means ami-outdated, as --rule and --cluster take it.
  const lower = word.toLowerCase();
  for (const known of candidates) {
    // Only words of about its length can be close enough to be worth the distance.
    if (Math.abs(known.length - lower.length) > bestDistance) continue;
    const d = editDistance(lower, known.toLowerCase());
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

/** Words meant as "every rule" that are not `all` or `*`: `ALL`, `all-rules`, `everything`. */
const EVERY_RULE_MEANT = /^(?:all|every(?:thing)?|any)(?:[-_ ]?rules?)?$/i;

/** "has an unknown rule id", with the likely intended one when there is one. */
export function unknownRuleProblem(ruleId: string, knownRuleIds: ReadonlySet<string>): string {
  const closest =
    closestName(ruleId, knownRuleIds) ?? (EVERY_RULE_MEANT.test(ruleId) ? 'all' : undefined);
  return `has an unknown rule id${closest === undefined ? '' : ` (did you mean ${closest}?)`}`;
}

export function isCalendarDate(text: string): boolean {
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
    return { ok: false, problem: `${quoted(entry)} ${unknownRuleProblem(ruleId, knownRuleIds)}` };
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
  /** From a configuration file: each within its scope. */
  scoped?: readonly ScopedSuppression[];
  knownRuleIds: ReadonlySet<string>;
}

/** Tags of one resource a finding touches, with how the report names them. */
interface TagHolder {
  label: string;
  tags: Record<string, string>;
}

type Match = FindingSuppression;

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
  /**
   * Cluster → the ids and names of its node sources and sites whose tags carry
   * SUPPRESS_TAG (of any type): a finding that names none of them, in a cluster whose own
   * tags do not carry it, touches no suppression tag, which is told without a key string.
   */
  tagged: Map<string, Set<string>>;
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
  const tagged = new Map<string, Set<string>>();
  const mark = (
    cluster: string,
    ref: { id: string; name?: string },
    tags?: Record<string, string>,
  ) => {
    if (!carriesTag(tags)) return;
    let names = tagged.get(cluster);
    if (names === undefined) {
      names = new Set();
      tagged.set(cluster, names);
    }
    names.add(ref.id);
    if (ref.name !== undefined) names.add(ref.name);
  };
  for (const source of inventory.nodeSources) {
    remember(source.cluster, source.ref, source.tags);
    mark(source.cluster, source.ref, source.tags);
    for (const site of source.sites) {
      remember(source.cluster, site.ref, site.tags);
      mark(source.cluster, site.ref, site.tags);
    }
    const { type, id, name } = source.ref;
    keep(affectedKey(source.cluster, { type, id, name: name ?? id }), source);
    keep(affectedKey(source.cluster, { type, name: name ?? id }), source);
  }
  return {
    clusters: new Map(inventory.clusters.map((cluster) => [cluster.name, cluster.tags])),
    resources,
    sourcesByAffected,
    tagged,
  };
}

/**
 * The tags on the finding's cluster, on its resource (a node source, or a site: launch
 * template or instance) and on every node source it names as affected, each resource once.
 */
function tagHoldersOf(finding: Finding, index: TagIndex): TagHolder[] {
  // Most findings touch no suppression tag at all: then no holder matters, and none is
  // labelled. (A holder without the tag still shadows a later one of the same resource.)
  if (!carriesTag(index.clusters.get(finding.cluster))) {
    const { resource } = finding;
    const names = index.tagged.get(finding.cluster);
    let tagged =
      (resource.type === 'AwsEksCluster' && carriesTag(index.clusters.get(resource.id))) ||
      names?.has(resource.id) === true;
    for (let i = 0; !tagged && names !== undefined && i < finding.affected.length; i += 1) {
      const affected = finding.affected[i] as AffectedRef;
      tagged = names.has(affected.name) || (affected.id !== undefined && names.has(affected.id));
    }
    if (!tagged) return [];
  }
  const holders = new Map<string, TagHolder>();
  const add = (
    ref: { type: ResourceType; id: string; name?: string },
    tags?: Record<string, string>,
  ) => {
    const key = `${ref.type}/${ref.id}`;
    if (tags !== undefined && !holders.has(key)) holders.set(key, { label: tagLabel(ref), tags });
  };
  const { resource } = finding;
  // The cluster's tag covers everything of the cluster: the cluster and its node sources.
  add(
    { type: 'AwsEksCluster', id: finding.cluster, name: finding.cluster },
    index.clusters.get(finding.cluster),
  );
  if (resource.type === 'AwsEksCluster') {
    // A finding on the cluster itself (its Kubernetes version) names every Windows node source
    // as affected: one group's owner must not be able to silence it for all the others.
    add(resource, index.clusters.get(resource.id));
    return [...holders.values()];
  }
  add(resource, index.resources.get(`${finding.cluster}|${resource.type}/${resource.id}`));
  for (const affected of finding.affected) {
    const source = index.sourcesByAffected.get(affectedKey(finding.cluster, affected));
    if (source !== undefined) add(source.ref, source.tags);
  }
  return [...holders.values()];
}

function carriesTag(tags: Record<string, string> | undefined): boolean {
  return tags !== undefined && tags[SUPPRESS_TAG] !== undefined;
}

/** YYYY-MM-DD of `now` in UTC: a suppression applies while this is not after its `until`. */
function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function applies(suppression: Suppression, ruleId: string, today: string): boolean {
  if (suppression.ruleId !== EVERY_RULE && suppression.ruleId !== ruleId) return false;
  return suppression.until === undefined || today <= suppression.until;
}

/** Scoped suppressions by rule id (`*` under its own key): a finding looks up two lists. */
function indexScoped(scoped: readonly ScopedSuppression[]): Map<string, ScopedSuppression[]> {
  const byRule = new Map<string, ScopedSuppression[]>();
  for (const suppression of scoped) {
    const list = byRule.get(suppression.ruleId) ?? [];
    list.push(suppression);
    byRule.set(suppression.ruleId, list);
  }
  return byRule;
}

/** Whether a scoped suppression's resource glob names the finding's resource or an affected source. */
function resourceMatches(pattern: string, finding: Finding): boolean {
  const { resource } = finding;
  if (globMatches(pattern, resource.id)) return true;
  if (resource.name !== undefined && globMatches(pattern, resource.name)) return true;
  if (resource.arn !== undefined && globMatches(pattern, resource.arn)) return true;
  return finding.affected.some(
    (affected) =>
      globMatches(pattern, affected.name) ||
      (affected.id !== undefined && globMatches(pattern, affected.id)),
  );
}

function scopeMatches(suppression: ScopedSuppression, finding: Finding): boolean {
  return (
    (suppression.accountId === undefined || suppression.accountId === finding.accountId) &&
    (suppression.region === undefined || suppression.region === finding.region) &&
    (suppression.cluster === undefined || suppression.cluster === finding.cluster) &&
    (suppression.resource === undefined || resourceMatches(suppression.resource, finding))
  );
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
 * tag of the finding's cluster, of its resource or of any node source it affects, in the
 * org-wide list, or a scoped suppression of a configuration file whose scope holds it.
 * Expired suppressions (the day after `until`) no longer count. Suppressed findings get
 * `suppression` (source, origin, until, reason) and evidence `suppressedBy` ("tag on …",
 * "configuration" or the file's origin) and `suppressedUntil` when dated, from the
 * longest-lasting suppression that applies. Unreadable tag entries are ignored and listed in
 * `suppressionProblems` of every finding on the tagged resources (suppressed or not), so a
 * typo that leaves a finding unsuppressed explains itself (`suppressionWarnings` lists them
 * for the report too). Pure: new findings. Cost per finding: its tag holders and affected
 * sources, and the scoped suppressions of its rule — never the size of the cluster.
 */
export function applySuppressions(
  findings: readonly Finding[],
  inventory: DecodedInventory,
  options: ApplySuppressionsOptions,
): Finding[] {
  const today = dayOf(options.now);
  const index = indexTags(inventory);
  const scoped = indexScoped(options.scoped ?? []);
  const everyRule = scoped.get(EVERY_RULE) ?? [];
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
          match = longer(match, { source: 'tag', origin: holder.label, ...untilOf(suppression) });
        }
      }
    }
    for (const suppression of options.orgWide) {
      if (applies(suppression, finding.ruleId, today)) {
        match = longer(match, {
          source: 'environment',
          origin: 'configuration',
          ...untilOf(suppression),
        });
      }
    }
    for (const list of [scoped.get(finding.ruleId) ?? [], everyRule]) {
      for (const suppression of list) {
        if (applies(suppression, finding.ruleId, today) && scopeMatches(suppression, finding)) {
          match = longer(match, {
            source: 'file',
            origin: suppression.origin,
            ...untilOf(suppression),
            reason: suppression.reason,
          });
        }
      }
    }

    const evidence = { ...finding.evidence };
    if (match !== undefined) {
      evidence.suppressedBy = match.origin;
      if (match.until !== undefined) evidence.suppressedUntil = match.until;
    }
    if (problems.length > 0) evidence.suppressionProblems = problems;
    if (finding.suppression === undefined && !Object.hasOwn(finding, 'suppression')) {
      // What evaluation hands over: nothing to drop, so a plain copy (the fast path).
      const judged: Finding = {
        ...finding,
        affected: finding.affected.slice(),
        evidence,
        suppressed: match !== undefined,
      };
      if (match !== undefined) judged.suppression = match;
      return judged;
    }
    const { suppression: _previous, ...rest } = finding;
    return {
      ...rest,
      affected: [...finding.affected],
      evidence,
      suppressed: match !== undefined,
      ...(match === undefined ? {} : { suppression: match }),
    };
  });
}

/** At most this many warnings per inventory: tags are written by anyone, and many. */
export const MAX_SUPPRESSION_WARNINGS = 100;

export interface SuppressionWarningsOptions {
  now: Date;
  /** SUPPRESSIONS: one of every rule mutes the whole scan, which must not go unsaid. */
  orgWide?: readonly Suppression[];
  scoped?: readonly ScopedSuppression[];
  knownRuleIds: ReadonlySet<string>;
  /**
   * Rules whose findings are only ever on the cluster itself: only the cluster's tag covers
   * them, so one on a node source's tag suppresses nothing.
   */
  clusterRuleIds?: ReadonlySet<string>;
}

/** Whether a file's suppression has no account, region, cluster or resource to keep it to. */
function unscoped(suppression: ScopedSuppression): boolean {
  return (
    suppression.accountId === undefined &&
    suppression.region === undefined &&
    suppression.cluster === undefined &&
    suppression.resource === undefined
  );
}

/**
 * What the operator must be told about the suppressions of one inventory, whether or not a
 * finding touches them: every unreadable entry of an `eks-windows-scanner:suppress` tag
 * (a misspelt rule id suppresses nothing), each scoped suppression that names a rule id
 * the catalogue does not know or has expired, and each expired one of SUPPRESSIONS. Linear in the inventory; at most
 * MAX_SUPPRESSION_WARNINGS, then one warning saying how many more there were.
 */
export function suppressionWarnings(
  inventory: DecodedInventory,
  options: SuppressionWarningsOptions,
): ScanWarning[] {
  const warnings: ScanWarning[] = [];
  let dropped = 0;
  const warn = (warning: ScanWarning) => {
    if (warnings.length < MAX_SUPPRESSION_WARNINGS) warnings.push(warning);
    else dropped += 1;
  };
  const where = { accountId: inventory.accountId, region: inventory.region };
  const today = dayOf(options.now);

  const everything = (options.orgWide ?? []).find(
    (suppression) =>
      suppression.ruleId === EVERY_RULE &&
      (suppression.until === undefined || today <= suppression.until),
  );
  if (everything !== undefined) {
    warn({
      code: 'suppression-every-rule',
      message: `SUPPRESSIONS suppresses every rule (*${everything.until === undefined ? '' : ` until ${everything.until}`}): every finding is suppressed, and none is notified`,
    });
  }

  // An unknown rule id in SUPPRESSIONS stops the scan before this (config.ts); a past date
  // does not, and the rule's findings come back unsuppressed: say why, as for a file's.
  for (const suppression of options.orgWide ?? []) {
    if (suppression.until !== undefined && today > suppression.until) {
      warn({
        code: 'suppression-expired',
        message: `SUPPRESSIONS: ${suppression.ruleId} expired on ${suppression.until}; its findings are reported again`,
      });
    }
  }

  for (const suppression of options.scoped ?? []) {
    const inForce = suppression.until === undefined || today <= suppression.until;
    if (suppression.ruleId === EVERY_RULE && unscoped(suppression) && inForce) {
      // As SUPPRESSIONS=all: a CI gate on the scan's findings then always passes.
      warn({
        code: 'suppression-every-rule',
        message: `${suppression.origin}: suppresses every rule (all${suppression.until === undefined ? '' : ` until ${suppression.until}`}) with no account, region, cluster or resource to keep it to: every finding is suppressed, and none is notified`,
      });
    }
    if (suppression.ruleId !== EVERY_RULE && !options.knownRuleIds.has(suppression.ruleId)) {
      warn({
        code: 'suppression-unknown-rule',
        message: `${suppression.origin}: rule ${quoted(suppression.ruleId)} ${unknownRuleProblem(suppression.ruleId, options.knownRuleIds)}; it suppresses nothing`,
      });
    } else if (suppression.until !== undefined && today > suppression.until) {
      warn({
        code: 'suppression-expired',
        message: `${suppression.origin}: expired on ${suppression.until}; its findings are reported again`,
      });
    }
  }

  const parsed = new Map<string, ReturnType<typeof parseSuppressionTag>>();
  const seen = new Set<string>();
  const check = (
    cluster: string,
    ref: { type: ResourceType; id: string; name?: string | undefined },
    tags: Record<string, string> | undefined,
  ) => {
    if (tags === undefined) return;
    const value = tags[SUPPRESS_TAG];
    const misspelt = misspeltSuppressTagKeys(tags);
    if (value === undefined && misspelt.length === 0) return;
    const key = `${cluster}|${ref.type}/${ref.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    for (const tagKey of misspelt) {
      warn({
        code: 'suppression-tag-key-misspelt',
        message: `${tagLabel(ref)}: tag key ${quoted(tagKey)} is not ${SUPPRESS_TAG} (tag keys are case-sensitive); it suppresses nothing`,
        ...where,
        cluster,
      });
    }
    if (value === undefined) return;
    let tag = parsed.get(value);
    if (tag === undefined) {
      tag = parseSuppressionTag(value, options.knownRuleIds);
      parsed.set(value, tag);
    }
    // As for SUPPRESSIONS and the file's: the findings come back, and on-change tells them new.
    for (const { ruleId, until } of tag.suppressions) {
      if (ref.type !== 'AwsEksCluster' && options.clusterRuleIds?.has(ruleId) === true) {
        warn({
          code: 'suppression-tag-ineffective',
          message: `${tagLabel(ref)}: ${ruleId} is a finding on the cluster itself, which only the cluster's tag suppresses; the entry suppresses nothing`,
          ...where,
          cluster,
        });
      } else if (until !== undefined && today > until) {
        warn({
          code: 'suppression-expired',
          message: `${tagLabel(ref)}: ${ruleId} expired on ${until}; its findings are reported again`,
          ...where,
          cluster,
        });
      }
    }
    for (const problem of tag.problems) {
      warn({
        code: 'suppression-tag-unreadable',
        message: `${tagLabel(ref)}: ${problem}; the entry suppresses nothing`,
        ...where,
        cluster,
      });
    }
  };
  for (const cluster of inventory.clusters) {
    check(cluster.name, { type: 'AwsEksCluster', id: cluster.name }, cluster.tags);
  }
  for (const source of inventory.nodeSources) {
    check(source.cluster, source.ref, source.tags);
    for (const site of source.sites) check(source.cluster, site.ref, site.tags);
  }
  if (dropped > 0) {
    warnings.push({
      code: 'suppression-warnings-truncated',
      message: `${dropped} more suppression warnings in ${inventory.region} left out`,
      ...where,
    });
  }
  return warnings;
}

/**
 * Tag keys that were meant to be SUPPRESS_TAG (a letter off, or other capitals): AWS takes
 * them as any other tag, so the suppression they carry would silently do nothing.
 */
function misspeltSuppressTagKeys(tags: Record<string, string>): string[] {
  const misspelt: string[] = [];
  for (const key in tags) if (isMisspeltSuppressTagKey(key)) misspelt.push(key);
  return misspelt;
}

// Every resource of an estate carries the same few tag keys: measure each key's distance
// once, not once per resource (it was a sixth of evaluation's time at the benchmark's `xl`).
const isMisspeltSuppressTagKey = memoised(
  (key) => key !== SUPPRESS_TAG && closestName(key, [SUPPRESS_TAG]) !== undefined,
);

function untilOf(suppression: Suppression): { until?: string } {
  return suppression.until === undefined ? {} : { until: suppression.until };
}
