import { createHash } from 'node:crypto';
import type {
  AffectedRef,
  ClusterReadiness,
  EvidenceValue,
  Finding,
  ScanWarning,
  Severity,
} from '../../evaluate/types.ts';
import { SEVERITIES } from '../../evaluate/types.ts';
import { suppressedBlockersNote } from '../../evaluate/upgrade.ts';
import { resourceLabel } from '../../inventory/labels.ts';
import type { ResourceRef, ScanError } from '../../inventory/types.ts';
import { compareText, DISPLAY_CONTROLS, noun, plural } from '../../text.ts';
import type { Report } from '../types.ts';
import { HTML_REPORT_SCRIPT } from './html-script.ts';
import { HTML_REPORT_STYLE } from './html-style.ts';
import { reportJsonChunks } from './json.ts';
import { describeSelection, describeSuppression, scopeLabel, suppressionReason } from './text.ts';

const SEVERITY_WORD: Record<Severity, string> = {
  CRITICAL: 'Critical',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
  INFORMATIONAL: 'Informational',
};

const PAGE_TITLE = 'EKS Windows nodes compliance report';
const NO_CLUSTER = '(no cluster)';

// Hashes rather than 'unsafe-inline': even if something slipped past the escaping, a script
// the scanner did not write would not run. The JSON data block is not executed, so CSP
// does not apply to it.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src '${sha256(HTML_REPORT_STYLE)}'`,
  `script-src '${sha256(HTML_REPORT_SCRIPT)}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Findings grouped for display: severity, then cluster in report order. */
interface ClusterGroup {
  cluster: string;
  findings: Finding[];
}

/**
 * One self-contained HTML5 page for an auditor: what was scanned, whether the scan is
 * complete (and if not, the errors), the report's warnings, the counts per severity, then every finding grouped by
 * severity and cluster, with filters that work offline. Loads nothing from anywhere: styles
 * and script are inline and pinned by the Content-Security-Policy. Every value from the
 * report is HTML-escaped; the report itself is embedded as JSON (`script#report-data`).
 */
export function formatHtml(report: Report): string {
  return [...formatHtmlChunks(report)].join('');
}

/**
 * formatHtml's page, piece by piece: no piece holds more than one finding's rows or one finding's JSON.
 * An organisation's page can be longer than the longest string V8 holds (about 536 million
 * characters), so it is written out as these pieces, never joined.
 */
export function* formatHtmlChunks(report: Report): Generator<string> {
  // A report of several accounts or regions tells its clusters apart by where they are: the
  // same name may be in each.
  const scopeOf = scopeLabel(report);
  const groupOf = (item: { cluster: string; accountId?: string; region?: string }) => {
    const scope = scopeOf(item);
    return scope === undefined ? item.cluster : `${item.cluster || NO_CLUSTER} · ${scope}`;
  };
  const clusters = unique(report.findings.map(groupOf)).sort(compareText);
  const clusterIndex = new Map(clusters.map((cluster, index) => [cluster, String(index)]));
  const title = `${report.complete ? '' : '[INCOMPLETE] '}${PAGE_TITLE} – ${displayTime(report.scannedAt)}`;

  yield `<!DOCTYPE html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(`${report.scanner.name} ${report.scanner.version}`)}">
<title>${escapeHtml(title)}</title>
<style>${HTML_REPORT_STYLE}</style>
</head>
<body>
${renderMasthead(report)}
<main class="wrap">
${renderStatus(report)}
${renderReadiness(report.readiness ?? [], groupOf)}
${renderWarnings(report.warnings ?? [])}
${renderSummary(report)}
`;
  yield* findingsChunks(report, clusters, clusterIndex, groupOf);
  yield `
</main>
${renderFooter(report)}
<script type="application/json" id="report-data">`;
  yield* embeddedReportChunks(report);
  yield `</script>
<script>${HTML_REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function renderMasthead(report: Report): string {
  const { summary } = report;
  const facts: Array<[string, string]> = [
    [
      'Scanned at',
      `<time datetime="${escapeHtml(report.scannedAt)}">${escapeHtml(displayTime(report.scannedAt))}</time>`,
    ],
    [noun(report.scope.accounts.length, 'Account'), listOrNone(report.scope.accounts)],
    [noun(report.scope.regions.length, 'Region'), listOrNone(report.scope.regions)],
    ...(report.scope.clusters === undefined
      ? []
      : [
          [
            `Only ${noun(report.scope.clusters.length, 'cluster')}`,
            listOrNone(report.scope.clusters),
          ] as [string, string],
        ]),
    [
      'Inventory',
      escapeHtml(
        `${plural(summary.clusters, 'cluster')}, ${plural(summary.nodeSources, 'node source')} ` +
          `(${summary.windowsNodeSources} Windows)`,
      ),
    ],
  ];
  return `<header class="masthead">
<div class="wrap">
<p class="eyebrow">${escapeHtml(report.scanner.name)} ${escapeHtml(report.scanner.version)}</p>
<h1>${PAGE_TITLE}</h1>
<dl class="facts">
${facts.map(([term, value]) => `<div><dt>${term}</dt><dd>${value}</dd></div>`).join('\n')}
</dl>
</div>
</header>`;
}

function renderStatus(report: Report): string {
  if (report.complete) {
    // A warning can say that a check did not run (cluster insights unreadable, say): the
    // banner then must not read as full coverage on its own.
    const warnings = report.warnings?.length ?? 0;
    const caveat =
      warnings === 0
        ? ''
        : warnings === 1
          ? ' The warning below says what it could not judge.'
          : ` The ${warnings} warnings below say what it could not judge.`;
    return `<section class="status status-complete" id="scan-status">
<h2>Scan complete</h2>
<p>Every region and cluster in scope was read without errors.${caveat}</p>
</section>`;
  }
  const count = report.errors.length;
  const because =
    count === 0
      ? 'Collection stopped before the whole scope was read (for example at the Lambda deadline).'
      : `${plural(count, 'error')} stopped parts of the scope from being read.`;
  return `<section class="status status-incomplete" id="scan-status" role="alert">
<h2>INCOMPLETE SCAN</h2>
<p>${because} The findings below may not be everything: an incomplete scan cannot vouch for what it did not read.</p>
${count > 0 ? renderErrors(report.errors) : ''}
</section>`;
}

function renderErrors(errors: readonly ScanError[]): string {
  const rows = errors.map(
    (error) =>
      `<tr><td>${textOrDash(error.accountId)}</td><td>${textOrDash(error.region)}</td>` +
      `<td>${textOrDash(error.cluster)}</td><td><code>${escapeHtml(error.operation)}</code></td>` +
      `<td><code>${escapeHtml(error.code)}</code></td><td>${escapeHtml(error.message)}</td></tr>`,
  );
  return `<table class="errors" id="scan-errors">
<caption hidden>Errors</caption>
<thead><tr><th>Account</th><th>Region</th><th>Cluster</th><th>Operation</th><th>Code</th><th>Message</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/**
 * What did not stop the scan but the operator should see (a suppression that suppresses
 * nothing, a check that could not run), after the errors; nothing when there are none.
 */
function renderWarnings(warnings: readonly ScanWarning[]): string {
  if (warnings.length === 0) return '';
  const rows = warnings.map(
    (warning) =>
      `<tr><td>${textOrDash(warning.accountId)}</td><td>${textOrDash(warning.region)}</td>` +
      `<td>${textOrDash(warning.cluster)}</td><td><code>${escapeHtml(warning.code)}</code></td>` +
      `<td>${escapeHtml(warning.message)}</td></tr>`,
  );
  return `<section class="warnings" id="scan-warnings" aria-labelledby="warnings-heading">
<h2 id="warnings-heading">Warnings (${warnings.length})</h2>
<table class="warning-list">
<caption hidden>Warnings</caption>
<thead><tr><th>Account</th><th>Region</th><th>Cluster</th><th>Code</th><th>Message</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

/**
 * Each cluster's upgrade verdict, at the top: ready for the target, the blockers with their
 * fix, or why it was not judged. Absent when the report has none.
 */
function renderReadiness(
  readiness: readonly ClusterReadiness[],
  groupOf: (entry: ClusterReadiness) => string,
): string {
  if (readiness.length === 0) return '';
  const entries = readiness.map((entry) => {
    const upgrade =
      entry.from !== undefined && entry.to !== undefined
        ? `${escapeHtml(entry.from)} → ${escapeHtml(entry.to)}${entry.assumed ? ' (next minor version)' : ''}`
        : '';
    const verdict =
      entry.status === 'ready'
        ? `<span class="verdict verdict-ready">ready for ${escapeHtml(entry.to ?? '')}</span>${suppressedBlockersNote(entry)}`
        : entry.status === 'blocked'
          ? `<span class="verdict verdict-blocked">blocked (${entry.blockers.length})</span>${suppressedBlockersNote(entry)}`
          : '<span class="verdict verdict-none">not judged</span>';
    const blockers = entry.blockers.map(
      (
        blocker,
      ) => `<li class="blocker sev-${escapeHtml(blocker.severity)}"><span class="badge">${escapeHtml(blocker.severity)}</span> <code class="rule-id">${escapeHtml(blocker.ruleId)}</code> ${escapeHtml(resourceLabel(blocker.resource.type))} <strong>${escapeHtml(blocker.resource.name || blocker.resource.id)}</strong> <span class="mono">${escapeHtml(blocker.resource.id)}</span>
<div class="prose">${escapeHtml(blocker.problem)}</div>
<div class="prose remediation"><span class="prose-label">Fix</span>${escapeHtml(blocker.remediation)}</div></li>`,
    );
    return `<li class="readiness-cluster" data-status="${escapeHtml(entry.status)}"><strong>${escapeHtml(groupOf(entry))}</strong> <span class="mono">${upgrade}</span> ${verdict}${entry.note === undefined ? '' : `<p class="readiness-note">${escapeHtml(entry.note)}</p>`}${
      blockers.length > 0
        ? `
<ul class="blockers">
${blockers.join('\n')}
</ul>`
        : ''
    }</li>`;
  });
  return `<section class="readiness" id="upgrade-readiness" aria-labelledby="readiness-heading">
<h2 id="readiness-heading">Upgrade readiness</h2>
<ul class="readiness-list">
${entries.join('\n')}
</ul>
</section>`;
}

function renderSummary(report: Report): string {
  const cards = SEVERITIES.map((severity) => {
    const count = report.summary.findings[severity];
    return (
      `<a class="card sev-${severity}${count === 0 ? ' zero' : ''}" href="#severity-${severity.toLowerCase()}" data-severity="${severity}">` +
      `<span class="count">${count}</span><span class="label">${SEVERITY_WORD[severity]}</span></a>`
    );
  });
  const suppressed = report.findings.filter((finding) => finding.suppressed).length;
  // On screen the script hides suppressed findings until asked; printed, or without the
  // script, they are all listed: the note says what the reader has in front of them.
  const them = suppressed === 1 ? 'it' : 'them';
  const note =
    suppressed === 0
      ? 'Counts of findings that need attention.'
      : `Counts of findings that need attention; ${plural(suppressed, 'suppressed finding')} ` +
        `${suppressed === 1 ? 'is' : 'are'} not counted` +
        `<span class="while-filtering">: tick “Show suppressed” below to list ${them}.</span>` +
        `<span class="while-listing">, and listed below, marked SUPPRESSED.</span>`;
  return `<section class="summary" id="summary" aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<div class="cards">
${cards.join('\n')}
</div>
<p class="summary-note">${note}</p>${
    // Not a filter of the page: the findings left out are not in it, on screen or printed.
    report.selection === undefined
      ? ''
      : `\n<p class="selection-note" id="selection-note">${escapeHtml(describeSelection(report.selection))}</p>`
  }
</section>`;
}

function* findingsChunks(
  report: Report,
  clusters: readonly string[],
  clusterIndex: ReadonlyMap<string, string>,
  groupOf: (finding: Finding) => string,
): Generator<string> {
  const total = report.findings.length;
  const suppressed = report.findings.filter((finding) => finding.suppressed).length;
  if (total === 0) {
    yield `<section class="findings" id="findings" aria-labelledby="findings-heading">
<h2 id="findings-heading">Findings</h2>
<p class="empty all-clear" id="no-findings">No findings${report.complete ? '' : ' in the part of the scope that was read'}.</p>
</section>`;
    return;
  }
  const groups = SEVERITIES.map((severity) => ({
    severity,
    findings: report.findings.filter((finding) => finding.severity === severity),
  })).filter((group) => group.findings.length > 0);
  yield `<section class="findings" id="findings" aria-labelledby="findings-heading">
<h2 id="findings-heading">Findings</h2>
${renderFilters(clusters, total, suppressed)}
`;
  yield* joinedChunks(groups, '\n', (group) =>
    severityGroupChunks(group.severity, group.findings, clusterIndex, groupOf),
  );
  yield `
<p class="empty no-match" id="no-match" hidden>No findings match the filters.</p>
</section>`;
}

function renderFilters(clusters: readonly string[], total: number, suppressed: number): string {
  const severityBoxes = SEVERITIES.map(
    (severity) =>
      `<label><input type="checkbox" name="severity" value="${severity}" checked> ${SEVERITY_WORD[severity]}</label>`,
  );
  const clusterOptions = clusters.map(
    (cluster, index) => `<option value="${index}">${escapeHtml(cluster || NO_CLUSTER)}</option>`,
  );
  return `<div class="filters" id="filters" role="search" aria-label="Filter findings">
<div class="filter-row">
<fieldset><legend>Severity</legend>
${severityBoxes.join('\n')}
</fieldset>
<output class="counter" id="findings-shown" aria-live="polite">${total} of ${plural(total, 'finding')} shown</output>
</div>
<div class="filter-row">
<label><span class="field-label">Cluster</span>
<select id="filter-cluster"><option value="">All clusters</option>
${clusterOptions.join('\n')}
</select></label>
<label><span class="field-label">Search</span>
<input type="search" id="filter-search" placeholder="Rule, resource, text…" autocomplete="off"></label>
<label><input type="checkbox" id="filter-suppressed"> Show suppressed (${suppressed})</label>
</div>
</div>`;
}

function* severityGroupChunks(
  severity: Severity,
  findings: readonly Finding[],
  clusterIndex: ReadonlyMap<string, string>,
  groupOf: (finding: Finding) => string,
): Generator<string> {
  yield `<section class="severity-group sev-${severity}" id="severity-${severity.toLowerCase()}" data-severity="${severity}">
<h3><span class="marker" aria-hidden="true"></span>${SEVERITY_WORD[severity]} <span class="tally">${plural(findings.length, 'finding')}</span></h3>
`;
  yield* joinedChunks(groupByCluster(findings, groupOf), '\n', (group) =>
    clusterGroupChunks(group, clusterIndex),
  );
  yield '\n</section>';
}

function* clusterGroupChunks(
  group: ClusterGroup,
  clusterIndex: ReadonlyMap<string, string>,
): Generator<string> {
  const index = clusterIndex.get(group.cluster) ?? '';
  yield `<div class="cluster-group" data-cluster="${index}">
<h4>Cluster <strong>${escapeHtml(group.cluster || NO_CLUSTER)}</strong></h4>
`;
  yield* joinedChunks(group.findings, '\n', (finding) => [renderFinding(finding, index)]);
  yield '\n</div>';
}

/** `parts`, each rendered to pieces, with `separator` between parts: a streamed `join`. */
function* joinedChunks<T>(
  parts: readonly T[],
  separator: string,
  render: (part: T) => Iterable<string>,
): Generator<string> {
  for (const [position, part] of parts.entries()) {
    if (position > 0) yield separator;
    yield* render(part);
  }
}

function renderFinding(finding: Finding, clusterIndex: string): string {
  const classes = `finding sev-${finding.severity}${finding.suppressed ? ' is-suppressed' : ''}`;
  const suppressedTag = finding.suppressed
    ? '<span class="tag-suppressed" title="An operator marked this finding as needing no action">SUPPRESSED</span>'
    : '';
  const upgradeTag =
    finding.upgrade === undefined
      ? ''
      : `<span class="tag-upgrade" title="A problem once the control plane runs ${escapeHtml(finding.upgrade.to)}, not one of today">UPGRADE ${escapeHtml(finding.upgrade.from)} → ${escapeHtml(finding.upgrade.to)}</span>`;
  return `<article class="${classes}" data-severity="${finding.severity}" data-cluster="${clusterIndex}" data-suppressed="${finding.suppressed}">
<div class="finding-head"><span class="badge">${finding.severity}</span><code class="rule-id">${escapeHtml(finding.ruleId)}</code>${upgradeTag}${suppressedTag}</div>
<h5 class="finding-title">${escapeHtml(finding.title)}</h5>
${renderResource(finding.resource)}
<div class="prose"><span class="prose-label">Description</span>${escapeHtml(finding.description)}</div>
<div class="prose remediation"><span class="prose-label">Remediation</span>${escapeHtml(finding.remediation)}</div>
${finding.suppressed ? renderSuppression(finding) : ''}<div class="details">
<div><h6>Affected node sources</h6>${renderAffected(finding.affected)}</div>
<div><h6>Evidence</h6>${renderEvidence(finding)}</div>
</div>
<p class="finding-foot">Account <span class="mono">${escapeHtml(finding.accountId)}</span> · Region <span class="mono">${escapeHtml(finding.region)}</span> · Cluster <span class="mono">${escapeHtml(finding.cluster || NO_CLUSTER)}</span> · Finding ID <span class="mono">${escapeHtml(finding.id)}</span></p>
</article>`;
}

/** Where the suppression of a suppressed finding is written, until when, and why. */
function renderSuppression(finding: Finding): string {
  const where = describeSuppression(finding);
  const reason = suppressionReason(finding.suppression);
  const lines = [
    `Suppressed by ${where === '' ? 'an eks-windows-scanner suppression' : escapeHtml(where)}.`,
    ...(reason === '' ? [] : [`Reason: ${escapeHtml(reason)}`]),
  ];
  return `<div class="prose suppression" data-suppression-source="${escapeHtml(finding.suppression?.source ?? '')}"><span class="prose-label">Suppression</span>${lines.join('\n')}</div>
`;
}

function renderResource(resource: ResourceRef): string {
  const rows: Array<[string, string]> = [
    [
      'Resource',
      `${escapeHtml(resourceLabel(resource.type))} <strong>${escapeHtml(resource.name || resource.id)}</strong>`,
    ],
    ['Resource ID', `<code>${escapeHtml(resource.id)}</code>`],
  ];
  if (resource.arn) rows.push(['ARN', `<code>${escapeHtml(resource.arn)}</code>`]);
  return `<dl class="resource">
${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('\n')}
</dl>`;
}

function renderAffected(affected: readonly AffectedRef[]): string {
  if (affected.length === 0) return '<p class="none">None recorded</p>';
  const items = affected.map((ref) => {
    const name = ref.name || ref.id || '?';
    const id = ref.id !== undefined && ref.id !== name ? ` <code>${escapeHtml(ref.id)}</code>` : '';
    return `<li>${escapeHtml(resourceLabel(ref.type))} <strong>${escapeHtml(name)}</strong>${id}</li>`;
  });
  return `<ul class="affected">${items.join('')}</ul>`;
}

function renderEvidence(finding: Finding): string {
  const entries = Object.entries(finding.evidence);
  if (entries.length === 0) return '<p class="none">None recorded</p>';
  const rows = entries.map(
    ([key, value]) =>
      `<tr><th scope="row">${escapeHtml(key)}</th><td>${evidenceValue(value)}</td></tr>`,
  );
  return `<table class="evidence"><tbody>${rows.join('')}</tbody></table>`;
}

function evidenceValue(value: EvidenceValue): string {
  if (value === null) return '<span class="none">none</span>';
  if (Array.isArray(value)) {
    return value.length === 0
      ? '<span class="none">empty list</span>'
      : value.map(escapeHtml).join(', ');
  }
  return escapeHtml(String(value));
}

function renderFooter(report: Report): string {
  return `<footer class="wrap">
<p>Generated by ${escapeHtml(report.scanner.name)} ${escapeHtml(report.scanner.version)} from a scan at ${escapeHtml(report.scannedAt)} (report schema version ${escapeHtml(report.schemaVersion)}).</p>
<p>This page is self-contained and loads nothing from the network. The complete report in JSON is embedded in it (<code>script#report-data</code>).</p>
</footer>`;
}

function groupByCluster(
  findings: readonly Finding[],
  groupOf: (finding: Finding) => string,
): ClusterGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = groupOf(finding);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [finding]);
    else group.push(finding);
  }
  return [...groups].map(([cluster, members]) => ({ cluster, findings: members }));
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const UNSAFE_CHARACTERS = new RegExp(
  `[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${DISPLAY_CONTROLS}]`,
  'g',
);

/**
 * Text or attribute value made inert. Control characters (other than tab and line breaks)
 * and bidirectional overrides, which can make a name read as something else, come out as
 * U+FFFD so that an auditor sees something was there.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(UNSAFE_CHARACTERS, '\ufffd')
    .replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/**
 * The report as JSON that cannot end its `<script>` element or open a comment: `<`, `>` and
 * `&` become \u escapes (still the same JSON), as do U+2028/U+2029.
 */
export function embedJson(value: unknown): string {
  return scriptSafe(JSON.stringify(value));
}

/**
 * `embedJson(report)` piece by piece. scriptSafe rewrites single characters, so escaping
 * each piece escapes the whole text.
 */
function* embeddedReportChunks(report: Report): Generator<string> {
  for (const piece of reportJsonChunks(report, { pretty: false })) yield scriptSafe(piece);
}

/** JSON text with `<`, `>`, `&`, U+2028 and U+2029 as \u escapes. */
function scriptSafe(json: string): string {
  return json
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** "2026-11-25 12:00:00 UTC"; the value as given when it is not a date. */
function displayTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function listOrNone(values: readonly string[]): string {
  return values.length === 0 ? '<span class="none">none</span>' : values.map(escapeHtml).join(', ');
}

function textOrDash(value: string | undefined): string {
  return value === undefined || value === '' ? '<span class="none">–</span>' : escapeHtml(value);
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
