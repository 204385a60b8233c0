import { styleText } from 'node:util';
import { type Finding, SEVERITIES, type Severity } from '../../evaluate/types.ts';
import type { ScanError } from '../../inventory/types.ts';
import type { Report } from '../types.ts';

export interface TableOptions {
  /** ANSI colours; the caller decides (TTY and NO_COLOR). */
  color: boolean;
  /** Columns the finding rows must fit in; long cells are cut with an ellipsis. */
  width: number;
}

export const DEFAULT_TABLE_WIDTH = 100;

type Style = Parameters<typeof styleText>[0];

const SEVERITY_STYLE: Record<Severity, Style> = {
  CRITICAL: ['red', 'bold'],
  HIGH: 'red',
  MEDIUM: 'yellow',
  LOW: 'cyan',
  INFORMATIONAL: 'gray',
};

interface Column {
  header: string;
  /** Cells are cut to this width even when there is room: they would only crowd the title. */
  max?: number;
  alignRight?: boolean;
  cell(finding: Finding): string;
}

const COLUMNS: Column[] = [
  { header: 'CLUSTER', max: 16, cell: (finding) => finding.cluster || '-' },
  { header: 'RULE', cell: (finding) => finding.ruleId },
  {
    header: 'RESOURCE',
    max: 28,
    cell: (finding) => finding.resource.name ?? finding.resource.id,
  },
  { header: 'AFFECTED', alignRight: true, cell: (finding) => String(finding.affected.length) },
  { header: 'TITLE', cell: (finding) => finding.title },
];
/** Indexes into COLUMNS. */
const CLUSTER = 0;
const RULE = 1;
const RESOURCE = 2;
const TITLE = 4;
/**
 * How columns give way when a row is too wide, each step down to a floor: the title keeps a
 * readable length longest, rule ids (the handle for docs and suppressions) are cut last.
 */
const SHRINK_STEPS: Array<[column: number, floor: number]> = [
  [TITLE, 32],
  [RESOURCE, 16],
  [CLUSTER, 10],
  [TITLE, 20],
  [RULE, 24],
];
const INDENT = '  ';
const GAP = '  ';

/**
 * A terminal rendering: what was scanned, the counts, then unsuppressed findings grouped
 * by severity, then the errors that made the scan incomplete.
 */
export function formatTable(report: Report, options: TableOptions): string {
  const paint = (style: Style, text: string) =>
    options.color ? styleText(style, text, { validateStream: false }) : text;
  const lines: string[] = [];

  lines.push(
    paint('bold', `${report.scanner.name} ${report.scanner.version}`) +
      ` - scanned at ${report.scannedAt}`,
  );
  lines.push(
    `Scope: ${noun(report.scope.accounts.length, 'account')} ${report.scope.accounts.join(', ')}; ` +
      `${noun(report.scope.regions.length, 'region')} ${report.scope.regions.join(', ')}`,
  );
  const { summary } = report;
  lines.push(
    `Inventory: ${plural(summary.clusters, 'cluster')}, ${plural(summary.nodeSources, 'node source')} ` +
      `(${summary.windowsNodeSources} Windows)`,
  );
  const suppressed = report.findings.filter((finding) => finding.suppressed).length;
  lines.push(
    `Findings: ${SEVERITIES.map((severity) => `${summary.findings[severity]} ${severity}`).join(', ')}` +
      (suppressed > 0 ? ` (${suppressed} suppressed, not shown)` : ''),
  );
  if (!report.complete) {
    lines.push(
      paint(['yellow', 'bold'], 'Scan incomplete: the findings below may not be everything.'),
    );
  }

  const shown = report.findings.filter((finding) => !finding.suppressed);
  if (shown.length === 0) {
    lines.push('', paint('green', 'No findings.'));
  } else {
    const widths = fitColumns(shown, options.width);
    for (const severity of SEVERITIES) {
      const group = shown.filter((finding) => finding.severity === severity);
      if (group.length === 0) continue;
      lines.push('', paint(SEVERITY_STYLE[severity], `${severity} (${group.length})`));
      lines.push(
        paint(
          'dim',
          renderRow(
            COLUMNS.map((column) => column.header),
            widths,
          ),
        ),
      );
      for (const finding of group) {
        lines.push(
          renderRow(
            COLUMNS.map((column) => column.cell(finding)),
            widths,
          ),
        );
      }
    }
  }

  if (report.errors.length > 0) {
    lines.push('', paint(['red', 'bold'], `Errors (${report.errors.length})`));
    for (const error of report.errors) lines.push(...renderError(error));
  }
  return `${lines.join('\n')}\n`;
}

/** Natural column widths, capped, then cut step by step until a row fits in `width`. */
function fitColumns(findings: readonly Finding[], width: number): number[] {
  const widths = COLUMNS.map((column) => {
    const natural = Math.max(
      textWidth(column.header),
      ...findings.map((finding) => textWidth(clean(column.cell(finding)))),
    );
    return Math.min(natural, Math.max(column.max ?? natural, textWidth(column.header)));
  });
  const fixed = INDENT.length + GAP.length * (COLUMNS.length - 1);
  let excess = fixed + widths.reduce((total, w) => total + w, 0) - width;
  for (const [index, floor] of SHRINK_STEPS) {
    if (excess <= 0) break;
    const current = widths[index] ?? 0;
    const cut = Math.min(excess, Math.max(0, current - floor));
    widths[index] = current - cut;
    excess -= cut;
  }
  return widths;
}

function renderRow(cells: readonly string[], widths: readonly number[]): string {
  const rendered = cells.map((cell, index) => {
    const width = widths[index] ?? 0;
    const text = truncate(clean(cell), width);
    const padding = ' '.repeat(Math.max(0, width - textWidth(text)));
    return COLUMNS[index]?.alignRight ? padding + text : text + padding;
  });
  return (INDENT + rendered.join(GAP)).trimEnd();
}

function renderError(error: ScanError): string[] {
  const where = [error.region, error.cluster].filter((part) => part !== undefined && part !== '');
  const context = where.length > 0 ? ` (${where.join(', ')})` : '';
  return [
    `${INDENT}${clean(error.operation)}${context}: ${clean(error.code)}`,
    `${INDENT}  ${clean(error.message)}`,
  ];
}

/** Cuts to `width` characters, the last one an ellipsis. */
export function truncate(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  if (width <= 0) return '';
  return `${characters.slice(0, width - 1).join('')}…`;
}

// Names come from AWS tags and API responses: control characters (line breaks, escape
// sequences) must not reach the terminal.
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

function textWidth(text: string): number {
  return [...text].length;
}

function plural(count: number, word: string): string {
  return `${count} ${noun(count, word)}`;
}

function noun(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
