import type { ClusterReadiness, Finding, ScanWarning, Severity } from '../evaluate/types.ts';
import type { ScanError } from '../inventory/types.ts';

export const REPORT_SCHEMA_VERSION = '1';

/** The report of SPEC 2.3; `report.schema.json` beside it describes the same shape. */
export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  scanner: { name: 'eks-windows-scanner'; version: string };
  scannedAt: string;
  complete: boolean;
  /**
   * What was scanned. `clusters`: the cluster names the scan was limited to (`--cluster`, an
   * audit's or a configuration file's clusters); absent when it covered every cluster.
   */
  scope: { accounts: string[]; regions: string[]; clusters?: string[] };
  summary: {
    clusters: number;
    nodeSources: number;
    windowsNodeSources: number;
    findings: Record<Severity, number>;
  };
  findings: Finding[];
  errors: ScanError[];
  /**
   * What did not stop the scan but the operator should see: suppressions that suppress
   * nothing (an unknown rule id in a tag or file, an unreadable entry, an expired date).
   * Absent when there are none.
   */
  warnings?: ScanWarning[];
  /**
   * The upgrade verdict of each cluster with Windows nodes: for `--target-version` (or an
   * audit's `targetVersion`), else for its next minor version (`assumed`). Absent when no
   * cluster has Windows nodes.
   */
  readiness?: ClusterReadiness[];
  /**
   * The CLI's `--severity`, `--rule` and `--exclude-rule` when any was given: the report then
   * holds only the selected findings, and `summary.findings` counts only them. Absent otherwise.
   */
  selection?: ReportSelection;
}

/** What a selection of findings chose, and what it left out of the report. */
export interface ReportSelection {
  severities?: Severity[];
  rules?: string[];
  excludeRules?: string[];
  /** Unsuppressed findings of the scan that the selection left out. */
  findingsLeftOut: number;
  /** The same per severity, every severity present: added to `summary.findings`, the scan's counts. */
  leftOutBySeverity: Record<Severity, number>;
}
