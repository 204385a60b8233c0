/**
 * Renders docs/rules.md from the rules' own metadata, so the documentation can't drift
 * from the catalogue (test/unit/rules-doc.test.ts fails when the committed file does).
 */
import type { RuleMetadata } from './types.ts';

/** Where the rendered document lives, relative to the repository root. */
export const RULES_DOC_PATH = 'docs/rules.md';

/** Escapes the characters that Markdown would read as markup in rule prose. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\<>*[\]|]/g, (character) => `\\${character}`);
}

function code(text: string): string {
  return `\`${text}\``;
}

function tableRow(rule: RuleMetadata): string {
  const cells = [
    `[${code(rule.id)}](#${rule.id})`,
    rule.severity,
    rule.resourceTypes.map(code).join(', '),
    escapeMarkdown(rule.title),
  ];
  return `| ${cells.join(' | ')} |`;
}

function section(rule: RuleMetadata): string {
  return [
    `## ${code(rule.id)}`,
    '',
    `**${escapeMarkdown(rule.title)}**`,
    '',
    `- Severity: ${rule.severity}`,
    `- Resource types: ${rule.resourceTypes.map(code).join(', ')}`,
    `- IAM permissions: ${rule.permissions.map(code).join(', ')}`,
    ...(rule.upgradeReadiness === undefined
      ? []
      : [`- Upgrade readiness (\`--target-version\`): ${escapeMarkdown(rule.upgradeReadiness)}`]),
    '',
    escapeMarkdown(rule.description),
    '',
    `**Remediation.** ${escapeMarkdown(rule.remediation)}`,
    '',
    `**Source.** ${escapeMarkdown(rule.source)}`,
  ].join('\n');
}

/** The whole of docs/rules.md for a catalogue, ending in one newline. */
export function renderRulesDoc(rules: readonly RuleMetadata[]): string {
  const permissions = [...new Set(rules.flatMap((rule) => rule.permissions))].sort();
  return [
    '# Rules',
    '',
    '<!-- Generated from the rule catalogue by scripts/generate-rules-doc.ts: do not edit, run `npm run docs`. -->',
    '',
    `The scanner evaluates ${rules.length} rules. Ids are stable: suppressions and Security Hub finding ids depend on them.`,
    '',
    `The ${rules.filter((rule) => rule.upgradeReadiness !== undefined).length} rules whose judgement of the Windows nodes depends on the cluster's Kubernetes version also judge an upgrade: as if the control plane ran the target version (\`--target-version\`, or \`"targetVersion"\` in an audit event). Their findings there carry \`upgrade\` (\`{"from": "1.35", "to": "1.36"}\`) and ids of their own; those at HIGH or CRITICAL block the cluster's upgrade in its readiness verdict. Without a target, the next minor version is judged for the verdict only. The rules about the control plane's own EKS support judge today's version only: an upgrade is the way off an unsupported version, never blocked by it, and the readiness verdict notes the target's own support instead (past or in extended support, leaving standard support within the warning window, or unknown to the calendar).`,
    '',
    '| Id | Severity | Resource types | Title |',
    '|---|---|---|---|',
    ...rules.map(tableRow),
    '',
    ...rules.flatMap((rule) => [section(rule), '']),
    '## IAM permissions of all rules',
    '',
    'The read-only actions the data of the rules above needs, in one list:',
    '',
    ...permissions.map((permission) => `- ${code(permission)}`),
    '',
  ].join('\n');
}
