import { describe, expect, it } from 'vitest';
import { mergeChanges } from '../../../src/organization/aggregator.ts';
import type { ScanPart } from '../../../src/organization/run.ts';
import { makeFinding, makeReport } from '../report/fixtures.ts';

/** One account's part in us-west-2: its report's findings are that account's. */
function part(accountId: string, changes: ScanPart['changes']): ScanPart {
  const report = makeReport({ findings: [makeFinding({ accountId })] });
  const findings = report.findings.map((finding) => ({ ...finding, accountId }));
  return { accountId, region: 'us-west-2', report: { ...report, findings }, changes };
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

  it("counts an unread account and region's findings as new and says how many hubs were not read", () => {
    // Prepare
    const unread = part('444455556666', null);
    const unreadIds = unread.report.findings.map((finding) => finding.id);

    // Act
    const changes = mergeChanges([
      part('111122223333', {
        newFindingIds: ['a'],
        resolvedFindingIds: [],
        resolvedSeverities: {},
        resolvedTitles: {},
      }),
      unread,
    ]);

    // Assess
    expect(unreadIds.length).toBeGreaterThan(0);
    expect(changes).toEqual({
      newFindingIds: ['a', ...unreadIds],
      resolvedFindingIds: [],
      resolvedSeverities: {},
      resolvedTitles: {},
      unreadHubs: { count: 1, of: 2 },
    });
  });

  it('counts every finding as new when no account and region could be read, and says so', () => {
    // Prepare
    const parts = [part('111122223333', null), part('444455556666', null)];
    const ids = parts.flatMap(({ report }) => report.findings.map((finding) => finding.id));

    // Act
    const changes = mergeChanges(parts);

    // Assess: not "no previous run known", which would hide that the hubs failed
    expect(ids.length).toBeGreaterThan(0);
    expect(changes).toEqual({
      newFindingIds: ids,
      resolvedFindingIds: [],
      resolvedSeverities: {},
      resolvedTitles: {},
      unreadHubs: { count: 2, of: 2 },
    });
  });
});
