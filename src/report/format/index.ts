import type { Severity } from '../../evaluate/types.ts';
import type { Report } from '../types.ts';
import { formatCsv } from './csv.ts';
import { formatHtml, formatHtmlChunks } from './html.ts';
import { formatJson, formatJsonChunks } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatOcsf } from './ocsf.ts';
import { formatSarif } from './sarif.ts';
import { DEFAULT_TABLE_WIDTH, formatTable } from './table.ts';

export { formatCsv } from './csv.ts';
export { formatHtml, formatHtmlChunks } from './html.ts';
export { formatJson, formatJsonChunks } from './json.ts';
export { formatJunit, type JunitOptions } from './junit.ts';
export { formatOcsf, OCSF_VERSION } from './ocsf.ts';
export { formatSarif, SARIF_VERSION } from './sarif.ts';
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
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'csv':
      return formatCsv(report);
    case 'html':
      return formatHtml(report);
    case 'sarif':
      return formatSarif(report);
    case 'junit':
      return formatJunit(report, options.failOn === undefined ? {} : { failOn: options.failOn });
    case 'ocsf':
      return formatOcsf(report);
    case 'table':
      return formatTable(report, {
        color: options.color ?? false,
        width: options.width ?? DEFAULT_TABLE_WIDTH,
      });
  }
}

/**
 * `formatReport`'s text in pieces: JSON and HTML a finding at a time (an organisation's
 * report can outgrow the longest string V8 holds), the other formats whole.
 */
export function formatReportChunks(
  report: Report,
  format: ReportFormat,
  options: FormatOptions = {},
): Iterable<string> {
  if (format === 'json') return formatJsonChunks(report);
  if (format === 'html') return formatHtmlChunks(report);
  return [formatReport(report, format, options)];
}
