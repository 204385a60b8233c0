/**
 * Upgrade readiness (issue 10): which upgrade each cluster with Windows nodes is judged for,
 * the inventory as if its control plane ran the target, and the verdict drawn from the
 * findings of that evaluation. Pure functions; the rules decide what an upgrade breaks.
 */
import type { Cluster, DecodedInventory } from '../inventory/types.ts';
import { plural, quotedInput } from '../text.ts';
import {
  compareKubernetesVersions,
  daysUntil,
  kubernetesMinorOf,
  kubernetesSupportOf,
  parseKubernetesVersion,
  windowsClustersOf,
} from './facts.ts';
import { KUBERNETES_VERSIONS } from './reference-data/kubernetes-versions.ts';
import { windowsVersionUnknown } from './rules/windows-version-unknown.ts';
import type {
  ClusterReadiness,
  EvaluationOptions,
  Finding,
  ReadinessBlocker,
  ScanWarning,
  Severity,
  UpgradeStep,
} from './types.ts';

/** Severities of an upgrade finding that keep a cluster from the upgrade. */
export const BLOCKING_SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH'];

/** A target version as the command line and the audit event take it: "1.36". */
const MINOR_VERSION = /^1\.(0|[1-9]\d{0,2})$/;

export class TargetVersionError extends Error {
  override name = 'TargetVersionError';
}

/** The oldest version a target may name: the oldest of the EKS calendar. */
export function oldestTargetVersion(): string {
  return Object.keys(KUBERNETES_VERSIONS)[0] ?? '1.23';
}

/**
 * Minor versions a target may lie past the newest of the EKS calendar: about a year of
 * releases, for a scanner whose calendar is behind; beyond, it is a typo ("1.99") that would
 * page people with a blocked upgrade to a version that does not exist.
 */
export const TARGET_VERSIONS_PAST_CALENDAR = 3;

/** The newest version a target may name (TARGET_VERSIONS_PAST_CALENDAR past the calendar). */
export function newestTargetVersion(): string {
  const newest = parseKubernetesVersion(Object.keys(KUBERNETES_VERSIONS).at(-1) ?? '1.23');
  return `${newest?.major ?? 1}.${(newest?.minor ?? 23) + TARGET_VERSIONS_PAST_CALENDAR}`;
}

/**
 * Checks a target version: `1.NN`, not older than the oldest version of the EKS calendar
 * (no cluster can be upgraded to one) nor further past its newest than a calendar lags.
 * Returns it trimmed; throws TargetVersionError with a sentence that completes
 * "--target-version …" or "targetVersion …".
 */
export function parseTargetVersion(value: string): string {
  const version = value.trim();
  const shown = quotedInput(version, 21);
  if (!MINOR_VERSION.test(version)) {
    throw new TargetVersionError(
      `must be a Kubernetes minor version such as "1.36" (got ${shown})`,
    );
  }
  const oldest = oldestTargetVersion();
  const parsed = parseKubernetesVersion(version);
  const floor = parseKubernetesVersion(oldest);
  if (parsed && floor && compareKubernetesVersions(parsed, floor) < 0) {
    throw new TargetVersionError(
      `must be ${oldest} or later, the oldest Kubernetes version of the EKS calendar (got ${shown})`,
    );
  }
  const newest = newestTargetVersion();
  const ceiling = parseKubernetesVersion(newest);
  if (parsed && ceiling && compareKubernetesVersions(parsed, ceiling) > 0) {
    const calendar = Object.keys(KUBERNETES_VERSIONS).at(-1);
    throw new TargetVersionError(
      `must be ${newest} or earlier: the scanner's EKS calendar ends at ${calendar} (got ${shown})`,
    );
  }
  return version;
}

/** "1.35" → "1.36". */
export function nextMinorVersion(version: string): string | undefined {
  const parsed = parseKubernetesVersion(version);
  return parsed && `${parsed.major}.${parsed.minor + 1}`;
}

/** The upgrade one cluster is judged for, or why none is. */
export interface UpgradePlan {
  cluster: Cluster;
  from?: string;
  to?: string;
  /** `to` is the next minor version, assumed for want of a target. */
  assumed: boolean;
  /** Present when there is an upgrade to evaluate. */
  step?: UpgradeStep;
  /** Why there is none, or what the verdict does not cover, or the target's own EKS support. */
  note?: string;
  /** A target older than the cluster's version: said in the report's warnings too. */
  belowCluster?: boolean;
}

/** What the target's support in the EKS calendar needs of the scan: its instant and window. */
export type TargetSupportOptions = Pick<EvaluationOptions, 'now' | 'endOfSupportWarningDays'>;

/**
 * What the EKS calendar says of the target itself, when it matters to whoever plans the
 * upgrade: past extended support, in it, leaving standard support within the warning
 * window, or unknown to the calendar. A note, never a blocker: the control plane's own
 * support says nothing of whether the Windows nodes survive the upgrade, and the upgrade is
 * the only way off a version that is out of support (so the cluster-version rules judge
 * today's version only).
 */
export function targetSupportNote(to: string, options: TargetSupportOptions): string | undefined {
  const support = kubernetesSupportOf(to, options.now);
  if (support === undefined) return undefined;
  switch (support.status) {
    case 'ended':
      return `Kubernetes ${to} itself reached the end of EKS extended support on ${support.lifecycle.endOfExtendedSupport}: plan the upgrades after this one before EKS makes them on its own schedule. It does not block this upgrade.`;
    case 'older-than-table':
      return `Kubernetes ${to} is older than ${support.oldestKnown}, the oldest version in the EKS calendar, and has no EKS support: plan the upgrades after this one. It does not block this upgrade.`;
    case 'extended': {
      const { endOfStandardSupport, endOfExtendedSupport } = support.lifecycle;
      return `Kubernetes ${to} left EKS standard support on ${endOfStandardSupport}: after the upgrade the cluster is in extended support, billed at a higher rate, until ${endOfExtendedSupport}.`;
    }
    case 'standard': {
      const { endOfStandardSupport, endOfExtendedSupport } = support.lifecycle;
      const days = daysUntil(options.now, endOfStandardSupport);
      if (days <= 0 || days > options.endOfSupportWarningDays) return undefined;
      return `Kubernetes ${to} leaves EKS standard support on ${endOfStandardSupport}, in ${plural(days, 'day')}; from then until ${endOfExtendedSupport} the cluster is in extended support, billed at a higher rate.`;
    }
    case 'not-in-table':
      return `Kubernetes ${to} is not in the scanner's EKS version calendar (newest: ${support.newestKnown}): its support dates were not checked, and EKS may not offer it yet (\`aws eks describe-cluster-versions\` lists the versions it does).`;
  }
}

/**
 * The upgrade of each cluster with Windows nodes: to `targetVersion`, else to its next minor
 * version. A cluster already at the target, or past it, has none (a target below a cluster's
 * version is no reason to refuse the scan of the others: it is noted); nor has a cluster whose
 * version is unknown. A planned upgrade notes the target's own EKS support when it matters.
 */
export function upgradePlansOf(
  inventory: DecodedInventory,
  targetVersion: string | undefined,
  options: TargetSupportOptions,
): UpgradePlan[] {
  return windowsClustersOf(inventory).map(({ cluster }): UpgradePlan => {
    const from = kubernetesMinorOf(cluster.version);
    const assumed = targetVersion === undefined;
    const to = targetVersion ?? (from === undefined ? undefined : nextMinorVersion(from));
    const current = parseKubernetesVersion(from);
    const target = parseKubernetesVersion(to);
    const versions = {
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    };
    if (from === undefined || current === undefined) {
      return {
        cluster,
        ...versions,
        assumed,
        note: "The cluster's Kubernetes version is unknown: its upgrade was not evaluated.",
      };
    }
    if (to === undefined || target === undefined) return { cluster, ...versions, assumed };
    const order = compareKubernetesVersions(current, target);
    if (order === 0) {
      return { cluster, ...versions, assumed, note: `The cluster already runs Kubernetes ${to}.` };
    }
    if (order > 0) {
      return {
        cluster,
        ...versions,
        assumed,
        belowCluster: true,
        note: `The cluster runs Kubernetes ${from}, newer than the target ${to}: EKS never downgrades a control plane, so there is nothing to evaluate.`,
      };
    }
    const support = kubernetesSupportOf(to, options.now);
    if (assumed && support?.status === 'not-in-table') {
      // Nothing asked for it: "ready for 1.37" would vouch for a version EKS may not have.
      return {
        cluster,
        ...versions,
        assumed,
        note: `Kubernetes ${to}, the next minor version, is newer than any in the scanner's EKS version calendar (newest: ${support.newestKnown}): EKS may not offer it yet, so no upgrade was judged. Once it does, scan with --target-version ${to} (an audit's targetVersion).`,
      };
    }
    const steps = target.minor - current.minor;
    const supportNote = targetSupportNote(to, options);
    const notes = [
      ...(steps > 1
        ? [
            `EKS upgrades a control plane one minor version at a time (${steps} upgrades from ${from}); the nodes were judged against ${to} only, as they are today.`,
          ]
        : []),
      ...(supportNote === undefined ? [] : [supportNote]),
      // The scan looks up the target's AMIs only when asked for a target: not for this verdict.
      ...(assumed
        ? [
            `Whether EKS publishes Windows AMIs for ${to} was not looked up: scan with --target-version ${to} (an audit's targetVersion) for that.`,
          ]
        : []),
    ];
    const note = notes.length > 0 ? notes.join(' ') : undefined;
    return {
      cluster,
      ...versions,
      assumed,
      step: { from, to },
      ...(note === undefined ? {} : { note }),
    };
  });
}

/**
 * The inventory as if each planned cluster's control plane ran its target: only those
 * clusters and their node sources, each cluster's `version` set to the target.
 */
export function projectedInventory(
  inventory: DecodedInventory,
  upgrades: ReadonlyMap<string, UpgradeStep>,
): DecodedInventory {
  return {
    ...inventory,
    clusters: inventory.clusters.flatMap((cluster) => {
      const step = upgrades.get(cluster.name);
      return step === undefined ? [] : [{ ...cluster, version: step.to, upgradingFrom: step.from }];
    }),
    nodeSources: inventory.nodeSources.filter((source) => upgrades.has(source.cluster)),
  };
}

/**
 * The id of an upgrade finding: today's id of the same rule and resource, with the target
 * appended, so the two never collide and each target keeps its own.
 */
export function upgradeFindingId(todayId: string, step: UpgradeStep): string {
  return `${todayId}/upgrade-${step.to}`;
}

/** The title of an upgrade finding: its hit's (the rule's), saying which version it is about. */
export function upgradeTitle(title: string, step: UpgradeStep): string {
  return `${title} (after the upgrade to ${step.to})`;
}

/** The first sentence of an upgrade finding's description. */
export function upgradePreamble(step: UpgradeStep): string {
  return `Upgrade readiness: evaluated as if the control plane ran Kubernetes ${step.to} (it runs ${step.from} today).`;
}

function blockerOf(finding: Finding, problem: string, reported: boolean): ReadinessBlocker {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    title: finding.title,
    resource: finding.resource,
    affected: finding.affected,
    problem,
    remediation: finding.remediation,
    ...(reported ? { findingId: finding.id } : {}),
  };
}

/** An upgrade finding with the sentence that says what is wrong with its resource. */
export interface UpgradeFinding {
  finding: Finding;
  /** The hit's own sentence, else the rule's description. */
  problem: string;
}

/**
 * The verdict of each plan: its cluster's unsuppressed upgrade findings at HIGH or CRITICAL
 * block it. `reported` says whether those findings are in the report (`findingId` then);
 * `unknownReleases` (unknownReleasesByCluster) which clusters have nodes no verdict covers.
 */
export function readinessOf(
  inventory: Pick<DecodedInventory, 'accountId' | 'region'>,
  plans: readonly UpgradePlan[],
  upgradeFindings: readonly UpgradeFinding[],
  reported: boolean,
  unknownReleases: ReadonlyMap<string, number>,
): ClusterReadiness[] {
  // Each cluster's blocking findings, in the order found: one pass, however many clusters.
  const blocking = new Map<string, ReadinessBlocker[]>();
  const suppressed = new Map<string, number>();
  for (const { finding, problem } of upgradeFindings) {
    if (!BLOCKING_SEVERITIES.includes(finding.severity)) continue;
    if (finding.suppressed) {
      suppressed.set(finding.cluster, (suppressed.get(finding.cluster) ?? 0) + 1);
      continue;
    }
    const blocker = blockerOf(finding, problem, reported);
    const known = blocking.get(finding.cluster);
    if (known === undefined) blocking.set(finding.cluster, [blocker]);
    else known.push(blocker);
  }
  return plans.map((plan): ClusterReadiness => {
    const blockers =
      plan.step === undefined ? [] : (blocking.get(plan.cluster.name)?.slice() ?? []);
    const suppressedBlockers =
      plan.step === undefined ? 0 : (suppressed.get(plan.cluster.name) ?? 0);
    const unknown = plan.step === undefined ? 0 : (unknownReleases.get(plan.cluster.name) ?? 0);
    // A ready verdict would otherwise vouch for nodes whose release nothing judged.
    const note = [
      plan.note,
      unknown === 0
        ? undefined
        : `The Windows Server release of some nodes is unknown (${plural(unknown, `${windowsVersionUnknown.id} finding`)}): whether it runs on Kubernetes ${plan.to} was not judged.`,
    ]
      .filter((part) => part !== undefined)
      .join(' ');
    return {
      accountId: inventory.accountId,
      region: inventory.region,
      cluster: plan.cluster.name,
      ...(plan.from === undefined ? {} : { from: plan.from }),
      ...(plan.to === undefined ? {} : { to: plan.to }),
      assumed: plan.assumed,
      status:
        plan.step === undefined ? 'not-applicable' : blockers.length > 0 ? 'blocked' : 'ready',
      blockers,
      ...(suppressedBlockers === 0 ? {} : { suppressedBlockers }),
      ...(note === '' ? {} : { note }),
    };
  });
}

/**
 * Per cluster, today's unsuppressed windows-version-unknown findings: the nodes a verdict
 * can't vouch for, whatever the target (an unknown release is unknown at every version).
 */
export function unknownReleasesByCluster(findings: Iterable<Finding>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    if (finding.ruleId !== windowsVersionUnknown.id || finding.suppressed) continue;
    if (finding.upgrade !== undefined) continue;
    counts.set(finding.cluster, (counts.get(finding.cluster) ?? 0) + 1);
  }
  return counts;
}

/**
 * What follows a verdict when suppressions left blockers out of it: " (1 suppressed blocker)";
 * '' when none did.
 */
export function suppressedBlockersNote(
  entry: Pick<ClusterReadiness, 'suppressedBlockers'>,
): string {
  const count = entry.suppressedBlockers ?? 0;
  return count === 0 ? '' : ` (${plural(count, 'suppressed blocker')})`;
}

/** The warnings of targets older than a cluster's version: the scan went on without them. */
export function upgradeWarnings(
  inventory: Pick<DecodedInventory, 'accountId' | 'region'>,
  plans: readonly UpgradePlan[],
): ScanWarning[] {
  return plans.flatMap((plan) =>
    plan.belowCluster && plan.note !== undefined
      ? [
          {
            code: 'upgrade-target-below-cluster-version',
            message: `Cluster ${plan.cluster.name} runs Kubernetes ${plan.from}, newer than the target ${plan.to}: its upgrade was not judged.`,
            accountId: inventory.accountId,
            region: inventory.region,
            cluster: plan.cluster.name,
          },
        ]
      : [],
  );
}
