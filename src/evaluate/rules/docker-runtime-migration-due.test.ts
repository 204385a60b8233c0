import { describe, expect, it } from 'vitest';
import {
  aCluster,
  anEksWindowsImage,
  anInventoryWithSite,
  bootstrapUserData,
  imagesOf,
  literal,
  ruleInput,
  unresolved,
} from '../../../test/builders/inventory.ts';
import type { BootstrapValue } from '../../decode/types.ts';
import { projectedInventory } from '../upgrade.ts';
import { dockerRuntimeMigrationDue } from './docker-runtime-migration-due.ts';

const ami123 = anEksWindowsImage({
  imageId: 'ami-0windows123',
  name: 'Windows_Server-2019-English-Core-EKS_Optimized-1.23-2023.05.10',
});

function on123Ami(clusterVersion: string, runtime?: BootstrapValue) {
  const userData = bootstrapUserData(runtime ? { ContainerRuntime: runtime } : {});
  return anInventoryWithSite(
    { imageId: ami123.imageId, userData },
    { clusters: [aCluster({ version: clusterVersion })], images: imagesOf(ami123) },
  );
}

describe('Rule: docker-runtime-migration-due', () => {
  it('fires on a 1.23 cluster whose 1.23 EKS AMI defaults to Docker', () => {
    // Prepare
    const input = ruleInput(on123Ami('1.23'));

    // Act
    const hits = dockerRuntimeMigrationDue.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({
      kubernetesVersion: '1.23',
      containerRuntime: 'docker',
      runtimeBasis: 'default',
      nodeKubernetesVersion: '1.23',
      imageId: 'ami-0windows123',
    });
    expect(hits[0]?.detail).toBe(
      "The cluster runs Kubernetes 1.23 and the node's EKS AMI, built for Kubernetes 1.23, defaults to Docker.",
    );
  });

  it('fires for an explicit -ContainerRuntime docker on a 1.22 cluster', () => {
    // Prepare
    const input = ruleInput(on123Ami('1.22', literal('docker')));

    // Act
    const hits = dockerRuntimeMigrationDue.evaluate(input);

    // Assess
    expect(hits.map((hit) => hit.evidence.containerRuntimeArgument)).toEqual(['docker']);
  });

  it('does not fire once the nodes use containerd', () => {
    // Prepare
    const input = ruleInput(on123Ami('1.23', literal('containerd')));

    // Act
    const hits = dockerRuntimeMigrationDue.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on 1.24, where docker-runtime-unsupported takes over', () => {
    // Prepare
    const input = ruleInput(on123Ami('1.24', literal('docker')));

    // Act
    const hits = dockerRuntimeMigrationDue.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire for an unresolved -ContainerRuntime', () => {
    // Prepare
    const input = ruleInput(on123Ami('1.23', unresolved('Runtime')));

    // Act
    const hits = dockerRuntimeMigrationDue.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Rule: docker-runtime-migration-due, for an upgrade', () => {
  it('says the cluster will run the target after the upgrade, not that it runs it', () => {
    // Prepare: a 1.22 cluster (older than the EKS calendar) judged for 1.23.
    const upgrades = new Map([['prod', { from: '1.22', to: '1.23' }]]);
    const inventory = on123Ami('1.22', literal('docker'));

    // Act
    const hits = dockerRuntimeMigrationDue.evaluate(
      ruleInput(projectedInventory(inventory, upgrades)),
    );

    // Assess
    expect(hits?.map((hit) => hit.detail)).toEqual([
      'The cluster will run Kubernetes 1.23 after the upgrade and the bootstrap call passes -ContainerRuntime docker.',
    ]);
  });
});
