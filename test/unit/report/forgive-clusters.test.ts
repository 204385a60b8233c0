import { describe, expect, it } from 'vitest';
import type { ScanError } from '../../../src/inventory/types.ts';
import { forgiveClustersFoundInOtherParts, mergeReports } from '../../../src/report/merge.ts';
import type { Report } from '../../../src/report/types.ts';
import { makeReport } from './fixtures.ts';

/** An account-region part, as a worker writes it; `errors` make it incomplete. */
function part(region: string, errors: ScanError[]): Report {
  const report = makeReport();
  return {
    ...report,
    scope: { ...report.scope, regions: [region] },
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
});
