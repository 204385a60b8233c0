import type { Finding } from '../../evaluate/types.ts';
import type { Report } from '../types.ts';

export const CSV_COLUMNS = [
  'severity',
  'ruleId',
  'cluster',
  'accountId',
  'region',
  'resourceType',
  'resourceId',
  'resourceName',
  'affected',
  'title',
  'suppressed',
  'id',
] as const;

/**
 * One row per finding, suppressed ones included (the `suppressed` column says which), as
 * RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line break.
 * `affected` lists the names of the affected node sources, separated by "; ".
 */
export function formatCsv(report: Report): string {
  const rows = [CSV_COLUMNS, ...report.findings.map(toRow)];
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

function toRow(finding: Finding): string[] {
  return [
    finding.severity,
    finding.ruleId,
    finding.cluster,
    finding.accountId,
    finding.region,
    finding.resource.type,
    finding.resource.id,
    finding.resource.name ?? '',
    finding.affected.map((affected) => affected.name).join('; '),
    finding.title,
    String(finding.suppressed),
    finding.id,
  ];
}

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection");
// tab and carriage return are on OWASP's list too.
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: formula-guarded, then quoted if needed. */
export function csvField(value: string): string {
  const guarded = FORMULA_TRIGGER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
