import type { DecodedInventory, ResourceRef, ResourceType } from '../inventory/types.ts';
import type { ScopedSuppression, Suppression } from './suppressions.ts';

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Evidence is parsed, non-secret facts only: never user data. */
export type EvidenceValue = string | number | boolean | null | string[];
export type Evidence = Record<string, EvidenceValue>;

/** A node source that uses the resource a finding is about. */
export interface AffectedRef {
  type: ResourceType;
  name: string;
  id?: string;
  /** Its ARN, when AWS gave one: Security Hub then names it as it names the same primary resource. */
  arn?: string;
}

export interface EvaluationOptions {
  /** The instant the scan judges dates against; tests pin it. */
  now: Date;
  /** Days before a Windows release's end of support that `windows-server-support-ending` fires. */
  endOfSupportWarningDays: number;
  /** Days before an EKS AMI is expected to go private that `ami-expiring` fires. */
  amiExpiryWarningDays: number;
  /** Org-wide suppressions from configuration: they apply to every resource. */
  suppressions?: Suppression[];
  /** Suppressions of a configuration file: scoped by account, region, cluster and resource. */
  suppressionRules?: ScopedSuppression[];
  /**
   * The Kubernetes version an upgrade is evaluated for ("1.36", `--target-version`): the
   * rules with `upgradeReadiness` also run as if each cluster's control plane were at it, and
   * their findings (with `upgrade`) join the report. Absent: the next minor version of each
   * cluster is assumed for its readiness verdict only, and no upgrade finding is reported.
   */
  targetVersion?: string;
}

export const DEFAULT_EVALUATION_WINDOWS = {
  endOfSupportWarningDays: 180,
  amiExpiryWarningDays: 30,
} as const;

export interface RuleInput {
  inventory: DecodedInventory;
  options: EvaluationOptions;
}

/** An upgrade of a cluster's control plane, minor versions "1.35" → "1.36". */
export interface UpgradeStep {
  from: string;
  to: string;
}

/**
 * What a rule reads to judge an upgrade: `inventory` holds only the clusters an upgrade is
 * evaluated for, each with its `version` already set to the target (`upgrades[name].to`),
 * and their node sources as they are today.
 */
export interface UpgradeRuleInput extends RuleInput {
  /** Cluster name → the upgrade evaluated for it. */
  upgrades: ReadonlyMap<string, UpgradeStep>;
}

/** One occurrence of a rule's condition. Hits of one rule on one resource merge into one finding. */
export interface RuleHit {
  cluster: string;
  resource: ResourceRef;
  affected: AffectedRef[];
  evidence: Evidence;
  /** A sentence specific to this hit, appended to the rule's description. No user data. */
  detail?: string;
  /**
   * This hit's severity when it differs from the rule's (an EKS insight's status, a drift
   * of template version only); the rule's `severity` is the highest it gives.
   */
  severity?: Severity;
  /**
   * Keeps apart the findings of one rule on one resource that are about different things (a
   * Windows release only some of a site's nodes report, say): appended to the finding id.
   * Absent on most hits, whose id is the rule's and the resource's alone.
   */
  qualifier?: string;
  /**
   * This hit's title when the rule's would read alike for different problems on one resource
   * (an EKS health issue's code, an insight's name): Security Hub and chat list findings by
   * title. AWS's own words only, never user data.
   */
  title?: string;
}

export interface RuleMetadata {
  /** Stable: suppressions and Security Hub ids depend on it. */
  id: string;
  severity: Severity;
  title: string;
  description: string;
  remediation: string;
  /** The report resource types this rule's findings name. */
  resourceTypes: ResourceType[];
  /** IAM actions the data this rule reads needs. */
  permissions: string[];
  /** Where the fact the rule checks is documented. */
  source: string;
  /**
   * Present on the rules whose judgement of the Windows nodes depends on the cluster's
   * Kubernetes version: how the rule judges an upgrade (`--target-version`). Such a rule also
   * runs as if the control plane were at the target, and its hits there become findings with
   * `upgrade`. Absent on the rules about the control plane's own EKS support: they say nothing
   * of the nodes, and an upgrade is the way off an unsupported version, not blocked by it.
   */
  upgradeReadiness?: string;
}

export interface Rule extends RuleMetadata {
  /** Pure: reads the inventory, calls nothing. */
  evaluate(input: RuleInput): RuleHit[];
  /**
   * The rule's judgement of an upgrade, when it differs from `evaluate` over the projected
   * inventory (the default for rules with `upgradeReadiness`): the kubelet of replaced nodes
   * runs the target version, say. Pure, like `evaluate`.
   */
  evaluateUpgrade?(input: UpgradeRuleInput): RuleHit[];
}

/** How a suppressed finding was suppressed: which suppression, written where, and why. */
export interface FindingSuppression {
  /** `tag` (eks-windows-scanner:suppress), `environment` (SUPPRESSIONS) or `file`. */
  source: 'tag' | 'environment' | 'file';
  /** Where it is written: "tag on launch template win (lt-…)", "SUPPRESSIONS", "file.yaml line 12". */
  origin: string;
  /** YYYY-MM-DD, inclusive, when dated. */
  until?: string;
  /** The operator's reason (configuration files require one). */
  reason?: string;
}

/**
 * Something the operator should see that is not a finding and did not stop the scan: a
 * suppression that suppresses nothing (unknown rule id, unreadable entry, expired), a check
 * that could not run (the inventory's notes). The report lists them in `warnings`.
 */
export interface ScanWarning {
  /** Stable and greppable, kebab-case: `suppression-unknown-rule`, … */
  code: string;
  message: string;
  accountId?: string;
  region?: string;
  cluster?: string;
}

export interface Finding {
  id: string;
  ruleId: string;
  severity: Severity;
  title: string;
  description: string;
  remediation: string;
  accountId: string;
  region: string;
  cluster: string;
  resource: ResourceRef;
  affected: AffectedRef[];
  evidence: Evidence;
  suppressed: boolean;
  /** Present on suppressed findings: which suppression applies. */
  suppression?: FindingSuppression;
  /**
   * Present on findings of an upgrade's evaluation (`--target-version`): the problem the
   * nodes would have once the control plane runs `to`, not one they have today.
   */
  upgrade?: UpgradeStep;
}

/** A problem that keeps a cluster from its upgrade: an upgrade finding at HIGH or CRITICAL. */
export interface ReadinessBlocker {
  ruleId: string;
  severity: Severity;
  title: string;
  resource: ResourceRef;
  affected: AffectedRef[];
  /** What is wrong with this resource at the target version (no user data). */
  problem: string;
  /** The fix: the rule's remediation. */
  remediation: string;
  /** The finding in the report that says the same, when upgrade findings are reported. */
  findingId?: string;
}

/**
 * One cluster's upgrade verdict: `ready` when no unsuppressed upgrade finding is HIGH or
 * CRITICAL, `blocked` with those findings otherwise, `not-applicable` when there is nothing
 * to upgrade (the cluster already runs the target, or a newer version, or its version is
 * unknown) and `note` says why. Clusters with Windows nodes only.
 */
export interface ClusterReadiness {
  accountId: string;
  region: string;
  cluster: string;
  /** The cluster's Kubernetes version today; absent when unknown. */
  from?: string;
  /** The version judged; absent when the cluster's version is unknown and none was asked for. */
  to?: string;
  /** True when `to` is the next minor version, assumed for want of a target version. */
  assumed: boolean;
  status: 'ready' | 'blocked' | 'not-applicable';
  blockers: ReadinessBlocker[];
  /**
   * Upgrade findings at HIGH or CRITICAL that a suppression keeps out of `blockers`: a
   * suppression accepts a finding, it does not make the upgrade safe, so the verdict says how
   * many it left out. Absent when none.
   */
  suppressedBlockers?: number;
  /**
   * Why the cluster was not judged, what the verdict does not cover, or what the EKS calendar
   * says of the target itself (past or in extended support, say): never a blocker.
   */
  note?: string;
}

/** One region's inventory with the findings its rules produced. */
export interface EvaluatedInventory {
  inventory: DecodedInventory;
  findings: Finding[];
  /** Node sources classified as Windows (the others are counted, not evaluated). */
  windowsNodeSources: number;
  /** Suppressions that suppress nothing (unreadable tags, unknown rule ids, expired). */
  warnings?: ScanWarning[];
  /** The upgrade verdict of each cluster with Windows nodes. */
  readiness?: ClusterReadiness[];
}
