import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import {
  describeInstancesById,
  INSTANCE_IDS_PER_CALL,
} from '../../../src/collect/running-instances.ts';
import { decodeInventory } from '../../../src/decode/index.ts';
import { windowsReleasesOf } from '../../../src/evaluate/facts.ts';
import {
  autoScalingGroup,
  collect,
  collectContext,
  ec2Error,
  ec2Image,
  ec2Instance,
  type MockedAws,
  mockAws,
  restoreAws,
  templateVersion,
} from './aws-responses.ts';

const reservation = (...instances: ReturnType<typeof ec2Instance>[]) => ({
  Reservations: instances.map((instance) => ({ Instances: [instance] })),
});

describe('Function: describeInstancesById', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('asks for at most 1,000 ids a call, without MaxResults', async () => {
    // Prepare
    const ids = Array.from({ length: 1001 }, (_, n) => `i-${n.toString(16).padStart(8, '0')}`);
    aws.ec2
      .on(DescribeInstancesCommand)
      .callsFake((input: { InstanceIds: string[] }) =>
        reservation(...input.InstanceIds.map((id) => ec2Instance(id, {}))),
      );

    // Act
    const found = await describeInstancesById(collectContext(), ids);

    // Assess
    expect(found.size).toBe(1001);
    expect(aws.ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 2);
    const calls = aws.ec2.commandCalls(DescribeInstancesCommand);
    expect(calls.map((call) => call.args[0].input.InstanceIds?.length)).toEqual([
      INSTANCE_IDS_PER_CALL,
      1,
    ]);
    expect(calls.every((call) => call.args[0].input.MaxResults === undefined)).toBe(true);
  });

  it('drops the ids EC2 no longer knows and describes the others', async () => {
    // Prepare
    aws.ec2
      .on(DescribeInstancesCommand)
      .rejectsOnce(
        ec2Error('InvalidInstanceID.NotFound', "The instance ID 'i-0gone1' does not exist"),
      )
      .resolves(
        reservation(
          ec2Instance('i-0live1', {
            'aws:ec2launchtemplate:id': 'lt-0a',
            'aws:ec2launchtemplate:version': '3',
          }),
        ),
      );
    const context = collectContext();

    // Act
    const found = await describeInstancesById(context, ['i-0live1', 'i-0gone1']);

    // Assess
    expect(found).toEqual(
      new Map([
        [
          'i-0live1',
          {
            imageId: 'ami-0windows',
            launchTemplate: { id: 'lt-0a', version: '3' },
            windows: true,
          },
        ],
      ]),
    );
    expect(aws.ec2).toHaveReceivedNthCommandWith(DescribeInstancesCommand, 2, {
      InstanceIds: ['i-0live1'],
    });
    expect(context.errors.entries).toEqual([]);
  });
});

describe('Function: collectRegion (running instances)', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it("takes a group instance's AMI from the tag listing and describes by id only the ones it missed", async () => {
    // Prepare
    const template = { LaunchTemplateId: 'lt-0win', LaunchTemplateName: 'win', Version: '$Latest' };
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'win-asg',
          { 'kubernetes.io/cluster/prod': 'owned' },
          {
            LaunchTemplate: template,
            Instances: [
              {
                InstanceId: 'i-0tagged',
                LifecycleState: 'InService',
                HealthStatus: 'Healthy',
                AvailabilityZone: 'eu-west-1a',
                ProtectedFromScaleIn: false,
                LaunchTemplate: template,
              },
              {
                InstanceId: 'i-0untagged',
                LifecycleState: 'InService',
                HealthStatus: 'Healthy',
                AvailabilityZone: 'eu-west-1a',
                ProtectedFromScaleIn: false,
                LaunchTemplate: template,
              },
            ],
          },
        ),
      ],
    });
    const tagged = ec2Instance(
      'i-0tagged',
      {
        'aws:autoscaling:groupName': 'win-asg',
        'kubernetes.io/cluster/prod': 'owned',
        'aws:ec2launchtemplate:id': 'lt-0win',
        'aws:ec2launchtemplate:version': '2',
      },
      { ImageId: 'ami-0current' },
    );
    const untagged = ec2Instance('i-0untagged', {}, { ImageId: 'ami-0older' });
    aws.ec2
      .on(DescribeInstancesCommand)
      .callsFake((input: { InstanceIds?: string[] }) =>
        input.InstanceIds === undefined
          ? reservation(tagged)
          : reservation(
              ...[tagged, untagged].filter((i) => input.InstanceIds?.includes(i.InstanceId ?? '')),
            ),
      );
    aws.ec2
      .on(DescribeImagesCommand)
      .resolves({ Images: [ec2Image('ami-0current'), ec2Image('ami-0older')] });

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    expect(inventory.nodeSources[0]?.runningInstances).toEqual([
      {
        instanceId: 'i-0tagged',
        imageId: 'ami-0current',
        launchTemplate: { id: 'lt-0win', name: 'win', version: '2' },
      },
      {
        instanceId: 'i-0untagged',
        imageId: 'ami-0older',
        launchTemplate: { id: 'lt-0win', name: 'win', version: '$Latest' },
      },
    ]);
    expect(aws.ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 2);
    expect(aws.ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      InstanceIds: ['i-0untagged'],
    });
    // The running instances' AMIs are looked up with the sites' in one call.
    expect(aws.ec2).toHaveReceivedCommandTimes(DescribeImagesCommand, 1);
    expect(aws.ec2).toHaveReceivedCommandWith(DescribeImagesCommand, {
      ImageIds: expect.arrayContaining(['ami-0current', 'ami-0older']),
    });
  });

  it('records which template of a mixed instances group each node was launched from, so the build it reports counts there', async () => {
    // Prepare: a group whose override names a second template; both templates name a 2022
    // AMI, and the override's node reports a 2019 build.
    const base = { LaunchTemplateId: 'lt-0base', LaunchTemplateName: 'win', Version: '$Latest' };
    const other = { LaunchTemplateId: 'lt-0other', LaunchTemplateName: 'win-m6i', Version: '3' };
    const member = (InstanceId: string, LaunchTemplate: typeof base) => ({
      InstanceId,
      LifecycleState: 'InService' as const,
      HealthStatus: 'Healthy',
      AvailabilityZone: 'eu-west-1a',
      ProtectedFromScaleIn: false,
      LaunchTemplate,
    });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'win-mixed',
          { 'kubernetes.io/cluster/prod': 'owned' },
          {
            MixedInstancesPolicy: {
              LaunchTemplate: {
                LaunchTemplateSpecification: base,
                Overrides: [
                  { InstanceType: 'm5.large' },
                  { InstanceType: 'm6i.large', LaunchTemplateSpecification: other },
                ],
              },
            },
            Instances: [member('i-0base', base), member('i-0other', other)],
          },
        ),
      ],
    });
    const launchedFrom = (id: string, templateId: string, version: string) =>
      ec2Instance(
        id,
        {
          'aws:autoscaling:groupName': 'win-mixed',
          'kubernetes.io/cluster/prod': 'owned',
          'aws:ec2launchtemplate:id': templateId,
          'aws:ec2launchtemplate:version': version,
        },
        { ImageId: 'ami-0win2022' },
      );
    aws.ec2
      .on(DescribeInstancesCommand)
      .resolves(
        reservation(
          launchedFrom('i-0base', 'lt-0base', '2'),
          launchedFrom('i-0other', 'lt-0other', '3'),
        ),
      );
    aws.ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0base' }).resolves({
      LaunchTemplateVersions: [templateVersion('lt-0base', 2, { imageId: 'ami-0win2022' })],
    });
    aws.ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0other' }).resolves({
      LaunchTemplateVersions: [templateVersion('lt-0other', 3, { imageId: 'ami-0win2022' })],
    });
    aws.ec2.on(DescribeImagesCommand).resolves({
      Images: [
        ec2Image('ami-0win2022', {
          Name: 'Windows_Server-2022-English-Core-EKS_Optimized-1.29-2024.05.14',
        }),
      ],
    });
    aws.ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [
        { InstanceId: 'i-0base', PlatformVersion: '10.0.20348' },
        { InstanceId: 'i-0other', PlatformVersion: '10.0.17763' },
      ],
    });

    // Act
    const inventory = decodeInventory(await collect({ clusterNames: ['prod'] }));

    // Assess
    const [source] = inventory.nodeSources;
    if (source === undefined) throw new Error('the group is a node source');
    expect(source.runningInstances).toEqual([
      {
        instanceId: 'i-0base',
        imageId: 'ami-0win2022',
        launchTemplate: { id: 'lt-0base', name: 'win', version: '2' },
      },
      {
        instanceId: 'i-0other',
        imageId: 'ami-0win2022',
        launchTemplate: { id: 'lt-0other', name: 'win-m6i', version: '3' },
      },
    ]);
    expect(
      source.sites.map((site) => [
        site.ref.id,
        windowsReleasesOf(inventory, source, site).map(({ release, instanceIds }) => [
          release.release,
          release.basis,
          instanceIds,
        ]),
      ]),
    ).toEqual([
      ['lt-0base', [['2022', 'ssm', ['i-0base']]]],
      ['lt-0other', [['2019', 'ssm', ['i-0other']]]],
    ]);
    // What each node was launched from is in the listing already: no call asks for it.
    expect(aws.ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 1);
  });
});
