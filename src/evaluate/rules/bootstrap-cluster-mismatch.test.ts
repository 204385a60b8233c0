import { describe, expect, it } from 'vitest';
import {
  aLaunchTemplateSite,
  aLinuxImage,
  aLinuxSource,
  anEksWindowsImage,
  anInventory,
  aSelfManagedSource,
  decodedUserData,
  imagesOf,
  literal,
  ruleInput,
  unresolved,
} from '../../../test/builders/inventory.ts';
import type { BootstrapCall } from '../../decode/types.ts';
import { bootstrapClusterMismatch } from './bootstrap-cluster-mismatch.ts';

function inventoryWithArgs(args: BootstrapCall['args']) {
  return anInventory({
    nodeSources: [
      aSelfManagedSource({ sites: [aLaunchTemplateSite({ userData: decodedUserData(args) })] }),
    ],
  });
}

describe('Rule: bootstrap-cluster-mismatch', () => {
  it('fires when -EKSClusterName names another cluster', () => {
    // Prepare
    const inventory = inventoryWithArgs({ EKSClusterName: literal('staging') });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        cluster: 'prod',
        evidence: { bootstrapClusterName: 'staging', clusterName: 'prod' },
      }),
    ]);
    expect(hits[0]?.detail).toContain('"staging"');
  });

  it('compares names exactly, since EKS cluster names are case-sensitive', () => {
    // Prepare
    const inventory = inventoryWithArgs({ EKSClusterName: literal('Prod') });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
  });

  it('does not fire when the name is the owning cluster', () => {
    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(anInventory()));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the name comes from a variable it cannot resolve', () => {
    // Prepare
    const inventory = inventoryWithArgs({ EKSClusterName: unresolved('ClusterName') });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('says nothing about Linux node sources', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [aLinuxSource()],
      images: imagesOf(anEksWindowsImage(), aLinuxImage()),
    });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
