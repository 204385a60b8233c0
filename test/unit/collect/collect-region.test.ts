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
  AccessDeniedException,
  type ClusterIssueCode,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
  ServerException,
} from '@aws-sdk/client-eks';
import { DescribeInstanceInformationCommand, GetParametersCommand } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  ACCOUNT_ID,
  autoScalingGroup,
  collect,
  ec2Error,
  ec2Image,
  ec2Instance,
  eksCluster,
  encode,
  type MockedAws,
  mockAws,
  nodegroup,
  REGION,
  restoreAws,
  ssmError,
  templateVersion,
} from './aws-responses.ts';

/** An Auto Scaling group's instance in service. */
const inService = (InstanceId: string) => ({
  InstanceId,
  LifecycleState: 'InService' as const,
  AvailabilityZone: `${REGION}a`,
  HealthStatus: 'Healthy',
  ProtectedFromScaleIn: false,
});

describe('Function: collectRegion', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  describe('clusters', () => {
    it('follows NextToken through every page of ListClusters', async () => {
      // Prepare
      aws.eks
        .on(ListClustersCommand)
        .resolvesOnce({ clusters: ['a', 'b'], nextToken: 'page-2' })
        .resolvesOnce({ clusters: ['c'] });

      // Act
      const inventory = await collect();

      // Assess
      expect(inventory.clusters.map((cluster) => cluster.name)).toEqual(['a', 'b', 'c']);
      expect(aws.eks).toReceiveCommandTimes(ListClustersCommand, 2);
      expect(aws.eks).toReceiveNthCommandWith(ListClustersCommand, 2, { nextToken: 'page-2' });
    });

    it('copies version, endpoint, CA, service CIDRs, IP family, health issues and tags from DescribeCluster', async () => {
      // Prepare
      aws.eks.on(DescribeClusterCommand).resolves({
        cluster: eksCluster('prod', {
          version: '1.31',
          kubernetesNetworkConfig: {
            serviceIpv4Cidr: '10.100.0.0/16',
            serviceIpv6Cidr: 'fd00::/108',
            ipFamily: 'ipv6',
          },
          tags: { team: 'windows' },
          health: {
            issues: [
              { code: 'IamRoleNotFound', message: 'The cluster role was not found.' },
              { message: 'An issue without a code is no issue to report.' },
              { code: ' ' as ClusterIssueCode, message: 'Nor is one with an empty code.' },
            ],
          },
        }),
      });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.clusters).toEqual([
        {
          name: 'prod',
          arn: `arn:aws:eks:${REGION}:${ACCOUNT_ID}:cluster/prod`,
          version: '1.31',
          endpoint: `https://prod.gr7.${REGION}.eks.amazonaws.com`,
          certificateAuthority: 'LS0tLS1CRUdJTi==',
          serviceIpv4Cidr: '10.100.0.0/16',
          serviceIpv6Cidr: 'fd00::/108',
          ipFamily: 'ipv6',
          status: 'ACTIVE',
          healthIssues: [
            {
              code: 'IamRoleNotFound',
              message: 'The cluster role was not found.',
              resourceIds: [],
            },
          ],
          tags: { team: 'windows' },
        },
      ]);
    });

    it("lists the region's other clusters in a scan limited to one, for the rules to recognise their names", async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod', 'staging'] });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.clusters.map((cluster) => cluster.name)).toEqual(['prod']);
      expect(inventory.regionClusterNames).toEqual(['prod', 'staging']);
      expect(aws.eks).toReceiveCommandTimes(DescribeClusterCommand, 1);
    });

    it("does not wait in a limited scan for a listing of the region's clusters that never answers", async () => {
      // Prepare: throttled and retrying, or a silent endpoint.
      aws.eks.on(ListClustersCommand).callsFake(() => new Promise(() => {}));

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.clusters.map((cluster) => cluster.name)).toEqual(['prod']);
      expect(inventory.regionClusterNames).toBeUndefined();
      expect(inventory.errors).toEqual([]);
      expect(inventory.complete).toBe(true);
    });

    it("scans a limited scan's clusters as usual, without error or warning, when the region's clusters can't be listed", async () => {
      // Prepare
      aws.eks
        .on(ListClustersCommand)
        .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: {} }));

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.clusters.map((cluster) => cluster.name)).toEqual(['prod']);
      expect(inventory.regionClusterNames).toBeUndefined();
      expect(inventory.errors).toEqual([]);
      expect(inventory.notes).toBeUndefined();
      expect(inventory.complete).toBe(true);
    });

    it('records a named cluster that does not exist and collects the others', async () => {
      // Prepare
      aws.eks.on(DescribeClusterCommand, { name: 'ghost' }).rejects(
        new ResourceNotFoundException({
          message: 'No cluster found for name: ghost.',
          $metadata: {},
        }),
      );
      aws.eks.on(ListNodegroupsCommand, { clusterName: 'prod' }).resolves({ nodegroups: ['ng'] });

      // Act
      const inventory = await collect({ clusterNames: ['ghost', 'prod'] });

      // Assess
      expect(inventory.clusters.map((cluster) => cluster.name)).toEqual(['prod']);
      expect(inventory.nodeSources.map((source) => source.ref.id)).toEqual(['ng']);
      expect(inventory.errors).toEqual([
        {
          accountId: ACCOUNT_ID,
          region: REGION,
          cluster: 'ghost',
          operation: 'DescribeCluster',
          code: 'ResourceNotFoundException',
          message: 'No cluster found for name: ghost.',
        },
      ]);
      expect(inventory.complete).toBe(true);
      expect(aws.eks).not.toReceiveCommandWith(ListNodegroupsCommand, { clusterName: 'ghost' });
    });

    it('keeps a cluster DescribeCluster fails on for another reason and still collects its node groups', async () => {
      // Prepare
      aws.eks
        .on(DescribeClusterCommand)
        .rejects(new AccessDeniedException({ message: 'not allowed', $metadata: {} }));
      aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['ng'] });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      // Its node group is Windows: its insights were read too (there are none).
      expect(inventory.clusters).toEqual([{ name: 'prod', tags: {}, insights: [] }]);
      expect(inventory.nodeSources.map((source) => source.ref.id)).toEqual(['ng']);
      expect(inventory.errors).toEqual([
        expect.objectContaining({
          cluster: 'prod',
          operation: 'DescribeCluster',
          code: 'AccessDeniedException',
        }),
      ]);
    });

    it('records a failing node group listing for one cluster and still collects the other cluster', async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['broken', 'prod'] });
      aws.eks
        .on(ListNodegroupsCommand, { clusterName: 'broken' })
        .rejects(new AccessDeniedException({ message: 'not allowed', $metadata: {} }));
      aws.eks.on(ListNodegroupsCommand, { clusterName: 'prod' }).resolves({ nodegroups: ['ng'] });

      // Act
      const inventory = await collect();

      // Assess
      expect(inventory.clusters.map((cluster) => cluster.name)).toEqual(['broken', 'prod']);
      expect(inventory.nodeSources.map((source) => `${source.cluster}/${source.ref.id}`)).toEqual([
        'prod/ng',
      ]);
      expect(inventory.errors).toEqual([
        expect.objectContaining({
          cluster: 'broken',
          operation: 'ListNodegroups',
          code: 'AccessDeniedException',
        }),
      ]);
      expect(inventory.complete).toBe(true);
    });

    it('marks the region incomplete when ListClusters fails', async () => {
      // Prepare
      aws.eks
        .on(ListClustersCommand)
        .rejects(new AccessDeniedException({ message: 'not allowed', $metadata: {} }));

      // Act
      const inventory = await collect();

      // Assess
      expect(inventory.complete).toBe(false);
      expect(inventory.errors).toEqual([
        expect.objectContaining({ operation: 'ListClusters', code: 'AccessDeniedException' }),
      ]);
      expect(inventory.errors[0]).not.toHaveProperty('cluster');
    });

    it('reports progress once per cluster with the number of its node sources', async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod', 'dev', 'test'] });
      aws.eks
        .on(ListNodegroupsCommand, { clusterName: 'prod' })
        .resolves({ nodegroups: ['a', 'b'] });
      aws.eks.on(ListNodegroupsCommand, { clusterName: 'test' }).resolves({ nodegroups: ['c'] });
      aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
        AutoScalingGroups: [autoScalingGroup('self', { 'kubernetes.io/cluster/prod': 'owned' })],
      });

      // Act
      const inventory = await collect();

      // Assess
      const perCluster = inventory.progress.filter((report) => report.total !== undefined);
      expect(perCluster).toEqual(
        expect.arrayContaining([
          {
            region: REGION,
            message: 'cluster prod: 3 node sources',
            done: expect.any(Number),
            total: 3,
          },
          {
            region: REGION,
            message: 'cluster dev: 0 node sources',
            done: expect.any(Number),
            total: 3,
          },
          {
            region: REGION,
            message: 'cluster test: 1 node source',
            done: expect.any(Number),
            total: 3,
          },
        ]),
      );
      expect(perCluster.map((report) => report.done).sort()).toEqual([1, 2, 3]);
    });
  });

  describe('managed node groups', () => {
    it('follows NextToken through ListNodegroups and describes every node group', async () => {
      // Prepare
      aws.eks
        .on(ListNodegroupsCommand)
        .resolvesOnce({ nodegroups: ['one'], nextToken: 'next' })
        .resolvesOnce({ nodegroups: ['two'] });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.nodeSources.map((source) => source.ref.id)).toEqual(['one', 'two']);
      expect(aws.eks).toReceiveCommandWith(ListNodegroupsCommand, {
        clusterName: 'prod',
        nextToken: 'next',
      });
      expect(aws.eks).toReceiveCommandTimes(DescribeNodegroupCommand, 2);
    });

    it('skips a node group deleted between ListNodegroups and DescribeNodegroup, without an error', async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
      aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['gone', 'ng'] });
      aws.eks.on(DescribeNodegroupCommand, { nodegroupName: 'gone' }).rejects(
        new ResourceNotFoundException({
          message: 'No node group found for name: gone.',
          $metadata: {},
        }),
      );

      // Act
      const inventory = await collect();

      // Assess
      expect(inventory.nodeSources.map((source) => source.ref.id)).toEqual(['ng']);
      expect(inventory.errors).toEqual([]);
    });

    it('records a DescribeNodegroup that fails for another reason', async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
      aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['locked', 'ng'] });
      aws.eks
        .on(DescribeNodegroupCommand, { nodegroupName: 'locked' })
        .rejects(new AccessDeniedException({ message: 'not allowed', $metadata: {} }));

      // Act
      const inventory = await collect();

      // Assess
      expect(inventory.nodeSources.map((source) => source.ref.id)).toEqual(['ng']);
      expect(inventory.errors).toEqual([
        expect.objectContaining({
          cluster: 'prod',
          operation: 'DescribeNodegroup',
          code: 'AccessDeniedException',
        }),
      ]);
    });

    it("copies a node group's status and the health issues EKS reports", async () => {
      // Prepare
      aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['sick', 'well'] });
      aws.eks.on(DescribeNodegroupCommand, { nodegroupName: 'sick' }).resolves({
        nodegroup: nodegroup('sick', {
          status: 'DEGRADED',
          health: {
            issues: [
              {
                code: 'NodeCreationFailure',
                message: 'Instances failed to join the kubernetes cluster',
                resourceIds: ['i-0aaa'],
              },
              { code: 'AccessDenied' },
            ],
          },
        }),
      });
      aws.eks.on(DescribeNodegroupCommand, { nodegroupName: 'well' }).resolves({
        nodegroup: nodegroup('well', { status: 'ACTIVE', health: { issues: [] } }),
      });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(
        inventory.nodeSources.map(({ ref, status, healthIssues }) => ({
          name: ref.name,
          status,
          healthIssues,
        })),
      ).toEqual([
        {
          name: 'sick',
          status: 'DEGRADED',
          healthIssues: [
            {
              code: 'NodeCreationFailure',
              message: 'Instances failed to join the kubernetes cluster',
              resourceIds: ['i-0aaa'],
            },
            { code: 'AccessDenied', resourceIds: [] },
          ],
        },
        { name: 'well', status: 'ACTIVE', healthIssues: undefined },
      ]);
    });

    it('takes the node group itself as the site when it has no launch template', async () => {
      // Prepare
      aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['plain'] });
      aws.eks.on(DescribeNodegroupCommand).resolves({
        nodegroup: nodegroup('plain', {
          amiType: 'WINDOWS_FULL_2022_x86_64',
          releaseVersion: '1.30-2024.09.10',
          version: '1.30',
          tags: { owner: 'ops' },
        }),
      });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      const ref = {
        type: 'AwsEksNodegroup',
        id: 'plain',
        name: 'plain',
        arn: `arn:aws:eks:${REGION}:${ACCOUNT_ID}:nodegroup/prod/plain/1`,
      };
      expect(inventory.nodeSources).toEqual([
        {
          kind: 'managed-node-group',
          ref,
          cluster: 'prod',
          amiType: 'WINDOWS_FULL_2022_x86_64',
          releaseVersion: '1.30-2024.09.10',
          kubernetesVersion: '1.30',
          sites: [{ ref, userData: undefined }],
          instanceIds: [],
          runningInstances: [],
          tags: { owner: 'ops' },
        },
      ]);
      expect(aws.ec2).not.toReceiveCommand(DescribeLaunchTemplateVersionsCommand);
    });

    it('resolves the launch template version a node group names and its instances', async () => {
      // Prepare
      aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['custom'] });
      aws.eks.on(DescribeNodegroupCommand).resolves({
        nodegroup: nodegroup('custom', {
          amiType: 'CUSTOM',
          launchTemplate: { id: 'lt-0custom', name: 'custom', version: '4' },
        }),
      });
      aws.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
        LaunchTemplateVersions: [
          templateVersion('lt-0custom', 4, {
            name: 'custom',
            imageId: 'ami-0custom',
            userData: encode('x'),
          }),
        ],
      });
      aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
        AutoScalingGroups: [
          autoScalingGroup(
            'eks-custom',
            { 'eks:cluster-name': 'prod', 'eks:nodegroup-name': 'custom' },
            {
              Instances: [
                {
                  InstanceId: 'i-1',
                  LifecycleState: 'InService',
                  AvailabilityZone: 'a',
                  HealthStatus: 'Healthy',
                  ProtectedFromScaleIn: false,
                },
                {
                  InstanceId: 'i-2',
                  LifecycleState: 'Terminating',
                  AvailabilityZone: 'a',
                  HealthStatus: 'Healthy',
                  ProtectedFromScaleIn: false,
                },
              ],
            },
          ),
        ],
      });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.nodeSources).toHaveLength(1);
      expect(inventory.nodeSources[0]).toMatchObject({
        amiType: 'CUSTOM',
        instanceIds: ['i-1'],
        sites: [
          {
            ref: { type: 'AwsEc2LaunchTemplate', id: 'lt-0custom', name: 'custom' },
            launchTemplateVersion: '4',
            requestedVersion: '4',
            imageId: 'ami-0custom',
            userData: encode('x'),
          },
        ],
      });
      expect(aws.ec2).toReceiveCommandWith(DescribeLaunchTemplateVersionsCommand, {
        LaunchTemplateId: 'lt-0custom',
        Versions: ['4'],
        MaxResults: 200,
      });
    });
  });

  describe('self-managed Auto Scaling groups', () => {
    it('finds groups with one region-wide tag-key filter, follows NextToken and assigns them by tag', async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod', 'dev'] });
      aws.autoScaling
        .on(DescribeAutoScalingGroupsCommand, {
          Filters: [
            {
              Name: 'tag-key',
              Values: [
                'eks:cluster-name',
                'alpha.eksctl.io/cluster-name',
                'kubernetes.io/cluster/prod',
                'k8s.io/cluster/prod',
                'kubernetes.io/cluster/dev',
                'k8s.io/cluster/dev',
              ],
            },
          ],
        })
        .resolvesOnce({
          AutoScalingGroups: [autoScalingGroup('by-eks-tag', { 'eks:cluster-name': 'dev' })],
          NextToken: 'more',
        })
        .resolvesOnce({
          AutoScalingGroups: [
            autoScalingGroup('by-eksctl-tag', { 'alpha.eksctl.io/cluster-name': 'prod' }),
            autoScalingGroup('managed', { 'eks:cluster-name': 'prod', 'eks:nodegroup-name': 'ng' }),
            autoScalingGroup('unscanned', { 'eks:cluster-name': 'other' }),
            autoScalingGroup('owned', { 'kubernetes.io/cluster/prod': 'owned' }),
            autoScalingGroup('shared', { 'k8s.io/cluster/dev': 'shared' }),
            autoScalingGroup('unrelated-value', { 'kubernetes.io/cluster/prod': 'yes' }),
          ],
        });

      // Act
      const inventory = await collect();

      // Assess
      expect(inventory.nodeSources.map((source) => `${source.cluster}/${source.ref.id}`)).toEqual([
        'prod/by-eksctl-tag',
        'prod/owned',
        'dev/by-eks-tag',
        'dev/shared',
      ]);
      expect(aws.autoScaling).toReceiveCommandTimes(DescribeAutoScalingGroupsCommand, 2);
      expect(aws.autoScaling).toReceiveCommandWith(DescribeAutoScalingGroupsCommand, {
        NextToken: 'more',
      });
    });

    it("lists a managed node group's group once although it carries two cluster tags, and looks up none by name", async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
      aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['ng'] });
      const managed = autoScalingGroup(
        'eks-ng',
        {
          'eks:cluster-name': 'prod',
          'eks:nodegroup-name': 'ng',
          'kubernetes.io/cluster/prod': 'owned',
        },
        {
          Instances: [
            {
              InstanceId: 'i-1',
              LifecycleState: 'InService',
              AvailabilityZone: 'a',
              HealthStatus: 'Healthy',
              ProtectedFromScaleIn: false,
            },
          ],
        },
      );
      const self = autoScalingGroup('self', { 'kubernetes.io/cluster/prod': 'owned' });
      aws.autoScaling
        .on(DescribeAutoScalingGroupsCommand)
        .callsFake((input: { Filters?: { Values: string[] }[] }) => ({
          AutoScalingGroups: [managed, self].filter((group) =>
            group.Tags?.some((tag) => input.Filters?.[0]?.Values.includes(tag.Key ?? '')),
          ),
        }));

      // Act
      const inventory = await collect();

      // Assess
      expect(inventory.nodeSources.map((source) => [source.ref.id, source.instanceIds])).toEqual([
        ['ng', ['i-1']],
        ['self', []],
      ]);
      expect(aws.autoScaling).toReceiveCommandTimes(DescribeAutoScalingGroupsCommand, 1);
    });

    describe('a group tagged for several clusters', () => {
      const copied = autoScalingGroup('win-green', {
        'kubernetes.io/cluster/green': 'owned',
        'kubernetes.io/cluster/gone': 'owned',
        'kubernetes.io/cluster/blue': 'owned',
      });

      beforeEach(() => {
        aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
          AutoScalingGroups: [copied],
        });
        aws.eks
          .on(DescribeClusterCommand, { name: 'blue' })
          .rejects(new ResourceNotFoundException({ message: 'No cluster found.', $metadata: {} }));
      });

      it.each([
        {
          scan: 'every cluster of the region',
          clusterNames: [],
          listed: ['blue', 'green'],
          owner: 'blue',
          candidates: ['blue', 'green'],
        },
        {
          scan: 'a scan limited to one of them, which lists the others',
          clusterNames: ['green'],
          listed: ['blue', 'green'],
          owner: 'green',
          candidates: ['blue', 'green'],
        },
        {
          scan: 'a scan limited to two, one of which does not exist',
          clusterNames: ['blue', 'green'],
          listed: ['green'],
          owner: 'green',
          candidates: undefined,
        },
      ])(
        'keeps with $scan the clusters that exist and may own it, in name order',
        async ({ clusterNames, listed, owner, candidates }) => {
          // Prepare: "gone" exists nowhere; blue exists when ListClusters lists it.
          aws.eks.on(ListClustersCommand).resolves({ clusters: listed });
          if (listed.includes('blue')) {
            aws.eks.on(DescribeClusterCommand, { name: 'blue' }).resolves({
              cluster: eksCluster('blue'),
            });
          }

          // Act
          const inventory = await collect({ clusterNames });

          // Assess
          expect(
            inventory.nodeSources.map(({ cluster, ownerCandidates }) => ({
              cluster,
              ownerCandidates,
            })),
          ).toEqual([{ cluster: owner, ownerCandidates: candidates }]);
          expect(inventory.notes).toBeUndefined();
        },
      );

      it("takes the other tagged clusters to exist, and says so, when the region's clusters can't be listed", async () => {
        // Prepare
        aws.eks
          .on(ListClustersCommand)
          .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: {} }));

        // Act
        const inventory = await collect({ clusterNames: ['green'] });

        // Assess
        expect(
          inventory.nodeSources.map(({ cluster, ownerCandidates }) => [cluster, ownerCandidates]),
        ).toEqual([['green', ['blue', 'gone', 'green']]]);
        expect(inventory.notes).toEqual([
          {
            code: 'node-source-owners-unchecked',
            message:
              "Node sources here are tagged for clusters this scan does not cover (blue, gone), and the region's clusters could not be listed (ListClusters: AccessDeniedException) to tell whether those exist. They are taken to exist, so a source that joins one of them is left to that cluster's scan; one of them since deleted would keep its sources from every limited scan. Grant eks:ListClusters to judge them as a scan of the whole region does.",
            accountId: ACCOUNT_ID,
            region: REGION,
          },
        ]);
        expect(inventory.complete).toBe(true);
      });

      it('asks for another scan, not a permission, when the listing failed on the server', async () => {
        // Prepare
        aws.eks
          .on(ListClustersCommand)
          .rejects(new ServerException({ message: 'try again', $metadata: {} }));

        // Act
        const inventory = await collect({ clusterNames: ['green'] });

        // Assess
        const [note] = inventory.notes ?? [];
        expect(note?.message).toContain('(ListClusters: ServerException)');
        expect(note?.message).toContain('Scan again to judge them');
        expect(note?.message).not.toContain('Grant');
      });

      it("lists the region's clusters once in a limited scan, for its sources' owners too", async () => {
        // Prepare
        aws.eks.on(ListClustersCommand).resolves({ clusters: ['blue', 'green'] });

        // Act
        await collect({ clusterNames: ['green'] });

        // Assess
        expect(aws.eks).toReceiveCommandTimes(ListClustersCommand, 1);
      });
    });

    it('gives a mixed instances group one site per launch template its overrides name', async () => {
      // Prepare
      aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
        AutoScalingGroups: [
          autoScalingGroup(
            'mixed',
            { 'eks:cluster-name': 'prod' },
            {
              MixedInstancesPolicy: {
                LaunchTemplate: {
                  LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0base', Version: '2' },
                  Overrides: [
                    { InstanceType: 'm5.large' },
                    {
                      InstanceType: 'm6i.large',
                      LaunchTemplateSpecification: {
                        LaunchTemplateId: 'lt-0other',
                        Version: '$Latest',
                      },
                    },
                  ],
                },
              },
            },
          ),
        ],
      });
      aws.ec2
        .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0base' })
        .resolves({ LaunchTemplateVersions: [templateVersion('lt-0base', 2)] });
      aws.ec2
        .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0other' })
        .resolves({ LaunchTemplateVersions: [templateVersion('lt-0other', 7)] });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(
        inventory.nodeSources[0]?.sites.map((site) => [
          site.ref.id,
          site.requestedVersion,
          site.launchTemplateVersion,
        ]),
      ).toEqual([
        ['lt-0base', '2', '2'],
        ['lt-0other', '$Latest', '7'],
      ]);
    });

    it('reads AMI and user data of a launch configuration, batched by name', async () => {
      // Prepare
      aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
        AutoScalingGroups: [
          autoScalingGroup(
            'old-a',
            { 'eks:cluster-name': 'prod' },
            { LaunchConfigurationName: 'lc-a' },
          ),
          autoScalingGroup(
            'old-b',
            { 'eks:cluster-name': 'prod' },
            { LaunchConfigurationName: 'lc-b' },
          ),
        ],
      });
      aws.autoScaling.on(DescribeLaunchConfigurationsCommand).resolves({
        LaunchConfigurations: [
          {
            LaunchConfigurationName: 'lc-a',
            LaunchConfigurationARN: 'arn:lc-a',
            ImageId: 'ami-0a',
            UserData: encode('<powershell>a</powershell>'),
            InstanceType: 'm5.large',
            CreatedTime: new Date(),
          },
        ],
      });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.nodeSources[0]?.sites).toEqual([
        {
          ref: {
            type: 'AwsAutoScalingLaunchConfiguration',
            id: 'lc-a',
            name: 'lc-a',
            arn: 'arn:lc-a',
          },
          imageId: 'ami-0a',
          userData: encode('<powershell>a</powershell>'),
        },
      ]);
      expect(inventory.nodeSources[1]?.sites).toEqual([]);
      expect(inventory.errors).toEqual([
        expect.objectContaining({
          cluster: 'prod',
          operation: 'DescribeLaunchConfigurations',
          code: 'LaunchConfigurationNotFoundError',
        }),
      ]);
      expect(aws.autoScaling).toReceiveCommandExactlyOnceWith(DescribeLaunchConfigurationsCommand, {
        LaunchConfigurationNames: ['lc-a', 'lc-b'],
      });
    });
  });

  describe('Karpenter and stand-alone instances', () => {
    it('follows NextToken, skips Auto Scaling instances and reads a Karpenter node through its launch template', async () => {
      // Prepare
      aws.ec2
        .on(DescribeInstancesCommand)
        .resolvesOnce({
          Reservations: [
            {
              Instances: [
                ec2Instance('i-asg', {
                  'kubernetes.io/cluster/prod': 'owned',
                  'aws:autoscaling:groupName': 'g',
                }),
              ],
            },
          ],
          NextToken: 'page-2',
        })
        .resolvesOnce({
          Reservations: [
            {
              Instances: [
                ec2Instance(
                  'i-karpenter',
                  {
                    'karpenter.sh/nodepool': 'windows',
                    'eks:eks-cluster-name': 'prod',
                    'aws:ec2launchtemplate:id': 'lt-0karp',
                    'aws:ec2launchtemplate:version': '1',
                  },
                  { ImageId: 'ami-0node' },
                ),
              ],
            },
          ],
        });
      aws.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
        LaunchTemplateVersions: [
          templateVersion('lt-0karp', 1, {
            name: 'karpenter.k8s.aws/123',
            imageId: 'ami-0template',
          }),
        ],
      });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.nodeSources).toEqual([
        expect.objectContaining({
          kind: 'instance',
          ref: {
            type: 'AwsEc2Instance',
            id: 'i-karpenter',
            arn: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:instance/i-karpenter`,
          },
          instanceIds: ['i-karpenter'],
          sites: [
            expect.objectContaining({
              ref: expect.objectContaining({ type: 'AwsEc2LaunchTemplate', id: 'lt-0karp' }),
              launchTemplateVersion: '1',
              imageId: 'ami-0node',
              userData: encode('<powershell>lt-0karp v1</powershell>'),
            }),
          ],
        }),
      ]);
      expect(aws.ec2).toReceiveCommandWith(DescribeInstancesCommand, {
        Filters: [
          {
            Name: 'tag-key',
            Values: ['karpenter.sh/nodepool', 'kubernetes.io/cluster/prod', 'k8s.io/cluster/prod'],
          },
          { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
        ],
        NextToken: 'page-2',
      });
      expect(aws.ec2).not.toReceiveCommand(DescribeInstanceAttributeCommand);
    });

    it('lists the instances of 60 clusters in one call, so a Karpenter node comes back once', async () => {
      // Prepare
      const clusters = Array.from({ length: 60 }, (_, index) => `c${index}`);
      aws.eks.on(ListClustersCommand).resolves({ clusters });
      const karpenter = ec2Instance('i-karpenter', {
        'karpenter.sh/nodepool': 'windows',
        'kubernetes.io/cluster/c59': 'owned',
      });
      aws.ec2
        .on(DescribeInstancesCommand)
        .callsFake((input: { Filters: { Name: string; Values: string[] }[] }) => {
          const keys = input.Filters.find((filter) => filter.Name === 'tag-key')?.Values ?? [];
          const matches = karpenter.Tags?.some((tag) => keys.includes(tag.Key ?? ''));
          return { Reservations: matches ? [{ Instances: [karpenter] }] : [] };
        });

      // Act
      const inventory = await collect();

      // Assess
      expect(inventory.nodeSources.map((source) => `${source.cluster}/${source.ref.id}`)).toEqual([
        'c59/i-karpenter',
      ]);
      expect(aws.ec2).toReceiveCommandTimes(DescribeInstancesCommand, 1);
    });

    it('reads the user data attribute of a stand-alone node and of a Karpenter node whose template is gone', async () => {
      // Prepare
      aws.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          {
            Instances: [
              ec2Instance('i-alone', { 'kubernetes.io/cluster/prod': 'owned' }),
              ec2Instance('i-orphan', {
                'karpenter.sh/nodepool': 'win',
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
        .rejects(
          ec2Error(
            'InvalidLaunchTemplateId.NotFound',
            'The specified launch template does not exist.',
          ),
        );
      aws.ec2.on(DescribeInstanceAttributeCommand).callsFake((input: { InstanceId: string }) => ({
        InstanceId: input.InstanceId,
        UserData: { Value: encode(`data of ${input.InstanceId}`) },
      }));

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.nodeSources.map((source) => source.sites)).toEqual([
        [
          {
            ref: expect.objectContaining({ type: 'AwsEc2Instance', id: 'i-alone' }),
            imageId: 'ami-0windows',
            userData: encode('data of i-alone'),
            tags: { 'kubernetes.io/cluster/prod': 'owned' },
          },
        ],
        [
          {
            ref: expect.objectContaining({ type: 'AwsEc2Instance', id: 'i-orphan' }),
            imageId: 'ami-0windows',
            userData: encode('data of i-orphan'),
            tags: expect.objectContaining({ 'karpenter.sh/nodepool': 'win' }),
          },
        ],
      ]);
      expect(inventory.errors).toEqual([]);
      expect(aws.ec2).toReceiveCommandWith(DescribeInstanceAttributeCommand, {
        InstanceId: 'i-alone',
        Attribute: 'userData',
      });
    });

    it('keeps a node tagged for two clusters with both, its name-valued tag first', async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['blue', 'green'] });
      aws.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          {
            Instances: [
              ec2Instance('i-copied', {
                'kubernetes.io/cluster/blue': 'owned',
                'eks:eks-cluster-name': 'green',
                'karpenter.sh/nodepool': 'win',
              }),
            ],
          },
        ],
      });

      // Act
      const inventory = await collect();

      // Assess
      expect(
        inventory.nodeSources.map(({ cluster, ownerCandidates }) => ({ cluster, ownerCandidates })),
      ).toEqual([{ cluster: 'green', ownerCandidates: ['green', 'blue'] }]);
    });

    it("reports a Karpenter node's launch template it may not read, rather than reading the node's user data", async () => {
      // Prepare
      aws.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          {
            Instances: [
              ec2Instance('i-karpenter', {
                'karpenter.sh/nodepool': 'win',
                'kubernetes.io/cluster/prod': 'owned',
                'aws:ec2launchtemplate:id': 'lt-0denied',
                'aws:ec2launchtemplate:version': '1',
              }),
            ],
          },
        ],
      });
      aws.ec2
        .on(DescribeLaunchTemplateVersionsCommand)
        .rejects(
          ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
        );

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.errors).toEqual([
        expect.objectContaining({
          operation: 'DescribeLaunchTemplateVersions',
          code: 'UnauthorizedOperation',
        }),
      ]);
      expect(aws.ec2).not.toHaveReceivedCommand(DescribeInstanceAttributeCommand);
    });

    it('does not read the user data of a node whose AMI is a known Linux one', async () => {
      // Prepare
      aws.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          {
            Instances: [
              ec2Instance(
                'i-linux',
                { 'kubernetes.io/cluster/prod': 'owned' },
                { Platform: undefined, ImageId: 'ami-0al2023' },
              ),
            ],
          },
        ],
      });
      aws.ec2.on(DescribeImagesCommand).resolves({
        Images: [
          ec2Image('ami-0al2023', {
            Name: 'amazon-eks-node-al2023-x86_64-1.29',
            Platform: undefined,
          }),
        ],
      });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.nodeSources[0]?.sites).toEqual([
        {
          ref: expect.objectContaining({ id: 'i-linux' }),
          imageId: 'ami-0al2023',
          userData: undefined,
          tags: { 'kubernetes.io/cluster/prod': 'owned' },
        },
      ]);
      expect(aws.ec2).not.toReceiveCommand(DescribeInstanceAttributeCommand);
    });
  });

  describe('images', () => {
    it('marks an AMI that DescribeImages does not return as unavailable', async () => {
      // Prepare
      aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
        AutoScalingGroups: [
          autoScalingGroup('g', { 'eks:cluster-name': 'prod' }, { LaunchConfigurationName: 'lc' }),
          autoScalingGroup(
            'h',
            { 'eks:cluster-name': 'prod' },
            { LaunchConfigurationName: 'lc-private' },
          ),
        ],
      });
      aws.autoScaling.on(DescribeLaunchConfigurationsCommand).resolves({
        LaunchConfigurations: [
          {
            LaunchConfigurationName: 'lc',
            ImageId: 'ami-0public',
            InstanceType: 't3',
            CreatedTime: new Date(),
          },
          {
            LaunchConfigurationName: 'lc-private',
            ImageId: 'ami-0private',
            InstanceType: 't3',
            CreatedTime: new Date(),
          },
        ],
      });
      aws.ec2.on(DescribeImagesCommand).resolves({ Images: [ec2Image('ami-0public')] });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.images).toEqual({
        'ami-0public': {
          status: 'available',
          image: {
            imageId: 'ami-0public',
            name: 'Windows_Server-2019-English-Core-EKS_Optimized-1.29-2024.05.14',
            ownerId: '801119661308',
            platform: 'windows',
            public: true,
            creationDate: '2024-05-14T10:00:00.000Z',
            state: 'available',
          },
        },
        'ami-0private': { status: 'unavailable' },
      });
      expect(aws.ec2).toReceiveCommandWith(DescribeImagesCommand, {
        ImageIds: ['ami-0public', 'ami-0private'],
        IncludeDeprecated: true,
      });
    });
  });

  describe('latest EKS Windows AMIs and Systems Manager', () => {
    it('asks SSM for the latest AMI of every release and edition of each Kubernetes version, 10 names a call', async () => {
      // Prepare
      const latest2019 =
        '/aws/service/ami-windows-latest/Windows_Server-2019-English-Core-EKS_Optimized-1.29/image_id';
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
      aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['ng'] });
      aws.eks
        .on(DescribeNodegroupCommand)
        .resolves({ nodegroup: nodegroup('ng', { version: '1.28' }) });
      aws.ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
        Parameters: input.Names.includes(latest2019)
          ? [{ Name: latest2019, Value: 'ami-0latest' }]
          : [],
        InvalidParameters: input.Names.filter((name) => name !== latest2019),
      }));
      aws.ec2.on(DescribeImagesCommand).resolves({ Images: [ec2Image('ami-0latest')] });

      // Act
      const inventory = await collect();

      // Assess
      expect(inventory.latestImageIds).toEqual({ [latest2019]: 'ami-0latest' });
      expect(inventory.images['ami-0latest']?.status).toBe('available');
      expect(aws.ssm).toReceiveCommandTimes(GetParametersCommand, 2);
      const names = aws.ssm
        .commandCalls(GetParametersCommand)
        .flatMap((call) => call.args[0].input.Names ?? []);
      expect(names).toHaveLength(12);
      expect(names).toContain(
        '/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-EKS_Optimized-1.28/image_id',
      );
      expect(inventory.errors).toEqual([]);
    });

    it('asks for the target version with the others and lists the target parameters that do not exist', async () => {
      // Prepare
      const core134 =
        '/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.34/image_id';
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
      aws.eks
        .on(DescribeClusterCommand)
        .resolves({ cluster: eksCluster('prod', { version: '1.33' }) });
      aws.ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
        Parameters: input.Names.includes(core134) ? [{ Name: core134, Value: 'ami-0core134' }] : [],
        InvalidParameters: input.Names.filter((name) => name !== core134),
      }));
      aws.ec2.on(DescribeImagesCommand).resolves({ Images: [ec2Image('ami-0core134')] });

      // Act
      const inventory = await collect({ targetVersion: '1.34' });

      // Assess
      const names = aws.ssm
        .commandCalls(GetParametersCommand)
        .flatMap((call) => call.args[0].input.Names ?? []);
      expect(names).toHaveLength(12);
      expect(aws.ssm).toReceiveCommandTimes(GetParametersCommand, 2);
      expect(inventory.latestImageIds).toEqual({ [core134]: 'ami-0core134' });
      expect(inventory.unpublishedImageParameters?.sort()).toEqual(
        names.filter((name) => name.includes('-1.34/') && name !== core134).sort(),
      );
      expect(inventory.unpublishedImageParameters).toHaveLength(5);
    });

    it('lists no unpublished parameters without a target version', async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
      aws.eks
        .on(DescribeClusterCommand)
        .resolves({ cluster: eksCluster('prod', { version: '1.33' }) });
      aws.ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
        Parameters: [],
        InvalidParameters: input.Names,
      }));

      // Act
      const inventory = await collect();

      // Assess
      expect(aws.ssm).toReceiveCommandTimes(GetParametersCommand, 1);
      expect(inventory.unpublishedImageParameters).toBeUndefined();
    });

    it('records the Windows build Systems Manager knows for the nodes', async () => {
      // Prepare
      aws.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          { Instances: [ec2Instance('i-win', { 'kubernetes.io/cluster/prod': 'owned' })] },
        ],
      });
      aws.ssm.on(DescribeInstanceInformationCommand).resolves({
        InstanceInformationList: [
          {
            InstanceId: 'i-win',
            PlatformName: 'Microsoft Windows Server 2019 Datacenter',
            PlatformVersion: '10.0.17763',
          },
        ],
      });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(inventory.instanceOs).toEqual({
        'i-win': {
          instanceId: 'i-win',
          platformName: 'Microsoft Windows Server 2019 Datacenter',
          platformVersion: '10.0.17763',
        },
      });
      expect(aws.ssm).toReceiveCommandWith(DescribeInstanceInformationCommand, {
        Filters: [{ Key: 'InstanceIds', Values: ['i-win'] }],
      });
    });

    it("asks for the Windows build of the groups' running nodes in the same call as the other nodes'", async () => {
      // Prepare
      aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['win-ng'] });
      aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
        AutoScalingGroups: [
          autoScalingGroup(
            'win-asg',
            { 'kubernetes.io/cluster/prod': 'owned' },
            { Instances: [inService('i-asg1'), inService('i-asg2')] },
          ),
          autoScalingGroup(
            'eks-win-ng',
            { 'eks:cluster-name': 'prod', 'eks:nodegroup-name': 'win-ng' },
            { Instances: [inService('i-ng1')] },
          ),
        ],
      });
      aws.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          { Instances: [ec2Instance('i-win', { 'kubernetes.io/cluster/prod': 'owned' })] },
        ],
      });
      const builds: Record<string, string> = {
        'i-asg1': '10.0.17763',
        'i-asg2': '10.0.20348',
        'i-ng1': '10.0.20348',
        'i-win': '10.0.26100',
      };
      aws.ssm
        .on(DescribeInstanceInformationCommand)
        .callsFake((input: { Filters?: { Key: string; Values: string[] }[] }) => ({
          InstanceInformationList: (input.Filters?.[0]?.Values ?? []).flatMap((id) =>
            builds[id] === undefined ? [] : [{ InstanceId: id, PlatformVersion: builds[id] }],
          ),
        }));

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(
        Object.fromEntries(
          Object.entries(inventory.instanceOs).map(([id, info]) => [id, info.platformVersion]),
        ),
      ).toEqual(builds);
      expect(aws.ssm).toReceiveCommandTimes(DescribeInstanceInformationCommand, 1);
      const [call] = aws.ssm.commandCalls(DescribeInstanceInformationCommand);
      expect(call?.args[0].input.Filters?.[0]?.Values?.slice().sort()).toEqual([
        'i-asg1',
        'i-asg2',
        'i-ng1',
        'i-win',
      ]);
      expect(inventory.errors).toEqual([]);
    });

    it('asks Systems Manager only for the nodes EC2 does not call Linux (only Windows builds matter)', async () => {
      // Prepare: a group of two nodes, one EC2 lists as Linux, one it did not list; a Linux
      // stand-alone node and a Windows one.
      aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
        AutoScalingGroups: [
          autoScalingGroup(
            'mixed-asg',
            { 'kubernetes.io/cluster/prod': 'owned' },
            { Instances: [inService('i-asg-linux'), inService('i-asg-unlisted')] },
          ),
        ],
      });
      const owned = { 'kubernetes.io/cluster/prod': 'owned' };
      aws.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          {
            Instances: [
              ec2Instance(
                'i-asg-linux',
                { ...owned, 'aws:autoscaling:groupName': 'mixed-asg' },
                { Platform: undefined },
              ),
              ec2Instance('i-linux', owned, { Platform: undefined }),
              ec2Instance('i-win', owned),
            ],
          },
        ],
      });
      aws.ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      const asked = aws.ssm
        .commandCalls(DescribeInstanceInformationCommand)
        .flatMap((call) => call.args[0].input.Filters?.[0]?.Values ?? []);
      expect(asked.sort()).toEqual(['i-asg-unlisted', 'i-win']);
      expect(inventory.errors).toEqual([]);
    });

    it('counts an AccessDenied from Systems Manager inventory as a scan error: the build only it knows is lost', async () => {
      // Prepare
      aws.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          { Instances: [ec2Instance('i-win', { 'kubernetes.io/cluster/prod': 'owned' })] },
        ],
      });
      aws.ssm
        .on(DescribeInstanceInformationCommand)
        .rejects(
          ssmError(
            'AccessDeniedException',
            'User is not authorized to perform: ssm:DescribeInstanceInformation',
          ),
        );

      // Act
      const inventory = await collect({ clusterNames: ['prod'] });

      // Assess
      expect(aws.ssm).toReceiveCommand(DescribeInstanceInformationCommand);
      expect(inventory.instanceOs).toEqual({});
      expect(inventory.errors).toEqual([
        expect.objectContaining({
          operation: 'DescribeInstanceInformation',
          code: 'AccessDeniedException',
        }),
      ]);
    });
  });

  describe('deadline', () => {
    it('stops starting new work once shouldStop says so and returns an incomplete inventory', async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['a', 'b', 'c', 'd', 'e', 'f'] });
      let describeCalls = 0;
      aws.eks.on(DescribeClusterCommand).callsFake((input: { name: string }) => {
        describeCalls += 1;
        return { cluster: eksCluster(input.name) };
      });

      // Act
      const inventory = await collect({ shouldStop: () => describeCalls >= 2 });

      // Assess
      expect(inventory.complete).toBe(false);
      expect(inventory.clusters.length).toBeLessThan(6);
      expect(aws.eks).not.toReceiveCommandWith(DescribeClusterCommand, { name: 'f' });
      expect(aws.ec2).not.toReceiveCommand(DescribeImagesCommand);
      expect(aws.ssm).not.toReceiveCommand(GetParametersCommand);
      expect(inventory.errors).toEqual([]);
    });

    it('stays complete when the deadline was never reached', async () => {
      // Prepare
      aws.eks.on(ListClustersCommand).resolves({ clusters: ['a'] });

      // Act
      const inventory = await collect({ shouldStop: () => false });

      // Assess
      expect(inventory.complete).toBe(true);
      expect(inventory.clusters).toHaveLength(1);
    });
  });

  it('never copies user data into an error message', async () => {
    // Prepare
    const secret = encode('<powershell>$password = "hunter2"</powershell>');
    aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        autoScalingGroup(
          'g',
          { 'eks:cluster-name': 'prod' },
          { LaunchTemplate: { LaunchTemplateId: 'lt-0a', Version: '9' } },
        ),
      ],
    });
    aws.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
      LaunchTemplateVersions: [templateVersion('lt-0a', 8, { userData: secret })],
    });

    // Act
    const inventory = await collect({ clusterNames: ['prod'] });

    // Assess
    expect(inventory.errors).toEqual([
      expect.objectContaining({
        operation: 'DescribeLaunchTemplateVersions',
        code: 'LaunchTemplateVersionNotFoundError',
      }),
    ]);
    expect(JSON.stringify(inventory.errors)).not.toContain(secret);
    expect(JSON.stringify(inventory.errors)).not.toContain('hunter2');
  });
});
