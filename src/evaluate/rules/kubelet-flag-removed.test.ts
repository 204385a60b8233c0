import { describe, expect, it } from 'vitest';
import {
  aCluster,
  anEksWindowsImage,
  anInventoryBootstrapping,
  anInventoryBootstrappingOn,
  imagesOf,
  literal,
  ruleInput,
  unresolved,
  writtenAround,
} from '../../../test/builders/inventory.ts';
import { REMOVED_KUBELET_FLAGS } from '../reference-data/removed-kubelet-flags.ts';
import { projectedInventory } from '../upgrade.ts';
import { kubeletFlagRemoved } from './kubelet-flag-removed.ts';

/** eksctl's Docker-era extra arguments, as written for 1.2x Windows node groups. */
const DOCKER_ERA =
  '--node-labels=alpha.eksctl.io/nodegroup-name=win --network-plugin=cni --image-pull-progress-deadline=20m --max-pods=110';

function onCluster(version: string, extraArgs: string) {
  return anInventoryBootstrappingOn(version, { KubeletExtraArgs: literal(extraArgs) });
}

describe('Rule: kubelet-flag-removed', () => {
  it('fires on Docker-era flags for a 1.29 kubelet, naming only the removed flags', () => {
    // Act
    const hits = kubeletFlagRemoved.evaluate(ruleInput(onCluster('1.29', DOCKER_ERA)));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          removedFlags: ['--network-plugin', '--image-pull-progress-deadline'],
          kubeletVersion: '1.29',
          kubeletVersionBasis: 'node-ami',
          imageId: 'ami-0windows2022a',
        },
        detail: expect.stringContaining('--network-plugin (removed in 1.24)'),
      }),
    ]);
    expect(JSON.stringify(hits)).not.toContain('20m');
  });

  it('reads the flags written around a variable (--network-plugin=$Plugin)', () => {
    // Act
    const hits = kubeletFlagRemoved.evaluate(
      ruleInput(
        anInventoryBootstrappingOn('1.29', {
          KubeletExtraArgs: writtenAround('--max-pods=110 --network-plugin=', ''),
        }),
      ),
    );

    // Assess
    expect(hits[0]?.evidence).toMatchObject({ removedFlags: ['--network-plugin'] });
  });

  it('reads a flag written with underscores as the kubelet does (--network_plugin)', () => {
    // Act
    const hits = kubeletFlagRemoved.evaluate(
      ruleInput(onCluster('1.33', '--network_plugin=cni --max-pods=30')),
    );

    // Assess
    expect(hits[0]?.evidence).toMatchObject({ removedFlags: ['--network-plugin'] });
  });

  it('does not fire on the same flags for a 1.23 kubelet, which still has them', () => {
    // Act
    const hits = kubeletFlagRemoved.evaluate(ruleInput(onCluster('1.23', DOCKER_ERA)));

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires on --pod-infra-container-image from 1.35 and not on 1.34', () => {
    // Prepare
    const flag = '--pod-infra-container-image=mcr.microsoft.com/oss/kubernetes/pause:3.9';

    // Act
    const on135 = kubeletFlagRemoved.evaluate(ruleInput(onCluster('1.35', flag)));
    const on134 = kubeletFlagRemoved.evaluate(ruleInput(onCluster('1.34', flag)));

    // Assess
    expect(on135.map((hit) => hit.evidence.removedFlags)).toEqual([
      ['--pod-infra-container-image'],
    ]);
    expect(on134).toEqual([]);
  });

  it("fires on klog's flags from 1.26, which Windows setups used to log to a file, and not on 1.25", () => {
    // Prepare: sig-windows-tools passed these until 1.26 kubelets refused to start.
    const flags = '--v=2 --logtostderr=false --log_dir=C:\\var\\log\\kubelet --max-pods=30';

    // Act
    const on126 = kubeletFlagRemoved.evaluate(ruleInput(onCluster('1.26', flags)));
    const on125 = kubeletFlagRemoved.evaluate(ruleInput(onCluster('1.25', flags)));

    // Assess
    expect(on126.map((hit) => hit.evidence.removedFlags)).toEqual([['--logtostderr', '--log-dir']]);
    expect(on126[0]?.detail).toContain('--logtostderr (removed in 1.26)');
    expect(on125).toEqual([]);
  });

  it("judges the control plane's version when the node's is unknown", () => {
    // Prepare: an AMI without an EKS name.
    const inventory = anInventoryBootstrapping(
      { KubeletExtraArgs: literal('--container-runtime=remote') },
      {
        clusters: [aCluster({ version: '1.30' })],
        images: imagesOf(anEksWindowsImage({ name: 'my-golden-windows-2026-11' })),
      },
    );

    // Act
    const hits = kubeletFlagRemoved.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toMatchObject({
      removedFlags: ['--container-runtime'],
      kubeletVersionBasis: 'control-plane',
    });
  });

  it('does not fire on current flags, nor on an unresolved value', () => {
    // Prepare
    const current = onCluster(
      '1.33',
      '--node-labels=a=b --register-with-taints=os=windows:NoSchedule --max-pods=110 --v=2',
    );
    const unknown = anInventoryBootstrapping({ KubeletExtraArgs: unresolved('KubeletArgs') });

    // Act
    const hits = [
      ...kubeletFlagRemoved.evaluate(ruleInput(current)),
      ...kubeletFlagRemoved.evaluate(ruleInput(unknown)),
    ];

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Reference data: REMOVED_KUBELET_FLAGS', () => {
  it('names a version and a source for every flag', () => {
    // Act
    const incomplete = Object.entries(REMOVED_KUBELET_FLAGS).filter(
      ([flag, entry]) =>
        !flag.startsWith('--') ||
        !/^1\.\d+$/.test(entry.removedIn) ||
        !entry.source.includes('https://'),
    );

    // Assess
    expect(incomplete).toEqual([]);
  });
});

describe('Rule: kubelet-flag-removed, for an upgrade', () => {
  it('judges the flags against a kubelet of the target, whatever the AMI of today', () => {
    // Prepare: --pod-infra-container-image went in 1.35; the 1.33 AMI's kubelet still has it.
    const upgrades = new Map([['prod', { from: '1.33', to: '1.35' }]]);
    const inventory = anInventoryBootstrapping({
      KubeletExtraArgs: literal('--pod-infra-container-image=pause:3.9 --max-pods=110'),
    });

    // Act
    const today = kubeletFlagRemoved.evaluate(ruleInput(inventory));
    const upgrade = kubeletFlagRemoved.evaluateUpgrade?.({
      ...ruleInput(projectedInventory(inventory, upgrades)),
      upgrades,
    });

    // Assess
    expect(today).toEqual([]);
    expect(upgrade?.map((hit) => hit.evidence)).toEqual([
      {
        removedFlags: ['--pod-infra-container-image'],
        kubeletVersion: '1.35',
        kubeletVersionBasis: 'upgrade-target',
        imageId: 'ami-0windows2022a',
      },
    ]);
  });
});
