import type { Severity } from '../evaluate/types.ts';
import { countBySeverity } from '../report/build.ts';
import { ruleSelected } from '../report/format/text.ts';
import type { Report } from '../report/types.ts';

export interface FindingSelection {
  severities?: readonly Severity[];
  rules?: readonly string[];
  excludeRules?: readonly string[];
}

export function isSelecting(selection: FindingSelection): boolean {
  return (
    selection.severities !== undefined ||
    selection.rules !== undefined ||
    selection.excludeRules !== undefined
  );
}

/**
 * The report with only the selected findings, and the summary's counts of them. Everything
 * else (scope, inventory counts, errors, completeness) is the scan's, unchanged: a selection
 * chooses what is shown and judged, not what was scanned. `selection` records the options and
 * counts what they left out, so that a report read alone (an HTML page attached to an audit,
 * a SARIF upload) does not pass its counts off as the scan's.
 */
export function selectFindings(report: Report, selection: FindingSelection): Report {
  if (!isSelecting(selection)) return report;
  const { severities, rules, excludeRules } = selection;
  const findings = report.findings.filter(
    (finding) =>
      (severities === undefined || severities.includes(finding.severity)) &&
      ruleSelected(selection, finding.ruleId),
  );
  const kept = new Set(findings);
  const leftOutBySeverity = countBySeverity(
    report.findings.filter((finding) => !finding.suppressed && !kept.has(finding)),
  );
  return {
    ...report,
    summary: {
      ...report.summary,
      findings: countBySeverity(findings.filter((finding) => !finding.suppressed)),
    },
    findings,
    selection: {
      ...(severities === undefined ? {} : { severities: [...severities] }),
      ...(rules === undefined ? {} : { rules: [...rules] }),
      ...(excludeRules === undefined ? {} : { excludeRules: [...excludeRules] }),
      findingsLeftOut: Object.values(leftOutBySeverity).reduce((sum, count) => sum + count, 0),
      leftOutBySeverity,
    },
  };
}
