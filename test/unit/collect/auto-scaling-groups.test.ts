import { describe, expect, it } from 'vitest';
import { siteRequestsOf } from '../../../src/collect/auto-scaling-groups.ts';
import { autoScalingGroup } from './aws-responses.ts';

describe('Function: siteRequestsOf', () => {
  it('asks for the default version when a launch template names none', () => {
    // Act
    const requests = siteRequestsOf(
      autoScalingGroup('g', {}, { LaunchTemplate: { LaunchTemplateName: 'win' } }),
    );

    // Assess
    expect(requests).toEqual([
      { kind: 'launch-template', template: { name: 'win', version: '$Default' } },
    ]);
  });

  it('asks once per distinct template of a mixed instances policy, with an override AMI apart', () => {
    // Prepare
    const base = { LaunchTemplateId: 'lt-0base', Version: '$Latest' };
    const group = autoScalingGroup(
      'g',
      {},
      {
        MixedInstancesPolicy: {
          LaunchTemplate: {
            LaunchTemplateSpecification: base,
            Overrides: [
              { InstanceType: 'm5.large' },
              { InstanceType: 'm5.xlarge', LaunchTemplateSpecification: base },
              {
                InstanceType: 'm6i.large',
                LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0arm', Version: '3' },
              },
              {
                InstanceType: 'm7i.large',
                LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0arm', Version: '3' },
              },
              { InstanceType: 'c5.large', ImageId: 'ami-0override' },
            ],
          },
        },
      },
    );

    // Act
    const requests = siteRequestsOf(group);

    // Assess
    expect(requests).toEqual([
      { kind: 'launch-template', template: { id: 'lt-0base', version: '$Latest' } },
      { kind: 'launch-template', template: { id: 'lt-0arm', version: '3' } },
      {
        kind: 'launch-template',
        template: { id: 'lt-0base', version: '$Latest' },
        imageId: 'ami-0override',
      },
    ]);
  });

  it('asks for the launch configuration of a group that has one', () => {
    // Act
    const requests = siteRequestsOf(
      autoScalingGroup('g', {}, { LaunchConfigurationName: 'lc-win' }),
    );

    // Assess
    expect(requests).toEqual([{ kind: 'launch-configuration', name: 'lc-win' }]);
  });
});
