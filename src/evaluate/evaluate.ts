import type { DecodedInventory } from '../inventory/types.ts';
import { windowsSourcesOf } from './facts.ts';
import { RULES } from './rules/index.ts';
import { applySuppressions } from './suppressions.ts';
import type {
  AffectedRef,
  EvaluatedInventory,
  EvaluationOptions,
  Finding,
  Rule,
  RuleHit,
} from './types.ts';

/**
 * Stable across runs for the same rule and resource, so Security Hub updates a finding in
 * place instead of duplicating it. Readable on purpose: operators grep for it.
 */
export function findingId(
  inventory: Pick<DecodedInventory, 'accountId' | 'region'>,
  ruleId: string,
  hit: Pick<RuleHit, 'cluster' | 'resource'>,
): string {
  const { accountId, region } = inventory;
  return `${accountId}/${region}/${hit.cluster}/${ruleId}/${hit.resource.type}/${hit.resource.id}`;
}

function mergeAffected(into: AffectedRef[], more: AffectedRef[]): void {
  for (const ref of more) {
    if (!into.some((known) => known.type === ref.type && known.name === ref.name)) into.push(ref);
  }
}

function toFinding(inventory: DecodedInventory, rule: Rule, hit: RuleHit): Finding {
  return {
    id: findingId(inventory, rule.id, hit),
    ruleId: rule.id,
    severity: rule.severity,
    title: rule.title,
    description: hit.detail ? `${rule.description} ${hit.detail}` : rule.description,
    remediation: rule.remediation,
    accountId: inventory.accountId,
    region: inventory.region,
    cluster: hit.cluster,
    resource: hit.resource,
    affected: [...hit.affected],
    evidence: hit.evidence,
    suppressed: false,
  };
}

/**
 * Runs every rule over one region's decoded inventory. Hits of one rule on one resource
 * (a launch template shared by several groups) merge into one finding listing every
 * affected source. A rule that throws is a bug, but it costs only its own findings: the
 * failure is recorded in `errors` and the other rules still run.
 */
export function evaluateInventory(
  inventory: DecodedInventory,
  options: EvaluationOptions,
  rules: readonly Rule[] = RULES,
): EvaluatedInventory {
  const findings = new Map<string, Finding>();
  const errors = [...inventory.errors];
  for (const rule of rules) {
    let hits: RuleHit[];
    try {
      hits = rule.evaluate({ inventory, options });
    } catch (error) {
      errors.push({
        accountId: inventory.accountId,
        region: inventory.region,
        operation: `rule ${rule.id}`,
        code: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    for (const hit of hits) {
      const id = findingId(inventory, rule.id, hit);
      const known = findings.get(id);
      if (known) mergeAffected(known.affected, hit.affected);
      else findings.set(id, toFinding(inventory, rule, hit));
    }
  }
  return {
    inventory: { ...inventory, errors },
    findings: applySuppressions([...findings.values()], inventory, {
      now: options.now,
      orgWide: options.suppressions ?? [],
      knownRuleIds: new Set(rules.map((rule) => rule.id)),
    }),
    windowsNodeSources: windowsSourcesOf(inventory).length,
  };
}
