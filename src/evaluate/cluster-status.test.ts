import { describe, expect, it } from 'vitest';
import { aCluster, aLinuxOnlyInventory, anInventory, NOW } from '../../test/builders/inventory.ts';
import { CLUSTER_NOT_ACTIVE, clusterStatusWarnings } from './cluster-status.ts';
import { evaluateInventory } from './evaluate.ts';

describe('Function: clusterStatusWarnings', () => {
  it.each([
    ['UPDATING', 'an update of its version or configuration is under way'],
    ['DELETING', 'its findings go away with it.'],
    ['CREATING', 'EKS has not finished creating it'],
    ['FAILED', 'EKS could not create it: its nodes can never join it.'],
    ['PENDING', 'what was judged of it may change once it is; scan it again then.'],
  ])('warns that a cluster with Windows nodes is %s, and what that means', (status, meaning) => {
    // Act
    const warnings = clusterStatusWarnings(anInventory({ clusters: [aCluster({ status })] }));

    // Assess
    expect(warnings).toEqual([
      {
        code: CLUSTER_NOT_ACTIVE,
        message: expect.stringContaining(`Cluster "prod" is ${status}, not ACTIVE: ${meaning}`),
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'prod',
      },
    ]);
  });

  it('says nothing of an ACTIVE cluster, one of unknown status, or one without Windows nodes', () => {
    // Prepare
    const inventories = [
      anInventory({ clusters: [aCluster({ status: 'ACTIVE' })] }),
      anInventory({ clusters: [aCluster({ status: undefined })] }),
      aLinuxOnlyInventory({ clusters: [aCluster({ status: 'DELETING' })] }),
    ];

    // Act
    const warnings = inventories.flatMap(clusterStatusWarnings);

    // Assess
    expect(warnings).toEqual([]);
  });

  it("reaches the report's warnings through evaluateInventory, before the others", () => {
    // Prepare: a message quotes only the first few warnings.
    const note = { code: 'eks-insights-unavailable', message: 'Insights could not be read.' };

    // Act
    const evaluated = evaluateInventory(
      anInventory({ clusters: [aCluster({ status: 'UPDATING' })], notes: [note] }),
      { now: NOW, endOfSupportWarningDays: 180, amiExpiryWarningDays: 30 },
    );

    // Assess
    expect((evaluated.warnings ?? []).map((warning) => warning.code)).toEqual([
      CLUSTER_NOT_ACTIVE,
      'eks-insights-unavailable',
    ]);
  });
});
