/**
 * Text helpers the machine-readable formats share: what to strip before a value leaves the
 * scanner, and how a finding's resource and rule are named outside the report.
 */
import {
  type AffectedRef,
  type Evidence,
  type Finding,
  type FindingSuppression,
  type RuleMetadata,
  SEVERITIES,
} from '../../evaluate/types.ts';
import { markDisplayControls, oneLine, plural, stripControlCharacters } from '../../text.ts';
import type { Report, ReportSelection } from '../types.ts';

export { markDisplayControls, oneLine, stripControlCharacters };

/**
 * Where a finding points outside the report: the resource's ARN when the collector knew it,
 * else `<account>/<region>/<resource type>/<resource id>` (a relative reference: node groups
 * and Auto Scaling groups carry their ARN, but an ARN can't be rebuilt from a name).
 */
export function resourceLocation(finding: Finding): string {
  const { resource } = finding;
  return resource.arn ?? `${finding.accountId}/${finding.region}/${resource.type}/${resource.id}`;
}

/**
 * Where a node source that uses a finding's resource points, named as `resourceLocation` names
 * the resource: its ARN when the collector knew it, else the relative reference by its id, or
 * by its name when it has no id.
 */
export function affectedLocation(finding: Finding, affected: AffectedRef): string {
  return (
    affected.arn ??
    `${finding.accountId}/${finding.region}/${affected.type}/${affected.id ?? affected.name}`
  );
}

/** The first http(s) address in a rule's `source`, for links (SARIF helpUri, OCSF references). */
export function sourceUrls(source: string): string[] {
  return [...source.matchAll(/https?:\/\/[^\s;,<>"]+/g)].map((match) =>
    match[0].replace(/[.)]+$/, ''),
  );
}

/** Catalogue metadata for every rule a report names: the catalogue's, else the finding's own. */
export function rulesOf(
  catalogue: readonly RuleMetadata[],
  findings: readonly Finding[],
): RuleMetadata[] {
  const rules = catalogue.map(metadataOf);
  const known = new Set(rules.map((rule) => rule.id));
  for (const finding of findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    // A report from another version can name a rule this build does not know.
    rules.push({
      id: finding.ruleId,
      severity: finding.severity,
      title: finding.title,
      description: finding.description,
      remediation: finding.remediation,
      resourceTypes: [finding.resource.type],
      permissions: [],
      source: '',
    });
  }
  return rules;
}

/** The metadata part of a rule (no `evaluate`). */
function metadataOf(rule: RuleMetadata): RuleMetadata {
  return {
    id: rule.id,
    severity: rule.severity,
    title: rule.title,
    description: rule.description,
    remediation: rule.remediation,
    resourceTypes: [...rule.resourceTypes],
    permissions: [...rule.permissions],
    source: rule.source,
  };
}

/** Evidence with control characters stripped from its strings (the names in it come from tags). */
export function cleanEvidence(evidence: Evidence): Evidence {
  return Object.fromEntries(
    Object.entries(evidence).map(([key, value]) => [
      cleanText(key),
      typeof value === 'string'
        ? cleanText(value)
        : Array.isArray(value)
          ? value.map(cleanText)
          : value,
    ]),
  );
}

/** Free text for JSON formats: no control characters, no lone surrogates. */
export function cleanText(text: string): string {
  return stripControlCharacters(text).toWellFormed();
}

/** How each kind of suppression is named to a reader. */
export const SUPPRESSION_SOURCE_LABEL: Record<FindingSuppression['source'], string> = {
  tag: 'eks-windows-scanner:suppress tag',
  file: 'configuration file',
  environment: 'SUPPRESSIONS setting',
};

/** At most this many characters of an operator's reason leave the scanner in one output. */
export const MAX_SUPPRESSION_REASON = 500;

/**
 * The operator's reason as one line: control characters (line breaks and tabs too) and
 * bidirectional overrides as spaces, well-formed, at most MAX_SUPPRESSION_REASON characters.
 * Empty when there is none.
 */
export function suppressionReason(suppression: FindingSuppression | undefined): string {
  if (suppression?.reason === undefined) return '';
  const line = oneLine(suppression.reason);
  const characters = [...line];
  return characters.length <= MAX_SUPPRESSION_REASON
    ? line
    : `${characters.slice(0, MAX_SUPPRESSION_REASON - 1).join('')}…`;
}

/**
 * "configuration file .eks-windows-scanner.yaml line 12, until 2026-12-31": the kind of
 * suppression, where it is written and the last day it applies; one line. For a finding
 * without the detail (a report from an older version), what its evidence says, else "".
 */
export function describeSuppression(finding: Finding): string {
  const { suppression } = finding;
  if (suppression === undefined) {
    const by = finding.evidence.suppressedBy;
    return typeof by === 'string' ? oneLine(by) : '';
  }
  const origin = oneLine(suppression.origin);
  const label = SUPPRESSION_SOURCE_LABEL[suppression.source] ?? oneLine(suppression.source);
  // A tag's origin already reads "tag on <resource>".
  const where =
    suppression.source === 'tag' && origin.startsWith('tag on ')
      ? `${label} ${origin.slice('tag '.length)}`
      : origin === '' || origin === 'configuration'
        ? label
        : `${label} ${origin}`;
  return suppression.until === undefined ? where : `${where}, until ${oneLine(suppression.until)}`;
}

/**
 * "111122223333 us-west-2", "us-west-2", or undefined: the part of a finding's place the
 * report's scope does not already say (nothing when it covers one account and one region).
 */
export function scopeLabel(
  report: Report,
): (item: { accountId?: string; region?: string }) => string | undefined {
  const manyAccounts = report.scope.accounts.length > 1;
  const manyRegions = report.scope.regions.length > 1;
  return (item) => {
    const parts = [
      manyAccounts ? item.accountId : undefined,
      manyRegions ? item.region : undefined,
    ].filter((part) => part !== undefined && part !== '');
    return parts.length > 0 ? parts.join(' ') : undefined;
  };
}

/**
 * " (us-west-2, prod)": where an error happened, its account too when the report covers
 * several (the same failure can happen in each); '' when it says nothing.
 */
export function errorPlace(
  error: { accountId?: string; region?: string; cluster?: string },
  manyAccounts: boolean,
): string {
  const where = [manyAccounts ? error.accountId : undefined, error.region, error.cluster].filter(
    (part) => part !== undefined && part !== '',
  );
  return where.length > 0 ? ` (${where.join(', ')})` : '';
}

/** Whether --rule and --exclude-rule keep a rule's findings (both absent: every rule's). */
export function ruleSelected(
  { rules, excludeRules }: { rules?: readonly string[]; excludeRules?: readonly string[] },
  ruleId: string,
): boolean {
  return (
    (rules === undefined || rules.includes(ruleId)) &&
    (excludeRules === undefined || !excludeRules.includes(ruleId))
  );
}

/** "--severity CRITICAL,HIGH --exclude-rule ami-outdated": the options a selection was made with. */
export function selectionOptions(selection: ReportSelection): string {
  return [
    selection.severities && `--severity ${selection.severities.join(',')}`,
    selection.rules && `--rule ${selection.rules.map(oneLine).join(',')}`,
    selection.excludeRules && `--exclude-rule ${selection.excludeRules.map(oneLine).join(',')}`,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * "This report holds only the findings selected by --severity CRITICAL; 38 unsuppressed
 * findings were left out (16 HIGH, 22 MEDIUM), neither shown nor counted." Said under the
 * counts, which are then not the scan's.
 */
export function describeSelection(selection: ReportSelection): string {
  const leftOut = SEVERITIES.filter((severity) => selection.leftOutBySeverity[severity] > 0)
    .map((severity) => `${selection.leftOutBySeverity[severity]} ${severity}`)
    .join(', ');
  const count = selection.findingsLeftOut;
  return (
    `This report holds only the findings selected by ${selectionOptions(selection)}; ` +
    (count === 0
      ? 'no unsuppressed finding was left out.'
      : `${plural(count, 'unsuppressed finding')} ${count === 1 ? 'was' : 'were'} left out (${leftOut}), neither shown nor counted.`)
  );
}
