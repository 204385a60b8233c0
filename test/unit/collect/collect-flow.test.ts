/**
 * The order of one region's calls: each lookup starts once what it needs is known, and the
 * AMIs are looked up together. Calls are held open with a deferred answer to see what else
 * is under way meanwhile.
 */
import {
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListClustersCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { DescribeInstanceInformationCommand, GetParametersCommand } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  autoScalingGroup,
  collect,
  ec2Error,
  ec2Image,
  ec2Instance,
  eksCluster,
  type MockedAws,
  mockAws,
  nodegroup,
  restoreAws,
  templateVersion,
} from './aws-responses.ts';

/** An answer held back until `release()`. */
function heldAnswer<T>(answer: T) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    release,
    answer: async () => {
      await released;
      return answer;
    },
  };
}

/** A listing's answers: `first` with a NextToken, then a last page held back until `release()`. */
function firstPageThenHeld<T extends object>(first: T, last: T) {
  const held = heldAnswer(last);
  return {
    release: held.release,
    answer: (input: { NextToken?: string }) =>
      input.NextToken === 'page-2' ? held.answer() : { ...first, NextToken: 'page-2' },
  };
}

/** Collects, releasing the held page only once every template's $Default and $Latest is asked for. */
async function collectOnceAliasesAreListed(aws: MockedAws, release: () => void) {
  const collecting = collect();
  await vi.waitFor(() =>
    expect(aws.ec2).toReceiveCommandWith(DescribeLaunchTemplateVersionsCommand, {
      Versions: ['$Default', '$Latest'],
    }),
  );
  release();
  return collecting;
}

/** DescribeLaunchConfigurations answers one configuration of that AMI. */
function answerLaunchConfiguration(aws: MockedAws, name: string, imageId: string): void {
  aws.autoScaling.on(DescribeLaunchConfigurationsCommand).resolves({
    LaunchConfigurations: [
      {
        LaunchConfigurationName: name,
        ImageId: imageId,
        InstanceType: 'm5.large',
        CreatedTime: new Date(),
      },
    ],
  });
}

const LATEST_2019_CORE_129 =
  '/aws/service/ami-windows-latest/Windows_Server-2019-English-Core-EKS_Optimized-1.29/image_id';

describe('Function: collectRegion (order of calls)', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('describes every cluster while the region-wide listings are still under way', async () => {
    // Prepare
    const clusters = Array.from({ length: 8 }, (_, index) => `c${index}`);
    aws.eks.on(ListClustersCommand).resolves({ clusters });
    const listing = heldAnswer({ AutoScalingGroups: [] });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake(listing.answer);

    // Act
    const collecting = collect();
    await vi.waitFor(() => expect(aws.eks).toReceiveCommandTimes(DescribeClusterCommand, 8));
    listing.release();
    const inventory = await collecting;

    // Assess
    expect(inventory.clusters.map((cluster) => cluster.name)).toEqual(clusters);
  });

  it("lists a listed cluster's node groups while DescribeCluster is under way", async () => {
    // Prepare
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['ng'] });
    const description = heldAnswer({ cluster: eksCluster('prod') });
    aws.eks.on(DescribeClusterCommand).callsFake(description.answer);

    // Act
    const collecting = collect();
    await vi.waitFor(() =>
      expect(aws.eks).toReceiveCommandWith(DescribeNodegroupCommand, { nodegroupName: 'ng' }),
    );
    description.release();
    const inventory = await collecting;

    // Assess
    expect(inventory.nodeSources.map((source) => source.ref.id)).toEqual(['ng']);
  });

  it('describes 40 node groups at once: calls in flight are bounded by the connections, not 4', async () => {
    // Prepare
    const names = Array.from({ length: 40 }, (_, index) => `ng${index}`);
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: names });
    const nodeGroups = heldAnswer(undefined);
    aws.eks.on(DescribeNodegroupCommand).callsFake(async (input: { nodegroupName: string }) => {
      await nodeGroups.answer();
      return { nodegroup: nodegroup(input.nodegroupName) };
    });

    // Act
    const collecting = collect();
    await vi.waitFor(() => expect(aws.eks).toReceiveCommandTimes(DescribeNodegroupCommand, 40));
    nodeGroups.release();
    const inventory = await collecting;

    // Assess
    expect(inventory.nodeSources).toHaveLength(40);
  });

  it('leaves out a listed cluster deleted meanwhile, as a node group deleted meanwhile: nothing of it is left to check', async () => {
    // Prepare
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['gone', 'prod'] });
    const notFound = new ResourceNotFoundException({
      message: 'No cluster found for name: gone.',
      $metadata: {},
    });
    aws.eks.on(DescribeClusterCommand, { name: 'gone' }).rejects(notFound);
    aws.eks.on(ListNodegroupsCommand, { clusterName: 'gone' }).rejects(notFound);

    // Act
    const inventory = await collect();

    // Assess
    expect(inventory.clusters.map((cluster) => cluster.name)).toEqual(['prod']);
    expect(inventory.errors).toEqual([]);
  });

  it('reports a cluster named to the scan that does not exist', async () => {
    // Prepare
    aws.eks.on(DescribeClusterCommand, { name: 'typo' }).rejects(
      new ResourceNotFoundException({
        message: 'No cluster found for name: typo.',
        $metadata: {},
      }),
    );

    // Act
    const inventory = await collect({ clusterNames: ['typo'] });

    // Assess
    expect(inventory.errors).toEqual([
      expect.objectContaining({ cluster: 'typo', operation: 'DescribeCluster' }),
    ]);
  });

  it('reads launch configurations, stand-alone user data and Systems Manager while node groups are described', async () => {
    // Prepare
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['ng'] });
    const nodeGroup = heldAnswer({ nodegroup: nodegroup('ng') });
    aws.eks.on(DescribeNodegroupCommand).callsFake(nodeGroup.answer);
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup('old', { 'eks:cluster-name': 'prod' }, { LaunchConfigurationName: 'lc' }),
      ],
    });
    aws.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        { Instances: [ec2Instance('i-alone', { 'kubernetes.io/cluster/prod': 'owned' })] },
      ],
    });

    // Act
    const collecting = collect();
    await vi.waitFor(() => {
      expect(aws.autoScaling).toReceiveCommand(DescribeLaunchConfigurationsCommand);
      expect(aws.ec2).toReceiveCommandWith(DescribeInstanceAttributeCommand, {
        InstanceId: 'i-alone',
      });
      expect(aws.ssm).toReceiveCommand(DescribeInstanceInformationCommand);
    });
    nodeGroup.release();
    const inventory = await collecting;

    // Assess
    expect(inventory.nodeSources.map((source) => source.ref.id)).toEqual(['ng', 'old', 'i-alone']);
  });

  it("resolves the listed nodes' templates, and reads user data where one is gone, while node groups are described", async () => {
    // Prepare
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['ng'] });
    const nodeGroup = heldAnswer({ nodegroup: nodegroup('ng') });
    aws.eks.on(DescribeNodegroupCommand).callsFake(nodeGroup.answer);
    aws.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            ec2Instance('i-orphan', {
              'karpenter.sh/nodepool': 'windows',
              'kubernetes.io/cluster/prod': 'owned',
              'aws:ec2launchtemplate:id': 'lt-0gone',
              'aws:ec2launchtemplate:version': '1',
            }),
          ],
        },
      ],
    });
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand)
      .rejects(ec2Error('InvalidLaunchTemplateId.NotFound', 'The launch template does not exist.'));

    // Act
    const collecting = collect();
    await vi.waitFor(() =>
      expect(aws.ec2).toReceiveCommandWith(DescribeInstanceAttributeCommand, {
        InstanceId: 'i-orphan',
      }),
    );
    nodeGroup.release();
    const inventory = await collecting;

    // Assess
    expect(inventory.nodeSources.map((source) => source.ref.id)).toEqual(['ng', 'i-orphan']);
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplateVersionsCommand, 1);
  });

  it("resolves a node group's launch template while the listed groups' are still resolving", async () => {
    // Prepare
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['ng'] });
    aws.eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: nodegroup('ng', { launchTemplate: { id: 'lt-0ng', version: '2' } }),
    });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'self',
          { 'eks:cluster-name': 'prod' },
          { LaunchTemplate: { LaunchTemplateId: 'lt-0self', Version: '1' } },
        ),
      ],
    });
    const listedTemplate = heldAnswer({ LaunchTemplateVersions: [templateVersion('lt-0self', 1)] });
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0self' })
      .callsFake(listedTemplate.answer)
      .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0ng' })
      .resolves({ LaunchTemplateVersions: [templateVersion('lt-0ng', 2)] });

    // Act
    const collecting = collect();
    await vi.waitFor(() =>
      expect(aws.ec2).toReceiveCommandWith(DescribeLaunchTemplateVersionsCommand, {
        LaunchTemplateId: 'lt-0ng',
      }),
    );
    listedTemplate.release();
    const inventory = await collecting;

    // Assess
    expect(
      inventory.nodeSources.map((source) => [
        source.ref.id,
        source.sites.map((site) => site.imageId),
      ]),
    ).toEqual([
      ['ng', ['ami-0ngv2']],
      ['self', ['ami-0selfv1']],
    ]);
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplateVersionsCommand, 2);
  });

  it("lists a whole region's Windows managed instances from the start, and keeps its nodes' of them", async () => {
    // Prepare
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    const listing = heldAnswer({ AutoScalingGroups: [] });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake(listing.answer);
    aws.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        { Instances: [ec2Instance('i-win', { 'kubernetes.io/cluster/prod': 'owned' })] },
      ],
    });
    aws.ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [
        { InstanceId: 'i-win', PlatformVersion: '10.0.17763' },
        { InstanceId: 'i-domain-controller', PlatformVersion: '10.0.20348' },
      ],
    });

    // Act
    const collecting = collect();
    await vi.waitFor(() =>
      expect(aws.ssm).toReceiveCommandWith(DescribeInstanceInformationCommand, {
        Filters: [{ Key: 'PlatformTypes', Values: ['Windows'] }],
      }),
    );
    listing.release();
    const inventory = await collecting;

    // Assess
    expect(inventory.instanceOs).toEqual({
      'i-win': { instanceId: 'i-win', platformVersion: '10.0.17763' },
    });
    expect(aws.ssm).toReceiveCommandTimes(DescribeInstanceInformationCommand, 1);
  });

  it('leaves that listing for a few nodes asked by id when it is not done by the time they are known', async () => {
    // Prepare
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        { Instances: [ec2Instance('i-win', { 'kubernetes.io/cluster/prod': 'owned' })] },
      ],
    });
    const secondPage = heldAnswer({
      InstanceInformationList: [{ InstanceId: 'i-other' }],
      NextToken: 'page-3',
    });
    aws.ssm
      .on(DescribeInstanceInformationCommand, {
        Filters: [{ Key: 'PlatformTypes', Values: ['Windows'] }],
      })
      .resolvesOnce({ InstanceInformationList: [{ InstanceId: 'i-first' }], NextToken: 'page-2' })
      .callsFake(secondPage.answer);
    aws.ssm
      .on(DescribeInstanceInformationCommand, {
        Filters: [{ Key: 'InstanceIds', Values: ['i-win'] }],
      })
      .resolves({
        InstanceInformationList: [{ InstanceId: 'i-win', PlatformVersion: '10.0.17763' }],
      });

    // Act
    const collecting = collect();
    await vi.waitFor(() =>
      expect(aws.ssm).toReceiveCommandWith(DescribeInstanceInformationCommand, {
        Filters: [{ Key: 'InstanceIds', Values: ['i-win'] }],
      }),
    );
    secondPage.release();
    const inventory = await collecting;

    // Assess
    expect(inventory.instanceOs).toEqual({
      'i-win': { instanceId: 'i-win', platformVersion: '10.0.17763' },
    });
    expect(aws.ssm).not.toReceiveCommandWith(DescribeInstanceInformationCommand, {
      NextToken: 'page-3',
    });
  });

  it('reads the latest AMI parameters of the clusters while launch templates resolve', async () => {
    // Prepare
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'g',
          { 'eks:cluster-name': 'prod' },
          { LaunchTemplate: { LaunchTemplateId: 'lt-0a', Version: '3' } },
        ),
      ],
    });
    const versions = heldAnswer({ LaunchTemplateVersions: [templateVersion('lt-0a', 3)] });
    aws.ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake(versions.answer);

    // Act
    const collecting = collect();
    await vi.waitFor(() =>
      expect(aws.ssm).toReceiveCommandWith(GetParametersCommand, {
        Names: expect.arrayContaining([LATEST_2019_CORE_129]),
      }),
    );
    versions.release();
    const inventory = await collecting;

    // Assess
    expect(inventory.nodeSources[0]?.sites[0]?.launchTemplateVersion).toBe('3');
  });

  it("reads the insights of a cluster its node groups call Windows while AMIs are looked up, another's once its AMI says so", async () => {
    // Prepare: "prod" has a Windows managed node group; "other" only a group whose launch
    // configuration's AMI, once looked up, is Windows.
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod', 'other'] });
    aws.eks.on(ListNodegroupsCommand, { clusterName: 'prod' }).resolves({ nodegroups: ['ng'] });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup('old', { 'eks:cluster-name': 'other' }, { LaunchConfigurationName: 'lc' }),
      ],
    });
    answerLaunchConfiguration(aws, 'lc', 'ami-0lc');
    const images = heldAnswer({ Images: [ec2Image('ami-0lc')] });
    aws.ec2.on(DescribeImagesCommand).callsFake(images.answer);

    // Act
    const collecting = collect();
    await vi.waitFor(() => {
      expect(aws.ec2).toReceiveCommand(DescribeImagesCommand);
      expect(aws.eks).toReceiveCommandWith(ListInsightsCommand, { clusterName: 'prod' });
    });
    const beforeImages = aws.eks
      .commandCalls(ListInsightsCommand)
      .map((call) => call.args[0].input.clusterName);
    images.release();
    const inventory = await collecting;

    // Assess
    expect(beforeImages).toEqual(['prod']);
    expect(aws.eks).toReceiveCommandWith(ListInsightsCommand, { clusterName: 'other' });
    expect(aws.eks).toReceiveCommandTimes(ListInsightsCommand, 2);
    expect(inventory.clusters.map((cluster) => cluster.insights)).toEqual([[], []]);
    expect(inventory.errors).toEqual([]);
  });

  it("lists every template's $Default and $Latest once a listing's first page names enough templates, not after its last page", async () => {
    // Prepare: the first page of groups names three templates; the second is held back.
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    const groups = ['lt-a', 'lt-b', 'lt-c'].map((id) =>
      autoScalingGroup(
        `win-${id}`,
        { 'kubernetes.io/cluster/prod': 'owned' },
        { LaunchTemplate: { LaunchTemplateId: id, Version: '$Default' } },
      ),
    );
    const listing = firstPageThenHeld({ AutoScalingGroups: groups }, { AutoScalingGroups: [] });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake(listing.answer);
    aws.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { Versions: ['$Default', '$Latest'] })
      .resolves({
        LaunchTemplateVersions: ['lt-a', 'lt-b', 'lt-c'].map((id) =>
          templateVersion(id, 1, { isDefault: true }),
        ),
      });

    // Act
    const inventory = await collectOnceAliasesAreListed(aws, listing.release);

    // Assess: the templates were read from that one listing, none one by one.
    expect(inventory.nodeSources.map((source) => source.ref.id).sort()).toEqual([
      'win-lt-a',
      'win-lt-b',
      'win-lt-c',
    ]);
    expect(aws.ec2).toReceiveCommandTimes(DescribeLaunchTemplateVersionsCommand, 1);
    expect(inventory.errors).toEqual([]);
  });

  it("counts the templates of Karpenter nodes on a listing's first page toward the region-wide listing too", async () => {
    // Prepare: three nodes of three templates on the first page of instances; the second held.
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    const nodes = ['lt-a', 'lt-b', 'lt-c'].map((id) =>
      ec2Instance(`i-${id}`, {
        'karpenter.sh/nodepool': 'windows',
        'kubernetes.io/cluster/prod': 'owned',
        'aws:ec2launchtemplate:id': id,
        'aws:ec2launchtemplate:version': '1',
      }),
    );
    const listing = firstPageThenHeld(
      { Reservations: [{ Instances: nodes }] },
      { Reservations: [] },
    );
    aws.ec2.on(DescribeInstancesCommand).callsFake(listing.answer);

    // Act
    const inventory = await collectOnceAliasesAreListed(aws, listing.release);

    // Assess
    expect(inventory.nodeSources.map((source) => source.ref.id).sort()).toEqual([
      'i-lt-a',
      'i-lt-b',
      'i-lt-c',
    ]);
  });

  it("counts no template of a managed node group's group or of another cluster's toward the region-wide listing", async () => {
    // Prepare: the listing finds three templates, none of a node source of the scanned cluster.
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    const template = (id: string) => ({
      LaunchTemplate: { LaunchTemplateId: id, Version: '$Default' },
    });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'eks-ng-1',
          { 'eks:cluster-name': 'prod', 'eks:nodegroup-name': 'ng' },
          template('lt-a'),
        ),
        autoScalingGroup('other-1', { 'kubernetes.io/cluster/other': 'owned' }, template('lt-b')),
        autoScalingGroup('other-2', { 'kubernetes.io/cluster/other': 'owned' }, template('lt-c')),
      ],
    });

    // Act
    await collect();

    // Assess
    expect(aws.ec2).not.toReceiveCommand(DescribeLaunchTemplateVersionsCommand);
  });

  it('looks up the AMIs of the instances, of the sites and the latest ones in one call', async () => {
    // Prepare
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup('old', { 'eks:cluster-name': 'prod' }, { LaunchConfigurationName: 'lc' }),
      ],
    });
    answerLaunchConfiguration(aws, 'lc', 'ami-0lc');
    aws.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            ec2Instance(
              'i-linux',
              { 'kubernetes.io/cluster/prod': 'owned' },
              { ImageId: 'ami-0node', Platform: undefined },
            ),
          ],
        },
      ],
    });
    aws.ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
      Parameters: input.Names.includes(LATEST_2019_CORE_129)
        ? [{ Name: LATEST_2019_CORE_129, Value: 'ami-0latest' }]
        : [],
      InvalidParameters: input.Names.filter((name) => name !== LATEST_2019_CORE_129),
    }));
    aws.ec2.on(DescribeImagesCommand).callsFake((input: { ImageIds: string[] }) => ({
      Images: input.ImageIds.map((id) =>
        id === 'ami-0node'
          ? ec2Image(id, { Name: 'amazon-eks-node-al2023-x86_64-1.29', Platform: undefined })
          : ec2Image(id),
      ),
    }));

    // Act
    const inventory = await collect();

    // Assess
    expect(aws.ec2).toReceiveCommandTimes(DescribeImagesCommand, 1);
    expect(aws.ec2).toReceiveCommandWith(DescribeImagesCommand, {
      ImageIds: expect.arrayContaining(['ami-0node', 'ami-0lc', 'ami-0latest']),
    });
    expect(Object.keys(inventory.images).sort()).toEqual(['ami-0latest', 'ami-0lc', 'ami-0node']);
    expect(inventory.latestImageIds).toEqual({ [LATEST_2019_CORE_129]: 'ami-0latest' });
    // Its AMI is Linux: the node's user data is not read.
    expect(aws.ec2).not.toReceiveCommand(DescribeInstanceAttributeCommand);
  });

  /** Nodes in `prod` (1.29): one instance on an AMI built for `version`, whose latest is ami-0new. */
  function answerInstanceOnAmiOf(version: string): string {
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        { Instances: [ec2Instance('i-old', { 'kubernetes.io/cluster/prod': 'owned' })] },
      ],
    });
    const latest = LATEST_2019_CORE_129.replace('1.29', version);
    aws.ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
      Parameters: input.Names.includes(latest) ? [{ Name: latest, Value: 'ami-0new' }] : [],
      InvalidParameters: input.Names.filter((name) => name !== latest),
    }));
    aws.ec2.on(DescribeImagesCommand).callsFake((input: { ImageIds: string[] }) => ({
      Images: input.ImageIds.map((id) =>
        ec2Image(id, {
          Name: `Windows_Server-2019-English-Core-EKS_Optimized-${version}-2023.01.10`,
        }),
      ),
    }));
    return latest;
  }

  it("looks up the latest AMIs of up to three versions below the cluster's with the AMIs in use, where nodes declare no version", async () => {
    // Prepare
    const latest127 = answerInstanceOnAmiOf('1.27');

    // Act
    const inventory = await collect();

    // Assess: no second round of GetParameters and DescribeImages for the AMI's version
    expect(inventory.latestImageIds).toEqual({ [latest127]: 'ami-0new' });
    expect(inventory.images['ami-0new']?.status).toBe('available');
    expect(aws.ec2).toReceiveCommandTimes(DescribeImagesCommand, 1);
    expect(aws.ec2).toReceiveCommandWith(DescribeImagesCommand, {
      ImageIds: ['ami-0windows', 'ami-0new'],
    });
  });

  it('asks for the latest AMIs of a version only an AMI in use names, after looking it up', async () => {
    // Prepare: four minor versions below the cluster's, past the skew EKS allows
    const latest125 = answerInstanceOnAmiOf('1.25');

    // Act
    const inventory = await collect();

    // Assess
    expect(inventory.latestImageIds).toEqual({ [latest125]: 'ami-0new' });
    expect(inventory.images['ami-0new']?.status).toBe('available');
    expect(aws.ec2).toReceiveNthCommandWith(DescribeImagesCommand, 1, {
      ImageIds: ['ami-0windows'],
    });
    expect(aws.ec2).toReceiveNthCommandWith(DescribeImagesCommand, 2, { ImageIds: ['ami-0new'] });
  });

  it("asks for no version below a cluster's when every node of it declares its own (managed node groups)", async () => {
    // Prepare: prod (1.29) has managed node groups only; legacy (1.27), a self-managed group
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod', 'legacy'] });
    aws.eks
      .on(DescribeClusterCommand, { name: 'legacy' })
      .resolves({ cluster: eksCluster('legacy', { version: '1.27' }) });
    aws.eks.on(ListNodegroupsCommand, { clusterName: 'prod' }).resolves({ nodegroups: ['ng'] });
    aws.eks.on(DescribeNodegroupCommand).resolves({ nodegroup: nodegroup('ng') });
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'old',
          { 'eks:cluster-name': 'legacy' },
          { LaunchConfigurationName: 'lc' },
        ),
      ],
    });
    answerLaunchConfiguration(aws, 'lc', 'ami-0lc');

    // Act
    await collect();

    // Assess
    const names = aws.ssm
      .commandCalls(GetParametersCommand)
      .flatMap((call) => call.args[0].input.Names ?? []);
    const versions = new Set(names.map((name) => /-(\d+\.\d+)\/image_id$/.exec(name)?.[1]));
    expect([...versions].sort()).toEqual(['1.24', '1.25', '1.26', '1.27', '1.29']);
  });

  it('reads no user data of a Karpenter node whose AMI is Linux, also when its template is gone', async () => {
    // Prepare
    aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
    aws.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            ec2Instance(
              'i-linux',
              {
                'karpenter.sh/nodepool': 'default',
                'kubernetes.io/cluster/prod': 'owned',
                'aws:ec2launchtemplate:id': 'lt-0gone',
                'aws:ec2launchtemplate:version': '1',
              },
              { ImageId: 'ami-0al2023', Platform: undefined },
            ),
          ],
        },
      ],
    });
    aws.ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(
      Object.assign(new Error('The specified launch template does not exist.'), {
        name: 'InvalidLaunchTemplateId.NotFound',
      }),
    );
    aws.ec2.on(DescribeImagesCommand).resolves({
      Images: [ec2Image('ami-0al2023', { Name: 'amazon-eks-node-al2023', Platform: undefined })],
    });

    // Act
    const inventory = await collect();

    // Assess
    expect(inventory.nodeSources[0]?.sites).toEqual([
      expect.objectContaining({
        ref: expect.objectContaining({ type: 'AwsEc2LaunchTemplate', id: 'lt-0gone' }),
        imageId: 'ami-0al2023',
        userData: undefined,
      }),
    ]);
    expect(inventory.errors).toEqual([]);
    expect(aws.ec2).not.toReceiveCommand(DescribeInstanceAttributeCommand);
  });
});
