import {
  type AffectedRef,
  type ClusterReadiness,
  type EvaluatedInventory,
  type Evidence,
  type Finding,
  type ScanWarning,
  SEVERITIES,
  type Severity,
} from '../evaluate/types.ts';
import type { ResourceRef, ScanError } from '../inventory/types.ts';
import { compareText } from '../text.ts';
import { SCANNER_NAME, SCANNER_VERSION } from './scanner.ts';
import { REPORT_SCHEMA_VERSION, type Report } from './types.ts';
import { uniqueBy, uniqueFindings } from './unique.ts';

export interface BuildReportInput {
  scannedAt: Date;
  accountIds: string[];
  regions: string[];
  /** The cluster names the scan was limited to; empty or absent for every cluster. */
  clusters?: string[];
  evaluated: EvaluatedInventory[];
  /** Warnings of the scan as a whole (a configuration file's), besides the regions' own. */
  warnings?: ScanWarning[];
}

/** A report's scope, `clusters` only when the scan was limited to some. */
export function scopeOf(
  accounts: readonly string[],
  regions: readonly string[],
  clusters: readonly string[] = [],
): Report['scope'] {
  return {
    accounts: unique(accounts),
    regions: unique(regions),
    ...(clusters.length === 0 ? {} : { clusters: unique(clusters) }),
  };
}

/**
 * Assembles the report of SPEC 2.3 from the evaluated inventories of every region.
 *
 * - `summary.findings` counts unsuppressed findings only: a suppression is an operator's
 *   decision that a finding needs no action, so it must not raise the alarm in the summary
 *   (suppressed findings are still listed, with `suppressed: true`).
 * - Findings are in a deterministic order (severity, cluster, rule, resource, then account,
 *   region and id), so two scans of an unchanged estate produce identical reports.
 * - Every object is rebuilt with exactly the fields the schema allows.
 * - One finding per id, and each account and region counted once in the summary, however
 *   often it was evaluated.
 */
export function buildReport(input: BuildReportInput): Report {
  // An account and region evaluated twice (a region named twice) counts once.
  const evaluatedOnce = uniqueBy(
    input.evaluated,
    ({ inventory }) => `${inventory.accountId}/${inventory.region}`,
  );
  const findings = uniqueFindings(
    evaluatedOnce.flatMap((evaluated) => evaluated.findings).map(toReportFinding),
    compareFindings,
  );
  const errors = evaluatedOnce.flatMap((evaluated) =>
    evaluated.inventory.errors.map(toReportError),
  );
  const warnings = uniqueWarnings([
    ...(input.warnings ?? []),
    ...evaluatedOnce.flatMap((evaluated) => evaluated.warnings ?? []),
  ]);
  const readiness = uniqueReadiness(
    evaluatedOnce.flatMap((evaluated) => evaluated.readiness ?? []),
  );
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    scanner: { name: SCANNER_NAME, version: SCANNER_VERSION },
    scannedAt: input.scannedAt.toISOString(),
    complete:
      errors.length === 0 && evaluatedOnce.every((evaluated) => evaluated.inventory.complete),
    scope: scopeOf(input.accountIds, input.regions, input.clusters),
    summary: {
      clusters: sum(evaluatedOnce.map((evaluated) => evaluated.inventory.clusters.length)),
      nodeSources: sum(evaluatedOnce.map((evaluated) => evaluated.inventory.nodeSources.length)),
      windowsNodeSources: sum(evaluatedOnce.map((evaluated) => evaluated.windowsNodeSources)),
      findings: countBySeverity(findings.filter((finding) => !finding.suppressed)),
    },
    findings,
    errors,
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(readiness.length > 0 ? { readiness } : {}),
  };
}

/**
 * Each cluster's verdict once, in account, region and cluster order, rebuilt with exactly the
 * fields the schema allows: parts of a merged report may repeat a cluster.
 */
export function uniqueReadiness(entries: readonly ClusterReadiness[]): ClusterReadiness[] {
  const key = (entry: ClusterReadiness) => `${entry.accountId}/${entry.region}/${entry.cluster}`;
  return uniqueBy(entries, key)
    .sort((a, b) => compareText(key(a), key(b)))
    .map((entry) => ({
      accountId: entry.accountId,
      region: entry.region,
      cluster: entry.cluster,
      ...(entry.from === undefined ? {} : { from: entry.from }),
      ...(entry.to === undefined ? {} : { to: entry.to }),
      assumed: entry.assumed,
      status: entry.status,
      blockers: entry.blockers.map((blocker) => ({
        ruleId: blocker.ruleId,
        severity: blocker.severity,
        title: blocker.title,
        resource: toResourceRef(blocker.resource),
        affected: blocker.affected.map(toAffectedRef),
        problem: blocker.problem,
        remediation: blocker.remediation,
        ...(blocker.findingId === undefined ? {} : { findingId: blocker.findingId }),
      })),
      ...(entry.suppressedBlockers === undefined
        ? {}
        : { suppressedBlockers: entry.suppressedBlockers }),
      ...(entry.note === undefined ? {} : { note: entry.note }),
    }));
}

/**
 * Each warning once, as the schema allows it: a configuration file's warning is raised by
 * every region evaluated, and parts of a merged report may repeat one.
 */
export function uniqueWarnings(warnings: readonly ScanWarning[]): ScanWarning[] {
  const seen = new Set<string>();
  const unique: ScanWarning[] = [];
  for (const warning of warnings) {
    const copy: ScanWarning = {
      code: warning.code,
      message: warning.message,
      ...(warning.accountId === undefined ? {} : { accountId: warning.accountId }),
      ...(warning.region === undefined ? {} : { region: warning.region }),
      ...(warning.cluster === undefined ? {} : { cluster: warning.cluster }),
    };
    const key = JSON.stringify(copy);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(copy);
  }
  return unique;
}

const SEVERITY_RANKS: ReadonlyMap<string, number> = new Map(
  SEVERITIES.map((severity, rank) => [severity, rank]),
);

/** CRITICAL is 0, INFORMATIONAL 4: lower is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITY_RANKS.get(severity) ?? -1;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareText(a.cluster, b.cluster) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.resource.id, b.resource.id) ||
    compareText(a.accountId, b.accountId) ||
    compareText(a.region, b.region) ||
    compareText(a.id, b.id)
  );
}

function toReportFinding(finding: Finding): Finding {
  // Built field by field, in the schema's order: no spread of optional fields, one object each.
  const copy: Finding = {
    id: finding.id,
    ruleId: finding.ruleId,
    severity: finding.severity,
    title: finding.title,
    description: finding.description,
    remediation: finding.remediation,
    accountId: finding.accountId,
    region: finding.region,
    cluster: finding.cluster,
    resource: toResourceRef(finding.resource),
    affected: finding.affected.map(toAffectedRef),
    evidence: copyEvidence(finding.evidence),
    suppressed: finding.suppressed,
  };
  const { suppression, upgrade } = finding;
  if (suppression !== undefined) {
    copy.suppression = { source: suppression.source, origin: suppression.origin };
    if (suppression.until !== undefined) copy.suppression.until = suppression.until;
    if (suppression.reason !== undefined) copy.suppression.reason = suppression.reason;
  }
  if (upgrade !== undefined) copy.upgrade = { from: upgrade.from, to: upgrade.to };
  return copy;
}

function toResourceRef(resource: ResourceRef): ResourceRef {
  const copy: ResourceRef = { type: resource.type, id: resource.id };
  if (resource.name !== undefined) copy.name = resource.name;
  if (resource.arn !== undefined) copy.arn = resource.arn;
  return copy;
}

function toAffectedRef(affected: AffectedRef): AffectedRef {
  const copy: AffectedRef = { type: affected.type, name: affected.name };
  if (affected.id !== undefined) copy.id = affected.id;
  if (affected.arn !== undefined) copy.arn = affected.arn;
  return copy;
}

function copyEvidence(evidence: Evidence): Evidence {
  const copy: Evidence = {};
  for (const key of Object.keys(evidence)) {
    const value = evidence[key] as Evidence[string];
    copy[key] = Array.isArray(value) ? value.slice() : value;
  }
  return copy;
}

function toReportError(error: ScanError): ScanError {
  return {
    ...(error.accountId === undefined ? {} : { accountId: error.accountId }),
    ...(error.region === undefined ? {} : { region: error.region }),
    ...(error.cluster === undefined ? {} : { cluster: error.cluster }),
    operation: error.operation,
    code: error.code,
    message: error.message,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
