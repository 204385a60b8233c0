import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { GetParametersCommand, type Parameter } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { resolveImageParameters } from '../../../src/collect/image-parameters.ts';
import { parameterBaseName, parameterBatches } from '../../../src/collect/parameters.ts';
import {
  autoScalingGroup,
  collect,
  collectContext,
  ec2Image,
  type MockedAws,
  mockAws,
  restoreAws,
  ssmError,
  templateVersion,
} from './aws-responses.ts';

const LATEST_PREFIX = '/aws/service/ami-windows-latest/';

/** One self-managed group of `prod` per launch template, each template's version 1 naming `imageId`. */
function groupsOnTemplates(aws: MockedAws, imageIds: Record<string, string>): void {
  aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: Object.keys(imageIds).map((templateId) =>
      autoScalingGroup(
        `asg-${templateId}`,
        { 'eks:cluster-name': 'prod' },
        { LaunchTemplate: { LaunchTemplateId: templateId, Version: '1' } },
      ),
    ),
  });
  aws.ec2
    .on(DescribeLaunchTemplateVersionsCommand)
    .callsFake((input: { LaunchTemplateId: string }) => ({
      LaunchTemplateVersions: [
        templateVersion(input.LaunchTemplateId, 1, { imageId: imageIds[input.LaunchTemplateId] }),
      ],
    }));
}

/**
 * SSM answering as AWS does: each name asked for that is a key of `parameters` comes back
 * under its plain name with its `Selector`; every other name, except the latest-AMI ones, is
 * invalid.
 */
function ssmAnswers(aws: MockedAws, parameters: Record<string, string>): void {
  aws.ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
    Parameters: input.Names.filter((name) => name in parameters).map((name): Parameter => {
      const [, plain = name, selector] = name.match(/^(.*[^:])(:[^:/]+)$/) ?? [];
      return {
        Name: plain,
        ...(selector === undefined ? {} : { Selector: selector }),
        Type: 'String',
        Value: parameters[name],
        Version: 1,
      };
    }),
    InvalidParameters: input.Names.filter((name) => !(name in parameters)),
  }));
}

/** The names of every GetParameters call except the latest-AMI lookups. */
function parameterCalls(aws: MockedAws): string[][] {
  return aws.ssm
    .commandCalls(GetParametersCommand)
    .map((call) => call.args[0].input.Names ?? [])
    .filter((names) => !names.some((name) => name.startsWith(LATEST_PREFIX)));
}

describe('Function: collectRegion, resolve:ssm: images', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('resolves a parameter holding an AMI id and looks that AMI up like any other', async () => {
    // Prepare
    groupsOnTemplates(aws, { 'lt-0golden': 'resolve:ssm:/golden/windows' });
    ssmAnswers(aws, { '/golden/windows': 'ami-0123abcd' });
    aws.ec2.on(DescribeImagesCommand).resolves({ Images: [ec2Image('ami-0123abcd')] });

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    expect(inventory.nodeSources[0]?.sites).toEqual([
      expect.objectContaining({
        ref: expect.objectContaining({ id: 'lt-0golden' }),
        imageId: 'ami-0123abcd',
        imageParameter: { name: '/golden/windows', status: 'resolved' },
      }),
    ]);
    expect(inventory.images['ami-0123abcd']?.status).toBe('available');
    expect(aws.ec2).toReceiveCommandWith(DescribeImagesCommand, { ImageIds: ['ami-0123abcd'] });
    expect(parameterCalls(aws)).toEqual([['/golden/windows']]);
    for (const call of aws.ssm.commandCalls(GetParametersCommand)) {
      expect(call.args[0].input.WithDecryption).toBeUndefined();
    }
    expect(inventory.errors).toEqual([]);
  });

  it('marks a parameter SSM lists as invalid missing, with no AMI and no error', async () => {
    // Prepare
    groupsOnTemplates(aws, { 'lt-0gone': 'resolve:ssm:/deleted/parameter' });
    ssmAnswers(aws, {});

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    const site = inventory.nodeSources[0]?.sites[0];
    expect(site?.imageParameter).toEqual({ name: '/deleted/parameter', status: 'missing' });
    expect(site).not.toHaveProperty('imageId');
    expect(aws.ec2).not.toReceiveCommand(DescribeImagesCommand);
    expect(inventory.errors).toEqual([]);
  });

  it('marks the parameters of a failed call unknown and records the failure', async () => {
    // Prepare
    groupsOnTemplates(aws, { 'lt-0a': 'resolve:ssm:/golden/a', 'lt-0b': 'resolve:ssm:golden-b' });
    aws.ssm
      .on(GetParametersCommand)
      .rejects(ssmError('InternalServerError', 'An internal error occurred'));

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    expect(
      inventory.nodeSources.flatMap((source) => source.sites.map((site) => site.imageParameter)),
    ).toEqual([
      { name: '/golden/a', status: 'unknown' },
      { name: 'golden-b', status: 'unknown' },
    ]);
    expect(inventory.nodeSources.every((source) => source.sites[0]?.imageId === undefined)).toBe(
      true,
    );
    expect(inventory.errors).toContainEqual(
      expect.objectContaining({ operation: 'GetParameters', code: 'InternalServerError' }),
    );
  });

  it('marks a parameter whose value is not an AMI id unknown and never quotes the value', async () => {
    // Prepare
    const value = 'hunter2-not-an-ami';
    groupsOnTemplates(aws, { 'lt-0odd': 'resolve:ssm:/team/odd' });
    ssmAnswers(aws, { '/team/odd': value });

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    const site = inventory.nodeSources[0]?.sites[0];
    expect(site?.imageParameter).toEqual({ name: '/team/odd', status: 'unknown' });
    expect(site).not.toHaveProperty('imageId');
    expect(JSON.stringify(inventory)).not.toContain(value);
    expect(aws.ec2).not.toReceiveCommand(DescribeImagesCommand);
  });

  it('asks for each parameter once, 10 names a call, and resolves versions and labels', async () => {
    // Prepare
    const templates: Record<string, string> = {};
    const parameters: Record<string, string> = {};
    for (let index = 0; index < 11; index += 1) {
      templates[`lt-0${index}`] = `resolve:ssm:/golden/${index}`;
      parameters[`/golden/${index}`] = `ami-0${index.toString(16).padStart(8, '0')}`;
    }
    templates['lt-0again'] = 'resolve:ssm:/golden/0';
    templates['lt-0version'] = 'resolve:ssm:/golden/0:3';
    templates['lt-0label'] = 'resolve:ssm:/golden/0:stable';
    parameters['/golden/0:3'] = 'ami-0fff00003';
    parameters['/golden/0:stable'] = 'ami-0fff0000a';
    groupsOnTemplates(aws, templates);
    ssmAnswers(aws, parameters);

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    const calls = parameterCalls(aws);
    expect(calls.flat().sort()).toEqual(Object.keys(parameters).sort());
    // /golden/0 … /golden/9; /golden/10 with /golden/0:3; /golden/0:stable on its own.
    expect(calls.map((names) => names.length)).toEqual([10, 2, 1]);
    for (const names of calls) {
      expect(new Set(names.map((name) => name.split(':')[0])).size).toBe(names.length);
    }
    const imageOf = (templateId: string) =>
      inventory.nodeSources.find((source) => source.ref.id === `asg-${templateId}`)?.sites[0]
        ?.imageId;
    expect(imageOf('lt-00')).toBe('ami-000000000');
    expect(imageOf('lt-0again')).toBe('ami-000000000');
    expect(imageOf('lt-0version')).toBe('ami-0fff00003');
    expect(imageOf('lt-0label')).toBe('ami-0fff0000a');
    expect(imageOf('lt-010')).toBe('ami-00000000a');
  });

  it('resolves the resolve:ssm: image of a mixed instances override', async () => {
    // Prepare
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'mixed',
          { 'eks:cluster-name': 'prod' },
          {
            MixedInstancesPolicy: {
              LaunchTemplate: {
                LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0base', Version: '1' },
                Overrides: [{ InstanceType: 'm5.large', ImageId: 'resolve:ssm:/golden/override' }],
              },
            },
          },
        ),
      ],
    });
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand)
      .resolves({ LaunchTemplateVersions: [templateVersion('lt-0base', 1)] });
    ssmAnswers(aws, { '/golden/override': 'ami-0abc' });

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    expect(
      inventory.nodeSources[0]?.sites.map((site) => [site.imageId, site.imageParameter?.status]),
    ).toEqual([
      ['ami-0basev1', undefined],
      ['ami-0abc', 'resolved'],
    ]);
  });
});

describe('Function: resolveImageParameters', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('matches answers that carry no Selector (as moto gives them) to the version asked for', async () => {
    // Prepare
    aws.ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
      Parameters: input.Names.map((name) => ({
        Name: name.replace(/:\d+$/, ''),
        Value: name.endsWith(':1') ? 'ami-0aaaa' : 'ami-0bbbb',
      })),
      InvalidParameters: [],
    }));

    // Act
    const resolved = await resolveImageParameters(collectContext(), [
      '/golden/windows',
      '/golden/windows:1',
    ]);

    // Assess
    expect(resolved).toEqual(
      new Map([
        ['/golden/windows', { status: 'resolved', imageId: 'ami-0bbbb' }],
        ['/golden/windows:1', { status: 'resolved', imageId: 'ami-0aaaa' }],
      ]),
    );
    expect(aws.ssm).toReceiveCommandTimes(GetParametersCommand, 2);
  });

  it('asks for each name on its own when SSM refuses a batch, so one denied parameter hides no other', async () => {
    // Prepare
    const denied = 'arn:aws:ssm:eu-west-1:444455556666:parameter/shared/golden';
    aws.ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => {
      if (input.Names.includes(denied)) {
        throw ssmError('AccessDeniedException', `User is not authorized to access ${denied}`);
      }
      return { Parameters: [{ Name: '/own/golden', Value: 'ami-0cccc' }], InvalidParameters: [] };
    });
    const context = collectContext();

    // Act
    const resolved = await resolveImageParameters(context, [denied, '/own/golden', '']);

    // Assess
    expect(resolved).toEqual(
      new Map([
        [denied, { status: 'unknown' }],
        ['/own/golden', { status: 'resolved', imageId: 'ami-0cccc' }],
        ['', { status: 'unknown' }],
      ]),
    );
    expect(context.errors.entries).toEqual([
      expect.objectContaining({ operation: 'GetParameters', code: 'AccessDeniedException' }),
    ]);
    expect(aws.ssm).not.toReceiveCommandWith(GetParametersCommand, { Names: [''] });
  });

  it('asks nothing when there is nothing to resolve', async () => {
    // Act
    const resolved = await resolveImageParameters(collectContext(), []);

    // Assess
    expect(resolved.size).toBe(0);
    expect(aws.ssm).not.toReceiveCommand(GetParametersCommand);
  });
});

describe('Function: parameterBaseName', () => {
  it.each([
    ['/golden/windows', '/golden/windows'],
    ['/golden/windows:3', '/golden/windows'],
    ['golden-windows:stable', 'golden-windows'],
    [
      'arn:aws:ssm:eu-west-1:444455556666:parameter/golden/windows',
      'arn:aws:ssm:eu-west-1:444455556666:parameter/golden/windows',
    ],
    [
      'arn:aws:ssm:eu-west-1:444455556666:parameter/golden/windows:2',
      'arn:aws:ssm:eu-west-1:444455556666:parameter/golden/windows',
    ],
  ])('reads %s as the parameter %s', (name, base) => {
    // Act & Assess
    expect(parameterBaseName(name)).toBe(base);
  });
});

describe('Function: parameterBatches', () => {
  it('fills batches of 10 in order and never puts two selectors of one parameter together', () => {
    // Prepare
    const names = [
      ...Array.from({ length: 10 }, (_, index) => `/p/${index}`),
      '/p/0:1',
      '/p/0:2',
      '/p/1',
    ];

    // Act
    const batches = parameterBatches(names);

    // Assess
    expect(batches).toEqual([
      ['/p/0', '/p/1', '/p/2', '/p/3', '/p/4', '/p/5', '/p/6', '/p/7', '/p/8', '/p/9'],
      ['/p/0:1'],
      ['/p/0:2'],
    ]);
  });
});
