/**
 * The stylesheet of the HTML report, inlined into the page: system fonts only (nothing is
 * fetched), a sticky filter bar on screen, and a print layout that shows every finding.
 */
export const HTML_REPORT_STYLE = `
:root {
  --ink: #1f2937;
  --muted: #5b6474;
  --faint: #666e7d;
  --line: #e3e6eb;
  --page: #f4f5f7;
  --card: #ffffff;
  --accent: #1e3a5f;
  --critical: #9f1239; --critical-bg: #ffe4e6;
  --high: #c2410c; --high-bg: #ffedd5;
  --medium: #8a5a06; --medium-bg: #fef3c7;
  --low: #1d4ed8; --low-bg: #dbeafe;
  --informational: #475569; --informational-bg: #e2e8f0;
  --ok: #166534; --ok-bg: #dcfce7;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--page);
  color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif;
}
code, .mono { font-family: var(--mono); font-size: 0.92em; }
h1, h2, h3, h4, h5, h6 { margin: 0; line-height: 1.25; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }

.masthead { background: var(--accent); color: #fff; padding: 28px 0 24px; }
.eyebrow { margin: 0 0 4px; font-size: 12px; letter-spacing: 0.08em; text-transform: uppercase; color: #c7d4e6; }
.masthead h1 { font-size: 26px; font-weight: 650; }
.facts { display: flex; flex-wrap: wrap; gap: 10px 40px; margin: 18px 0 0; }
.facts div { min-width: 0; }
.facts dt { font-size: 11px; letter-spacing: 0.06em; text-transform: uppercase; color: #c7d4e6; }
.facts dd { margin: 2px 0 0; font-weight: 600; overflow-wrap: anywhere; }

main.wrap { padding-top: 24px; padding-bottom: 8px; }
main > section { margin-bottom: 24px; }
h2 { font-size: 18px; font-weight: 650; margin-bottom: 12px; }

.status { border-radius: 8px; padding: 14px 18px; border: 1px solid; }
.status p { margin: 4px 0 0; }
.status h2 { margin: 0; font-size: 16px; }
.status-complete { background: var(--ok-bg); border-color: #86efac; color: var(--ok); }
.status-incomplete { background: #fff1f2; border: 2px solid var(--critical); color: #4c0519; }
.status-incomplete h2 { color: var(--critical); font-size: 20px; letter-spacing: 0.04em; }
.status-incomplete .errors { margin-top: 12px; }

table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { font-size: 11px; letter-spacing: 0.05em; text-transform: uppercase; color: var(--muted); font-weight: 600; }
.errors, .evidence { border-collapse: separate; border-spacing: 0; }
.errors { background: var(--card); border: 1px solid #fecdd3; border-radius: 6px; overflow: hidden; color: var(--ink); }
.errors th { background: #fff5f6; }
.errors tr:last-child td { border-bottom: 0; }
.errors th, .errors td:not(:last-child) { white-space: nowrap; overflow-wrap: normal; }
.errors td:last-child { width: 100%; }
.warnings { background: #fffbeb; border: 1px solid #fcd34d; border-radius: 8px; padding: 14px 18px; color: #451a03; }
.warnings h2 { margin: 0 0 10px; font-size: 16px; color: var(--medium); }
.warning-list { border-collapse: separate; border-spacing: 0; background: var(--card); border: 1px solid #fde68a; border-radius: 6px; overflow: hidden; color: var(--ink); }
.warning-list th { background: #fffdf5; }
.warning-list tr:last-child td { border-bottom: 0; }
.warning-list th, .warning-list td:not(:last-child) { white-space: nowrap; overflow-wrap: normal; }
.warning-list td:last-child { width: 100%; }

.cards { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 12px; }
.card {
  display: block; background: var(--card); border: 1px solid var(--line); border-top: 4px solid var(--sev);
  border-radius: 8px; padding: 12px 16px; color: inherit; text-decoration: none;
}
.card:hover { box-shadow: 0 2px 8px rgba(15, 23, 42, 0.08); }
.card .count { display: block; font-size: 30px; font-weight: 700; line-height: 1.1; color: var(--sev); }
.card .label { display: block; font-size: 12px; letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted); font-weight: 600; }
.card.zero .count { color: var(--faint); }
.summary-note { margin: 10px 0 0; color: var(--muted); font-size: 13px; }
.selection-note {
  margin: 10px 0 0; padding: 8px 12px; background: #fffbeb; border: 1px solid #fcd34d;
  border-radius: 6px; color: #451a03; font-size: 13px; font-weight: 600;
}

.sev-CRITICAL { --sev: var(--critical); --sev-bg: var(--critical-bg); }
.sev-HIGH { --sev: var(--high); --sev-bg: var(--high-bg); }
.sev-MEDIUM { --sev: var(--medium); --sev-bg: var(--medium-bg); }
.sev-LOW { --sev: var(--low); --sev-bg: var(--low-bg); }
.sev-INFORMATIONAL { --sev: var(--informational); --sev-bg: var(--informational-bg); }

.filters {
  position: sticky; top: 0; z-index: 2; background: #fff; border: 1px solid var(--line);
  border-radius: 8px; padding: 10px 16px; margin-bottom: 18px; box-shadow: 0 1px 3px rgba(15, 23, 42, 0.06);
}
.filter-row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; }
.filter-row + .filter-row { margin-top: 8px; padding-top: 8px; border-top: 1px solid var(--line); }
.no-js .filters { display: none; }
.no-js .while-filtering, html:not(.no-js) .while-listing { display: none; }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; }
.filters legend, .filters .field-label { float: left; margin-right: 4px; font-size: 11px; letter-spacing: 0.05em; text-transform: uppercase; color: var(--muted); font-weight: 600; }
.filters label { display: inline-flex; align-items: center; gap: 5px; cursor: pointer; white-space: nowrap; }
.filters input[type="checkbox"] { margin: 0; accent-color: var(--accent); }
.filters select, .filters input[type="search"] {
  font: inherit; color: inherit; border: 1px solid #cbd2dc; border-radius: 6px; padding: 4px 8px; background: #fff;
}
.filters select { max-width: 260px; }
.filters input[type="search"] { width: 240px; }
.counter { margin-left: auto; font-weight: 600; color: var(--accent); white-space: nowrap; }

.severity-group { margin-bottom: 22px; scroll-margin-top: 120px; }
.severity-group > h3 {
  display: flex; align-items: center; gap: 10px; font-size: 17px; padding-bottom: 8px;
  border-bottom: 2px solid var(--sev); margin-bottom: 12px; color: var(--sev);
}
.severity-group > h3 .marker { width: 12px; height: 12px; border-radius: 3px; background: var(--sev); }
.severity-group > h3 .tally { color: var(--muted); font-weight: 500; font-size: 14px; }
.cluster-group { margin: 0 0 14px; }
.cluster-group > h4 { font-size: 13px; font-weight: 600; color: var(--muted); margin: 0 0 8px; }
.cluster-group > h4 strong { color: var(--ink); }

.badge {
  display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11px; font-weight: 700;
  letter-spacing: 0.05em; background: var(--sev-bg); color: var(--sev); white-space: nowrap;
}
.tag-upgrade {
  display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11px; font-weight: 700;
  letter-spacing: 0.05em; border: 1px solid #7c3aed; color: #7c3aed; white-space: nowrap;
}
.readiness-list, .blockers { list-style: none; padding: 0; margin: 0; }
.readiness-cluster { margin: 0 0 12px; }
.verdict { font-weight: 700; margin-left: 6px; }
.verdict-ready { color: #15803d; }
.verdict-blocked { color: #b91c1c; }
.verdict-none, .readiness-note { color: var(--muted); }
.blocker { border-left: 4px solid var(--sev); padding: 6px 12px; margin: 6px 0 0 12px; }
.tag-suppressed {
  display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11px; font-weight: 700;
  letter-spacing: 0.05em; border: 1px dashed var(--faint); color: var(--muted); white-space: nowrap;
}

.finding {
  background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--sev);
  border-radius: 8px; padding: 14px 18px; margin-bottom: 10px;
}
.finding.is-suppressed { background: #fafafa; border-left-style: dashed; }
.finding.is-suppressed .finding-title { color: var(--muted); }
.finding-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.rule-id { font-family: var(--mono); font-size: 12.5px; color: var(--muted); }
.finding-head .tag-suppressed { margin-left: auto; }
.finding-title { font-size: 15.5px; font-weight: 650; margin: 6px 0 10px; }
.resource { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 0 0 12px; font-size: 13px; }
.resource dt { color: var(--muted); }
.resource dd { margin: 0; overflow-wrap: anywhere; }
.prose { white-space: pre-line; margin: 0 0 10px; }
.prose-label { display: block; font-size: 11px; letter-spacing: 0.05em; text-transform: uppercase; color: var(--muted); font-weight: 600; margin-bottom: 2px; }
.remediation { background: #f0f6ff; border-left: 3px solid #3b82f6; border-radius: 4px; padding: 8px 12px; }
.remediation .prose-label { color: #1e40af; }
.suppression { margin-top: 10px; border-left: 3px dashed var(--faint); padding: 4px 12px; color: var(--muted); }
.details { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-top: 12px; }
.details h6 { margin: 0 0 4px; font-size: 11px; letter-spacing: 0.05em; text-transform: uppercase; color: var(--muted); font-weight: 600; }
.affected { margin: 0; padding-left: 18px; }
.evidence { font-size: 13px; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.evidence th { width: 38%; text-transform: none; letter-spacing: 0; font-size: 12.5px; font-family: var(--mono); color: var(--muted); background: #f8f9fb; font-weight: 500; }
.evidence td { font-family: var(--mono); font-size: 12.5px; }
.evidence tr:last-child th, .evidence tr:last-child td { border-bottom: 0; }
.none { color: var(--faint); font-style: italic; font-family: inherit; }
.finding-foot { margin: 12px 0 0; padding-top: 8px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }

.empty { background: var(--card); border: 1px dashed var(--line); border-radius: 8px; padding: 22px; text-align: center; color: var(--muted); }
.empty.all-clear { border-style: solid; border-color: #86efac; color: var(--ok); background: var(--ok-bg); font-weight: 600; }
.is-filtered-out { display: none; }

footer { color: var(--muted); font-size: 12px; padding: 8px 0 32px; }
footer p { margin: 4px 0; }

/* A page of thousands of findings: the browser lays out only those near the screen. */
@media screen {
  .finding { content-visibility: auto; contain-intrinsic-size: auto 220px; }
}

@media (max-width: 800px) {
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .details { grid-template-columns: minmax(0, 1fr); }
  .counter { margin-left: 0; }
}

@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 11.5px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .wrap { max-width: none; padding: 0; }
  .masthead { background: #fff; color: var(--ink); border-bottom: 2px solid var(--ink); padding: 0 0 12px; }
  .eyebrow, .facts dt { color: var(--muted); }
  .filters, .no-match, .while-filtering { display: none !important; }
  html:not(.no-js) .while-listing { display: inline; }
  .is-filtered-out { display: block !important; }
  .card:hover { box-shadow: none; }
  .finding, .card, .status, tr { break-inside: avoid; }
  .severity-group > h3, .cluster-group > h4 { break-after: avoid; }
}
`;
