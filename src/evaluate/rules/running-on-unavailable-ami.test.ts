import { describe, expect, it } from 'vitest';
import {
  aLaunchTemplateSite,
  aManagedWindowsSource,
  anEksWindowsImage,
  anInventory,
  aSelfManagedSource,
  imagesOf,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import type { DecodedInventory, DecodedNodeSource } from '../../inventory/types.ts';
import { amiUnavailable } from './ami-unavailable.ts';
import { runningOnUnavailableAmi } from './running-on-unavailable-ami.ts';

const current = anEksWindowsImage();
const GONE = 'ami-0windows2022gone';

function inventoryWith(source: DecodedNodeSource): DecodedInventory {
  return anInventory({
    nodeSources: [source],
    images: { ...imagesOf(current), [GONE]: { status: 'unavailable' } },
  });
}

describe('Rule: running-on-unavailable-ami', () => {
  it('fires HIGH on the group whose running nodes use an AMI the account can no longer see, naming the replacement', () => {
    // Prepare
    const source = aSelfManagedSource({
      runningInstances: [
        { instanceId: 'i-0aaa', imageId: GONE },
        { instanceId: 'i-0bbb', imageId: current.imageId },
      ],
    });

    // Act
    const hits = runningOnUnavailableAmi.evaluate(ruleInput(inventoryWith(source)));

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-asg', name: 'win-asg' },
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: {
          imageIds: [GONE],
          runningInstances: 2,
          affectedInstances: 1,
          instanceIds: ['i-0aaa'],
          replacementImageIds: ['ami-0windows2022a'],
          replacementAvailable: true,
        },
        detail:
          '1 of 2 running instances run ami-0windows2022gone, which DescribeImages no longer returns to this account; a replacement launches from ami-0windows2022a, which is available.',
      },
    ]);
  });

  it('says the replacement fails when the AMI the group declares is gone too', () => {
    // Prepare
    const source = aSelfManagedSource({
      sites: [aLaunchTemplateSite({ imageId: 'ami-0declaredgone' })],
      runningInstances: [{ instanceId: 'i-0aaa', imageId: GONE }],
    });
    const inventory = inventoryWith(source);
    inventory.images['ami-0declaredgone'] = { status: 'unavailable' };

    // Act
    const [hit] = runningOnUnavailableAmi.evaluate(ruleInput(inventory));

    // Assess
    expect(hit?.evidence.replacementAvailable).toBe(false);
    expect(hit?.detail).toContain('the replacement fails (see ami-unavailable)');
  });

  it('leaves an AMI the group still declares to ami-unavailable: said once', () => {
    // Prepare
    const source = aSelfManagedSource({
      sites: [aLaunchTemplateSite({ imageId: GONE })],
      runningInstances: [{ instanceId: 'i-0aaa', imageId: GONE }],
    });
    const input = ruleInput(inventoryWith(source));

    // Act
    const running = runningOnUnavailableAmi.evaluate(input);
    const site = amiUnavailable.evaluate(input);

    // Assess
    expect(running).toEqual([]);
    expect(site).toHaveLength(1);
  });

  it('names the AMI EKS picks as the replacement of a managed node group without a launch template AMI', () => {
    // Prepare
    const source = aManagedWindowsSource({
      runningInstances: [{ instanceId: 'i-0aaa', imageId: GONE }],
    });

    // Act
    const [hit] = runningOnUnavailableAmi.evaluate(ruleInput(inventoryWith(source)));

    // Assess
    expect(hit?.resource.type).toBe('AwsEksNodegroup');
    expect(hit?.detail).toContain(
      'a replacement launches from the AMI EKS picks for release version 1.33-2026.11.10 (amiType WINDOWS_CORE_2022_x86_64).',
    );
  });

  it('does not fire for an AMI never looked up (unknown is not unavailable)', () => {
    // Prepare
    const source = aSelfManagedSource({
      runningInstances: [{ instanceId: 'i-0aaa', imageId: 'ami-0neverlookedup' }],
    });

    // Act
    const hits = runningOnUnavailableAmi.evaluate(ruleInput(inventoryWith(source)));

    // Assess
    expect(hits).toEqual([]);
  });
});
