import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aManagedWindowsSource,
  anEksWindowsImage,
  anInventory,
  anInventoryOnImage,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { projectedInventory } from '../upgrade.ts';
import { amiKubernetesVersionMismatch } from './ami-kubernetes-version-mismatch.ts';

function amiFor(kubernetesVersion: string) {
  return anEksWindowsImage({
    imageId: `ami-0k8s${kubernetesVersion.replace('.', '')}`,
    name: `Windows_Server-2022-English-Core-EKS_Optimized-${kubernetesVersion}-2025.01.14`,
  });
}

function nodesOn(amiVersion: string, clusterVersion: string) {
  return ruleInput(
    anInventoryOnImage(amiFor(amiVersion), { clusters: [aCluster({ version: clusterVersion })] }),
  );
}

describe('Rule: ami-kubernetes-version-mismatch', () => {
  it('fires for an AMI built for a newer Kubernetes version than the control plane', () => {
    // Prepare
    const input = nodesOn('1.33', '1.32');

    // Act
    const hits = amiKubernetesVersionMismatch.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({
      kubernetesVersion: '1.32',
      nodeKubernetesVersion: '1.33',
      allowedMinorVersionsBehind: 3,
      imageId: 'ami-0k8s133',
    });
    expect(hits[0]?.detail).toBe(
      "The node software is built for Kubernetes 1.33, newer than the control plane's 1.32.",
    );
  });

  it('fires four minor versions behind a 1.33 control plane but not three', () => {
    // Prepare
    const fourBehind = nodesOn('1.29', '1.33');
    const threeBehind = nodesOn('1.30', '1.33');

    // Act
    const fourHits = amiKubernetesVersionMismatch.evaluate(fourBehind);
    const threeHits = amiKubernetesVersionMismatch.evaluate(threeBehind);

    // Assess
    expect(fourHits.map((hit) => hit.detail)).toEqual([
      "The node software is built for Kubernetes 1.29, more than 3 minor versions behind the control plane's 1.33.",
    ]);
    expect(threeHits).toEqual([]);
  });

  it('allows only two minor versions behind a control plane before 1.28', () => {
    // Prepare
    const threeBehind = nodesOn('1.24', '1.27');
    const twoBehind = nodesOn('1.25', '1.27');

    // Act
    const threeHits = amiKubernetesVersionMismatch.evaluate(threeBehind);
    const twoHits = amiKubernetesVersionMismatch.evaluate(twoBehind);

    // Assess
    expect(threeHits.map((hit) => hit.evidence.allowedMinorVersionsBehind)).toEqual([2]);
    expect(twoHits).toEqual([]);
  });

  it('reads a managed node group release version', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [
        aManagedWindowsSource({ releaseVersion: '1.28-2024.11.12', kubernetesVersion: '1.28' }),
      ],
    });

    // Act
    const hits = amiKubernetesVersionMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits.map((hit) => hit.evidence.nodeKubernetesVersion)).toEqual(['1.28']);
  });

  it('does not fire when the AMI is not an EKS AMI whose name gives the version', () => {
    // Prepare
    const golden = anEksWindowsImage({ imageId: 'ami-0golden', name: 'corp-windows-2022-golden' });
    const input = ruleInput(
      anInventoryOnImage(golden, { clusters: [aCluster({ version: '1.33' })] }),
    );

    // Act
    const hits = amiKubernetesVersionMismatch.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Rule: ami-kubernetes-version-mismatch, for an upgrade', () => {
  it('speaks of the control plane after the upgrade, not of today’s', () => {
    // Prepare: a 1.33 cluster judged for 1.34, with nodes on 1.35 and 1.30 AMIs.
    const upgrades = new Map([['prod', { from: '1.33', to: '1.34' }]]);
    const inventories = [nodesOn('1.35', '1.33'), nodesOn('1.30', '1.33')].map(
      ({ inventory }) => inventory,
    );

    // Act
    const hits = inventories.flatMap((inventory) =>
      amiKubernetesVersionMismatch.evaluate(ruleInput(projectedInventory(inventory, upgrades))),
    );

    // Assess
    expect(hits.map((hit) => hit.detail)).toEqual([
      "The node software is built for Kubernetes 1.35, newer than the control plane's 1.34 after the upgrade.",
      "The node software is built for Kubernetes 1.30, more than 3 minor versions behind the control plane's 1.34 after the upgrade.",
    ]);
  });
});
