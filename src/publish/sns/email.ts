import {
  type ClusterReadiness,
  type Finding,
  SEVERITIES,
  type Severity,
} from '../../evaluate/types.ts';
import { suppressedBlockersNote } from '../../evaluate/upgrade.ts';
import type { ScanError } from '../../inventory/types.ts';
import type { Report } from '../../report/types.ts';
import { plural, shortenAtWord } from '../../text.ts';
import type { MergedChanges, ReportLink } from '../types.ts';
import { resolvedFindingsAtOrAbove, resolvedIdsAtOrAbove } from './decide.ts';
import {
  affectedSources,
  askedUpgrade,
  clean,
  countBySeverity,
  describeCounts,
  describeFindingResource,
  formatTime,
  incompleteBecause,
  isTodays,
  listSome,
  notifiableFindings,
  securityHubLinkScope,
  securityHubUrl,
  severitiesAtOrAbove,
  specificSentence,
  truncate,
  unreadHubsNote,
  upgradeFindingsToShow,
  warningTexts,
} from './text.ts';

export interface EmailTextInput {
  report: Report;
  minimumSeverity: Severity;
  changes?: MergedChanges;
  consoleRegion?: string;
  reportLink?: ReportLink;
}

/** Plain-text emails read best when lines are cut by the sender, not by the mail client. */
const WIDTH = 76;
const LABEL_WIDTH = 9;
/** Bounds on text a finding carries, so that a single finding can never fill the message. */
const MAX_TITLE = 300;
const MAX_SENTENCE = 1_500;
const MAX_NAME = 200;
const MAX_AFFECTED = 10;
const MAX_FIX = 300;

/**
 * How much the parts around the findings list, each past its count only counted: accounts
 * named, warnings quoted, errors, upgrade verdicts and the blockers under each, resolved findings. Findings
 * leave the message first; when even the text without any is too large (hundreds of
 * accounts, long names in a script that takes three bytes a character), a shorter detail
 * is tried, down to counts alone.
 */
export interface EmailDetail {
  accounts: number;
  warnings: number;
  errors: number;
  verdicts: number;
  blockers: number;
  resolved: number;
}

export const EMAIL_DETAILS: readonly EmailDetail[] = [
  { accounts: 50, warnings: 20, errors: 20, verdicts: 20, blockers: 3, resolved: 50 },
  { accounts: 10, warnings: 5, errors: 5, verdicts: 5, blockers: 1, resolved: 10 },
  { accounts: 0, warnings: 0, errors: 0, verdicts: 0, blockers: 0, resolved: 0 },
];

/**
 * The `default` and `email` text: what was scanned and whether the scan completed, the counts,
 * the report's warnings (counted, the first few quoted), then the findings at or above the
 * minimum severity grouped by severity and cluster (an upgrade audit's own after them), what
 * was resolved since the last run, and how many findings are suppressed. Findings hold no user
 * data (by contract), so nothing here can leak any. When some of them are new since the last
 * run and some are not, the new ones come first, in sections of their own: the message of an
 * on-change notification opens with what changed.
 *
 * It shows as many findings as fit in `maxJsonBytes` once JSON-encoded (the form it takes
 * inside the SNS message), leaving out first the least severe of those not new and counting
 * them; the text without any finding is the least it returns.
 */
export function renderEmailTextWithin(
  input: EmailTextInput,
  maxJsonBytes: number,
  detail: EmailDetail = EMAIL_DETAILS[0] as EmailDetail,
): string {
  return prepareEmailText(input, detail)(maxJsonBytes);
}

/**
 * `renderEmailTextWithin` for many budgets of one input: the findings' text is rendered once,
 * and each budget only picks how many of them to show.
 */
export function prepareEmailText(
  input: EmailTextInput,
  detail: EmailDetail = EMAIL_DETAILS[0] as EmailDetail,
): (maxJsonBytes: number) => string {
  const parts = emailParts(input, detail);
  // JSON-encoding works character by character, so the encoded length of a concatenation is
  // the sum of its parts' (less the quotes): one pass finds how many findings fit.
  const fixed = jsonContentBytes(parts.head);
  return (maxJsonBytes) => {
    let used = 0;
    let shown = 0;
    for (const [index, chunk] of parts.chunks.entries()) {
      const next = used + jsonContentBytes(chunk);
      const hidden = parts.chunks.length - index - 1;
      if (2 + fixed + next + jsonContentBytes(parts.tail(hidden)) > maxJsonBytes) break;
      used = next;
      shown = index + 1;
    }
    return compose(parts, shown);
  };
}

/** The text in three parts, so that the number of findings shown can vary cheaply. */
interface EmailParts {
  head: string;
  /** One per notifiable finding, in the order shown, each with the headings it opens. */
  chunks: string[];
  /** Everything after the findings, given how many were left out. */
  tail(hidden: number): string;
}

function compose(parts: EmailParts, limit: number): string {
  const shown = Math.min(Math.max(0, limit), parts.chunks.length);
  return (
    parts.head + parts.chunks.slice(0, shown).join('') + parts.tail(parts.chunks.length - shown)
  );
}

function emailParts(input: EmailTextInput, detail: EmailDetail): EmailParts {
  const { report, minimumSeverity, changes } = input;
  const notifiable = notifiableFindings(report.findings, minimumSeverity);
  const upgradeShown = upgradeFindingsToShow(report.findings, minimumSeverity);
  const asked = askedUpgrade(report.readiness);
  const newIds = new Set(changes?.newFindingIds ?? []);
  const newCount = changes === undefined ? 0 : notifiable.filter((f) => newIds.has(f.id)).length;
  const resolvedIds = changes === undefined ? [] : resolvedIdsAtOrAbove(changes, minimumSeverity);
  const multiScope = report.scope.accounts.length > 1 || report.scope.regions.length > 1;
  const lines: string[] = [];

  const counts = describeCounts(countBySeverity(notifiable), severitiesAtOrAbove(minimumSeverity));
  lines.push(
    ...wrap(
      notifiable.length > 0
        ? `EKS Windows node scan: ${plural(notifiable.length, 'finding')} at or above ${minimumSeverity} (${counts}).`
        : `EKS Windows node scan: no findings at or above ${minimumSeverity}.`,
    ),
  );
  if (asked !== undefined) {
    const target = asked.target ?? 'the target version';
    lines.push(
      ...wrap(
        asked.blocked > 0
          ? `Upgrade to ${target}: blocked in ${asked.blocked} of ${plural(asked.judged, 'cluster')}${detail.verdicts > 0 ? ' (verdicts below)' : ''}.`
          : `Upgrade to ${target}: ${asked.judged === 1 ? 'the cluster judged is' : `all ${asked.judged} clusters judged are`} ready.`,
      ),
    );
  }
  if (changes !== undefined) {
    const unread = unreadHubsNote(changes, report.scope.accounts.length > 1);
    lines.push(
      ...wrap(
        `Since the last run: ${newCount} new, ${resolvedIds.length} resolved${unread === undefined ? '' : ` (${unread})`}.`,
      ),
    );
  }
  if (!report.complete) {
    lines.push(...wrap('The scan did not complete: the findings below may not be everything.'));
  }

  lines.push('');
  lines.push(
    ...field('Accounts', listSome(report.scope.accounts.map(clean), detail.accounts, 'account')),
  );
  lines.push(...field('Regions', report.scope.regions.map(clean).join(', ') || '-'));
  if (report.scope.clusters !== undefined) {
    lines.push(
      ...field(
        'Only clusters',
        listSome(report.scope.clusters.map(clean), detail.accounts, 'cluster'),
      ),
    );
  }
  lines.push(
    ...field(
      'Scanned',
      `${formatTime(report.scannedAt)} by ${clean(report.scanner.name)} ${clean(report.scanner.version)}`,
    ),
  );
  const { summary } = report;
  lines.push(
    ...field(
      'Inventory',
      `${plural(summary.clusters, 'cluster')}, ${plural(summary.nodeSources, 'node source')} (${summary.windowsNodeSources} Windows)`,
    ),
  );
  const suppressed = report.findings.filter((finding) => finding.suppressed).length;
  const unsuppressed = report.findings.filter((finding) => !finding.suppressed);
  const today = unsuppressed.filter(isTodays);
  const ifUpgraded = unsuppressed.filter((finding) => !isTodays(finding));
  const allCounts = describeCounts(countBySeverity(today), SEVERITIES) || 'none';
  const upgradeCounts =
    ifUpgraded.length > 0
      ? `; upgrade findings: ${describeCounts(countBySeverity(ifUpgraded), SEVERITIES)}`
      : '';
  lines.push(
    ...field(
      'Findings',
      `${allCounts}${suppressed > 0 ? `, and ${suppressed} suppressed` : ''}${upgradeCounts}`,
    ),
  );
  if (report.complete) {
    lines.push(...field('Scan', 'complete'));
  } else {
    const errors = report.errors.length;
    const listed = errors > 0 && detail.errors > 0;
    lines.push(...field('Scan', `INCOMPLETE, ${incompleteBecause(errors)}${listed ? ':' : ''}`));
    for (const error of report.errors.slice(0, detail.errors)) {
      lines.push(...wrap(describeError(error, multiScope), '  - ', '    '));
    }
    if (listed && errors > detail.errors) {
      lines.push(`  and ${plural(errors - detail.errors, 'more error')}`);
    }
  }
  // Not errors, and they leave the scan's completeness as it is: a suppression that
  // suppresses nothing, a check that could not run.
  // Quoted whole (MAX_SENTENCE bounds one), with the account and region each is about.
  const warnings = report.warnings ?? [];
  if (warnings.length > 0) {
    const quoted = warningTexts(report, detail.warnings, MAX_SENTENCE);
    lines.push(
      ...field('Warnings', `${plural(warnings.length, 'warning')}${quoted.length > 0 ? ':' : ''}`),
    );
    for (const warning of quoted) lines.push(...wrap(warning, '  - ', '    '));
    if (quoted.length > 0 && warnings.length > quoted.length) {
      lines.push(`  and ${plural(warnings.length - quoted.length, 'more warning')}`);
    }
  }
  lines.push(...readinessLines(report.readiness ?? [], multiScope, detail));
  const head = lines.join('\n');

  // New first, then most severe first, then cluster by cluster: leaving out the last chunks
  // leaves out the least severe findings, and the new ones last of all.
  const chunks: string[] = [];
  const addSection = (title: string, findings: readonly Finding[]) => {
    let opening = ['', '', ...heading(title, '=')];
    for (const [cluster, clusterFindings] of groupByCluster(findings, multiScope)) {
      opening.push('', ...heading(cluster, '-'));
      for (const finding of clusterFindings) {
        chunks.push(['', ...opening, '', ...renderFinding(finding, newIds)].join('\n'));
        opening = [];
      }
    }
  };
  const addSeveritySections = (
    findings: readonly Finding[],
    title: (severity: string) => string,
  ) => {
    for (const severity of SEVERITIES) {
      const group = findings.filter((finding) => finding.severity === severity);
      if (group.length > 0) addSection(`${title(severity)} (${group.length})`, group);
    }
  };
  // On a first run every finding is new: no section of its own then.
  if (newCount > 0 && newCount < notifiable.length) {
    const isNew = (finding: Finding) => newIds.has(finding.id);
    addSeveritySections(
      notifiable.filter(isNew),
      (severity) => `New since the last run: ${severity}`,
    );
    addSeveritySections(
      notifiable.filter((finding) => !isNew(finding)),
      (severity) => `${severity}, not new`,
    );
  } else {
    addSeveritySections(notifiable, (severity) => severity);
  }
  // What would break at the target version: after today's, so they leave the message first.
  if (upgradeShown.length > 0) {
    addSection(`Upgrade findings (${upgradeShown.length})`, upgradeShown);
  }

  const tailLines: string[] = [];
  if (changes !== undefined && resolvedIds.length > 0) {
    tailLines.push(
      '',
      '',
      ...heading(`Resolved since the last run (${resolvedIds.length})`, '='),
      '',
    );
    const listed = resolvedFindingsAtOrAbove(changes, minimumSeverity);
    for (const { severity, title } of listed.slice(0, detail.resolved)) {
      const shortened = shortenAtWord(clean(title), MAX_TITLE);
      tailLines.push(...wrap(`${severity ?? 'UNKNOWN'}: ${shortened}`, '* ', '  '));
    }
    // Named down to none: the heading counts them all.
    if (detail.resolved > 0 && listed.length > detail.resolved) {
      tailLines.push(`and ${plural(listed.length - detail.resolved, 'more resolved finding')}`);
    }
  }
  const below = unsuppressed.length - notifiable.length - upgradeShown.length;
  const footnotes = [
    suppressed > 0
      ? `${plural(suppressed, 'suppressed finding is', 'suppressed findings are')} not listed.`
      : '',
    below > 0
      ? `${plural(below, 'finding')} below ${minimumSeverity} ${below === 1 ? 'is' : 'are'} not listed.`
      : '',
  ].filter(Boolean);
  if (footnotes.length > 0) tailLines.push('', ...wrap(footnotes.join(' ')));
  if (input.reportLink !== undefined) {
    const files = input.reportLink.files ?? 'report.json, report.html';
    tailLines.push('', `Full report (${files}): ${input.reportLink.s3Uri}`);
    tailLines.push(input.reportLink.consoleUrl);
  }
  if (input.consoleRegion !== undefined) {
    const shows = securityHubLinkScope(report.scope, input.consoleRegion);
    tailLines.push(
      '',
      ...wrap(
        `Security Hub${shows === undefined ? '' : ` (${shows})`}: ${securityHubUrl(input.consoleRegion)}`,
      ),
    );
  }
  const rest = `${tailLines.map((line) => `\n${line}`).join('')}\n`;
  // Only the places linked: a scan that writes no report and no Security Hub has none to
  // send the reader to.
  const places = [
    input.reportLink === undefined ? '' : 'the full report',
    input.consoleRegion === undefined ? '' : 'Security Hub',
  ].filter(Boolean);
  const seeAlso =
    places.length === 0
      ? 'one message has no room for them'
      : `see ${places.join(' or ')} (${places.length > 1 ? 'links' : 'link'} below)`;

  return {
    head,
    chunks,
    tail: (hidden) =>
      hidden > 0
        ? `\n\n${wrap(`${plural(hidden, 'more finding')} not shown: ${seeAlso}.`).join('\n')}${rest}`
        : rest,
  };
}

/** Bytes of the JSON string literal of `text`, without its two quotes. */
function jsonContentBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}

/**
 * Each cluster's upgrade verdict, in the head (always shown): ready for the target, or its
 * blockers, the first few with their fix cut short, or why it was not judged.
 */
function readinessLines(
  readiness: readonly ClusterReadiness[],
  multiScope: boolean,
  detail: EmailDetail,
): string[] {
  if (readiness.length === 0) return [];
  const lines = ['', ...heading('Upgrade readiness', '-')];
  if (detail.verdicts === 0) {
    const count = (status: ClusterReadiness['status']) =>
      readiness.filter((entry) => entry.status === status).length;
    lines.push(
      ...wrap(
        `${plural(readiness.length, 'cluster')}: ${count('ready')} ready, ${count('blocked')} blocked, ${count('not-applicable')} not judged`,
      ),
    );
    return lines;
  }
  for (const entry of readiness.slice(0, detail.verdicts)) {
    const where = multiScope ? ` in ${clean(entry.accountId)} ${clean(entry.region)}` : '';
    const upgrade =
      entry.from !== undefined && entry.to !== undefined
        ? ` ${clean(entry.from)} -> ${clean(entry.to)}${entry.assumed ? ' (next minor version)' : ''}`
        : '';
    const verdict =
      entry.status === 'ready'
        ? `ready for ${clean(entry.to ?? '')}${suppressedBlockersNote(entry)}`
        : entry.status === 'blocked'
          ? `BLOCKED by ${plural(entry.blockers.length, 'problem')}${suppressedBlockersNote(entry)}`
          : `not judged${entry.note === undefined ? '' : `: ${clean(entry.note)}`}`;
    const cluster = truncate(clean(entry.cluster), MAX_NAME);
    lines.push(...wrap(`${cluster}${where}${upgrade}: ${verdict}`, '* ', '  '));
    for (const blocker of entry.blockers.slice(0, detail.blockers)) {
      const resource = truncate(clean(blocker.resource.name ?? blocker.resource.id), MAX_NAME);
      lines.push(
        ...wrap(`${blocker.severity} ${clean(blocker.ruleId)} on ${resource}`, '  - ', '    '),
        ...wrap(`Fix: ${shortenAtWord(clean(blocker.remediation), MAX_FIX)}`, '    ', '    '),
      );
    }
    if (entry.blockers.length > detail.blockers) {
      lines.push(`    and ${plural(entry.blockers.length - detail.blockers, 'more blocker')}`);
    }
  }
  if (readiness.length > detail.verdicts) {
    lines.push(`and ${plural(readiness.length - detail.verdicts, 'more cluster')}`);
  }
  return lines;
}

function renderFinding(finding: Finding, newIds: ReadonlySet<string>): string[] {
  const marker = `${newIds.has(finding.id) ? '[NEW] ' : ''}${finding.upgrade === undefined ? '' : `[UPGRADE ${clean(finding.upgrade.to)}] `}`;
  const title = shortenAtWord(clean(finding.title), MAX_TITLE);
  const lines = wrap(`${marker}${title}`, '* ', '  ');
  lines.push(...field('Rule', clean(finding.ruleId), '  '));
  lines.push(...field('Resource', truncate(describeFindingResource(finding), MAX_NAME * 2), '  '));
  const sources = affectedSources(finding).map((name) => truncate(name, MAX_NAME));
  if (sources.length > 0) {
    lines.push(...field('Used by', listSome(sources, MAX_AFFECTED, 'node source'), '  '));
  }
  lines.push(
    ...field('Detail', shortenAtWord(clean(specificSentence(finding)), MAX_SENTENCE), '  '),
  );
  lines.push(...field('Fix', shortenAtWord(clean(finding.remediation), MAX_SENTENCE), '  '));
  return lines;
}

/** Findings keep their order; clusters appear in the order of their first finding. */
function groupByCluster(findings: readonly Finding[], multiScope: boolean): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const cluster = truncate(clean(finding.cluster), MAX_NAME) || '(no cluster)';
    const key = multiScope
      ? `Cluster ${cluster} in ${clean(finding.accountId)} ${clean(finding.region)}`
      : `Cluster ${cluster}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [finding]);
    else group.push(finding);
  }
  return groups;
}

/** "DescribeNodegroup, cluster prod: AccessDeniedException": no message, no stack. */
function describeError(error: ScanError, multiScope: boolean): string {
  const where = [
    error.cluster ? `cluster ${truncate(clean(error.cluster), MAX_NAME)}` : '',
    multiScope && error.accountId ? clean(error.accountId) : '',
    multiScope && error.region ? clean(error.region) : '',
  ].filter(Boolean);
  const operation = truncate(clean(error.operation), MAX_NAME);
  const code = truncate(clean(error.code), MAX_NAME);
  return `${[operation, ...where].join(', ')}: ${code}`;
}

function heading(text: string, underline: '=' | '-'): string[] {
  const lines = wrap(text);
  const longest = Math.max(...lines.map((line) => [...line].length));
  return [...lines, underline.repeat(Math.min(longest, WIDTH))];
}

/** "  Fix:      text…" with continuation lines under the text. */
function field(label: string, value: string, indent = ''): string[] {
  const first = `${indent}${`${label}:`.padEnd(LABEL_WIDTH + 1)} `;
  return wrap(value, first, ' '.repeat(first.length));
}

/** Word wrap at WIDTH; a word longer than a line (a URL, an ARN) stays whole on its own line. */
function wrap(text: string, firstIndent = '', restIndent = firstIndent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let length = codePoints(firstIndent);
  let lineHasWord = false;
  for (const word of text.split(' ')) {
    if (word === '') continue;
    const wordLength = codePoints(word);
    if (lineHasWord && length + 1 + wordLength > WIDTH) {
      lines.push(line);
      line = restIndent + word;
      length = codePoints(restIndent) + wordLength;
    } else {
      line = lineHasWord ? `${line} ${word}` : line + word;
      length += (lineHasWord ? 1 : 0) + wordLength;
    }
    lineHasWord = true;
  }
  lines.push(line.trimEnd());
  return lines;
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
