import { describe, expect, it } from 'vitest';
import {
  anEksWindowsImage,
  anInstanceSource,
  anInventory,
  anInventoryWithSite,
  imagesOf,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { amiUnavailable } from './ami-unavailable.ts';

const GONE = 'ami-0gone000000000000';

describe('Rule: ami-unavailable', () => {
  it('fires on a launch template whose AMI DescribeImages no longer returns', () => {
    // Prepare
    const inventory = anInventoryWithSite(
      { imageId: GONE },
      { images: { [GONE]: { status: 'unavailable' } } },
    );

    // Act
    const hits = amiUnavailable.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: {
          type: 'AwsEc2LaunchTemplate',
          id: 'lt-0123456789abcdef0',
          name: 'win-nodes',
          arn: 'arn:aws:ec2:us-west-2:123456789012:launch-template/lt-0123456789abcdef0',
        },
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: { imageId: GONE },
        detail: expect.stringContaining(GONE),
      },
    ]);
  });

  it('fires on a Karpenter instance, naming the instance', () => {
    // Prepare
    const instance = anInstanceSource();
    const inventory = anInventory({
      nodeSources: [
        { ...instance, sites: instance.sites.map((site) => ({ ...site, imageId: GONE })) },
      ],
      images: { [GONE]: { status: 'unavailable' } },
    });

    // Act
    const hits = amiUnavailable.evaluate(ruleInput(inventory));

    // Assess
    expect(hits.map((hit) => hit.resource.type)).toEqual(['AwsEc2Instance']);
  });

  it('does not fire when the AMI is visible', () => {
    // Act
    const hits = amiUnavailable.evaluate(ruleInput(anInventory()));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on an AMI that was never looked up, which is unknown rather than gone', () => {
    // Prepare
    const inventory = anInventoryWithSite(
      { imageId: GONE },
      { images: imagesOf(anEksWindowsImage()) },
    );

    // Act
    const hits = amiUnavailable.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
