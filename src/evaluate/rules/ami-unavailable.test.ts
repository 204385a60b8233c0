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

  it('fires on a launch template naming a resolve:ssm: parameter that does not exist', () => {
    // Prepare: no user data to tell Windows, but the parameter names a Windows AMI.
    const name =
      '/aws/service/ami-windows-latest/Windows_Server-2019-English-Core-EKS_Optimized-1.21/image_id';
    const inventory = anInventoryWithSite({
      imageId: undefined,
      imageParameter: { name, status: 'missing' },
      userData: { status: 'absent' },
    });

    // Act
    const hits = amiUnavailable.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { imageParameter: name, parameterExists: false },
        detail: expect.stringContaining('a Systems Manager parameter that does not exist'),
      }),
    ]);
  });

  it.each([
    ['resolved to an AMI it can see', { status: 'resolved' as const }, 'ami-0windows2022a'],
    ['not readable (the lookup failed)', { status: 'unknown' as const }, undefined],
  ])('does not fire on a resolve:ssm: parameter %s', (_how, parameter, imageId) => {
    // Prepare
    const inventory = anInventoryWithSite({
      imageId,
      imageParameter: { name: '/golden/windows-eks', ...parameter },
    });

    // Act
    const hits = amiUnavailable.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('tells operators they may ask AWS Support for a private AMI still needed, without promising it', () => {
    // Assess: AWS "can't guarantee that we can provide access to AMIs that have been made private"
    expect(amiUnavailable.remediation).toContain('ask AWS Support for access');
    expect(amiUnavailable.remediation).toContain('AWS does not guarantee it');
    expect(amiUnavailable.remediation).not.toContain('can restore');
  });
});
