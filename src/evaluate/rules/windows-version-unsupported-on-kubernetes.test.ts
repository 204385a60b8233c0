import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aManagedWindowsSource,
  anEksWindowsImage,
  anInventoryOnImage,
  anInventoryOnKubernetes,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { projectedInventory } from '../upgrade.ts';
import { windowsVersionUnsupportedOnKubernetes } from './windows-version-unsupported-on-kubernetes.ts';

function managed2025On(version: string | undefined) {
  return anInventoryOnKubernetes(version, {
    nodeSources: [
      aManagedWindowsSource({
        amiType: 'WINDOWS_FULL_2025_x86_64',
        releaseVersion: '1.35-2026.04.18',
      }),
    ],
  });
}

describe('Rule: windows-version-unsupported-on-kubernetes', () => {
  it('fires for a Windows Server 2025 node group on a 1.33 control plane', () => {
    // Prepare
    const input = ruleInput(managed2025On('1.33'));

    // Act
    const hits = windowsVersionUnsupportedOnKubernetes.evaluate(input);

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: { type: 'AwsEksNodegroup', id: 'win-ng', name: 'win-ng' },
        affected: [
          {
            type: 'AwsEksNodegroup',
            name: 'win-ng',
            id: 'win-ng',
            arn: 'arn:aws:eks:us-west-2:123456789012:nodegroup/prod/win-ng/0',
          },
        ],
        evidence: {
          release: '2025',
          edition: 'Full',
          basis: 'amiType',
          kubernetesVersion: '1.33',
          minimumKubernetesVersion: '1.35',
        },
        detail:
          "Windows Server 2025 needs Kubernetes 1.35 or later; the cluster's control plane runs 1.33.",
      },
    ]);
  });

  it('does not fire for Windows Server 2025 on 1.35', () => {
    // Prepare
    const input = ruleInput(managed2025On('1.35'));

    // Act
    const hits = windowsVersionUnsupportedOnKubernetes.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires for Windows Server 2022 on 1.22 but not on 1.23, the first version with 2022 AMIs', () => {
    // Prepare
    const on122 = anInventoryOnKubernetes('1.22');
    const on123 = anInventoryOnKubernetes('1.23');

    // Act
    const hitsOn122 = windowsVersionUnsupportedOnKubernetes.evaluate(ruleInput(on122));
    const hitsOn123 = windowsVersionUnsupportedOnKubernetes.evaluate(ruleInput(on123));

    // Assess
    expect(hitsOn122.map((hit) => hit.evidence.minimumKubernetesVersion)).toEqual(['1.23']);
    expect(hitsOn123).toEqual([]);
  });

  it('fires for Windows Server 20H2 on 1.20', () => {
    // Prepare
    const windows20H2 = anEksWindowsImage({
      imageId: 'ami-0windows20h2',
      name: 'Windows_Server-20H2-English-Core-EKS_Optimized-1.20-2021.09.14',
    });
    const input = ruleInput(
      anInventoryOnImage(windows20H2, { clusters: [aCluster({ version: '1.20' })] }),
    );

    // Act
    const hits = windowsVersionUnsupportedOnKubernetes.evaluate(input);

    // Assess
    expect(hits.map((hit) => hit.evidence.release)).toEqual(['20H2']);
  });

  it('does not fire for Windows Server 2019, which has no minimum, or when the cluster version is unknown', () => {
    // Prepare
    const windows2019 = anEksWindowsImage({
      imageId: 'ami-0windows2019a',
      name: 'Windows_Server-2019-English-Core-EKS_Optimized-1.20-2021.09.14',
    });
    const old2019 = anInventoryOnImage(windows2019, { clusters: [aCluster({ version: '1.20' })] });

    // Act
    const hits2019 = windowsVersionUnsupportedOnKubernetes.evaluate(ruleInput(old2019));
    const hitsUnknown = windowsVersionUnsupportedOnKubernetes.evaluate(
      ruleInput(managed2025On(undefined)),
    );

    // Assess
    expect(hits2019).toEqual([]);
    expect(hitsUnknown).toEqual([]);
  });

  it('fires for the one node of a 2022 node group on 1.33 that reports a 2025 build, naming it', () => {
    // Prepare
    const inventory = anInventoryOnKubernetes('1.33', {
      nodeSources: [
        aManagedWindowsSource({
          instanceIds: ['i-0a', 'i-0b'],
          runningInstances: [{ instanceId: 'i-0a' }, { instanceId: 'i-0b' }],
        }),
      ],
      instanceOs: {
        'i-0a': { instanceId: 'i-0a', platformVersion: '10.0.26100' },
        'i-0b': { instanceId: 'i-0b', platformVersion: '10.0.20348' },
      },
    });

    // Act
    const hits = windowsVersionUnsupportedOnKubernetes.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        resource: { type: 'AwsEksNodegroup', id: 'win-ng', name: 'win-ng' },
        evidence: {
          release: '2025',
          edition: 'Core',
          basis: 'ssm',
          kubernetesVersion: '1.33',
          minimumKubernetesVersion: '1.35',
          reportingInstances: 1,
          instanceIds: ['i-0a'],
        },
        qualifier: 'windows-2025',
      }),
    ]);
  });
});

describe('Rule: windows-version-unsupported-on-kubernetes, for an upgrade', () => {
  it('says the control plane will run the target after the upgrade, not that it runs it', () => {
    // Prepare: a Windows Server 2025 group of a 1.33 cluster, judged for 1.34.
    const upgrades = new Map([['prod', { from: '1.33', to: '1.34' }]]);
    const inventory = managed2025On('1.33');

    // Act
    const hits = windowsVersionUnsupportedOnKubernetes.evaluate(
      ruleInput(projectedInventory(inventory, upgrades)),
    );

    // Assess
    expect(hits?.map((hit) => hit.detail)).toEqual([
      "Windows Server 2025 needs Kubernetes 1.35 or later; the cluster's control plane will run 1.34 after the upgrade.",
    ]);
  });
});
