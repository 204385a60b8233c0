import { describe, expect, it } from 'vitest';
import {
  aCustomManagedSource,
  aLaunchTemplateSite,
  aManagedWindowsSource,
  anInventory,
  decodedUserData,
  ruleInput,
  userDataWithoutBootstrap,
} from '../../../test/builders/inventory.ts';
import { bootstrapDuplicated } from './bootstrap-duplicated.ts';

/** A Windows-amiType node group on a launch template without an AMI of its own. */
function aManagedSourceOnTemplate(userData = decodedUserData()) {
  return aManagedWindowsSource({
    sites: [aLaunchTemplateSite({ imageId: undefined, launchTemplateVersion: '4', userData })],
  });
}

describe('Rule: bootstrap-duplicated', () => {
  it('fires when the launch template of a Windows-amiType node group calls Start-EKSBootstrap', () => {
    // Prepare
    const inventory = anInventory({ nodeSources: [aManagedSourceOnTemplate()] });

    // Act
    const hits = bootstrapDuplicated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ type: 'AwsEc2LaunchTemplate' }),
        affected: [
          {
            type: 'AwsEksNodegroup',
            name: 'win-ng',
            id: 'win-ng',
            arn: 'arn:aws:eks:us-west-2:123456789012:nodegroup/prod/win-ng/0',
          },
        ],
        evidence: { amiType: 'WINDOWS_CORE_2022_x86_64', launchTemplateVersion: '4' },
      }),
    ]);
  });

  it('does not fire when the launch template only prepares the node', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [aManagedSourceOnTemplate(userDataWithoutBootstrap())],
    });

    // Act
    const hits = bootstrapDuplicated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on a node group without a launch template', () => {
    // Prepare
    const inventory = anInventory({ nodeSources: [aManagedWindowsSource()] });

    // Act
    const hits = bootstrapDuplicated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on a CUSTOM node group, which must call the script itself', () => {
    // Prepare
    const inventory = anInventory({ nodeSources: [aCustomManagedSource()] });

    // Act
    const hits = bootstrapDuplicated.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on a self-managed group', () => {
    // Act
    const hits = bootstrapDuplicated.evaluate(ruleInput(anInventory()));

    // Assess
    expect(hits).toEqual([]);
  });
});
