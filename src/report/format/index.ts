import type { Report } from '../types.ts';
import { formatCsv } from './csv.ts';
import { formatHtml } from './html.ts';
import { formatJson } from './json.ts';
import { DEFAULT_TABLE_WIDTH, formatTable } from './table.ts';

export { formatCsv } from './csv.ts';
export { formatHtml } from './html.ts';
export { formatJson } from './json.ts';
export { DEFAULT_TABLE_WIDTH, formatTable, type TableOptions } from './table.ts';

/** The formats this build can render. */
export const REPORT_FORMATS = ['table', 'json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface FormatOptions {
  color?: boolean;
  width?: number;
}

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
    case 'table':
      return formatTable(report, {
        color: options.color ?? false,
        width: options.width ?? DEFAULT_TABLE_WIDTH,
      });
  }
}
