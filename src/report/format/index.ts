import type { Severity } from '../../evaluate/types.ts';
import type { Report } from '../types.ts';
import { formatCsvChunks } from './csv.ts';
import { formatHtmlChunks } from './html.ts';
import { formatJsonChunks } from './json.ts';
import { formatJunitChunks } from './junit.ts';
import { formatOcsfChunks } from './ocsf.ts';
import { formatSarifChunks } from './sarif.ts';
import { DEFAULT_TABLE_WIDTH, formatTable } from './table.ts';

export { formatCsv, formatCsvChunks } from './csv.ts';
export { formatHtml, formatHtmlChunks } from './html.ts';
export { formatJson, formatJsonChunks, jsonChunks, StreamedArray } from './json.ts';
export { formatJunit, formatJunitChunks, type JunitOptions } from './junit.ts';
export { formatOcsf, formatOcsfChunks, OCSF_VERSION } from './ocsf.ts';
export { formatSarif, formatSarifChunks, SARIF_VERSION } from './sarif.ts';
export { DEFAULT_TABLE_WIDTH, formatTable, type TableOptions } from './table.ts';

/** The formats this build can render. */
export const REPORT_FORMATS = ['table', 'json', 'csv', 'html', 'sarif', 'junit', 'ocsf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The file name ending of each format, for `--output-dir`. */
export const FORMAT_EXTENSIONS: Readonly<Record<ReportFormat, string>> = {
  table: '.txt',
  json: '.json',
  csv: '.csv',
  html: '.html',
  sarif: '.sarif',
  junit: '.xml',
  ocsf: '.ocsf.json',
};

/**
 * The format a file name asks for by its ending (`report.json`, `scan.ocsf.json`, any case),
 * the longest ending first; undefined for any other name.
 */
export function formatOfFileName(name: string): ReportFormat | undefined {
  const lower = name.toLowerCase();
  return REPORT_FORMATS.filter((format) => lower.endsWith(FORMAT_EXTENSIONS[format])).sort(
    (a, b) => FORMAT_EXTENSIONS[b].length - FORMAT_EXTENSIONS[a].length,
  )[0];
}

export interface FormatOptions {
  /** Table only: ANSI colours. */
  color?: boolean;
  /** Table only: columns a finding line must fit in. */
  width?: number;
  /** JUnit only: findings at or above it fail (the CLI's `--fail-on`); without it, every unsuppressed finding. */
  failOn?: Severity;
}

/** Every format is a pure function of the report (and these options) to the text to write. */
export function formatReport(
  report: Report,
  format: ReportFormat,
  options: FormatOptions = {},
): string {
  return [...formatReportChunks(report, format, options)].join('');
}

/**
 * `formatReport`'s text in pieces, a finding (row, result, event, test case) at a time: an
 * organisation's report can outgrow the longest string V8 holds. The table comes whole: a
 * few hundred characters a finding, it is read by people, not written for thousands of accounts.
 */
export function formatReportChunks(
  report: Report,
  format: ReportFormat,
  options: FormatOptions = {},
): Iterable<string> {
  switch (format) {
    case 'json':
      return formatJsonChunks(report);
    case 'csv':
      return formatCsvChunks(report);
    case 'html':
      return formatHtmlChunks(report);
    case 'sarif':
      return formatSarifChunks(report);
    case 'junit':
      return formatJunitChunks(
        report,
        options.failOn === undefined ? {} : { failOn: options.failOn },
      );
    case 'ocsf':
      return formatOcsfChunks(report);
    case 'table':
      return [
        formatTable(report, {
          color: options.color ?? false,
          width: options.width ?? DEFAULT_TABLE_WIDTH,
        }),
      ];
  }
}
