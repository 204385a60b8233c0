import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLaunchTemplateSite,
  anEksWindowsImage,
  anInventory,
  aSelfManagedSource,
  decodedUserData,
  imagesOf,
  literal,
  NOW,
  unresolved,
  userDataWithoutBootstrap,
} from '../../test/builders/inventory.ts';
import type { BootstrapValue } from '../decode/types.ts';
import type { DecodedInventory, DecodedNodeSource } from '../inventory/types.ts';
import { evaluateInventory } from './evaluate.ts';
import { OWNER_OUTSIDE_SCAN, settleOwners } from './owners.ts';

/**
 * A group copied from cluster blue to green with its tags (a blue/green migration): the
 * collector put it with blue, the first of its tags by name.
 */
function aCopiedGroup(
  clusterName: BootstrapValue | 'none',
  overrides: Partial<DecodedNodeSource> = {},
): DecodedNodeSource {
  return aSelfManagedSource({
    cluster: 'blue',
    ownerCandidates: ['blue', 'green'],
    tags: { 'kubernetes.io/cluster/blue': 'owned', 'kubernetes.io/cluster/green': 'owned' },
    sites: [
      aLaunchTemplateSite({
        userData:
          clusterName === 'none'
            ? userDataWithoutBootstrap()
            : decodedUserData({ EKSClusterName: clusterName }),
      }),
    ],
    ...overrides,
  });
}

function anInventoryOf(
  sources: DecodedNodeSource[],
  clusters = ['blue', 'green'],
): DecodedInventory {
  return anInventory({
    clusters: clusters.map((name) => aCluster({ name, arn: `arn:aws:eks:::cluster/${name}` })),
    nodeSources: sources,
    images: imagesOf(anEksWindowsImage()),
  });
}

describe('Function: settleOwners', () => {
  it('gives a source tagged for several clusters to the one its bootstrap call joins', () => {
    // Act
    const settled = settleOwners(anInventoryOf([aCopiedGroup(literal('green'))]));

    // Assess
    expect(settled.nodeSources.map((source) => source.cluster)).toEqual(['green']);
    expect(settled.notes).toBeUndefined();
  });

  it.each([
    ['names a cluster it is not tagged for', literal('staging')],
    ['passes a variable', unresolved('ClusterName')],
    ['binds a word by position', { kind: 'literal', value: 'green', byPosition: true } as const],
    [
      'binds a word through an abbreviation',
      { kind: 'literal', value: 'green', abbreviated: true } as const,
    ],
    ['is missing', 'none' as const],
  ])('leaves it with the first of its clusters when its bootstrap call %s', (_, name) => {
    // Act
    const settled = settleOwners(anInventoryOf([aCopiedGroup(name)]));

    // Assess
    expect(settled.nodeSources.map((source) => source.cluster)).toEqual(['blue']);
  });

  it('leaves it with the first of its clusters when its sites join different ones', () => {
    // Prepare
    const source = aCopiedGroup(literal('green'), {
      ownerCandidates: ['blue', 'green', 'red'],
      sites: [
        aLaunchTemplateSite({ userData: decodedUserData({ EKSClusterName: literal('green') }) }),
        aLaunchTemplateSite({ userData: decodedUserData({ EKSClusterName: literal('red') }) }),
      ],
    });

    // Act
    const settled = settleOwners(anInventoryOf([source], ['blue', 'green', 'red']));

    // Assess
    expect(settled.nodeSources.map((source) => source.cluster)).toEqual(['blue']);
  });

  it('leaves a source whose owner the scan does not cover to that cluster, with a note', () => {
    // Prepare: a scan limited to green; the group joins blue.
    const source = aCopiedGroup(literal('blue'), { cluster: 'green' });

    // Act
    const settled = settleOwners(anInventoryOf([source], ['green']));

    // Assess
    expect(settled.nodeSources).toEqual([]);
    expect(settled.notes).toEqual([
      {
        code: OWNER_OUTSIDE_SCAN,
        message:
          'Auto Scaling group win-asg is tagged for clusters "blue", "green"; its bootstrap call joins cluster "blue", which this scan does not cover. Scan that cluster to judge it.',
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'blue',
      },
    ]);
  });

  it('says so when the tags, not the bootstrap call, named the owner outside the scan', () => {
    // Prepare
    const source = aCopiedGroup(unresolved('ClusterName'), { cluster: 'green' });

    // Act
    const settled = settleOwners(anInventoryOf([source], ['green']));

    // Assess
    expect(settled.notes?.[0]?.message).toContain('its tags name cluster "blue" first, which');
  });

  it('notes the sources left to one cluster in one warning, naming the first five', () => {
    // Prepare: seven groups copied from blue, in a scan of green alone.
    const sources = Array.from({ length: 7 }, (_, index) =>
      aCopiedGroup(literal('blue'), {
        cluster: 'green',
        ref: { type: 'AwsAutoScalingAutoScalingGroup', id: `win-${index}`, name: `win-${index}` },
      }),
    );

    // Act
    const settled = settleOwners(anInventoryOf(sources, ['green']));

    // Assess
    expect(settled.notes?.map((note) => [note.cluster, note.message])).toEqual([
      [
        'blue',
        '7 node sources tagged for several clusters belong to cluster "blue", which this scan does not cover (by their bootstrap calls or, failing those, their tags): Auto Scaling group win-0, Auto Scaling group win-1, Auto Scaling group win-2, Auto Scaling group win-3, Auto Scaling group win-4, and 2 more. Scan that cluster to judge them.',
      ],
    ]);
  });

  it('returns the inventory itself when no source is tagged for several clusters', () => {
    // Prepare
    const inventory = anInventoryOf([aSelfManagedSource({ cluster: 'blue' })]);

    // Act
    const settled = settleOwners(inventory);

    // Assess
    expect(settled).toBe(inventory);
  });
});

describe('Function: evaluateInventory, on a source tagged for several clusters', () => {
  const OPTIONS = { now: NOW, endOfSupportWarningDays: 180, amiExpiryWarningDays: 30 };

  it('judges it against the cluster its bootstrap call joins: no bootstrap-cluster-mismatch', () => {
    // Act
    const evaluated = evaluateInventory(anInventoryOf([aCopiedGroup(literal('green'))]), OPTIONS);

    // Assess
    expect(evaluated.findings.map((finding) => finding.ruleId)).not.toContain(
      'bootstrap-cluster-mismatch',
    );
    expect(evaluated.inventory.nodeSources.map((source) => source.cluster)).toEqual(['green']);
  });

  it('gives its findings the same ids whether the scan covers one of its clusters or both', () => {
    // Prepare: an AMI past its deprecation time, so that the source has a finding of its own.
    const image = anEksWindowsImage({ deprecationTime: '2026-01-01T00:00:00.000Z' });
    const scan = (clusters: string[], collectedWith: string) =>
      evaluateInventory(
        {
          ...anInventoryOf([aCopiedGroup(literal('green'), { cluster: collectedWith })], clusters),
          images: imagesOf(image),
        },
        OPTIONS,
      ).findings.map((finding) => finding.id);

    // Act
    const whole = scan(['blue', 'green'], 'blue');
    const limited = scan(['green'], 'green');

    // Assess
    expect(whole.length).toBeGreaterThan(0);
    expect(limited).toEqual(whole);
  });
});
