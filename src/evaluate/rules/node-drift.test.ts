import { describe, expect, it } from 'vitest';
import {
  aCustomManagedSource,
  aLaunchConfigurationSite,
  aLaunchTemplateSite,
  aLinuxSource,
  aManagedWindowsSource,
  anEksWindowsImage,
  anInventory,
  aSelfManagedSource,
  imagesOf,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import type { DecodedNodeSource, RunningInstance } from '../../inventory/types.ts';
import { nodeDrift } from './node-drift.ts';

const declared = anEksWindowsImage();
const older = anEksWindowsImage({
  imageId: 'ami-0windows2022old',
  name: 'Windows_Server-2022-English-Core-EKS_Optimized-1.33-2026.10.14',
});

function running(id: string, imageId: string, version = '1'): RunningInstance {
  return {
    instanceId: id,
    imageId,
    launchTemplate: { id: 'lt-0123456789abcdef0', name: 'win-nodes', version },
  };
}

function inventoryWith(source: DecodedNodeSource) {
  return anInventory({ nodeSources: [source], images: imagesOf(declared, older) });
}

describe('Rule: node-drift', () => {
  it('fires MEDIUM on the group when running instances use another AMI than its template now names', () => {
    // Prepare: the template moved to version 2 (the new AMI); two nodes still run version 1.
    const source = aSelfManagedSource({
      sites: [aLaunchTemplateSite({ launchTemplateVersion: '2', requestedVersion: '$Latest' })],
      runningInstances: [
        running('i-0aaa', older.imageId, '1'),
        running('i-0bbb', older.imageId, '1'),
        running('i-0ccc', declared.imageId, '2'),
      ],
    });

    // Act
    const hits = nodeDrift.evaluate(ruleInput(inventoryWith(source)));

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-asg', name: 'win-asg' },
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: {
          runningInstances: 3,
          driftedInstances: 2,
          instanceIds: ['i-0aaa', 'i-0bbb'],
          declaredImageIds: ['ami-0windows2022a'],
          runningImageIds: ['ami-0windows2022old'],
          declaredLaunchedFrom: ['lt-0123456789abcdef0:2'],
          runningLaunchedFrom: ['lt-0123456789abcdef0:1'],
        },
        detail:
          '2 of 3 running instances run ami-0windows2022old, while the group now declares ami-0windows2022a: an instance refresh is due.',
        severity: 'MEDIUM',
      },
    ]);
  });

  it('fires LOW when only the launch template version differs and the AMI is the same', () => {
    // Prepare
    const source = aSelfManagedSource({
      sites: [aLaunchTemplateSite({ launchTemplateVersion: '3' })],
      runningInstances: [running('i-0aaa', declared.imageId, '2')],
    });

    // Act
    const [hit] = nodeDrift.evaluate(ruleInput(inventoryWith(source)));

    // Assess
    expect(hit?.severity).toBe('LOW');
    expect(hit?.detail).toBe(
      '1 of 1 running instance were launched from lt-0123456789abcdef0:2, while the group now launches from lt-0123456789abcdef0:3: an instance refresh is due.',
    );
  });

  it('fires when the group moved from a launch configuration to a launch template', () => {
    // Prepare
    const source = aSelfManagedSource({
      sites: [aLaunchTemplateSite()],
      runningInstances: [
        { instanceId: 'i-0aaa', imageId: declared.imageId, launchConfigurationName: 'win-lc-2023' },
      ],
    });

    // Act
    const [hit] = nodeDrift.evaluate(ruleInput(inventoryWith(source)));

    // Assess
    expect(hit?.evidence.runningLaunchedFrom).toEqual(['win-lc-2023']);
    expect(hit?.severity).toBe('LOW');
  });

  it('does not fire when every instance runs what the group declares', () => {
    // Prepare
    const source = aSelfManagedSource({
      runningInstances: [running('i-0aaa', declared.imageId, '1')],
    });

    // Act
    const hits = nodeDrift.evaluate(ruleInput(inventoryWith(source)));

    // Assess
    expect(hits).toEqual([]);
  });

  it('accepts any AMI and template version a mixed instances group declares', () => {
    // Prepare
    const source = aSelfManagedSource({
      sites: [
        aLaunchTemplateSite({ launchTemplateVersion: '2' }),
        aLaunchTemplateSite({
          ref: { type: 'AwsEc2LaunchTemplate', id: 'lt-0other', name: 'win-large' },
          launchTemplateVersion: '5',
          imageId: older.imageId,
        }),
      ],
      runningInstances: [
        running('i-0aaa', declared.imageId, '2'),
        {
          instanceId: 'i-0bbb',
          imageId: older.imageId,
          launchTemplate: { id: 'lt-0other', version: '5' },
        },
      ],
    });

    // Act
    const hits = nodeDrift.evaluate(ruleInput(inventoryWith(source)));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not judge what is unknown: an undescribed AMI, a version reported as $Latest', () => {
    // Prepare
    const source = aSelfManagedSource({
      sites: [aLaunchTemplateSite({ launchTemplateVersion: '2' })],
      runningInstances: [
        {
          instanceId: 'i-0aaa',
          launchTemplate: { id: 'lt-0123456789abcdef0', version: '$Latest' },
        },
      ],
    });

    // Act
    const hits = nodeDrift.evaluate(ruleInput(inventoryWith(source)));

    // Assess
    expect(hits).toEqual([]);
  });

  it("compares a managed node group on its launch template's AMI only, never on EKS's template copy", () => {
    // Prepare
    const custom = aCustomManagedSource({
      runningInstances: [
        {
          instanceId: 'i-0aaa',
          imageId: declared.imageId,
          launchTemplate: { id: 'lt-0eks-copy', version: '7' },
        },
      ],
    });
    const eksPicked = aManagedWindowsSource({
      runningInstances: [{ instanceId: 'i-0bbb', imageId: older.imageId }],
    });

    // Act
    const hits = [
      ...nodeDrift.evaluate(ruleInput(inventoryWith(custom))),
      ...nodeDrift.evaluate(ruleInput(inventoryWith(eksPicked))),
    ];

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires MEDIUM for a managed node group whose launch template AMI changed under running nodes', () => {
    // Prepare
    const custom = aCustomManagedSource({
      runningInstances: [{ instanceId: 'i-0aaa', imageId: older.imageId }],
    });

    // Act
    const [hit] = nodeDrift.evaluate(ruleInput(inventoryWith(custom)));

    // Assess
    expect(hit?.resource.type).toBe('AwsEksNodegroup');
    expect(hit?.severity).toBe('MEDIUM');
  });

  it('says nothing of a Linux group, nor of a launch configuration group on its own configuration', () => {
    // Prepare
    const linux = aLinuxSource({ runningInstances: [running('i-0aaa', older.imageId, '9')] });
    const configured = aSelfManagedSource({
      sites: [aLaunchConfigurationSite()],
    });
    const siteName = configured.sites[0]?.ref.id ?? '';
    configured.runningInstances = [
      {
        instanceId: 'i-0bbb',
        imageId: configured.sites[0]?.imageId ?? '',
        launchConfigurationName: siteName,
      },
    ];

    // Act
    const hits = [
      ...nodeDrift.evaluate(ruleInput(inventoryWith(linux))),
      ...nodeDrift.evaluate(ruleInput(inventoryWith(configured))),
    ];

    // Assess
    expect(hits).toEqual([]);
  });
});
