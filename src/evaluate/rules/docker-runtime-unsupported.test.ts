import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aManagedWindowsSource,
  anEksWindowsImage,
  anInventoryOnKubernetes,
  anInventoryWithSite,
  bootstrapUserData,
  imagesOf,
  literal,
  ruleInput,
  unresolved,
  userDataWithoutBootstrap,
} from '../../../test/builders/inventory.ts';
import type { BootstrapValue, UserDataAnalysis } from '../../decode/types.ts';
import { projectedInventory } from '../upgrade.ts';
import { dockerRuntimeUnsupported } from './docker-runtime-unsupported.ts';

const ami123 = anEksWindowsImage({
  imageId: 'ami-0windows123',
  name: 'Windows_Server-2019-English-Core-EKS_Optimized-1.23-2023.05.10',
});
const ami129 = anEksWindowsImage({
  imageId: 'ami-0windows129',
  name: 'Windows_Server-2022-English-Core-EKS_Optimized-1.29-2025.01.14',
});

function selfManaged(options: {
  clusterVersion: string;
  imageId: string;
  userData?: UserDataAnalysis;
  runtime?: BootstrapValue;
}) {
  const userData =
    options.userData ??
    bootstrapUserData(options.runtime ? { ContainerRuntime: options.runtime } : {});
  return anInventoryWithSite(
    { imageId: options.imageId, userData },
    { clusters: [aCluster({ version: options.clusterVersion })], images: imagesOf(ami123, ami129) },
  );
}

describe('Rule: docker-runtime-unsupported', () => {
  it('leaves -ContainerRuntime dockerd to container-runtime-invalid: it is no Windows runtime', () => {
    // Prepare
    const input = ruleInput(
      selfManaged({
        clusterVersion: '1.29',
        imageId: 'ami-0windows129',
        runtime: literal('dockerd'),
      }),
    );

    // Act
    const hits = dockerRuntimeUnsupported.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('compares the runtime name case-insensitively', () => {
    // Prepare
    const input = ruleInput(
      selfManaged({
        clusterVersion: '1.29',
        imageId: 'ami-0windows129',
        runtime: literal('Docker'),
      }),
    );

    // Act
    const hits = dockerRuntimeUnsupported.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
  });

  it('fires for a 1.23 EKS AMI without -ContainerRuntime on a 1.24 cluster (Docker by default)', () => {
    // Prepare
    const input = ruleInput(selfManaged({ clusterVersion: '1.24', imageId: 'ami-0windows123' }));

    // Act
    const hits = dockerRuntimeUnsupported.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toMatchObject({
      runtimeBasis: 'default',
      nodeKubernetesVersion: '1.23',
      kubernetesVersion: '1.24',
    });
  });

  it('fires for a managed node group still on a 1.23 release after the control plane moved to 1.24', () => {
    // Prepare
    const inventory = anInventoryOnKubernetes('1.24', {
      nodeSources: [
        aManagedWindowsSource({
          amiType: 'WINDOWS_CORE_2019_x86_64',
          releaseVersion: '1.23-2023.05.10',
          kubernetesVersion: '1.23',
        }),
      ],
    });

    // Act
    const hits = dockerRuntimeUnsupported.evaluate(ruleInput(inventory));

    // Assess
    expect(hits.map((hit) => hit.resource.type)).toEqual(['AwsEksNodegroup']);
  });

  it('does not fire when a 1.23 EKS AMI is told to use containerd', () => {
    // Prepare
    const input = ruleInput(
      selfManaged({
        clusterVersion: '1.24',
        imageId: 'ami-0windows123',
        runtime: literal('containerd'),
      }),
    );

    // Act
    const hits = dockerRuntimeUnsupported.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire for a 1.24+ EKS AMI without -ContainerRuntime (containerd by default)', () => {
    // Prepare
    const input = ruleInput(selfManaged({ clusterVersion: '1.29', imageId: 'ami-0windows129' }));

    // Act
    const hits = dockerRuntimeUnsupported.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire for an unresolved -ContainerRuntime, even on a 1.23 AMI', () => {
    // Prepare
    const input = ruleInput(
      selfManaged({
        clusterVersion: '1.24',
        imageId: 'ami-0windows123',
        runtime: unresolved('Runtime'),
      }),
    );

    // Act
    const hits = dockerRuntimeUnsupported.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the user data is unreadable or never bootstraps a self-managed node', () => {
    // Prepare
    const unreadable = selfManaged({
      clusterVersion: '1.24',
      imageId: 'ami-0windows123',
      userData: { status: 'unreadable', reason: 'not base64' },
    });
    const noBootstrap = selfManaged({
      clusterVersion: '1.24',
      imageId: 'ami-0windows123',
      userData: userDataWithoutBootstrap(),
    });

    // Act
    const hits = [
      ...dockerRuntimeUnsupported.evaluate(ruleInput(unreadable)),
      ...dockerRuntimeUnsupported.evaluate(ruleInput(noBootstrap)),
    ];

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on a 1.23 control plane (docker-runtime-migration-due covers it)', () => {
    // Prepare
    const input = ruleInput(
      selfManaged({
        clusterVersion: '1.23',
        imageId: 'ami-0windows123',
        runtime: literal('docker'),
      }),
    );

    // Act
    const hits = dockerRuntimeUnsupported.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Rule: docker-runtime-unsupported, for an upgrade', () => {
  it('says the cluster will run the target after the upgrade, not that it runs it', () => {
    // Prepare: a 1.24 cluster judged for 1.25, one group passing docker, one on a 1.23 AMI.
    const upgrades = new Map([['prod', { from: '1.24', to: '1.25' }]]);
    const explicit = selfManaged({
      clusterVersion: '1.24',
      imageId: 'ami-0windows129',
      runtime: literal('docker'),
    });
    const byDefault = selfManaged({ clusterVersion: '1.24', imageId: 'ami-0windows123' });

    // Act
    const today = [explicit, byDefault].flatMap((inventory) =>
      dockerRuntimeUnsupported.evaluate(ruleInput(inventory)),
    );
    const upgrade = [explicit, byDefault].flatMap((inventory) =>
      dockerRuntimeUnsupported.evaluate(ruleInput(projectedInventory(inventory, upgrades))),
    );

    // Assess
    expect(today.map((hit) => hit.detail)).toEqual([
      'The bootstrap call passes -ContainerRuntime docker, but the cluster runs Kubernetes 1.24, which does not support Docker.',
      "The node's EKS AMI is built for Kubernetes 1.23 and defaults to Docker (no -ContainerRuntime containerd), but the cluster runs 1.24.",
    ]);
    expect(upgrade.map((hit) => hit.detail)).toEqual([
      'The bootstrap call passes -ContainerRuntime docker, but the cluster will run Kubernetes 1.25 after the upgrade, which does not support Docker.',
      "The node's EKS AMI is built for Kubernetes 1.23 and defaults to Docker (no -ContainerRuntime containerd), but the cluster will run 1.25 after the upgrade.",
    ]);
  });
});
