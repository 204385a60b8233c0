import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLaunchTemplateSite,
  aManagedWindowsSource,
  anEksWindowsImage,
  anInventory,
  anInventoryBootstrapping,
  anInventoryBootstrappingOn,
  bootstrapUserData,
  imagesOf,
  literal,
  ruleInput,
  unresolved,
  writtenAround,
} from '../../../test/builders/inventory.ts';
import { evaluateInventory } from '../evaluate.ts';
import { REMOVED_KUBE_PROXY_FLAGS } from '../reference-data/kube-proxy-flags.ts';
import { projectedInventory } from '../upgrade.ts';
import { kubeProxyFlagRemoved } from './kube-proxy-flag-removed.ts';

/** kube-proxy's arguments as Windows setups wrote them to log to a file, before 1.26. */
const LOGGING_TO_A_FILE =
  '--v=4 --logtostderr=false --log-dir=C:\\var\\log\\kube-proxy --proxy-mode=kernelspace';

function onCluster(version: string, kubeProxyExtraArgs: string) {
  return anInventoryBootstrappingOn(version, { KubeProxyExtraArgs: literal(kubeProxyExtraArgs) });
}

describe('Rule: kube-proxy-flag-removed', () => {
  it("fires on klog's flags for a 1.26 kube-proxy, naming only the removed flags and no value", () => {
    // Act
    const hits = kubeProxyFlagRemoved.evaluate(ruleInput(onCluster('1.26', LOGGING_TO_A_FILE)));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          removedFlags: ['--logtostderr', '--log-dir'],
          kubeProxyVersion: '1.26',
          kubeProxyVersionBasis: 'node-ami',
          imageId: 'ami-0windows2022a',
        },
        detail: expect.stringContaining(
          'passes --logtostderr (removed in 1.26), --log-dir (removed in 1.26) to kube-proxy 1.26.',
        ),
      }),
    ]);
    expect(JSON.stringify(hits)).not.toContain('kube-proxy --proxy-mode');
    expect(JSON.stringify(hits)).not.toContain('var\\\\log');
  });

  it('does not fire on the same flags for a 1.25 kube-proxy, which still has them', () => {
    expect(kubeProxyFlagRemoved.evaluate(ruleInput(onCluster('1.25', LOGGING_TO_A_FILE)))).toEqual(
      [],
    );
  });

  it('fires on --proxy-port-range from 1.31 and not on 1.30', () => {
    // Prepare
    const flags = '--proxy-port-range=30000-32767';

    // Act
    const on131 = kubeProxyFlagRemoved.evaluate(ruleInput(onCluster('1.31', flags)));
    const on130 = kubeProxyFlagRemoved.evaluate(ruleInput(onCluster('1.30', flags)));

    // Assess
    expect(on131.map((hit) => hit.evidence.removedFlags)).toEqual([['--proxy-port-range']]);
    expect(on130).toEqual([]);
  });

  it.each([
    ['--cleanup-ipvs', '1.21', '1.20'],
    ['--udp-timeout=250ms', '1.26', '1.25'],
  ])('fires on %s from %s and not on %s', (flags, removedIn, before) => {
    // Act
    const removed = kubeProxyFlagRemoved.evaluate(ruleInput(onCluster(removedIn, flags)));
    const kept = kubeProxyFlagRemoved.evaluate(ruleInput(onCluster(before, flags)));

    // Assess
    expect(removed.map((hit) => hit.evidence.removedFlags)).toEqual([[flags.split('=')[0]]]);
    expect(kept).toEqual([]);
  });

  it('reads a flag written with underscores as kube-proxy does (--log_dir)', () => {
    // Act
    const hits = kubeProxyFlagRemoved.evaluate(ruleInput(onCluster('1.33', '--log_dir=C:\\k')));

    // Assess
    expect(hits[0]?.evidence).toMatchObject({ removedFlags: ['--log-dir'] });
  });

  it('reads the flags written around a variable, and nothing of the variable', () => {
    // Prepare: "--log-dir=$env:LogRoot\kube-proxy --logtostderr=false --log-$Kind=x", as it decodes.
    const inventory = anInventoryBootstrappingOn('1.31', {
      KubeProxyExtraArgs: writtenAround(
        '--log-dir=',
        '\\kube-proxy --logtostderr=false --log-',
        '=x',
      ),
    });

    // Act
    const hits = kubeProxyFlagRemoved.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toMatchObject({ removedFlags: ['--log-dir', '--logtostderr'] });
    expect(hits[0]?.detail).toContain(
      'passes --log-dir (removed in 1.26), --logtostderr (removed in 1.26) to kube-proxy 1.31.',
    );
    expect(JSON.stringify(hits)).not.toMatch(/\uffff|kube-proxy --log/);
  });

  it("judges the control plane's version when the node's is unknown", () => {
    // Prepare: an AMI without an EKS name.
    const inventory = anInventoryBootstrapping(
      { KubeProxyExtraArgs: literal('--alsologtostderr') },
      {
        clusters: [aCluster({ version: '1.30' })],
        images: imagesOf(anEksWindowsImage({ name: 'my-golden-windows-2026-11' })),
      },
    );

    // Act
    const hits = kubeProxyFlagRemoved.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toMatchObject({
      removedFlags: ['--alsologtostderr'],
      kubeProxyVersion: '1.30',
      kubeProxyVersionBasis: 'control-plane',
    });
    expect(hits[0]?.detail).toMatch(
      /to kube-proxy 1\.30 \(the control plane's version: the nodes' own is not known\)\.$/,
    );
  });

  it("does not fire on current flags, an unresolved value, or the kubelet's arguments", () => {
    // Prepare
    const current = onCluster('1.33', '--proxy-mode=kernelspace --enable-dsr --v=4 --vmodule=x=2');
    const unknown = anInventoryBootstrapping({ KubeProxyExtraArgs: unresolved('ProxyArgs') });
    const kubelets = anInventoryBootstrapping({ KubeletExtraArgs: literal('--logtostderr') });

    // Act
    const hits = [current, unknown, kubelets].flatMap((inventory) =>
      kubeProxyFlagRemoved.evaluate(ruleInput(inventory)),
    );

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('Rule: kube-proxy-flag-removed, on a template several node groups share', () => {
  it('reports the flags of the newest kube-proxy among them, whichever group comes first', () => {
    // Prepare: a blue/green upgrade half done, both groups on one template without an AMI.
    const template = aLaunchTemplateSite({
      imageId: undefined,
      userData: bootstrapUserData({
        KubeProxyExtraArgs: literal('--proxy-port-range=1-2 --log-dir=C:\\x'),
      }),
    });
    const group = (name: string, release: string) =>
      aManagedWindowsSource({
        ref: { type: 'AwsEksNodegroup', id: name, name },
        releaseVersion: `${release}-2026.11.10`,
        kubernetesVersion: release,
        sites: [template],
      });
    const inventory = anInventory({
      clusters: [aCluster({ version: '1.31' })],
      nodeSources: [group('blue', '1.30'), group('green', '1.31')],
    });

    // Act
    const { findings } = evaluateInventory(inventory, ruleInput(inventory).options, [
      kubeProxyFlagRemoved,
    ]);

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({
        evidence: {
          removedFlags: ['--proxy-port-range', '--log-dir'],
          kubeProxyVersion: '1.31',
          kubeProxyVersionBasis: 'node-ami',
        },
        affected: [
          expect.objectContaining({ name: 'blue' }),
          expect.objectContaining({ name: 'green' }),
        ],
      }),
    ]);
    expect(findings[0]?.description).toContain(
      'to kube-proxy 1.31. Other node sources using it run 1.30.',
    );
  });

  it.each([
    [
      'two template versions on two releases',
      [
        { name: 'blue', release: '1.30', version: '1', args: '--log-dir=C:\\x' },
        {
          name: 'green',
          release: '1.31',
          version: '2',
          args: '--log-dir=C:\\x --proxy-port-range=1-2',
        },
      ],
    ],
    [
      'one release, template versions that are not numbers (the source named decides)',
      [
        { name: 'blue', release: '1.31', version: '$Latest', args: '--log-dir=C:\\x' },
        { name: 'green', release: '1.31', version: '$Default', args: '--log-dir=C:\\x' },
      ],
    ],
    [
      "one release, the node's version known for one group and not for the other",
      [
        { name: 'blue', release: undefined, version: '1', args: '--log-dir=C:\\x' },
        { name: 'green', release: '1.31', version: '1', args: '--log-dir=C:\\x' },
      ],
    ],
  ])('tells the same finding in either order: %s', (_, groups) => {
    // Prepare: a managed group without a release reads its version from the control plane.
    const inventoryOf = (order: typeof groups) =>
      anInventory({
        clusters: [aCluster({ version: '1.31' })],
        nodeSources: order.map(({ name, release, version, args }) =>
          aManagedWindowsSource({
            ref: { type: 'AwsEksNodegroup', id: name, name },
            amiType: release === undefined ? 'CUSTOM' : 'WINDOWS_CORE_2022_x86_64',
            releaseVersion: release === undefined ? undefined : `${release}-2026.11.10`,
            sites: [
              aLaunchTemplateSite({
                imageId: undefined,
                launchTemplateVersion: version,
                userData: bootstrapUserData({ KubeProxyExtraArgs: literal(args) }),
              }),
            ],
          }),
        ),
      });
    const tell = (order: typeof groups) => {
      const inventory = inventoryOf(order);
      return evaluateInventory(inventory, ruleInput(inventory).options, [
        kubeProxyFlagRemoved,
      ]).findings.map(({ id, evidence, description }) => ({ id, evidence, description }));
    };

    // Act
    const forwards = tell(groups);
    const backwards = tell([...groups].reverse());

    // Assess
    expect(forwards).toHaveLength(1);
    expect(backwards).toEqual(forwards);
    expect(forwards[0]?.evidence).toMatchObject({ kubeProxyVersionBasis: 'node-ami' });
  });
});

describe('Rule: kube-proxy-flag-removed, for an upgrade', () => {
  it('judges the flags against a kube-proxy of the target, whatever the AMI of today', () => {
    // Prepare: --proxy-port-range went in 1.31; the 1.30 AMI's kube-proxy still has it.
    const upgrades = new Map([['prod', { from: '1.30', to: '1.31' }]]);
    const inventory = onCluster('1.30', '--proxy-port-range=30000-32767');

    // Act
    const today = kubeProxyFlagRemoved.evaluate(ruleInput(inventory));
    const upgrade = kubeProxyFlagRemoved.evaluateUpgrade?.({
      ...ruleInput(projectedInventory(inventory, upgrades)),
      upgrades,
    });

    // Assess
    expect(today).toEqual([]);
    expect(upgrade?.map((hit) => hit.evidence)).toEqual([
      {
        removedFlags: ['--proxy-port-range'],
        kubeProxyVersion: '1.31',
        kubeProxyVersionBasis: 'upgrade-target',
        imageId: 'ami-0windows2022a',
      },
    ]);
  });
});

describe('Reference data: REMOVED_KUBE_PROXY_FLAGS', () => {
  it('names a version and a source for every flag', () => {
    // Act
    const incomplete = Object.entries(REMOVED_KUBE_PROXY_FLAGS).filter(
      ([flag, entry]) =>
        !flag.startsWith('--') ||
        !/^1\.\d+$/.test(entry.removedIn) ||
        !entry.source.includes('https://'),
    );

    // Assess
    expect(Object.keys(REMOVED_KUBE_PROXY_FLAGS)).toContain('--logtostderr');
    expect(incomplete).toEqual([]);
  });
});
