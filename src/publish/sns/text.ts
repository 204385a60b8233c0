/** Small pieces of wording and clean-up shared by the subject, the email text and the chat message. */

import { descriptionParts } from '../../evaluate/description.ts';
import {
  type ClusterReadiness,
  type Finding,
  SEVERITIES,
  type Severity,
} from '../../evaluate/types.ts';
import { describeResource, resourceLabel } from '../../inventory/labels.ts';
import { severityRank } from '../../report/build.ts';
import { scopeLabel } from '../../report/format/text.ts';
import type { Report } from '../../report/types.ts';
import { oneLine, plural, shortenAtWord } from '../../text.ts';
import type { MergedChanges } from '../types.ts';

export { countBySeverity, severityRank } from '../../report/build.ts';

const ELLIPSIS = '…';

export function atOrAbove(severity: Severity, minimum: Severity): boolean {
  return severityRank(severity) <= severityRank(minimum);
}

/** The severities a notification is about, most severe first. */
export function severitiesAtOrAbove(minimum: Severity): Severity[] {
  return SEVERITIES.filter((severity) => atOrAbove(severity, minimum));
}

/** A finding of the estate as it is today, not of an upgrade audit's target version. */
export function isTodays(finding: Finding): boolean {
  return finding.upgrade === undefined;
}

/**
 * Unsuppressed findings of today at or above the minimum, most severe first (stable
 * otherwise). An upgrade audit's findings (what would break at its target version) are not
 * today's: they count in its verdicts and are listed apart (`upgradeFindingsToShow`).
 */
export function notifiableFindings(findings: readonly Finding[], minimum: Severity): Finding[] {
  return shownAtOrAbove(findings, minimum, isTodays);
}

/** An upgrade audit's unsuppressed findings at or above the minimum, most severe first. */
export function upgradeFindingsToShow(findings: readonly Finding[], minimum: Severity): Finding[] {
  return shownAtOrAbove(findings, minimum, (finding) => !isTodays(finding));
}

function shownAtOrAbove(
  findings: readonly Finding[],
  minimum: Severity,
  kind: (finding: Finding) => boolean,
): Finding[] {
  return mostSevereFirst(
    findings.filter(
      (finding) => kind(finding) && !finding.suppressed && atOrAbove(finding.severity, minimum),
    ),
  );
}

function mostSevereFirst(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        severityRank(a.finding.severity) - severityRank(b.finding.severity) || a.index - b.index,
    )
    .map(({ finding }) => finding);
}

/** The verdicts on an upgrade someone asked for: the clusters judged, and how many are blocked. */
export interface AskedUpgrade {
  /** The target version, when every verdict has the same one. */
  target?: string;
  judged: number;
  blocked: number;
}

/**
 * The verdicts on an upgrade someone asked for (an audit's or a command's target version).
 * Undefined when no cluster was judged against a target asked for: a scheduled scan's
 * verdicts on each cluster's next minor version stay out of headlines.
 */
export function askedUpgrade(
  readiness: readonly ClusterReadiness[] | undefined,
): AskedUpgrade | undefined {
  const judged = (readiness ?? []).filter(
    (entry) => !entry.assumed && (entry.status === 'ready' || entry.status === 'blocked'),
  );
  if (judged.length === 0) return undefined;
  const targets = [...new Set(judged.map((entry) => entry.to))];
  const target = targets.length === 1 ? targets[0] : undefined;
  return {
    ...(target === undefined ? {} : { target: clean(target) }),
    judged: judged.length,
    blocked: judged.filter((entry) => entry.status === 'blocked').length,
  };
}

/**
 * "upgrade to 1.36 blocked in 2 of 5 clusters", or "5 clusters ready for 1.36" (those judged);
 * `short`: "1.36 blocked 2/5", "1.36 ready 5/5".
 */
export function describeAskedUpgrade(
  { target, judged, blocked }: AskedUpgrade,
  short = false,
): string {
  const version = target ?? 'upgrade';
  if (short)
    return `${version} ${blocked > 0 ? `blocked ${blocked}` : `ready ${judged}`}/${judged}`;
  if (blocked === 0) return `${plural(judged, 'cluster')} ready for ${target ?? 'the upgrade'}`;
  const upgrade = target === undefined ? 'upgrade' : `upgrade to ${target}`;
  return `${upgrade} blocked in ${blocked} of ${plural(judged, 'cluster')}`;
}

/**
 * "a, b and 3 more" with `shown` named, or "5 accounts" when none may be; "-" for none.
 * One is always named: a count would be no shorter.
 */
export function listSome(items: readonly string[], shown: number, noun: string): string {
  if (items.length === 0) return '-';
  if (items.length === 1) return items[0] as string;
  if (shown <= 0) return plural(items.length, noun);
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

/** "2 CRITICAL, 3 HIGH": only the severities that have findings. */
export function describeCounts(
  counts: Record<Severity, number>,
  severities: readonly Severity[],
): string {
  return severities
    .filter((severity) => counts[severity] > 0)
    .map((severity) => `${counts[severity]} ${severity}`)
    .join(', ');
}

/**
 * The sentence a finding adds to its rule's description (what this resource does wrong), or the
 * whole description when the rule is unknown or added nothing: a reader of a notification
 * needs the specific fact, and the general explanation is in the report and Security Hub.
 * An upgrade finding's description opens with the upgrade (`upgradePreamble`): its sentence
 * says the upgrade in a few words instead ("After the upgrade from 1.33 to 1.34: …").
 */
export function specificSentence(finding: Finding): string {
  const { preamble, body, own } = descriptionParts(finding);
  const sentence = own ?? body;
  const { upgrade } = finding;
  return preamble === undefined || upgrade === undefined
    ? sentence
    : `After the upgrade from ${upgrade.from} to ${upgrade.to}: ${sentence}`;
}

/**
 * Names come from AWS tags and API responses: control characters (line breaks, escape
 * sequences), line separators (U+2028, which a mail reader may break a line at, forging one)
 * and bidirectional overrides, which reorder what is shown, must not reach a reader.
 */
export const clean: (text: string) => string = oneLine;

/** Cuts to `width` characters (code points), the last one an ellipsis. */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text; // UTF-16 units never undercount code points
  const characters = [...text];
  if (characters.length <= width) return text;
  if (width <= 0) return '';
  return `${characters.slice(0, width - 1).join('')}${ELLIPSIS}`;
}

/**
 * Why a scan is incomplete: its errors, or, when it has none, collection stopping at the
 * Lambda deadline (which records no error) before the whole scope was read.
 */
export function incompleteBecause(errorCount: number): string {
  return errorCount > 0
    ? plural(errorCount, 'error')
    : 'collection stopped at the time limit before the whole scope was read';
}

/**
 * "Security Hub could not be read in 1 of 3 regions: their findings count as new", when some
 * hub could not be read; undefined when every hub was.
 */
export function unreadHubsNote(changes: MergedChanges, manyAccounts: boolean): string | undefined {
  const unread = changes.unreadHubs;
  if (unread === undefined) return undefined;
  const where = manyAccounts ? 'accounts and regions' : 'regions';
  return `Security Hub could not be read in ${unread.count} of ${unread.of} ${where}: their findings count as new`;
}

/** "2026-11-25 12:00 UTC": minutes are enough for a person; the report has the instant. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return clean(iso);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Names of the node sources that use the resource, without the resource itself. */
export function affectedSources(finding: Finding): string[] {
  const { resource } = finding;
  return finding.affected
    .filter((ref) => !(ref.type === resource.type && (ref.id ?? ref.name) === resource.id))
    .map((ref) => `${resourceLabel(ref.type)} ${clean(ref.name || ref.id || '?')}`);
}

/** "Launch template win-ng (lt-0abc…)", or the id alone when there is no other name. */
export function describeFindingResource(finding: Finding): string {
  const { label, id } = describeResource(finding.resource, clean);
  return id === undefined ? label : `${label} (${id})`;
}

/** A link to the Security Hub findings page of the region, in the region's partition. */
export function securityHubUrl(region: string): string {
  const domain = region.startsWith('cn-')
    ? 'console.amazonaws.cn'
    : region.startsWith('us-gov-')
      ? 'console.amazonaws-us-gov.com'
      : 'console.aws.amazon.com';
  const safe = encodeURIComponent(region);
  return `https://${safe}.${domain}/securityhub/home?region=${safe}#/findings`;
}

/**
 * What the Security Hub link of a message shows, when the scan wrote to more hubs than the
 * one it opens: each account and region has its own Security Hub, and a console link names a
 * region only (the account is the one signed in to). Undefined for one account and one region.
 */
export function securityHubLinkScope(
  scope: { accounts: readonly string[]; regions: readonly string[] },
  region: string,
): string | undefined {
  const manyAccounts = scope.accounts.length > 1;
  const manyRegions = scope.regions.length > 1;
  const where = clean(region);
  if (manyAccounts) {
    return `it shows the findings in ${where} of the account you sign in to; each account${manyRegions ? ' and region' : ''} has its own Security Hub`;
  }
  if (manyRegions) {
    return `it shows the findings in ${where}; each region's are in its own Security Hub`;
  }
  return undefined;
}

/** Warnings the chat card quotes; the rest are counted. */
export const WARNINGS_SHOWN = 3;
/** UTF-16 units of one warning the chat card quotes (the email quotes them whole). */
export const MAX_WARNING_CHARS = 300;

/**
 * The first `count` warnings (suppressions that suppress nothing, checks that could not run),
 * each as stderr says it: "(us-west-2) message" with the account and region the report's scope
 * does not already say, cut between words to `max` units keeping its closing clause (what to
 * do), or its code when it has no message. `text` makes a message safe for where it goes
 * (control characters out, chat markup out).
 */
export function warningTexts(
  report: Report,
  count: number,
  max: number,
  text: (message: string) => string = clean,
): string[] {
  const scopeOf = scopeLabel(report);
  return (report.warnings ?? []).slice(0, Math.max(0, count)).map((warning) => {
    const scope = scopeOf(warning);
    const where = scope === undefined ? '' : `(${text(scope)}) `;
    const message = text(warning.message) || clean(warning.code);
    return shortenAtWord(`${where}${message}`, max, { keepLastClause: true });
  });
}

/**
 * The chat card's line for the report's warnings: how many, then the first WARNINGS_SHOWN
 * (`warningTexts`), separated by " | ", and how many more. Undefined when there are none.
 */
export function describeWarnings(
  report: Report,
  text: (message: string) => string = clean,
): string | undefined {
  const warnings = report.warnings ?? [];
  if (warnings.length === 0) return undefined;
  const shown = warningTexts(report, WARNINGS_SHOWN, MAX_WARNING_CHARS, text);
  const rest = warnings.length - shown.length;
  return `${plural(warnings.length, 'warning')}: ${shown.join(' | ')}${rest > 0 ? ` | and ${rest} more` : ''}`;
}
