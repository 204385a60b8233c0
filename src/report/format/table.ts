import { styleText } from 'node:util';
import stringWidth from 'string-width';
import { memoised } from '../../evaluate/memo.ts';
import {
  type ClusterReadiness,
  type Finding,
  SEVERITIES,
  type Severity,
} from '../../evaluate/types.ts';
import { suppressedBlockersNote } from '../../evaluate/upgrade.ts';
import { describeResource } from '../../inventory/labels.ts';
import type { ScanError } from '../../inventory/types.ts';
import { DISPLAY_CONTROLS, noun, plural } from '../../text.ts';
import { otherAffected } from '../affected.ts';
import type { Report } from '../types.ts';
import { describeSelection, errorPlace, scopeLabel } from './text.ts';

export interface TableOptions {
  /** ANSI colours; the caller decides (TTY and NO_COLOR). */
  color: boolean;
  /**
   * Columns every finding line must fit in; only a line that would not is cut. The head,
   * errors and warnings are wrapped to it instead (they say what the report covers and
   * misses), down to 20 columns of text: narrower, a line runs over rather than break up.
   */
  width: number;
  /**
   * List suppressed findings too, after the others, each with its suppression (where it is
   * written, until when, why). Default: only counted, as Trivy and Checkov do.
   */
  showSuppressed?: boolean;
}

export const DEFAULT_TABLE_WIDTH = 100;

/** One of `util.inspect.colors`' names: what `styleText` takes on every Node.js the CLI runs on. */
type Format = Extract<Parameters<typeof styleText>[0], string>;
/**
 * A format, or formats applied together. `styleText` itself takes a list only in releases
 * after nodejs/node#52040: Node.js 20.12, the oldest the command line supports, throws on one
 * (`TypeError: The argument 'format' must be one of …`), so a list is painted one format at a
 * time, the first outermost: the same bytes a list gives where it is taken.
 */
type Style = Format | readonly Format[];

const SEVERITY_STYLE: Record<Severity, Style> = {
  CRITICAL: ['red', 'bold'],
  HIGH: 'red',
  MEDIUM: 'yellow',
  LOW: 'cyan',
  INFORMATIONAL: 'gray',
};

const INDENT = '  ';
const GAP = '  ';
const SEPARATOR = ' · ';
const ELLIPSIS = '…';
/**
 * What a terminal shows as one character: an emoji of several code points joined by zero-width
 * joiners, a letter and its combining accents. Cut inside one, a line shows something else.
 */
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Node source names listed after a title; the rest are counted. */
const MAX_AFFECTED_NAMES = 3;
/** A cluster name wider than this does not widen the column for every other finding. */
const CLUSTER_COLUMN_MAX = 16;
/** A cluster name cut to fit keeps at least this many columns: enough to recognise it. */
const CLUSTER_FLOOR = 12;
/** Columns of an id or a name worth showing before an ellipsis; fewer and it is left out. */
const CUT_FLOOR = 6;
/** Blockers listed under a cluster's verdict, each with its fix; the rest are counted. */
const MAX_BLOCKERS_SHOWN = 5;

/** A run of text painted in one style; lines are built from these so cuts can ignore colour. */
interface Segment {
  text: string;
  style?: Style;
}

/** Shared by every finding block: the cluster column, and so where line 2 starts. */
interface Layout {
  width: number;
  cluster: number;
}

/**
 * A terminal rendering: what was scanned, the counts, each cluster's upgrade verdict (its
 * blockers with their fix), then unsuppressed findings grouped
 * by severity, one two-line block each, then (with `showSuppressed`) the suppressed ones with
 * their reason, then the errors that made the scan incomplete, then the warnings.
 */
export function formatTable(report: Report, options: TableOptions): string {
  const paint = (style: Style, text: string): string =>
    options.color
      ? (typeof style === 'string' ? [style] : style).reduceRight(
          (painted, format) => styleText(format, painted, { validateStream: false }),
          text,
        )
      : text;
  const render = (segments: readonly Segment[]) =>
    segments
      .map((segment) => (segment.style ? paint(segment.style, segment.text) : segment.text))
      .join('')
      .trimEnd();
  const lines: string[] = [];

  // The head wraps like the errors: a scope of many accounts or clusters is a long line.
  const title = `${report.scanner.name} ${report.scanner.version}`;
  const [titleLine = '', ...titleRest] = headLines(
    `${title} - scanned at ${report.scannedAt}`,
    options.width,
  );
  lines.push(
    titleLine.startsWith(title) ? paint('bold', title) + titleLine.slice(title.length) : titleLine,
    ...titleRest,
  );
  lines.push(
    ...headLines(
      `Scope: ${noun(report.scope.accounts.length, 'account')} ${report.scope.accounts.join(', ')}; ` +
        `${noun(report.scope.regions.length, 'region')} ${report.scope.regions.join(', ')}` +
        (report.scope.clusters === undefined
          ? ''
          : `; only ${noun(report.scope.clusters.length, 'cluster')} ${report.scope.clusters.map(clean).join(', ')}`),
      options.width,
    ),
  );
  const { summary } = report;
  lines.push(
    ...headLines(
      `Inventory: ${plural(summary.clusters, 'cluster')}, ${plural(summary.nodeSources, 'node source')} ` +
        `(${summary.windowsNodeSources} Windows)`,
      options.width,
    ),
  );
  const suppressed = report.findings.filter((finding) => finding.suppressed).length;
  lines.push(
    ...headLines(
      `Findings: ${SEVERITIES.map((severity) => `${summary.findings[severity]} ${severity}`).join(', ')}` +
        (suppressed > 0
          ? ` (${suppressed} suppressed, ${options.showSuppressed ? 'listed below' : 'not shown'})`
          : ''),
      options.width,
    ),
  );
  // The counts above are then the selection's: say so, and what was left out of them.
  if (report.selection !== undefined) {
    lines.push(
      ...headLines(describeSelection(report.selection), options.width).map((line) =>
        paint('yellow', line),
      ),
    );
  }
  if (!report.complete) {
    lines.push(
      ...headLines('Scan incomplete: the findings below may not be everything.', options.width).map(
        (line) => paint(['yellow', 'bold'], line),
      ),
    );
  }
  // A report of several accounts or regions names each group's scope above it: the same
  // cluster name may be in each.
  const scopeOf = scopeLabel(report);
  // Marked as a heading, not at a cluster's place: a bare region there reads as a cluster.
  const scopeHeader = (text: string) => paint('dim', `${INDENT}── ${clean(text)}`);
  const readiness = report.readiness ?? [];
  if (readiness.length > 0) {
    lines.push('', paint('bold', 'Upgrade readiness'));
    for (const [scope, entries] of byScope(readiness, scopeOf, report)) {
      if (scope !== undefined) lines.push(scopeHeader(scope));
      for (const entry of entries) {
        lines.push(...readinessLines(entry, options.width).map(render));
      }
    }
  }

  const shown = report.findings.filter((finding) => !finding.suppressed);
  if (shown.length === 0) {
    lines.push('', paint('green', 'No findings.'));
  } else {
    const layout = layoutFor(shown, options.width);
    for (const severity of SEVERITIES) {
      const group = shown.filter((finding) => finding.severity === severity);
      if (group.length === 0) continue;
      lines.push('', paint(SEVERITY_STYLE[severity], `${severity} (${group.length})`));
      for (const [scope, findings] of byScope(group, scopeOf, report)) {
        if (scope !== undefined) lines.push(scopeHeader(scope));
        for (const finding of findings) {
          lines.push(render(headline(finding, layout)), render(subline(finding, layout)));
        }
      }
    }
  }

  const hidden = report.findings.filter((finding) => finding.suppressed);
  if (options.showSuppressed && hidden.length > 0) {
    lines.push('', paint('bold', `Suppressed (${hidden.length})`));
    const layout = layoutFor(hidden, options.width);
    for (const severity of SEVERITIES) {
      for (const finding of hidden.filter((candidate) => candidate.severity === severity)) {
        lines.push(
          render(headline(finding, layout)),
          render(subline(finding, layout)),
          ...suppressionLines(finding, layout).map(render),
        );
      }
    }
  }

  if (report.errors.length > 0) {
    lines.push('', paint(['red', 'bold'], `Errors (${report.errors.length})`));
    const manyAccounts = report.scope.accounts.length > 1;
    for (const error of report.errors) {
      lines.push(...renderError(error, manyAccounts, options.width));
    }
  }

  // Suppressions that suppress nothing (a misspelt rule id in a tag or file), checks that
  // could not run: not findings, but the operator must see them.
  const warnings = report.warnings ?? [];
  if (warnings.length > 0) {
    lines.push('', paint(['yellow', 'bold'], `Warnings (${warnings.length})`));
    for (const warning of warnings) {
      const scope = scopeOf(warning);
      const text = `${scope === undefined ? '' : `(${clean(scope)}) `}${clean(warning.message)}`;
      lines.push(...hangingLines(text, options.width));
    }
  }
  return `${lines.join('\n')}\n`;
}

type Scoped = { accountId?: string; region?: string };

/**
 * Items grouped by scope, each group in order. The groups follow the report's scope (its
 * accounts, then their regions, as the user named them), so that every severity lists them
 * alike; a scope outside it comes last, in the order of its first item.
 */
function byScope<T extends Scoped>(
  items: readonly T[],
  scopeOf: (item: Scoped) => string | undefined,
  report: Report,
): [string | undefined, T[]][] {
  const rank = new Map<string | undefined, number>();
  for (const accountId of report.scope.accounts) {
    for (const region of report.scope.regions) {
      const scope = scopeOf({ accountId, region });
      if (!rank.has(scope)) rank.set(scope, rank.size);
    }
  }
  const unranked = (scope: string | undefined) => rank.get(scope) ?? Number.MAX_SAFE_INTEGER;
  // A stable sort: scopes outside the report's keep the order of their first item.
  return [...Map.groupBy(items, scopeOf)].sort(([a], [b]) => unranked(a) - unranked(b));
}

function layoutFor(findings: readonly Finding[], width: number): Layout {
  const clusters = findings
    .map((finding) => textWidth(clusterOf(finding)))
    .filter((length) => length <= CLUSTER_COLUMN_MAX);
  return { width, cluster: clusters.length > 0 ? Math.max(...clusters) : CLUSTER_COLUMN_MAX };
}

/**
 * Line 1: cluster, rule id, resource. When it is too wide, gives way in this order: the id
 * in parentheses (shortened, then left out), a cluster name longer than its column, and at
 * last the end of the line.
 */
function headline(finding: Finding, layout: Layout): Segment[] {
  let cluster = clusterOf(finding);
  // The id apart, so that it can give way first.
  const resource = describeResource(finding.resource, clean);
  let id = resource.id;

  const build = (): Segment[] => [
    { text: INDENT + padEnd(cluster, layout.cluster) + GAP },
    { text: clean(finding.ruleId), style: 'bold' },
    ...(finding.upgrade === undefined
      ? []
      : [{ text: ` [upgrade ${clean(finding.upgrade.to)}]`, style: 'magenta' as const }]),
    { text: GAP + resource.label },
    ...(id === undefined ? [] : [{ text: ` (${id})`, style: 'dim' as const }]),
  ];
  const excess = () => measure(build()) - layout.width;

  if (id !== undefined && excess() > 0) {
    const room = textWidth(id) - excess();
    id = room > CUT_FLOOR ? truncate(id, room) : undefined;
  }
  const clusterFloor = Math.max(layout.cluster, CLUSTER_FLOOR);
  if (excess() > 0 && textWidth(cluster) > clusterFloor) {
    cluster = truncate(cluster, Math.max(clusterFloor, textWidth(cluster) - excess()));
  }
  return cutEnd(build(), layout.width);
}

/**
 * Line 2, under the rule id: the title, then the node sources affected. When it is too wide,
 * fewer names are listed, then one name is cut, then only their count is left, then none
 * (a count cut short would say nothing), and only then is the title cut.
 */
function subline(finding: Finding, layout: Layout): Segment[] {
  const indent = ' '.repeat(INDENT.length + layout.cluster + GAP.length);
  const title: Segment = { text: indent + clean(finding.title) };
  const affected = affectedNames(finding);
  const withAffected = (text: string): Segment[] => [
    title,
    { text: SEPARATOR + text, style: 'dim' },
  ];
  const fits = (line: Segment[]) => measure(line) <= layout.width;
  if (affected.length === 0) return cutEnd([title], layout.width);

  for (let listed = Math.min(MAX_AFFECTED_NAMES, affected.length); listed >= 1; listed--) {
    const line = withAffected(describeAffected(affected, listed));
    if (fits(line)) return line;
  }
  const count = plural(affected.length, 'node source');
  const firstName = withAffected(`${count}: ${affected[0]}`);
  const nameRoom = textWidth(affected[0] ?? '') - (measure(firstName) - layout.width);
  if (nameRoom > CUT_FLOOR) return cutEnd(firstName, layout.width);
  const countOnly = withAffected(count);
  return fits(countOnly) ? countOnly : cutEnd([title], layout.width);
}

/**
 * Names of the node sources that use the resource, without the resource itself: an instance
 * finding that lists its own instance says nothing new.
 */
function affectedNames(finding: Finding): string[] {
  return otherAffected(finding).map((ref) => clean(ref.name || ref.id || '?'));
}

/** "3 node sources: a, b +1 more" with `listed` names. */
function describeAffected(names: readonly string[], listed: number): string {
  const count = plural(names.length, 'node source');
  const rest = names.length - listed;
  return `${count}: ${names.slice(0, listed).join(', ')}${rest > 0 ? ` +${rest} more` : ''}`;
}

/**
 * Under a suppressed finding: its severity and where the suppression is written (cut to the
 * width like any line), then the reason, wrapped rather than cut: it is the point of listing.
 */
function suppressionLines(finding: Finding, layout: Layout): Segment[][] {
  const indent = ' '.repeat(INDENT.length + layout.cluster + GAP.length);
  const { suppression } = finding;
  const origin =
    suppression === undefined ? 'suppressed' : `suppressed by ${clean(suppression.origin)}`;
  const until = suppression?.until === undefined ? '' : ` until ${clean(suppression.until)}`;
  const lines: Segment[][] = [
    cutEnd(
      [
        { text: indent },
        { text: finding.severity, style: SEVERITY_STYLE[finding.severity] },
        { text: `${SEPARATOR}${origin}${until}`, style: 'dim' },
      ],
      layout.width,
    ),
  ];
  const reason = suppression?.reason === undefined ? '' : clean(suppression.reason).trim();
  if (reason !== '') {
    for (const line of wrap(`reason: ${reason}`, layout.width - textWidth(indent))) {
      lines.push([{ text: indent + line }]);
    }
  }
  return lines;
}

/** "prod  1.31 → 1.36  BLOCKED (2)", then each blocker with its fix. */
function readinessLines(entry: ClusterReadiness, width: number): Segment[][] {
  const to = entry.to === undefined ? '' : clean(entry.to);
  const upgrade =
    entry.from !== undefined && entry.to !== undefined ? `${clean(entry.from)} → ${to}` : '';
  const assumed = entry.assumed && entry.to !== undefined ? ' (next minor version)' : '';
  const lines: Segment[][] = [];
  const suppressed = suppressedBlockersNote(entry);
  const verdict: Segment =
    entry.status === 'ready'
      ? { text: `ready for ${to}`, style: 'green' }
      : entry.status === 'not-applicable'
        ? { text: 'not judged', style: 'dim' }
        : { text: `BLOCKED (${entry.blockers.length})`, style: ['red', 'bold'] };
  // The verdict is the point of the line: when it does not fit, "(next minor version)" gives
  // way first, then a long cluster name is cut, then the upgrade (the verdict names its
  // target), then the rest of the cluster name; the verdict itself only when alone too wide.
  let cluster = clean(entry.cluster);
  let shown = `${upgrade}${assumed}`;
  const head = () => `${INDENT}${[cluster, shown].filter((part) => part !== '').join('  ')}  `;
  const excess = () => textWidth(head()) + textWidth(verdict.text) - width;
  if (excess() > 0) shown = upgrade;
  if (excess() > 0 && textWidth(cluster) > CLUSTER_FLOOR) {
    cluster = truncate(cluster, Math.max(CLUSTER_FLOOR, textWidth(cluster) - excess()));
  }
  if (excess() > 0) shown = '';
  if (excess() > 0) cluster = truncate(cluster, Math.max(1, textWidth(cluster) - excess()));
  lines.push(cutEnd([{ text: head() }, verdict, { text: suppressed }], width));
  for (const blocker of entry.blockers.slice(0, MAX_BLOCKERS_SHOWN)) {
    const resource = describeResource(blocker.resource, clean);
    lines.push(
      cutEnd(
        [
          { text: `${INDENT}  ` },
          { text: blocker.severity, style: SEVERITY_STYLE[blocker.severity] },
          { text: ` ${clean(blocker.ruleId)}`, style: 'bold' },
          { text: `  ${resource.label}` },
          ...(resource.id === undefined
            ? []
            : [{ text: ` (${resource.id})`, style: 'dim' as const }]),
        ],
        width,
      ),
    );
    for (const line of wrap(clean(blocker.problem), width - 6)) {
      lines.push([{ text: `${INDENT}    ${line}` }]);
    }
    for (const line of wrap(`fix: ${clean(blocker.remediation)}`, width - 6)) {
      lines.push([{ text: `${INDENT}    ${line}`, style: 'dim' }]);
    }
  }
  const rest = entry.blockers.length - MAX_BLOCKERS_SHOWN;
  if (rest > 0) {
    lines.push([
      {
        text: `${INDENT}  +${rest} more: ${entry.blockers[0]?.findingId === undefined ? `scan with --target-version ${to} to list them as findings` : `the findings marked [upgrade ${to}] below`}`,
        style: 'dim',
      },
    ]);
  }
  if (entry.note !== undefined) {
    for (const line of wrap(clean(entry.note), width - 4)) {
      lines.push([{ text: `${INDENT}  ${line}`, style: 'dim' }]);
    }
  }
  return lines;
}

/**
 * Words into lines of at most `width` columns (`firstWidth` for the first line); a longer word
 * is cut into pieces between grapheme clusters, so that nothing of it is lost.
 */
function wrap(text: string, width: number, firstWidth = width): string[] {
  const lines: string[] = [];
  // Narrower than this a line holds too little to read: it overflows instead.
  const room = () => Math.max(lines.length === 0 ? firstWidth : width, 20);
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && textWidth(line) + 1 + textWidth(word) <= room()) {
      line = `${line} ${word}`;
      continue;
    }
    if (line !== '') lines.push(line);
    let rest = word;
    while (textWidth(rest) > room()) {
      // A cluster wider than a whole line still has to go somewhere.
      const piece =
        startWithin(rest, room()) || (GRAPHEMES.segment(rest).containing(0)?.segment ?? rest);
      lines.push(piece);
      rest = rest.slice(piece.length);
    }
    line = rest;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Text wrapped to the width, nothing of it left out: the first line at `indent` (a list
 * entry's; none for the report's head), the rest two columns further in, so that where each
 * entry starts stands out.
 */
function hangingLines(text: string, width: number, indent = INDENT): string[] {
  const continuation = `${indent}  `;
  const [first = '', ...rest] = wrap(text, width - continuation.length, width - indent.length);
  return [indent + first, ...rest.map((line) => continuation + line)];
}

/** A line of the report's head wrapped to the width. */
function headLines(text: string, width: number): string[] {
  return hangingLines(text, width, '');
}

function renderError(error: ScanError, manyAccounts: boolean, width: number): string[] {
  const head = `${clean(error.operation)}${clean(errorPlace(error, manyAccounts))}: ${clean(error.code)}`;
  const indent = `${INDENT}  `;
  return [
    ...hangingLines(head, width),
    ...wrap(clean(error.message), width - indent.length).map((line) => indent + line),
  ];
}

function clusterOf(finding: Finding): string {
  return clean(finding.cluster) || '-';
}

/** Keeps the first `width` columns of a line, the last of them an ellipsis. */
function cutEnd(segments: readonly Segment[], width: number): Segment[] {
  if (measure(segments) <= width) return [...segments];
  const kept: Segment[] = [];
  let room = width - 1;
  for (const segment of segments) {
    const segmentWidth = textWidth(segment.text);
    if (segmentWidth > room) {
      kept.push({ ...segment, text: startWithin(segment.text, room) + ELLIPSIS });
      break;
    }
    kept.push(segment);
    room -= segmentWidth;
  }
  return width > 0 ? kept : [];
}

/** Cuts to `width` columns, the last one an ellipsis (one: a text cut before has its own). */
export function truncate(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  if (width <= 0) return '';
  const start = startWithin(text, width - 1);
  return start.endsWith(ELLIPSIS) ? start : `${start}${ELLIPSIS}`;
}

/** The longest start of `text` at most `width` columns wide, cut between grapheme clusters. */
function startWithin(text: string, width: number): string {
  let used = 0;
  let end = 0;
  for (const { segment, index } of GRAPHEMES.segment(text)) {
    used += textWidth(segment);
    if (used > width) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

// Names come from AWS tags and API responses: control characters (line breaks, escape
// sequences) and bidirectional overrides, which reorder what is shown, must not reach the
// terminal.
const UNSHOWABLE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${DISPLAY_CONTROLS}]+`, 'g');

function clean(text: string): string {
  return text.replace(UNSHOWABLE, ' ');
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}

function measure(segments: readonly Segment[]): number {
  return segments.reduce((total, segment) => total + textWidth(segment.text), 0);
}

/**
 * Columns a terminal gives `text`: two for an East Asian wide character or an emoji, none for
 * a combining mark or a joiner. string-width segments text into grapheme clusters, slow next to
 * the many times a table of thousands of findings measures its lines (20 times slower than
 * counting): one-column characters are counted, and only the runs of other characters, each
 * with the character before it (the base a combining mark or a keycap attaches to), go to
 * string-width, remembered: they are mostly names, which come again and again.
 */
function textWidth(text: string): number {
  if (ONE_COLUMN_EACH.test(text)) return text.length;
  let width = 0;
  let counted = 0;
  for (const run of text.matchAll(OTHER_CHARACTERS)) {
    const start = Math.max(counted, run.index - 1);
    width += start - counted + runWidth(text.slice(start, run.index + run[0].length));
    counted = run.index + run[0].length;
  }
  return width + text.length - counted;
}

/** Printable ASCII and the table's own marks (ambiguous width: one column, as string-width). */
const ONE_COLUMN = '\\x20-\\x7e·…→';
const ONE_COLUMN_EACH = new RegExp(`^[${ONE_COLUMN}]*$`);
const OTHER_CHARACTERS = new RegExp(`[^${ONE_COLUMN}]+`, 'g');
const runWidth = memoised(stringWidth, 1 << 16);
