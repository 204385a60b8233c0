import { describe, expect, it } from 'vitest';
import type { ScanError } from '../../../src/inventory/types.ts';
import { forgiveClustersFoundInOtherParts, mergeReports } from '../../../src/report/merge.ts';
import type { Report } from '../../../src/report/types.ts';
import { makeReport } from './fixtures.ts';

/**
 * An account-region part, as a worker writes it, that looked for `clusters` by name (prod and
 * typo unless told); `errors` make it incomplete.
 */
function part(region: string, errors: ScanError[], clusters = ['prod', 'typo']): Report {
  const report = makeReport();
  return {
    ...report,
    scope: { ...report.scope, regions: [region], clusters },
    errors,
    complete: errors.length === 0,
  };
}

const notFound = (region: string, cluster: string): ScanError => ({
  accountId: '111122223333',
  region,
  cluster,
  operation: 'DescribeCluster',
  code: 'ResourceNotFoundException',
  message: `No cluster found for name: ${cluster}.`,
});

const merge = (parts: Report[]) =>
  mergeReports(forgiveClustersFoundInOtherParts(parts), {
    scannedAt: new Date('2026-11-25T12:00:00Z'),
    scope: { accounts: ['111122223333'], regions: ['us-west-2', 'eu-west-1', 'ap-south-1'] },
  });

describe('Function: forgiveClustersFoundInOtherParts', () => {
  it("drops a named cluster's 'not found' where another part found it, and the report is complete", () => {
    // Act
    const report = merge([
      part('us-west-2', []),
      part('eu-west-1', [notFound('eu-west-1', 'prod')]),
      part('ap-south-1', [notFound('ap-south-1', 'prod')]),
    ]);

    // Assess
    expect(report.errors).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it('keeps every error of a cluster found nowhere, and other errors of a part', () => {
    // Prepare
    const denied: ScanError = {
      accountId: '111122223333',
      region: 'eu-west-1',
      operation: 'ListNodegroups',
      code: 'AccessDeniedException',
      message: 'denied',
    };

    // Act
    const report = merge([
      part('us-west-2', [notFound('us-west-2', 'typo')]),
      part('eu-west-1', [notFound('eu-west-1', 'typo'), notFound('eu-west-1', 'prod'), denied]),
      part('ap-south-1', [notFound('ap-south-1', 'typo'), notFound('ap-south-1', 'prod')]),
    ]);

    // Assess: prod lives in us-west-2; typo nowhere
    expect(report.complete).toBe(false);
    expect(report.errors.map((error) => [error.region, error.cluster, error.code])).toEqual(
      expect.arrayContaining([
        ['us-west-2', 'typo', 'ResourceNotFoundException'],
        ['eu-west-1', 'typo', 'ResourceNotFoundException'],
        ['ap-south-1', 'typo', 'ResourceNotFoundException'],
        ['eu-west-1', undefined, 'AccessDeniedException'],
      ]),
    );
    expect(report.errors).toHaveLength(4);
  });

  it("keeps a cluster's 'not found' when the other parts did not look for it (a cluster named by ARN)", () => {
    // Act: prod is looked for in us-west-2 alone; the other parts look for edge.
    const report = merge([
      part('us-west-2', [notFound('us-west-2', 'prod')], ['prod', 'edge']),
      part('eu-west-1', [], ['edge']),
      part('ap-south-1', [notFound('ap-south-1', 'edge')], ['edge']),
    ]);

    // Assess: prod is gone; edge lives in eu-west-1
    expect(report.complete).toBe(false);
    expect(report.errors.map((error) => [error.region, error.cluster])).toEqual([
      ['us-west-2', 'prod'],
    ]);
  });

  it("keeps a cluster's 'not found' when the only other part could not reach its account", () => {
    // Prepare
    const refused: ScanError = {
      accountId: '444455556666',
      operation: 'AssumeRole',
      code: 'AccessDenied',
      message: 'not authorized to perform sts:AssumeRole',
    };

    // Act
    const report = merge([
      part('us-west-2', [notFound('us-west-2', 'prod')]),
      part('eu-west-1', [refused]),
    ]);

    // Assess
    expect(report.errors.map((error) => [error.operation, error.cluster])).toEqual([
      ['DescribeCluster', 'prod'],
      ['AssumeRole', undefined],
    ]);
  });

  it("keeps the 'not found' of a cluster named by ARN, though a part found its namesake", () => {
    // Prepare: prod named by ARN in us-west-2 and in eu-west-1; eu-west-1's is gone.
    const arns = [
      { accountId: '111122223333', region: 'us-west-2', name: 'prod' },
      { accountId: '111122223333', region: 'eu-west-1', name: 'prod' },
    ];

    // Act
    const parts = [part('us-west-2', []), part('eu-west-1', [notFound('eu-west-1', 'prod')])];
    const report = mergeReports(forgiveClustersFoundInOtherParts(parts, arns), {
      scannedAt: new Date('2026-11-25T12:00:00Z'),
    });

    // Assess
    expect(report.complete).toBe(false);
    expect(report.errors.map((error) => [error.region, error.cluster])).toEqual([
      ['eu-west-1', 'prod'],
    ]);
  });
});
