import { describe, expect, it } from 'vitest';
import {
  aManagedWindowsSource,
  anEksWindowsImage,
  anInstanceSource,
  anInventory,
  aSelfManagedSource,
  imagesOf,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import type { DecodedInventory, DecodedNodeSource, InstanceOsInfo } from '../../inventory/types.ts';
import { MAX_QUOTED_INSTANCES } from '../drift.ts';
import { evaluateInventory } from '../evaluate.ts';
import { windowsBuildContradictsAmi } from './windows-build-contradicts-ami.ts';

/** Named 2022, the builders' default AMI. */
const named2022 = anEksWindowsImage();
const named2019 = anEksWindowsImage({
  imageId: 'ami-0windows2019a',
  name: 'Windows_Server-2019-English-Core-EKS_Optimized-1.33-2026.11.10',
});
const golden = anEksWindowsImage({ imageId: 'ami-0golden', name: 'corp-windows-golden' });

function ssm(entries: Record<string, string>): Record<string, InstanceOsInfo> {
  return Object.fromEntries(
    Object.entries(entries).map(([instanceId, platformVersion]) => [
      instanceId,
      { instanceId, platformName: 'Microsoft Windows Server Datacenter', platformVersion },
    ]),
  );
}

function inventoryWith(
  source: DecodedNodeSource,
  instanceOs: Record<string, InstanceOsInfo>,
): DecodedInventory {
  return anInventory({
    nodeSources: [source],
    images: imagesOf(named2022, named2019, golden),
    instanceOs,
  });
}

describe('Rule: windows-build-contradicts-ami', () => {
  it('fires on the group whose node runs an AMI named 2022 but reports build 17763 (2019)', () => {
    // Prepare
    const source = aSelfManagedSource({
      instanceIds: ['i-0aaa', 'i-0bbb'],
      runningInstances: [
        { instanceId: 'i-0aaa', imageId: named2022.imageId },
        { instanceId: 'i-0bbb', imageId: named2022.imageId },
      ],
    });
    const inventory = inventoryWith(
      source,
      ssm({ 'i-0aaa': '10.0.17763', 'i-0bbb': '10.0.20348' }),
    );

    // Act
    const hits = windowsBuildContradictsAmi.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-asg', name: 'win-asg' },
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: {
          imageId: 'ami-0windows2022a',
          amiRelease: '2022',
          reportedRelease: '2019',
          reportedBuild: '17763',
          runningInstances: 2,
          contradictingInstances: 1,
          instanceIds: ['i-0aaa'],
        },
        detail:
          '1 of 2 running nodes run ami-0windows2022a, whose name says Windows Server 2022, but Systems Manager reports Windows Server 2019 (build 17763) on them.',
        qualifier: 'ami-0windows2022a/windows-2019',
      },
    ]);
  });

  it("judges each node by the AMI it runs, not the one its group declares now (drift is node-drift's)", () => {
    // Prepare: the template moved to a 2022 AMI; the node still runs the 2019 one and says so.
    const source = aSelfManagedSource({
      instanceIds: ['i-0old'],
      runningInstances: [{ instanceId: 'i-0old', imageId: named2019.imageId }],
    });
    const inventory = inventoryWith(source, ssm({ 'i-0old': '10.0.17763' }));

    // Act
    const hits = windowsBuildContradictsAmi.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires on a managed node group and on a Karpenter instance, each on its own AMI', () => {
    // Prepare
    const group = aManagedWindowsSource({
      instanceIds: ['i-0ng1'],
      runningInstances: [{ instanceId: 'i-0ng1', imageId: named2019.imageId }],
    });
    const instance = anInstanceSource();
    const inventory = anInventory({
      nodeSources: [group, instance],
      images: imagesOf(named2022, named2019),
      instanceOs: ssm({ 'i-0ng1': '10.0.20348', 'i-0123456789abcdef0': '10.0.26100' }),
    });

    // Act
    const hits = windowsBuildContradictsAmi.evaluate(ruleInput(inventory));

    // Assess
    expect(
      hits.map((hit) => [
        hit.resource.type,
        hit.resource.id,
        hit.evidence.imageId,
        hit.evidence.amiRelease,
        hit.evidence.reportedRelease,
        hit.evidence.instanceIds,
      ]),
    ).toEqual([
      ['AwsEksNodegroup', 'win-ng', 'ami-0windows2019a', '2019', '2022', ['i-0ng1']],
      [
        'AwsEc2Instance',
        'i-0123456789abcdef0',
        'ami-0windows2022a',
        '2022',
        '2025',
        ['i-0123456789abcdef0'],
      ],
    ]);
  });

  it('makes one finding per AMI and reported release, with ids of their own', () => {
    // Prepare
    const source = aSelfManagedSource({
      instanceIds: ['i-0a', 'i-0b', 'i-0c'],
      runningInstances: [
        { instanceId: 'i-0a', imageId: named2022.imageId },
        { instanceId: 'i-0b', imageId: named2019.imageId },
        { instanceId: 'i-0c', imageId: named2022.imageId },
      ],
    });
    const inventory = inventoryWith(
      source,
      ssm({ 'i-0a': '10.0.17763', 'i-0b': '10.0.20348', 'i-0c': '10.0.17763' }),
    );

    // Act
    const findings = evaluateInventory(inventory, ruleInput(inventory).options, [
      windowsBuildContradictsAmi,
    ]).findings;

    // Assess
    expect(findings.map((finding) => [finding.id, finding.evidence.instanceIds])).toEqual([
      [
        '123456789012/us-west-2/prod/windows-build-contradicts-ami/AwsAutoScalingAutoScalingGroup/win-asg/ami-0windows2019a/windows-2022',
        ['i-0b'],
      ],
      [
        '123456789012/us-west-2/prod/windows-build-contradicts-ami/AwsAutoScalingAutoScalingGroup/win-asg/ami-0windows2022a/windows-2019',
        ['i-0a', 'i-0c'],
      ],
    ]);
    expect(findings.every((finding) => finding.severity === 'MEDIUM')).toBe(true);
  });

  it(`quotes at most ${MAX_QUOTED_INSTANCES} instance ids, and counts them all`, () => {
    // Prepare
    const ids = Array.from({ length: 25 }, (_, index) => `i-0${String(index).padStart(3, '0')}`);
    const source = aSelfManagedSource({
      instanceIds: ids,
      runningInstances: ids.map((instanceId) => ({ instanceId, imageId: named2022.imageId })),
    });
    const inventory = inventoryWith(
      source,
      ssm(Object.fromEntries(ids.map((id) => [id, '10.0.17763']))),
    );

    // Act
    const [hit] = windowsBuildContradictsAmi.evaluate(ruleInput(inventory));

    // Assess
    expect(hit?.evidence.contradictingInstances).toBe(25);
    expect(hit?.evidence.instanceIds).toEqual(ids.slice(0, MAX_QUOTED_INSTANCES));
  });

  it("fires on a build of no release the scanner knows: it is still not the named release's build", () => {
    // Prepare: 10.0.14393 is Windows Server 2016, which the release calendar does not hold.
    const source = aSelfManagedSource({
      instanceIds: ['i-0odd', 'i-0ok'],
      runningInstances: [
        { instanceId: 'i-0odd', imageId: named2022.imageId },
        { instanceId: 'i-0ok', imageId: named2022.imageId },
      ],
    });
    const inventory = inventoryWith(source, ssm({ 'i-0odd': '10.0.14393', 'i-0ok': '10.0.20348' }));

    // Act
    const hits = windowsBuildContradictsAmi.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          imageId: 'ami-0windows2022a',
          amiRelease: '2022',
          reportedRelease: null,
          reportedBuild: '14393',
          runningInstances: 2,
          contradictingInstances: 1,
          instanceIds: ['i-0odd'],
        },
        detail:
          '1 of 2 running nodes run ami-0windows2022a, whose name says Windows Server 2022 (build 20348), but Systems Manager reports build 14393 on them, a build of no release the scanner knows.',
        qualifier: 'ami-0windows2022a/build-14393',
      }),
    ]);
  });

  it('does not fire where nothing is known to contradict: no SSM build, a PlatformVersion without a build, an AMI not named for a release, an AMI named for a release of no known build, an AMI not described', () => {
    // Prepare
    const named2028 = anEksWindowsImage({
      imageId: 'ami-0windows2028',
      name: 'Windows_Server-2028-English-Core-EKS_Optimized-1.35-2028.01.10',
    });
    const source = aSelfManagedSource({
      instanceIds: ['i-0none', 'i-0odd', 'i-0gold', 'i-0future', 'i-0undescribed', 'i-0gone'],
      runningInstances: [
        { instanceId: 'i-0none', imageId: named2022.imageId },
        { instanceId: 'i-0odd', imageId: named2022.imageId },
        { instanceId: 'i-0gold', imageId: golden.imageId },
        { instanceId: 'i-0future', imageId: named2028.imageId },
        { instanceId: 'i-0undescribed' },
        { instanceId: 'i-0gone', imageId: 'ami-0private' },
      ],
    });
    const inventory = anInventory({
      nodeSources: [source],
      images: imagesOf(named2022, golden, named2028),
      instanceOs: ssm({
        'i-0odd': '10.0',
        'i-0gold': '10.0.17763',
        'i-0future': '10.0.30000',
        'i-0undescribed': '10.0.17763',
        'i-0gone': '10.0.17763',
      }),
    });

    // Act
    const hits = windowsBuildContradictsAmi.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
