import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ownershipTagKeys,
  owningCluster,
  taggedClusterNames,
} from '../../../src/collect/cluster-tags.ts';

describe('Function: owningCluster', () => {
  const scanned = new Set(['prod', 'dev']);

  it.each([
    [{ 'kubernetes.io/cluster/prod': 'owned' }, 'prod'],
    [{ 'k8s.io/cluster/dev': 'shared' }, 'dev'],
    [{ 'eks:cluster-name': 'dev' }, 'dev'],
    [{ 'alpha.eksctl.io/cluster-name': 'prod' }, 'prod'],
    [{ 'eks:eks-cluster-name': 'prod', 'karpenter.sh/nodepool': 'default' }, 'prod'],
    [{ 'karpenter.sh/managed-by': 'dev' }, 'dev'],
  ])('assigns a resource tagged %j to its cluster', (tags, cluster) => {
    // Act
    const owner = owningCluster(tags, scanned);

    // Assess
    expect(owner).toBe(cluster);
  });

  it('prefers the name-valued tag over an ownership tag of another cluster', () => {
    // Act
    const owner = owningCluster(
      { 'kubernetes.io/cluster/prod': 'shared', 'eks:cluster-name': 'dev' },
      scanned,
    );

    // Assess
    expect(owner).toBe('dev');
  });

  it('takes the first ownership tag by cluster name, not in the order AWS lists tags', () => {
    // Act
    const owners = [
      { 'kubernetes.io/cluster/prod': 'owned', 'kubernetes.io/cluster/dev': 'owned' },
      { 'kubernetes.io/cluster/dev': 'owned', 'kubernetes.io/cluster/prod': 'owned' },
    ].map((tags) => owningCluster(tags, scanned));

    // Assess
    expect(owners).toEqual(['dev', 'dev']);
  });

  it.each([
    [{ 'kubernetes.io/cluster/prod': 'true' }],
    [{ 'kubernetes.io/cluster/other': 'owned' }],
    [{ 'eks:cluster-name': 'other' }],
    [{ 'karpenter.sh/nodepool': 'default' }],
  ])('assigns no cluster to a resource tagged %j', (tags) => {
    // Act
    const owner = owningCluster(tags, scanned);

    // Assess
    expect(owner).toBeUndefined();
  });
});

describe('Function: taggedClusterNames', () => {
  it('lists every cluster the tags name once, name-valued tags first, then ownership by name', () => {
    // Act
    const names = taggedClusterNames({
      'kubernetes.io/cluster/zeta': 'owned',
      'k8s.io/cluster/alpha': 'shared',
      'kubernetes.io/cluster/green': 'owned',
      'kubernetes.io/cluster/unowned': 'true',
      'alpha.eksctl.io/cluster-name': 'green',
      'eks:cluster-name': 'blue',
    });

    // Assess
    expect(names).toEqual(['blue', 'green', 'alpha', 'zeta']);
  });
});

describe('Functions: owningCluster and taggedClusterNames', () => {
  it('agree: the owner is the first tagged cluster among those scanned', () => {
    // Prepare: few names and keys, so that tags often collide and name several clusters.
    const name = fc.constantFrom<string>('a', 'b', 'B', 'blue', 'green', 'prod-1');
    const key = fc.oneof(
      fc.constantFrom('eks:cluster-name', 'eks:eks-cluster-name', 'karpenter.sh/managed-by'),
      name.map((cluster) => `kubernetes.io/cluster/${cluster}`),
      name.map((cluster) => `k8s.io/cluster/${cluster}`),
    );
    const value = fc.oneof(name, fc.constantFrom('owned', 'shared', 'true'));
    const tags = fc.dictionary(key, value, { maxKeys: 6 });

    // Act, Assess
    fc.assert(
      fc.property(tags, fc.uniqueArray(name), (tagged, scanned) => {
        const clusters = new Set(scanned);
        expect(owningCluster(tagged, clusters)).toBe(
          taggedClusterNames(tagged).find((cluster) => clusters.has(cluster)),
        );
      }),
      { seed: 20_261_129, numRuns: 500 },
    );
  });
});

describe('Function: ownershipTagKeys', () => {
  it('returns both ownership tag keys of every cluster', () => {
    // Act
    const keys = ownershipTagKeys(['prod', 'dev']);

    // Assess
    expect(keys).toEqual([
      'kubernetes.io/cluster/prod',
      'k8s.io/cluster/prod',
      'kubernetes.io/cluster/dev',
      'k8s.io/cluster/dev',
    ]);
  });
});
