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

  it(`asks for ${TEMPLATES_PER_CALL} templates a call, without MaxResults, each template once`, async () => {
    // Prepare
    answerWithRequestedTemplates(aws);
    const ids = Array.from({ length: 20 }, (_, index) => `lt-${String(index).padStart(2, '0')}`);

    // Act
    const tags = await describeLaunchTemplateTags(collectContext(), [...ids, 'lt-00']);

    // Assess
    expect(tags.size).toBe(20);
    expect(tags.get('lt-19')).toEqual({ owner: 'lt-19' });
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplatesCommand, 2);
    expect(aws.ec2).toReceiveNthCommandWith(DescribeLaunchTemplatesCommand, 1, {
      LaunchTemplateIds: ids.slice(0, 15),
    });
    expect(aws.ec2).toReceiveNthCommandWith(DescribeLaunchTemplatesCommand, 2, {
      LaunchTemplateIds: ids.slice(15),
    });
    for (const call of aws.ec2.commandCalls(DescribeLaunchTemplatesCommand)) {
      expect(call.args[0].input.MaxResults).toBeUndefined();
    }
  });

  it('asks again one template at a time when a batch names one that is gone', async () => {
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
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplatesCommand, 3);
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

  it('follows NextToken although it sends no MaxResults', async () => {
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
      NextToken: 'p2',
    });
  });

  it('records any other failure and keeps the tags of the other batches', async () => {
    // Prepare
    answerWithRequestedTemplates(aws);
    const ids = Array.from({ length: 16 }, (_, index) => `lt-${String(index).padStart(2, '0')}`);
    aws.ec2
      .on(DescribeLaunchTemplatesCommand, { LaunchTemplateIds: ids.slice(0, 15) })
      .rejects(
        ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      );
    const context = collectContext();

    // Act
    const tags = await describeLaunchTemplateTags(context, ids);

    // Assess
    expect([...tags.keys()]).toEqual(['lt-15']);
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
