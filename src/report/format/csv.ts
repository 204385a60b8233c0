import type { Finding } from '../../evaluate/types.ts';
import type { Report } from '../types.ts';
import { markDisplayControls, stripControlCharacters, suppressionReason } from './text.ts';

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
  // Added after the first release: new columns go at the end so readers by position keep working.
  'description',
  'remediation',
  'scannedAt',
  'scanComplete',
  'suppressionSource',
  'suppressionReason',
  'upgradeTo',
] as const;

/**
 * One row per finding, suppressed ones included (the `suppressed` column says which), as
 * RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line break.
 * `affected` lists the names of the affected node sources, separated by "; ". `scannedAt`
 * and `scanComplete` repeat the report's scan time and completeness on every row, so a row
 * copied elsewhere still says when it was true and whether the scan saw everything.
 * `suppressionSource` (`tag`, `file` or `environment`) and `suppressionReason` (the operator's
 * reason, one line) say where a suppressed finding's suppression comes from; empty otherwise.
 * `upgradeTo` is the Kubernetes version an upgrade finding (`--target-version`) is about;
 * empty for the problems of today.
 */
export function formatCsv(report: Report): string {
  return [...formatCsvChunks(report)].join('');
}

/** `formatCsv`'s text a row a piece. */
export function* formatCsvChunks(report: Report): Generator<string> {
  const line = (row: readonly string[]) => `${row.map(csvField).join(',')}\r\n`;
  yield line(CSV_COLUMNS);
  for (const finding of report.findings) yield line(toRow(finding, report));
}

function toRow(finding: Finding, report: Report): string[] {
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
    finding.description,
    finding.remediation,
    report.scannedAt,
    String(report.complete),
    finding.suppressed ? (finding.suppression?.source ?? '') : '',
    finding.suppressed ? suppressionReason(finding.suppression) : '',
    finding.upgrade?.to ?? '',
  ];
}

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection");
// tab and carriage return are on OWASP's list too.
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field: control characters stripped (names and tags from the inventory can hold
 * terminal escapes; tab and line breaks stay), bidirectional controls marked, formula-guarded,
 * then quoted if needed.
 */
export function csvField(value: string): string {
  const stripped = markDisplayControls(stripControlCharacters(value));
  const guarded = FORMULA_TRIGGER.test(stripped) ? `'${stripped}` : stripped;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
