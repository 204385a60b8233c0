import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLinuxOnlyInventory,
  anInventoryOnKubernetes,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { eksVersionUnsupported } from './eks-version-unsupported.ts';

describe('Rule: eks-version-unsupported', () => {
  it('fires for a 1.28 cluster, past end of extended support on 2025-11-26', () => {
    // Prepare
    const input = ruleInput(anInventoryOnKubernetes('1.28'));

    // Act
    const hits = eksVersionUnsupported.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.resource).toMatchObject({ type: 'AwsEksCluster', id: 'prod' });
    expect(hits[0]?.evidence).toEqual({
      kubernetesVersion: '1.28',
      endOfExtendedSupport: '2025-11-26',
      datesConfirmed: true,
    });
    expect(hits[0]?.detail).toBe('Kubernetes 1.28 reached end of extended support on 2025-11-26.');
  });

  it('does not fire for a version in extended or standard support', () => {
    // Prepare
    const extended = ruleInput(anInventoryOnKubernetes('1.31'));
    const standard = ruleInput(anInventoryOnKubernetes('1.34'));

    // Act
    const hits = [
      ...eksVersionUnsupported.evaluate(extended),
      ...eksVersionUnsupported.evaluate(standard),
    ];

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires from the first instant of the end of extended support', () => {
    // Prepare
    const inventory = anInventoryOnKubernetes('1.31');

    // Act
    const onTheDay = eksVersionUnsupported.evaluate(
      ruleInput(inventory, { now: new Date('2026-11-26T00:00:00.000Z') }),
    );

    // Assess
    expect(onTheDay.map((hit) => hit.evidence.endOfExtendedSupport)).toEqual(['2026-11-26']);
  });

  it('fires for a version older than the calendar', () => {
    // Prepare
    const input = ruleInput(anInventoryOnKubernetes('1.22'));

    // Act
    const hits = eksVersionUnsupported.evaluate(input);

    // Assess
    expect(hits.map((hit) => hit.evidence)).toEqual([
      { kubernetesVersion: '1.22', oldestVersionInTable: '1.23' },
    ]);
  });

  it('treats a version newer than the calendar as supported', () => {
    // Prepare
    const input = ruleInput(anInventoryOnKubernetes('1.36'));

    // Act
    const hits = eksVersionUnsupported.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not evaluate a cluster without Windows nodes', () => {
    // Prepare
    const input = ruleInput(aLinuxOnlyInventory({ clusters: [aCluster({ version: '1.22' })] }));

    // Act
    const hits = eksVersionUnsupported.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Rule: eks-version-unsupported, for an upgrade', () => {
  it('judges today’s version only: the control plane’s own support never blocks an upgrade', () => {
    // Assess
    expect(eksVersionUnsupported.upgradeReadiness).toBeUndefined();
    expect(eksVersionUnsupported.evaluateUpgrade).toBeUndefined();
  });
});
