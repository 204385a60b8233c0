import {
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeClusterCommand,
  ListClustersCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { DescribeInstanceInformationCommand, GetParametersCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/collect/clients.ts';
import { scanAccounts } from '../../src/scan-accounts.ts';
import { eksCluster, clients as freshClients } from './collect/aws-responses.ts';

/** A session of the role, as STS gives one. */
const session = async () => ({ accessKeyId: 'ASIA', secretAccessKey: 'secret' });

/** The role's session in an account that refuses it, as STS does with `name`. */
function refusedSession(name: string, message: string) {
  return () =>
    Promise.reject(new STSServiceException({ name, $fault: 'client', $metadata: {}, message }));
}

/** Clients of an account with no clusters. */
function accountClients(): AwsClients {
  const clients = freshClients();
  mockClient(clients.eks).on(ListClustersCommand).resolves({ clusters: [] });
  return clients;
}

/** Clients of an account that has cluster `prod` (named to the scan) or not. */
function accountNamedClusterClients(hasProd: boolean): AwsClients {
  const clients = freshClients();
  const eks = mockClient(clients.eks);
  eks.on(ListClustersCommand).resolves({ clusters: hasProd ? ['prod'] : [] });
  if (hasProd) eks.on(DescribeClusterCommand).resolves({ cluster: eksCluster('prod') });
  else
    eks.on(DescribeClusterCommand).rejects(
      new ResourceNotFoundException({
        $metadata: {},
        message: 'No cluster found for name: prod.',
      }),
    );
  eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
  eks.on(ListInsightsCommand).resolves({ insights: [] });
  mockClient(clients.autoScaling)
    .on(DescribeAutoScalingGroupsCommand)
    .resolves({ AutoScalingGroups: [] })
    .on(DescribeLaunchConfigurationsCommand)
    .resolves({ LaunchConfigurations: [] });
  mockClient(clients.ec2)
    .on(DescribeInstancesCommand)
    .resolves({ Reservations: [] })
    .on(DescribeLaunchTemplateVersionsCommand)
    .resolves({ LaunchTemplateVersions: [] })
    .on(DescribeLaunchTemplatesCommand)
    .resolves({ LaunchTemplates: [] })
    .on(DescribeImagesCommand)
    .resolves({ Images: [] })
    .on(DescribeVpcsCommand)
    .resolves({ Vpcs: [] });
  mockClient(clients.ssm)
    .on(GetParametersCommand)
    .callsFake((input: { Names: string[] }) => ({ Parameters: [], InvalidParameters: input.Names }))
    .on(DescribeInstanceInformationCommand)
    .resolves({ InstanceInformationList: [] });
  return clients;
}

describe('Function: scanAccounts', () => {
  it('is complete when a named cluster lives in one of the accounts, and not when it lives in none', async () => {
    // Prepare
    const scan = (withProd: readonly boolean[]) =>
      scanAccounts(
        withProd.map((hasProd, index) => {
          const accountId = `${index + 1}`.repeat(12);
          return {
            accountId,
            credentials: session,
            stsRegion: 'us-west-2',
            clientsFor: () => accountNamedClusterClients(hasProd),
          };
        }),
        { regions: ['us-west-2'], clusters: ['prod'], now: new Date('2026-11-25T12:00:00Z') },
      );

    // Act
    const inOne = await scan([false, true]);
    const inNone = await scan([false, false]);

    // Assess
    expect(inOne.errors).toEqual([]);
    expect(inOne.complete).toBe(true);
    expect(inOne.summary.clusters).toBe(1);
    expect(inNone.complete).toBe(false);
    expect(inNone.errors.map((error) => [error.accountId, error.code])).toEqual([
      ['111111111111', 'ResourceNotFoundException'],
      ['222222222222', 'ResourceNotFoundException'],
    ]);
  });

  it('scans every account and lists one whose role cannot be assumed, without stopping', async () => {
    // Prepare
    const accounts = ['111122223333', '444455556666', '777788889999'];

    // Act
    const report = await scanAccounts(
      accounts.map((accountId) => ({
        accountId,
        credentials:
          accountId === '444455556666'
            ? refusedSession(
                'AccessDenied',
                `User is not authorized to perform: sts:AssumeRole on arn:aws:iam::${accountId}:role/Audit\nmore`,
              )
            : session,
        stsRegion: 'us-west-2',
        clientsFor: accountClients,
      })),
      { regions: ['us-west-2'], now: new Date('2026-11-25T12:00:00Z') },
    );

    // Assess
    expect(report.scope).toEqual({ accounts, regions: ['us-west-2'] });
    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      {
        accountId: '444455556666',
        region: 'us-west-2',
        operation: 'AssumeRole',
        code: 'AccessDenied',
        message:
          'User is not authorized to perform: sts:AssumeRole on arn:aws:iam::444455556666:role/Audit',
      },
    ]);
    expect(report.scannedAt).toBe('2026-11-25T12:00:00.000Z');
  });

  it('names no region when the account was not reached for a scan of several', async () => {
    // Act
    const report = await scanAccounts(
      [
        {
          accountId: '444455556666',
          credentials: refusedSession('AccessDenied', 'User is not authorized'),
          stsRegion: 'us-west-2',
          clientsFor: accountClients,
        },
      ],
      { regions: ['us-west-2', 'eu-west-1'], now: new Date('2026-11-25T12:00:00Z') },
    );

    // Assess
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ accountId: '444455556666', operation: 'AssumeRole' });
    expect(report.errors[0]).not.toHaveProperty('region');
  });

  it('scans the regions an account has enabled when the first region named is not one of them', async () => {
    // Prepare: the role is assumed, but the account has not enabled af-south-1, where AWS
    // refuses the session's token.
    const refused = () =>
      new STSServiceException({
        name: 'InvalidClientTokenId',
        $fault: 'client',
        $metadata: {},
        message: 'The security token included in the request is invalid.',
      });
    const notEnabled = (): AwsClients => {
      const clients = freshClients();
      mockClient(clients.sts).on(GetCallerIdentityCommand).rejects(refused());
      mockClient(clients.eks).on(ListClustersCommand).rejects(refused());
      return clients;
    };

    // Act
    const report = await scanAccounts(
      [
        {
          accountId: '111122223333',
          credentials: session,
          stsRegion: 'us-west-2',
          clientsFor: (region) =>
            region === 'af-south-1' ? notEnabled() : accountNamedClusterClients(true),
        },
      ],
      { regions: ['af-south-1', 'us-west-2'], now: new Date('2026-11-25T12:00:00Z') },
    );

    // Assess
    expect(report.summary.clusters).toBe(1);
    expect(report.complete).toBe(false);
    expect(report.errors.map((error) => [error.region, error.operation, error.code])).toEqual([
      ['af-south-1', 'ListClusters', 'InvalidClientTokenId'],
    ]);
  });

  it('lists an account whose credentials cannot be had as AssumeRole, before any region is asked', async () => {
    // Prepare
    const asked: string[] = [];

    // Act
    const report = await scanAccounts(
      [
        {
          accountId: '444455556666',
          credentials: refusedSession(
            'AccessDenied',
            'User is not authorized to perform: sts:AssumeRole',
          ),
          stsRegion: 'us-west-2',
          clientsFor: (region) => {
            asked.push(region);
            return accountClients();
          },
        },
      ],
      { regions: ['us-west-2', 'eu-west-1'], now: new Date('2026-11-25T12:00:00Z') },
    );

    // Assess
    expect(asked).toEqual([]);
    expect(report.errors).toEqual([
      {
        accountId: '444455556666',
        operation: 'AssumeRole',
        code: 'AccessDenied',
        message: 'User is not authorized to perform: sts:AssumeRole',
      },
    ]);
  });

  it('names the region whose STS refused the role as not enabled, which need not be the one scanned', async () => {
    // Act: a worker's scan of eu-west-1, the role assumed through STS of the stack's region
    const report = await scanAccounts(
      [
        {
          accountId: '444455556666',
          credentials: refusedSession(
            'RegionDisabledException',
            'STS is not activated in this region for account:444455556666. Your account administrator can activate STS in this region using the IAM Console.',
          ),
          stsRegion: 'ap-southeast-4',
          clientsFor: accountClients,
        },
      ],
      { regions: ['eu-west-1'], now: new Date('2026-11-25T12:00:00Z') },
    );

    // Assess
    expect(report.errors).toEqual([
      {
        accountId: '444455556666',
        region: 'eu-west-1',
        operation: 'AssumeRole',
        code: 'RegionDisabledException',
        message:
          'STS is not activated in this region for account:444455556666. Your account administrator can activate STS in this region using the IAM Console. The role is assumed through STS in ap-southeast-4, a region this account has not enabled.',
      },
    ]);
  });

  it("tells each region's progress with its account", async () => {
    // Prepare
    const accounts = ['111122223333', '444455556666'];
    const told = new Set<string>();

    // Act
    await scanAccounts(
      accounts.map((accountId) => ({
        accountId,
        credentials: session,
        stsRegion: 'us-west-2',
        clientsFor: () => accountNamedClusterClients(true),
      })),
      {
        regions: ['us-west-2'],
        clusters: ['prod'],
        onProgress: (progress) => told.add(`${progress.accountId} ${progress.region}`),
      },
    );

    // Assess
    expect([...told].sort()).toEqual(accounts.map((accountId) => `${accountId} us-west-2`));
  });
});
