import { describe, expect, it } from 'vitest';
import { looksForNothing, targetClusters } from '../../../src/organization/cluster-scope.ts';

const PROD = 'arn:aws:eks:us-west-2:444455556666:cluster/prod';
const prodArn = {
  arn: PROD,
  partition: 'aws',
  region: 'us-west-2',
  accountId: '444455556666',
  name: 'prod',
};

describe('Function: targetClusters', () => {
  it("looks for an ARN's cluster in its own account and region, and the plain names everywhere", () => {
    // Act
    const own = targetClusters(
      { accountId: '444455556666', region: 'us-west-2' },
      ['prod', 'legacy'],
      [prodArn],
    );
    const otherAccount = targetClusters(
      { accountId: '111122223333', region: 'us-west-2' },
      ['prod', 'legacy'],
      [prodArn],
    );
    const otherRegion = targetClusters(
      { accountId: '444455556666', region: 'eu-west-1' },
      ['prod', 'legacy'],
      [prodArn],
    );

    // Assess
    expect(own).toEqual(['legacy', 'prod']);
    expect(otherAccount).toEqual(['legacy']);
    expect(otherRegion).toEqual(['legacy']);
  });

  it('takes the names as they are without ARNs (an event of an older state machine)', () => {
    expect(
      targetClusters({ accountId: '111122223333', region: 'us-west-2' }, ['prod'], []),
    ).toEqual(['prod']);
  });
});

describe('Function: looksForNothing', () => {
  const elsewhere = { accountId: '111122223333', region: 'us-west-2' };

  it('is true where the run names clusters and none is for that account and region', () => {
    expect(looksForNothing(elsewhere, ['prod'], [prodArn])).toBe(true);
    // An ARN without its name among the names (an event written by hand) looks for no other.
    expect(looksForNothing(elsewhere, [], [prodArn])).toBe(true);
  });

  it('is false where a cluster is looked for, and for a run of every cluster', () => {
    expect(
      looksForNothing({ accountId: '444455556666', region: 'us-west-2' }, ['prod'], [prodArn]),
    ).toBe(false);
    expect(looksForNothing(elsewhere, ['prod', 'legacy'], [prodArn])).toBe(false);
    expect(looksForNothing(elsewhere, [], [])).toBe(false);
  });
});
