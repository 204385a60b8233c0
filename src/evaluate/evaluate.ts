import type { DecodedInventory, ScanError } from '../inventory/types.ts';
import { errorName } from '../text.ts';
import { clusterStatusWarnings } from './cluster-status.ts';
import { windowsSourcesOf } from './facts.ts';
import { settleOwners } from './owners.ts';
import { RULES } from './rules/index.ts';
import { applySuppressions, suppressionWarnings } from './suppressions.ts';
import type {
  AffectedRef,
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

function affectedKey(ref: AffectedRef): string {
  return `${ref.type}/${ref.name}`;
}

/**
 * Adds the refs not yet listed. `listed` holds the keys of `into`, so that a resource shared
 * by thousands of sources (one launch template for a whole cluster) merges in linear time.
 */
function mergeAffected(into: AffectedRef[], listed: Set<string>, more: AffectedRef[]): void {
  for (const ref of more) {
    const key = affectedKey(ref);
    if (listed.has(key)) continue;
    listed.add(key);
    into.push(ref);
  }
}

/**
 * The affected refs of a hit as a new list, each once: the common hit names one source,
 * whose list needs no index.
 */
function affectedOf(hit: RuleHit): AffectedRef[] {
  if (hit.affected.length <= 1) return hit.affected.slice();
  const affected: AffectedRef[] = [];
  mergeAffected(affected, new Set(), hit.affected);
  return affected;
}

/** The keys of a finding's affected refs, made when a second hit merges into it. */
function listedOf(
  listed: Map<string, Set<string>>,
  id: string,
  affected: readonly AffectedRef[],
): Set<string> {
  let keys = listed.get(id);
  if (keys === undefined) {
    keys = new Set(affected.map(affectedKey));
    listed.set(id, keys);
  }
  return keys;
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
    affected: affectedOf(hit),
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
  const found = new Map<string, UpgradeFinding>();
  const listed = new Map<string, Set<string>>();
  for (const rule of rules) {
    if (rule.upgradeReadiness === undefined) continue;
    const run = (part: DecodedInventory) =>
      rule.evaluateUpgrade
        ? rule.evaluateUpgrade({ inventory: part, options, upgrades })
        : rule.evaluate({ inventory: part, options });
    const hits = evaluateRule(rule, projected, options, errors, run, `rule ${rule.id} (upgrade)`);
    for (const hit of hits) {
      const step = upgrades.get(hit.cluster);
      if (step === undefined) continue;
      const id = upgradeFindingId(findingId(inventory, rule.id, hit), step);
      const known = found.get(id);
      if (known) {
        const { affected } = known.finding;
        mergeAffected(affected, listedOf(listed, id, affected), hit.affected);
        continue;
      }
      const finding = toFinding(inventory, rule, hit, id);
      finding.title = upgradeTitle(finding.title, step);
      finding.description = `${upgradePreamble(step)} ${finding.description}`;
      finding.upgrade = { from: step.from, to: step.to };
      found.set(id, { finding, problem: hit.detail ?? rule.description });
    }
  }
  return [...found.values()];
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
  const findings = new Map<string, Finding>();
  const listed = new Map<string, Set<string>>();
  const errors = [...inventory.errors];
  for (const rule of rules) {
    for (const hit of evaluateRule(rule, inventory, options, errors)) {
      const id = findingId(inventory, rule.id, hit);
      const known = findings.get(id);
      if (known) {
        mergeAffected(known.affected, listedOf(listed, id, known.affected), hit.affected);
      } else {
        findings.set(id, toFinding(inventory, rule, hit, id));
      }
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
    [...findings.values(), ...upgradeFindings.map(({ finding }) => finding)],
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
