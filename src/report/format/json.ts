import type { Report } from '../types.ts';

/** Exactly the report of SPEC 2.3, nothing around it. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
