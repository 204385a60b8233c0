import type { FindingChanges } from './types.ts';

/** The changes of several Security Hub syncs (regions, or accounts and regions) as one. */
export function mergeChanges(changes: readonly FindingChanges[]): FindingChanges {
  return {
    newFindingIds: changes.flatMap((change) => change.newFindingIds),
    resolvedFindingIds: changes.flatMap((change) => change.resolvedFindingIds),
    resolvedSeverities: Object.assign({}, ...changes.map((change) => change.resolvedSeverities)),
    resolvedTitles: Object.assign({}, ...changes.map((change) => change.resolvedTitles)),
  };
}
