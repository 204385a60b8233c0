import type { Finding } from '../evaluate/types.ts';
import type { Report } from '../report/types.ts';
import type { FindingChanges, MergedChanges } from './types.ts';

/** One Security Hub's part in a run. */
export interface HubChanges {
  /** What the hub says changed; null when its previous state could not be read. */
  changes: FindingChanges | null;
  /** The findings this run sends to that hub: all new when it could not be read. */
  findingIds: readonly string[];
}

/**
 * The changes of several Security Hubs (regions, or accounts and regions) as one. Unknown
 * (undefined) only without hubs. A hub that could not be read counts its findings as new,
 * and `unreadHubs` says so (every hub of them, too: the message must not call that a first run).
 */
export function mergeChanges(hubs: readonly HubChanges[]): MergedChanges | undefined {
  if (hubs.length === 0) return undefined;
  const read = hubs.flatMap((hub) => (hub.changes === null ? [] : [hub.changes]));
  const unread = hubs.filter((hub) => hub.changes === null);
  return {
    newFindingIds: [
      ...read.flatMap((change) => change.newFindingIds),
      ...unread.flatMap((hub) => hub.findingIds),
    ],
    resolvedFindingIds: read.flatMap((change) => change.resolvedFindingIds),
    resolvedSeverities: Object.assign({}, ...read.map((change) => change.resolvedSeverities)),
    resolvedTitles: Object.assign({}, ...read.map((change) => change.resolvedTitles)),
    ...(unread.length > 0 ? { unreadHubs: { count: unread.length, of: hubs.length } } : {}),
  };
}

/**
 * The report's findings of this account and region, each Id once. Not an upgrade's findings
 * (`--target-version`): they say what would break at another version, not a control that
 * fails today, and the next scan without a target would archive them again.
 */
export function hubFindings(report: Report, region: string, accountId: string): Finding[] {
  const byId = new Map<string, Finding>();
  for (const finding of report.findings) {
    if (finding.upgrade !== undefined) continue;
    if (finding.region === region && finding.accountId === accountId) byId.set(finding.id, finding);
  }
  return [...byId.values()];
}
