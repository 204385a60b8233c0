import type { ArnNamedCluster } from '../cluster-names.ts';
import { isClusterNotFound, isForgivableNotFound } from '../inventory/errors.ts';
import type { ScanError } from '../inventory/types.ts';
import {
  compareFindings,
  countBySeverity,
  scopeOf,
  uniqueReadiness,
  uniqueWarnings,
} from './build.ts';
import { SCANNER_NAME, SCANNER_VERSION } from './scanner.ts';
import { REPORT_SCHEMA_VERSION, type Report } from './types.ts';
import { uniqueBy, uniqueFindings } from './unique.ts';
import { unreachedAccounts } from './unreached-accounts.ts';

export interface MergeOptions {
  scannedAt: Date;
  /** The scope asked for, when it is more than the parts cover (an account not reached). */
  scope?: Report['scope'];
  /** Errors of no part: an account that could not be reached at all. */
  errors?: readonly ScanError[];
}

/** A part's scope as one key: parts with the same key scanned the same accounts and regions. */
function scopeKey(part: Report): string {
  const sorted = (values: readonly string[]) => [...new Set(values)].sort().join(',');
  return `${sorted(part.scope.accounts)}|${sorted(part.scope.regions)}`;
}

/** The clusters the parts were limited to: none unless every part was limited. */
function clustersOfEvery(parts: readonly Report[]): string[] {
  return parts.length > 0 && parts.every((part) => part.scope.clusters !== undefined)
    ? [...new Set(parts.flatMap((part) => part.scope.clusters ?? []))]
    : [];
}

/**
 * One report of several scans (accounts, or account and region pairs): scopes joined,
 * counts added, findings in the report's order, errors kept. Complete only when every part
 * is and no error stands outside them. A scope given twice (an account or an account and
 * region planned twice) is counted once: a later part of the same scope is left out, and a
 * finding reached by two parts (one id) is listed once.
 */
export function mergeReports(allParts: readonly Report[], options: MergeOptions): Report {
  const parts = uniqueBy(allParts, scopeKey);
  const errors = options.errors ?? [];
  const union = (of: (part: Report) => string[]) => [...new Set(parts.flatMap(of))];
  const findings = uniqueFindings(
    parts.flatMap((part) => part.findings),
    compareFindings,
  );
  const warnings = uniqueWarnings(parts.flatMap((part) => part.warnings ?? []));
  const readiness = uniqueReadiness(parts.flatMap((part) => part.readiness ?? []));
  const total = (count: (part: Report) => number) =>
    parts.reduce((sum, part) => sum + count(part), 0);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    scanner: { name: SCANNER_NAME, version: SCANNER_VERSION },
    scannedAt: options.scannedAt.toISOString(),
    complete: errors.length === 0 && parts.every((part) => part.complete),
    scope: options.scope
      ? scopeOf(
          options.scope.accounts,
          options.scope.regions,
          options.scope.clusters ?? clustersOfEvery(parts),
        )
      : scopeOf(
          union((part) => part.scope.accounts),
          union((part) => part.scope.regions),
          clustersOfEvery(parts),
        ),
    summary: {
      clusters: total((part) => part.summary.clusters),
      nodeSources: total((part) => part.summary.nodeSources),
      windowsNodeSources: total((part) => part.summary.windowsNodeSources),
      findings: countBySeverity(findings.filter((finding) => !finding.suppressed)),
    },
    findings,
    errors: [...parts.flatMap((part) => part.errors), ...errors],
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(readiness.length > 0 ? { readiness } : {}),
  };
}

/**
 * A named cluster lives in one account or region (or some): "not found" in the other parts
 * of a report is no failure. A part found the cluster when it looked for it by name, reached
 * its account and says no "not found" of it (runScan already forgives the regions of one
 * scan); only a cluster found in no part keeps its errors. For the accounts of the command
 * line and the account-region parts of the organisation scan.
 */
export function forgiveClustersFoundInOtherParts(
  reports: Report[],
  /** Clusters named by ARN: their "not found" stands (`isForgivableNotFound`). */
  clusterArns: readonly ArnNamedCluster[] = [],
): Report[] {
  const missing = (report: Report, cluster: string) =>
    report.errors.some((error) => error.cluster === cluster && isClusterNotFound(error));
  // A part that did not look has found nothing: the organisation scan looks for a cluster
  // named by ARN in its own account and region alone, and a part whose role could not be
  // assumed looked nowhere. Counted as finding it, either forgave the cluster's only "not
  // found", and a cluster gone passed for a complete report.
  const lookedFor = (report: Report, cluster: string) =>
    report.scope.clusters?.includes(cluster) === true &&
    unreachedAccounts(report.errors).size === 0;
  const named = new Set(
    reports.flatMap((report) =>
      report.errors.flatMap((error) =>
        error.cluster !== undefined && isClusterNotFound(error) ? [error.cluster] : [],
      ),
    ),
  );
  const found = new Set(
    [...named].filter((cluster) =>
      reports.some((report) => lookedFor(report, cluster) && !missing(report, cluster)),
    ),
  );
  if (found.size === 0) return reports;
  return reports.map((report) => {
    const errors = report.errors.filter(
      (error) =>
        !(
          error.cluster !== undefined &&
          found.has(error.cluster) &&
          isForgivableNotFound(error, clusterArns)
        ),
    );
    if (errors.length === report.errors.length) return report;
    // Those errors were all that made the part incomplete when none is left.
    return { ...report, errors, complete: report.complete || errors.length === 0 };
  });
}
