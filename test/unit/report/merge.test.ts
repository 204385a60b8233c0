import { describe, expect, it } from 'vitest';
import type { ClusterReadiness } from '../../../src/evaluate/types.ts';
import { mergeReports } from '../../../src/report/merge.ts';
import { makeFinding, makeReport, SCANNED_AT, sampleReadiness } from './fixtures.ts';

const OTHER_ACCOUNT = '444455556666';

describe('Function: mergeReports', () => {
  it('joins the scopes, adds the counts and orders the findings as one report would', () => {
    // Prepare
    const first = makeReport({ findings: [makeFinding({ severity: 'LOW', id: 'a/low' })] });
    const second = {
      ...makeReport({
        region: 'eu-west-1',
        clusters: ['a', 'b'],
        findings: [
          makeFinding({ severity: 'CRITICAL', id: 'b/critical', accountId: OTHER_ACCOUNT }),
          makeFinding({ severity: 'HIGH', id: 'b/suppressed', suppressed: true }),
        ],
      }),
      scope: { accounts: [OTHER_ACCOUNT], regions: ['eu-west-1'] },
    };

    // Act
    const merged = mergeReports([first, second], { scannedAt: SCANNED_AT });

    // Assess
    expect(merged.scope).toEqual({
      accounts: ['123456789012', OTHER_ACCOUNT],
      regions: ['us-west-2', 'eu-west-1'],
    });
    expect(merged.summary).toEqual({
      clusters: 3,
      nodeSources: 4,
      windowsNodeSources: 2,
      findings: { CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 1, INFORMATIONAL: 0 },
    });
    expect(merged.findings.map((finding) => finding.id)).toEqual([
      'b/critical',
      'b/suppressed',
      'a/low',
    ]);
    expect(merged.complete).toBe(true);
  });

  it('names the clusters of the scope only when every part was limited to some', () => {
    // Prepare
    const limited = (clusters: string[]) => {
      const report = makeReport({});
      return { ...report, scope: { ...report.scope, clusters } };
    };
    const other = {
      ...limited(['dev']),
      scope: { accounts: [OTHER_ACCOUNT], regions: ['us-west-2'], clusters: ['dev'] },
    };

    // Act
    const both = mergeReports([limited(['prod']), other], { scannedAt: SCANNED_AT });
    const mixed = mergeReports(
      [
        limited(['prod']),
        { ...makeReport({}), scope: { accounts: [OTHER_ACCOUNT], regions: ['us-west-2'] } },
      ],
      {
        scannedAt: SCANNED_AT,
      },
    );

    // Assess
    expect(both.scope.clusters).toEqual(['prod', 'dev']);
    expect(mixed.scope).not.toHaveProperty('clusters');
  });

  it('is incomplete when a part is, or when an account could not be reached at all', () => {
    // Prepare
    const incomplete = makeReport({ complete: false });
    const error = {
      accountId: OTHER_ACCOUNT,
      operation: 'AssumeRole',
      code: 'AccessDenied',
      message: 'no',
    };

    // Act
    const fromPart = mergeReports([incomplete, makeReport()], { scannedAt: SCANNED_AT });
    const fromAccount = mergeReports([makeReport()], {
      scannedAt: SCANNED_AT,
      scope: { accounts: ['123456789012', OTHER_ACCOUNT], regions: ['us-west-2'] },
      errors: [error],
    });

    // Assess
    expect(fromPart.complete).toBe(false);
    expect(fromAccount.complete).toBe(false);
    expect(fromAccount.errors).toEqual([error]);
    expect(fromAccount.scope.accounts).toEqual(['123456789012', OTHER_ACCOUNT]);
  });

  it('lists the verdicts of every part, each cluster once', () => {
    // Prepare
    const [prod, staging] = sampleReadiness() as [ClusterReadiness, ClusterReadiness];
    const first = makeReport({ readiness: [prod] });
    const second = {
      ...makeReport({ region: 'eu-west-1', readiness: [staging, prod] }),
      scope: { accounts: ['123456789012'], regions: ['eu-west-1'] },
    };

    // Act
    const merged = mergeReports([first, second], { scannedAt: SCANNED_AT });

    // Assess
    expect(merged.readiness?.map((entry) => entry.cluster)).toEqual(['prod', 'staging']);
  });
});
