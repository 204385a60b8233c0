import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  type LaunchTemplate,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  describeLaunchTemplateTags,
  TEMPLATES_PER_CALL,
} from '../../../src/collect/launch-template-tags.ts';
import {
  autoScalingGroup,
  collect,
  collectContext,
  ec2Error,
  ec2Instance,
  type MockedAws,
  mockAws,
  restoreAws,
  templateVersion,
} from './aws-responses.ts';

const SUPPRESS = 'eks-windows-scanner:suppress';

function launchTemplate(id: string, tags: Record<string, string> = {}): LaunchTemplate {
  return {
    LaunchTemplateId: id,
    LaunchTemplateName: `${id}-name`,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

/** Answers with the templates asked for, tagged `owner=<id>`, like AWS and moto do. */
function answerWithRequestedTemplates(aws: MockedAws): void {
  aws.ec2
    .on(DescribeLaunchTemplatesCommand)
    .callsFake((input: { LaunchTemplateIds: string[] }) => ({
      LaunchTemplates: input.LaunchTemplateIds.map((id) => launchTemplate(id, { owner: id })),
    }));
}

describe('Function: describeLaunchTemplateTags', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it(`asks for ${TEMPLATES_PER_CALL} templates a call with MaxResults ${TEMPLATES_PER_CALL}, each template once`, async () => {
    // Prepare
    answerWithRequestedTemplates(aws);
    const ids = Array.from({ length: 201 }, (_, index) => `lt-${String(index).padStart(3, '0')}`);

    // Act
    const tags = await describeLaunchTemplateTags(collectContext(), [...ids, 'lt-000']);

    // Assess
    expect(tags.size).toBe(201);
    expect(tags.get('lt-200')).toEqual({ owner: 'lt-200' });
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplatesCommand, 2);
    expect(aws.ec2).toReceiveNthCommandWith(DescribeLaunchTemplatesCommand, 1, {
      LaunchTemplateIds: ids.slice(0, 200),
      MaxResults: 200,
    });
    expect(aws.ec2).toReceiveNthCommandWith(DescribeLaunchTemplatesCommand, 2, {
      LaunchTemplateIds: ids.slice(200),
      MaxResults: 200,
    });
  });

  it('asks again without the template an error names as gone', async () => {
    // Prepare
    const gone = ec2Error(
      'InvalidLaunchTemplateId.NotFound',
      'The specified launch template, with template ID lt-0gone, does not exist.',
    );
    aws.ec2
      .on(DescribeLaunchTemplatesCommand, { LaunchTemplateIds: ['lt-0kept', 'lt-0gone'] })
      .rejects(gone);
    aws.ec2.on(DescribeLaunchTemplatesCommand, { LaunchTemplateIds: ['lt-0gone'] }).rejects(gone);
    aws.ec2
      .on(DescribeLaunchTemplatesCommand, { LaunchTemplateIds: ['lt-0kept'] })
      .resolves({ LaunchTemplates: [launchTemplate('lt-0kept', { [SUPPRESS]: 'ami-outdated' })] });
    const context = collectContext();

    // Act
    const tags = await describeLaunchTemplateTags(context, ['lt-0kept', 'lt-0gone']);

    // Assess
    expect([...tags]).toEqual([['lt-0kept', { [SUPPRESS]: 'ami-outdated' }]]);
    expect(context.errors.entries).toEqual([]);
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplatesCommand, 2);
  });

  it('halves a batch whose error names no template, so one that is gone costs a few calls', async () => {
    // Prepare
    const ids = Array.from({ length: 8 }, (_, index) => `lt-0${index}`);
    aws.ec2
      .on(DescribeLaunchTemplatesCommand)
      .callsFake((input: { LaunchTemplateIds: string[] }) => {
        if (input.LaunchTemplateIds.includes('lt-05')) {
          throw ec2Error(
            'InvalidLaunchTemplateName.NotFoundException',
            'At least one of the launch templates specified in the request does not exist.',
          );
        }
        return {
          LaunchTemplates: input.LaunchTemplateIds.map((id) => launchTemplate(id, { owner: id })),
        };
      });
    const context = collectContext();

    // Act
    const tags = await describeLaunchTemplateTags(context, ids);

    // Assess
    expect([...tags.keys()].sort()).toEqual(ids.filter((id) => id !== 'lt-05'));
    expect(context.errors.entries).toEqual([]);
    // [0-7] fails; [0-3] and [4-7]; [4-5] fails and [6-7]; [4] and [5] fails.
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplatesCommand, 7);
  });

  it.each([['InvalidLaunchTemplateName.NotFoundException'], ['InvalidLaunchTemplateId.Malformed']])(
    'takes %s for a batch as a template that is gone, like a missing id',
    async (code) => {
      // Prepare
      const gone = ec2Error(
        code,
        'At least one of the launch templates specified in the request does not exist.',
      );
      aws.ec2
        .on(DescribeLaunchTemplatesCommand, { LaunchTemplateIds: ['lt-0kept', 'lt-0gone'] })
        .rejects(gone);
      aws.ec2.on(DescribeLaunchTemplatesCommand, { LaunchTemplateIds: ['lt-0gone'] }).rejects(gone);
      aws.ec2.on(DescribeLaunchTemplatesCommand, { LaunchTemplateIds: ['lt-0kept'] }).resolves({
        LaunchTemplates: [launchTemplate('lt-0kept', { [SUPPRESS]: 'ami-outdated' })],
      });
      const context = collectContext();

      // Act
      const tags = await describeLaunchTemplateTags(context, ['lt-0kept', 'lt-0gone']);

      // Assess
      expect([...tags]).toEqual([['lt-0kept', { [SUPPRESS]: 'ami-outdated' }]]);
      expect(context.errors.entries).toEqual([]);
    },
  );

  it('follows NextToken', async () => {
    // Prepare
    aws.ec2
      .on(DescribeLaunchTemplatesCommand)
      .resolvesOnce({ LaunchTemplates: [launchTemplate('lt-0a', { owner: 'a' })], NextToken: 'p2' })
      .resolvesOnce({ LaunchTemplates: [launchTemplate('lt-0b', { owner: 'b' })] });

    // Act
    const tags = await describeLaunchTemplateTags(collectContext(), ['lt-0a', 'lt-0b']);

    // Assess
    expect([...tags.keys()]).toEqual(['lt-0a', 'lt-0b']);
    expect(aws.ec2).toReceiveNthCommandWith(DescribeLaunchTemplatesCommand, 2, {
      LaunchTemplateIds: ['lt-0a', 'lt-0b'],
      MaxResults: 200,
      NextToken: 'p2',
    });
  });

  it('records any other failure and keeps the tags of the other batches', async () => {
    // Prepare
    answerWithRequestedTemplates(aws);
    const ids = Array.from({ length: 201 }, (_, index) => `lt-${String(index).padStart(3, '0')}`);
    aws.ec2
      .on(DescribeLaunchTemplatesCommand, { LaunchTemplateIds: ids.slice(0, 200) })
      .rejects(
        ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      );
    const context = collectContext();

    // Act
    const tags = await describeLaunchTemplateTags(context, ids);

    // Assess
    expect([...tags.keys()]).toEqual(['lt-200']);
    expect(context.errors.entries).toEqual([
      expect.objectContaining({
        operation: 'DescribeLaunchTemplates',
        code: 'UnauthorizedOperation',
      }),
    ]);
  });
});

describe('Function: collectRegion (site tags)', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it("puts each launch template's tags on its sites and an instance's tags on its own site", async () => {
    // Prepare
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'win-asg',
          { 'eks:cluster-name': 'prod' },
          { LaunchTemplate: { LaunchTemplateId: 'lt-0asg', Version: '$Default' } },
        ),
      ],
    });
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0asg' })
      .resolves({ LaunchTemplateVersions: [templateVersion('lt-0asg', 1, { isDefault: true })] });
    const instanceTags = { 'kubernetes.io/cluster/prod': 'owned', [SUPPRESS]: 'bootstrap-missing' };
    aws.ec2
      .on(DescribeInstancesCommand)
      .resolves({ Reservations: [{ Instances: [ec2Instance('i-alone', instanceTags)] }] });
    aws.ec2
      .on(DescribeLaunchTemplatesCommand)
      .resolves({ LaunchTemplates: [launchTemplate('lt-0asg', { [SUPPRESS]: 'ami-outdated' })] });

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    expect(
      inventory.nodeSources.map((source) => [
        source.ref.id,
        source.sites.map((site) => [site.ref.id, site.tags]),
      ]),
    ).toEqual([
      ['win-asg', [['lt-0asg', { [SUPPRESS]: 'ami-outdated' }]]],
      ['i-alone', [['i-alone', instanceTags]]],
    ]);
    expect(aws.ec2).toReceiveCommandExactlyOnceWith(DescribeLaunchTemplatesCommand, {
      LaunchTemplateIds: ['lt-0asg'],
    });
    expect(inventory.errors).toEqual([]);
  });

  it('records a failing DescribeLaunchTemplates and keeps the sites without tags', async () => {
    // Prepare
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'win-asg',
          { 'eks:cluster-name': 'prod' },
          { LaunchTemplate: { LaunchTemplateId: 'lt-0asg', Version: '1' } },
        ),
      ],
    });
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand)
      .resolves({ LaunchTemplateVersions: [templateVersion('lt-0asg', 1)] });
    aws.ec2
      .on(DescribeLaunchTemplatesCommand)
      .rejects(
        ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      );

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    const [site] = inventory.nodeSources[0]?.sites ?? [];
    expect(site?.ref.id).toBe('lt-0asg');
    expect(site).not.toHaveProperty('tags');
    expect(inventory.errors).toEqual([
      expect.objectContaining({
        operation: 'DescribeLaunchTemplates',
        code: 'UnauthorizedOperation',
      }),
    ]);
    expect(inventory.complete).toBe(true);
  });
});
