import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLinuxOnlyInventory,
  anInventoryOnKubernetes,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { eksVersionExtendedSupport } from './eks-version-extended-support.ts';

describe('Rule: eks-version-extended-support', () => {
  it('fires for a 1.31 cluster with Windows nodes, which is in extended support', () => {
    // Prepare
    const input = ruleInput(anInventoryOnKubernetes('1.31'));

    // Act
    const hits = eksVersionExtendedSupport.evaluate(input);

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: {
          type: 'AwsEksCluster',
          id: 'prod',
          name: 'prod',
          arn: 'arn:aws:eks:us-west-2:123456789012:cluster/prod',
        },
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: {
          kubernetesVersion: '1.31',
          endOfStandardSupport: '2025-11-26',
          endOfExtendedSupport: '2026-11-26',
          datesConfirmed: true,
        },
        detail:
          'Kubernetes 1.31 left standard support on 2025-11-26; extended support ends on 2026-11-26.',
      },
    ]);
  });

  it('does not fire for a version in standard support', () => {
    // Prepare
    const input = ruleInput(anInventoryOnKubernetes('1.34'));

    // Act
    const hits = eksVersionExtendedSupport.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires from the first instant of the end of standard support', () => {
    // Prepare
    const inventory = anInventoryOnKubernetes('1.34');

    // Act
    const onTheDay = eksVersionExtendedSupport.evaluate(
      ruleInput(inventory, { now: new Date('2026-12-02T00:00:00.000Z') }),
    );
    const theMomentBefore = eksVersionExtendedSupport.evaluate(
      ruleInput(inventory, { now: new Date('2026-12-01T23:59:59.999Z') }),
    );

    // Assess
    expect(onTheDay).toHaveLength(1);
    expect(theMomentBefore).toEqual([]);
  });

  it('stops firing once extended support has ended (eks-version-unsupported takes over)', () => {
    // Prepare
    const input = ruleInput(anInventoryOnKubernetes('1.31'), {
      now: new Date('2026-11-26T00:00:00.000Z'),
    });

    // Act
    const hits = eksVersionExtendedSupport.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not evaluate a cluster without Windows nodes', () => {
    // Prepare
    const input = ruleInput(aLinuxOnlyInventory({ clusters: [aCluster({ version: '1.31' })] }));

    // Act
    const hits = eksVersionExtendedSupport.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Rule: eks-version-extended-support, for an upgrade', () => {
  it('judges today’s version only: the control plane’s own support never blocks an upgrade', () => {
    // Assess
    expect(eksVersionExtendedSupport.upgradeReadiness).toBeUndefined();
    expect(eksVersionExtendedSupport.evaluateUpgrade).toBeUndefined();
  });
});
