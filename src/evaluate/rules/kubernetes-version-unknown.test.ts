import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLinuxOnlyInventory,
  anInventoryOnKubernetes,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { kubernetesVersionUnknown } from './kubernetes-version-unknown.ts';

describe('Rule: kubernetes-version-unknown', () => {
  it('fires for a version newer than the calendar, naming the newest it knows', () => {
    // Prepare
    const input = ruleInput(anInventoryOnKubernetes('1.37'));

    // Act
    const hits = kubernetesVersionUnknown.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({ kubernetesVersion: '1.37', newestVersionInTable: '1.36' });
    expect(hits[0]?.detail).toBe(
      "Kubernetes 1.37 is not in the scanner's EKS version calendar (newest: 1.36); it is treated as supported.",
    );
  });

  it('does not fire for a version in the calendar, nor for one older than it', () => {
    // Prepare
    const known = ruleInput(anInventoryOnKubernetes('1.35'));
    const older = ruleInput(anInventoryOnKubernetes('1.21'));

    // Act
    const hits = [
      ...kubernetesVersionUnknown.evaluate(known),
      ...kubernetesVersionUnknown.evaluate(older),
    ];

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when DescribeCluster gave no version', () => {
    // Prepare
    const input = ruleInput(anInventoryOnKubernetes(undefined));

    // Act
    const hits = kubernetesVersionUnknown.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not evaluate a cluster without Windows nodes', () => {
    // Prepare
    const input = ruleInput(aLinuxOnlyInventory({ clusters: [aCluster({ version: '1.40' })] }));

    // Act
    const hits = kubernetesVersionUnknown.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Rule: kubernetes-version-unknown, for an upgrade', () => {
  it('judges today’s version only: the control plane’s own support never blocks an upgrade', () => {
    // Assess
    expect(kubernetesVersionUnknown.upgradeReadiness).toBeUndefined();
    expect(kubernetesVersionUnknown.evaluateUpgrade).toBeUndefined();
  });
});
