import { describe, expect, it } from 'vitest';
import { mergeChanges } from '../../../src/organization/aggregator.ts';
import type { ScanPart } from '../../../src/organization/run.ts';
import { makeReport } from '../report/fixtures.ts';

function part(accountId: string, changes: ScanPart['changes']): ScanPart {
  return { accountId, region: 'us-west-2', report: makeReport(), changes };
}

describe('Function: mergeChanges', () => {
  it("joins what every account's Security Hub says changed", () => {
    // Act
    const changes = mergeChanges([
      part('111122223333', {
        newFindingIds: ['a'],
        resolvedFindingIds: ['b'],
        resolvedSeverities: { b: 'HIGH' },
        resolvedTitles: { b: 'B' },
      }),
      part('444455556666', {
        newFindingIds: ['c'],
        resolvedFindingIds: [],
        resolvedSeverities: {},
        resolvedTitles: {},
      }),
    ]);

    // Assess
    expect(changes).toEqual({
      newFindingIds: ['a', 'c'],
      resolvedFindingIds: ['b'],
      resolvedSeverities: { b: 'HIGH' },
      resolvedTitles: { b: 'B' },
    });
  });

  it('knows nothing when one account and region is unknown: the summary then tells every finding', () => {
    // Act
    const changes = mergeChanges([
      part('111122223333', {
        newFindingIds: [],
        resolvedFindingIds: [],
        resolvedSeverities: {},
        resolvedTitles: {},
      }),
      part('444455556666', null),
    ]);

    // Assess
    expect(changes).toBeUndefined();
  });
});
