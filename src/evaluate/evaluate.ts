import type { DecodedInventory, ScanError } from '../inventory/types.ts';
import { errorName } from '../text.ts';
import { clusterStatusWarnings } from './cluster-status.ts';
import { windowsSourcesOf } from './facts.ts';
import { mergeHits } from './merge-hits.ts';
import { settleOwners } from './owners.ts';
import { RULES } from './rules/index.ts';
import { applySuppressions, suppressionWarnings } from './suppressions.ts';
import type {
  EvaluatedInventory,
  EvaluationOptions,
  Finding,
  Rule,
  RuleHit,
  UpgradeStep,
} from './types.ts';
import {
  projectedInventory,
  readinessOf,
  type UpgradeFinding,
  unknownReleasesByCluster,
  upgradeFindingId,
  upgradePlansOf,
  upgradePreamble,
  upgradeTitle,
  upgradeWarnings,
} from './upgrade.ts';

/**
 * Stable across runs for the same rule and resource (and the hit's qualifier, when it has
 * one), so Security Hub updates a finding in place instead of duplicating it. Readable on
 * purpose: operators grep for it.
 */
export function findingId(
  inventory: Pick<DecodedInventory, 'accountId' | 'region'>,
  ruleId: string,
  hit: Pick<RuleHit, 'cluster' | 'resource' | 'qualifier'>,
): string {
  const { accountId, region } = inventory;
  const id = `${accountId}/${region}/${hit.cluster}/${ruleId}/${hit.resource.type}/${hit.resource.id}`;
  return hit.qualifier === undefined ? id : `${id}/${hit.qualifier}`;
}

/** A rule's hits by the finding each makes, in the order each finding was first hit. */
function hitsById<T>(hits: readonly T[], idOf: (hit: T) => string): Map<string, T[]> {
  const byId = new Map<string, T[]>();
  for (const hit of hits) {
    const id = idOf(hit);
    const same = byId.get(id);
    if (same === undefined) byId.set(id, [hit]);
    else same.push(hit);
  }
  return byId;
}

function toFinding(
  inventory: DecodedInventory,
  rule: Rule,
  hit: RuleHit,
  id = findingId(inventory, rule.id, hit),
): Finding {
  return {
    id,
    ruleId: rule.id,
    severity: hit.severity ?? rule.severity,
    title: hit.title ?? rule.title,
    description: hit.detail ? `${rule.description} ${hit.detail}` : rule.description,
    remediation: rule.remediation,
    accountId: inventory.accountId,
    region: inventory.region,
    cluster: hit.cluster,
    resource: hit.resource,
    affected: hit.affected,
    evidence: hit.evidence,
    suppressed: false,
  };
}

/** What the report says of a rule that threw, in the region or cluster the error names. */
export const RULE_FAILED_MESSAGE =
  'the rule failed (a bug in the scanner), so its findings are missing here';

/** The part of an inventory that belongs to one cluster: the cluster and its node sources. */
function clusterPart(inventory: DecodedInventory, cluster: string): DecodedInventory {
  return {
    ...inventory,
    clusters: inventory.clusters.filter((known) => known.name === cluster),
    nodeSources: inventory.nodeSources.filter((source) => source.cluster === cluster),
  };
}

/**
 * A rule's hits. A rule that throws is a bug; run again cluster by cluster, it costs only
 * the findings of the clusters whose data trips it, each recorded in `errors` with a fixed
 * message: the error's own may quote what the rule read, and bootstrap arguments
 * (-KubeletExtraArgs labels, say) may hold secrets. Its name still tells what kind of bug.
 */
function evaluateRule(
  rule: Rule,
  inventory: DecodedInventory,
  options: EvaluationOptions,
  errors: ScanError[],
  run: (part: DecodedInventory) => RuleHit[] = (part) =>
    rule.evaluate({ inventory: part, options }),
  operation = `rule ${rule.id}`,
): RuleHit[] {
  const record = (error: unknown, cluster?: string) =>
    errors.push({
      accountId: inventory.accountId,
      region: inventory.region,
      ...(cluster === undefined ? {} : { cluster }),
      operation,
      code: errorName(error),
      message: RULE_FAILED_MESSAGE,
    });
  try {
    return run(inventory);
  } catch (error) {
    const clusters = new Set([
      ...inventory.clusters.map((cluster) => cluster.name),
      ...inventory.nodeSources.map((source) => source.cluster),
    ]);
    if (clusters.size <= 1) {
      record(error, clusters.size === 1 ? [...clusters][0] : undefined);
      return [];
    }
    return [...clusters].flatMap((cluster) => {
      try {
        return run(clusterPart(inventory, cluster));
      } catch (clusterError) {
        record(clusterError, cluster);
        return [];
      }
    });
  }
}

/**
 * The hits of the rules that judge an upgrade (`upgradeReadiness`), as if each planned
 * cluster's control plane ran its target, as findings marked with their upgrade. One finding
 * per rule and resource, like today's; the ids differ from today's.
 */
function evaluateUpgrades(
  inventory: DecodedInventory,
  upgrades: ReadonlyMap<string, UpgradeStep>,
  options: EvaluationOptions,
  rules: readonly Rule[],
  errors: ScanError[],
): UpgradeFinding[] {
  const projected = projectedInventory(inventory, upgrades);
  const found: UpgradeFinding[] = [];
  for (const rule of rules) {
    if (rule.upgradeReadiness === undefined) continue;
    const run = (part: DecodedInventory) =>
      rule.evaluateUpgrade
        ? rule.evaluateUpgrade({ inventory: part, options, upgrades })
        : rule.evaluate({ inventory: part, options });
    const hits = evaluateRule(rule, projected, options, errors, run, `rule ${rule.id} (upgrade)`);
    const byId = hitsById(
      hits.flatMap((hit) => {
        const step = upgrades.get(hit.cluster);
        return step === undefined ? [] : [{ hit, step }];
      }),
      ({ hit, step }) => upgradeFindingId(findingId(inventory, rule.id, hit), step),
    );
    for (const [id, stepped] of byId) {
      const { step } = stepped[0] as { step: UpgradeStep };
      const hit = mergeHits(
        stepped.map((each) => each.hit),
        rule.severity,
      );
      const finding = toFinding(inventory, rule, hit, id);
      finding.title = upgradeTitle(finding.title, step);
      finding.description = `${upgradePreamble(step)} ${finding.description}`;
      finding.upgrade = { from: step.from, to: step.to };
      found.push({ finding, problem: hit.detail ?? rule.description });
    }
  }
  return found;
}

/**
 * Runs every rule over one region's decoded inventory. Hits of one rule on one resource
 * (a launch template shared by several groups) merge into one finding listing every
 * affected source. A rule that throws costs only its own findings, and only on the
 * clusters whose data trips it; the other rules still run.
 */
export function evaluateInventory(
  decoded: DecodedInventory,
  options: EvaluationOptions,
  rules: readonly Rule[] = RULES,
): EvaluatedInventory {
  // A node source tagged for several clusters is judged against the one it joins.
  const inventory = settleOwners(decoded);
  const findings: Finding[] = [];
  const errors = [...inventory.errors];
  for (const rule of rules) {
    const hits = evaluateRule(rule, inventory, options, errors);
    const byId = hitsById(hits, (hit) => findingId(inventory, rule.id, hit));
    for (const [id, same] of byId) {
      findings.push(toFinding(inventory, rule, mergeHits(same, rule.severity), id));
    }
  }
  // The upgrade of each cluster: to the target asked for, else the next minor version,
  // whose findings then serve its verdict only.
  const plans = upgradePlansOf(inventory, options.targetVersion, options);
  const upgrades = new Map(
    plans.flatMap((plan) => (plan.step ? [[plan.cluster.name, plan.step] as const] : [])),
  );
  const upgradeFindings =
    upgrades.size > 0 ? evaluateUpgrades(inventory, upgrades, options, rules, errors) : [];
  const knownRuleIds = new Set(rules.map((rule) => rule.id));
  const scoped = options.suppressionRules ?? [];
  const judged = applySuppressions(
    [...findings, ...upgradeFindings.map(({ finding }) => finding)],
    inventory,
    { now: options.now, orgWide: options.suppressions ?? [], scoped, knownRuleIds },
  );
  const reported = options.targetVersion !== undefined;
  const judgedById = new Map(judged.map((finding) => [finding.id, finding]));
  const judgedUpgrades = upgradeFindings.map(({ finding, problem }) => ({
    finding: judgedById.get(finding.id) ?? finding,
    problem,
  }));
  return {
    inventory: { ...inventory, errors },
    findings: reported ? judged : judged.filter((finding) => finding.upgrade === undefined),
    windowsNodeSources: windowsSourcesOf(inventory).length,
    // Clusters EKS does not call ACTIVE first (a message quotes only the first few), then
    // checks that could not run (EKS insights not permitted) and sources left to other
    // clusters' scans, then suppressions that suppress nothing, then targets older than a cluster.
    warnings: [
      ...clusterStatusWarnings(inventory),
      ...(inventory.notes ?? []),
      ...suppressionWarnings(inventory, {
        now: options.now,
        orgWide: options.suppressions ?? [],
        scoped,
        knownRuleIds,
        clusterRuleIds: new Set(
          rules
            .filter((rule) => rule.resourceTypes.every((type) => type === 'AwsEksCluster'))
            .map((rule) => rule.id),
        ),
      }),
      ...upgradeWarnings(inventory, plans),
    ],
    readiness: readinessOf(
      inventory,
      plans,
      judgedUpgrades,
      reported,
      unknownReleasesByCluster(judged),
    ),
  };
}
