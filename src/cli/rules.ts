/** `eks-windows-scanner rules`: the catalogue, as a table or as JSON. */
import { RULES } from '../evaluate/rules/index.ts';
import { type RuleMetadata, SEVERITIES } from '../evaluate/types.ts';
import { SCANNER_NAME, SCANNER_VERSION } from '../report/scanner.ts';
import type { RulesFormat } from './args.ts';

/** Most severe first, then by id. */
function catalogue(): RuleMetadata[] {
  return [...RULES].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id),
  );
}

export function formatRules(format: RulesFormat, width: number): string {
  const rules = catalogue();
  if (format === 'json') {
    const described = rules.map((rule) => ({
      id: rule.id,
      severity: rule.severity,
      title: rule.title,
      description: rule.description,
      remediation: rule.remediation,
      resourceTypes: rule.resourceTypes,
      permissions: rule.permissions,
      source: rule.source,
    }));
    return `${JSON.stringify(
      { scanner: { name: SCANNER_NAME, version: SCANNER_VERSION }, rules: described },
      null,
      2,
    )}\n`;
  }
  const idWidth = Math.max('RULE'.length, ...rules.map((rule) => rule.id.length));
  const severityWidth = Math.max(...SEVERITIES.map((severity) => severity.length));
  const row = (id: string, severity: string, title: string) => {
    const line = `${id.padEnd(idWidth)}  ${severity.padEnd(severityWidth)}  ${title}`;
    return line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
  };
  return `${[row('RULE', 'SEVERITY', 'TITLE'), ...rules.map((rule) => row(rule.id, rule.severity, rule.title))].join('\n')}\n`;
}
