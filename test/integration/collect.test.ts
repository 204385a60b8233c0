/**
 * The collector against moto_server: real SDK calls over HTTP, so request shapes, paging
 * and error codes are those of an AWS-compatible service, not of our own mocks. Started
 * through the project's launcher (moto's own AMI list): plain moto_server has no
 * DescribeInstanceInformation and answers it with an HTML 500, which the collector rightly
 * reports as a failure of the scan.
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  AssociateVpcCidrBlockCommand,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateVpcCommand,
  DisassociateVpcCidrBlockCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/collect/clients.ts';
import { collectRegion } from '../../src/collect/index.ts';
import type { Inventory, NodeSource } from '../../src/inventory/types.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';

const REGION = 'us-west-2';
const ACCOUNT_ID = '123456789012';
/** Windows AMIs in moto's default list. */
const EKS_WINDOWS_AMI = 'ami-ekswin';
const WINDOWS_AMI = 'ami-b7e93bce';
/** Another Windows AMI of moto's list (Server 2016 Nano), with a hexadecimal id as AWS gives. */
const OTHER_WINDOWS_AMI = 'ami-03cf127a';

const encode = (text: string) => Buffer.from(text).toString('base64');
const bootstrap = (cluster: string) =>
  encode(
    `<powershell>& $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName ${cluster}</powershell>`,
  );

interface RecordedCall {
  command: string;
  input: Record<string, unknown>;
}

/** What the recorder needs of an SDK client. */
interface Sender {
  send(command: { input: object }, ...rest: unknown[]): Promise<unknown>;
}

/** Clients bound to moto that write down every command the collector sends. */
function clientsFor(endpoint: string, calls: RecordedCall[]): AwsClients {
  const config = {
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const clients = {
    eks: new EKSClient(config),
    ec2: new EC2Client(config),
    autoScaling: new AutoScalingClient(config),
    ssm: new SSMClient(config),
    sts: new STSClient(config),
  };
  for (const client of Object.values(clients) as unknown as Sender[]) {
    const send = client.send.bind(client);
    client.send = (command, ...rest) => {
      calls.push({ command: command.constructor.name, input: { ...command.input } });
      return send(command, ...rest);
    };
  }
  return clients;
}

const sourceNamed = (inventory: Inventory, id: string): NodeSource | undefined =>
  inventory.nodeSources.find((source) => source.ref.id === id);

describe('Function: collectRegion (against moto_server)', () => {
  let moto: Emulator | undefined;
  let clients: AwsClients;
  let inventory: Inventory;
  const calls: RecordedCall[] = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const started = await startEmulator({ amis: false });
    moto = started;
    clients = clientsFor(started.endpoint, calls);
    const { eks, ec2, autoScaling } = clients;

    for (const [name, version] of [
      ['prod', '1.29'],
      ['dev', '1.30'],
    ] as const) {
      await eks.send(
        new CreateClusterCommand({
          name,
          version,
          roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eks`,
          resourcesVpcConfig: { subnetIds: ['subnet-1'] },
          kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16' },
          tags: { team: name },
        }),
      );
    }

    // Six templates: enough for the region-wide $Default/$Latest call.
    for (const index of [1, 2, 3, 4, 5, 6]) {
      const { LaunchTemplate } = await ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: `win-${index}`,
          LaunchTemplateData: { ImageId: EKS_WINDOWS_AMI, UserData: bootstrap('prod') },
        }),
      );
      ids[`win-${index}`] = LaunchTemplate?.LaunchTemplateId ?? '';
    }
    // win-1 gets a second version that only $Latest sees (no group launches from it: moto
    // fails to launch from versions created with user data).
    await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: ids['win-1'],
        LaunchTemplateData: { ImageId: 'ami-00000000000000000', UserData: bootstrap('other') },
      }),
    );

    const clusterTag = (key: string, value: string) => ({
      Key: key,
      Value: value,
      PropagateAtLaunch: true,
    });
    const group = {
      MinSize: 0,
      MaxSize: 2,
      DesiredCapacity: 0,
      AvailabilityZones: [`${REGION}a`],
    };
    await autoScaling.send(
      new CreateAutoScalingGroupCommand({
        ...group,
        AutoScalingGroupName: 'asg-latest',
        LaunchTemplate: { LaunchTemplateId: ids['win-1'], Version: '$Latest' },
        Tags: [clusterTag('kubernetes.io/cluster/prod', 'owned')],
      }),
    );
    await autoScaling.send(
      new CreateAutoScalingGroupCommand({
        ...group,
        DesiredCapacity: 1,
        MinSize: 1,
        AutoScalingGroupName: 'asg-default',
        LaunchTemplate: { LaunchTemplateId: ids['win-1'], Version: '$Default' },
        Tags: [clusterTag('k8s.io/cluster/prod', 'shared')],
      }),
    );
    for (const index of [3, 4, 5]) {
      await autoScaling.send(
        new CreateAutoScalingGroupCommand({
          ...group,
          AutoScalingGroupName: `asg-win-${index}`,
          LaunchTemplate: { LaunchTemplateName: `win-${index}` },
          Tags: [clusterTag('eks:cluster-name', 'prod')],
        }),
      );
    }
    await autoScaling.send(
      new CreateAutoScalingGroupCommand({
        ...group,
        AutoScalingGroupName: 'asg-mixed',
        MixedInstancesPolicy: {
          LaunchTemplate: {
            LaunchTemplateSpecification: { LaunchTemplateId: ids['win-2'], Version: '1' },
            Overrides: [
              { InstanceType: 'm5.large' },
              {
                InstanceType: 'm5.xlarge',
                LaunchTemplateSpecification: { LaunchTemplateId: ids['win-6'], Version: '1' },
              },
            ],
          },
        },
        Tags: [clusterTag('alpha.eksctl.io/cluster-name', 'prod')],
      }),
    );
    await autoScaling.send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: 'lc-dev',
        ImageId: WINDOWS_AMI,
        InstanceType: 'm5.large',
        UserData: bootstrap('dev'),
      }),
    );
    await autoScaling.send(
      new CreateAutoScalingGroupCommand({
        ...group,
        AutoScalingGroupName: 'asg-lc',
        LaunchConfigurationName: 'lc-dev',
        Tags: [clusterTag('kubernetes.io/cluster/dev', 'owned')],
      }),
    );
    await autoScaling.send(
      new CreateAutoScalingGroupCommand({
        ...group,
        AutoScalingGroupName: 'asg-other-cluster',
        LaunchTemplate: { LaunchTemplateId: ids['win-2'] },
        Tags: [clusterTag('kubernetes.io/cluster/elsewhere', 'owned')],
      }),
    );

    await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'prod',
        nodegroupName: 'ng-template',
        nodeRole: `arn:aws:iam::${ACCOUNT_ID}:role/node`,
        subnets: ['subnet-1'],
        amiType: 'WINDOWS_CORE_2019_x86_64',
        version: '1.29',
        releaseVersion: '1.29-2024.05.14',
        launchTemplate: { id: ids['win-2'], version: '1' },
      }),
    );
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'dev',
        nodegroupName: 'ng-plain',
        nodeRole: `arn:aws:iam::${ACCOUNT_ID}:role/node`,
        subnets: ['subnet-1'],
        amiType: 'WINDOWS_FULL_2022_x86_64',
        version: '1.30',
      }),
    );

    const { Instances: karpenter } = await ec2.send(
      new RunInstancesCommand({
        MinCount: 1,
        MaxCount: 1,
        LaunchTemplate: { LaunchTemplateId: ids['win-3'], Version: '1' },
        ImageId: WINDOWS_AMI,
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: [
              { Key: 'karpenter.sh/nodepool', Value: 'windows' },
              { Key: 'kubernetes.io/cluster/prod', Value: 'owned' },
            ],
          },
        ],
      }),
    );
    ids.karpenter = karpenter?.[0]?.InstanceId ?? '';
    const { Instances: standAlone } = await ec2.send(
      new RunInstancesCommand({
        MinCount: 1,
        MaxCount: 1,
        ImageId: WINDOWS_AMI,
        UserData: bootstrap('dev'),
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: [
              { Key: 'kubernetes.io/cluster/dev', Value: 'owned' },
              // The launcher's DescribeInstanceInformation reports it: Windows Server 1909.
              { Key: 'emulator:ssm-platform-version', Value: '10.0.18363' },
            ],
          },
        ],
      }),
    );
    ids.standAlone = standAlone?.[0]?.InstanceId ?? '';

    calls.length = 0;
    inventory = await collectRegion({
      clients,
      accountId: ACCOUNT_ID,
      region: REGION,
      clusterNames: ['prod', 'dev', 'ghost'],
      shouldStop: () => false,
      onProgress: () => {},
    });
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('describes the clusters that exist and records the one that does not', () => {
    // Assess
    expect(inventory.clusters.map((cluster) => [cluster.name, cluster.version])).toEqual([
      ['prod', '1.29'],
      ['dev', '1.30'],
    ]);
    expect(inventory.clusters[0]?.serviceIpv4Cidr).toBe('172.20.0.0/16');
    expect(inventory.errors).toEqual([
      expect.objectContaining({
        cluster: 'ghost',
        operation: 'DescribeCluster',
        code: 'ResourceNotFoundException',
      }),
    ]);
    expect(inventory.complete).toBe(true);
  });

  it('resolves $Default and $Latest of the same template to different versions', () => {
    // Assess
    expect(sourceNamed(inventory, 'asg-latest')?.sites).toEqual([
      expect.objectContaining({
        launchTemplateVersion: '2',
        requestedVersion: '$Latest',
        imageId: 'ami-00000000000000000',
        userData: bootstrap('other'),
      }),
    ]);
    expect(sourceNamed(inventory, 'asg-default')?.sites).toEqual([
      expect.objectContaining({
        launchTemplateVersion: '1',
        requestedVersion: '$Default',
        userData: bootstrap('prod'),
      }),
    ]);
    expect(sourceNamed(inventory, 'asg-default')?.instanceIds).toHaveLength(1);
  });

  it('resolves templates named by name, mixed instances overrides and launch configurations', () => {
    // Assess
    expect(sourceNamed(inventory, 'asg-win-4')?.sites[0]?.ref).toMatchObject({
      id: ids['win-4'],
      name: 'win-4',
    });
    expect(sourceNamed(inventory, 'asg-mixed')?.sites.map((site) => site.ref.id)).toEqual([
      ids['win-2'],
      ids['win-6'],
    ]);
    expect(sourceNamed(inventory, 'asg-lc')).toMatchObject({
      cluster: 'dev',
      sites: [
        {
          ref: { type: 'AwsAutoScalingLaunchConfiguration', id: 'lc-dev' },
          imageId: WINDOWS_AMI,
          userData: bootstrap('dev'),
        },
      ],
    });
    expect(sourceNamed(inventory, 'asg-other-cluster')).toBeUndefined();
  });

  it('collects managed node groups with and without a launch template', () => {
    // Assess
    expect(sourceNamed(inventory, 'ng-template')).toMatchObject({
      kind: 'managed-node-group',
      cluster: 'prod',
      amiType: 'WINDOWS_CORE_2019_x86_64',
      kubernetesVersion: '1.29',
      sites: [
        { ref: { id: ids['win-2'] }, launchTemplateVersion: '1', userData: bootstrap('prod') },
      ],
    });
    expect(sourceNamed(inventory, 'ng-plain')?.sites).toEqual([
      {
        ref: expect.objectContaining({ type: 'AwsEksNodegroup', id: 'ng-plain' }),
        userData: undefined,
      },
    ]);
  });

  it('reads the Windows build Systems Manager reports for the one managed instance, and nothing for the others', () => {
    // Assess
    expect(inventory.instanceOs).toEqual({
      [ids.standAlone ?? '']: {
        instanceId: ids.standAlone,
        platformName: 'Microsoft Windows Server Datacenter',
        platformVersion: '10.0.18363',
      },
    });
    expect(calls.filter((call) => call.command === 'DescribeInstanceInformationCommand')).toEqual([
      expect.objectContaining({
        input: expect.objectContaining({
          Filters: [
            { Key: 'InstanceIds', Values: expect.arrayContaining([ids.standAlone, ids.karpenter]) },
          ],
        }),
      }),
    ]);
  });

  it('collects a Karpenter node through its launch template and a stand-alone node through its attribute', () => {
    // Assess
    expect(sourceNamed(inventory, ids.karpenter ?? '')).toMatchObject({
      kind: 'instance',
      cluster: 'prod',
      sites: [
        {
          ref: { id: ids['win-3'] },
          launchTemplateVersion: '1',
          imageId: WINDOWS_AMI,
          userData: bootstrap('prod'),
        },
      ],
    });
    expect(sourceNamed(inventory, ids.standAlone ?? '')).toMatchObject({
      cluster: 'dev',
      sites: [
        {
          ref: { type: 'AwsEc2Instance', id: ids.standAlone },
          imageId: WINDOWS_AMI,
          userData: bootstrap('dev'),
        },
      ],
    });
  });

  it('looks up the referenced AMIs and marks the missing one unavailable', () => {
    // Assess
    expect(inventory.images[EKS_WINDOWS_AMI]).toMatchObject({
      status: 'available',
      image: { platform: 'windows' },
    });
    expect(inventory.images[WINDOWS_AMI]?.status).toBe('available');
    expect(inventory.images['ami-00000000000000000']).toEqual({ status: 'unavailable' });
  });

  it('asks for $Default and $Latest of all templates in one call, which holds the numbered versions too', () => {
    // Assess
    const versionCalls = calls.filter(
      (call) => call.command === 'DescribeLaunchTemplateVersionsCommand',
    );
    const regionWide = versionCalls.filter((call) => call.input.LaunchTemplateId === undefined);
    expect(regionWide.map((call) => call.input)).toEqual([
      expect.objectContaining({ Versions: ['$Default', '$Latest'], MaxResults: 200 }),
    ]);
    // The numbered versions (win-2, win-3, win-6 at 1) are their templates' default version.
    expect(versionCalls).toHaveLength(1);
    expect(versionCalls.every((call) => call.input.MaxResults === 200)).toBe(true);
  });
});

/**
 * An EKS client whose CreateCluster also sends `resourcesVpcConfig.vpcId`: EKS derives the
 * VPC from the subnets, moto stores what it is sent, and the SDK's request shape has no
 * vpcId, so it is written into the body after serialization.
 */
function eksCreatingClustersIn(endpoint: string, vpcId: string): EKSClient {
  const eks = new EKSClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  eks.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers?: Record<string, string> };
      if (request.body !== undefined) {
        const text =
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body as Uint8Array);
        const body = JSON.parse(text) as { resourcesVpcConfig?: Record<string, unknown> };
        body.resourcesVpcConfig = { ...body.resourcesVpcConfig, vpcId };
        request.body = JSON.stringify(body);
        if (request.headers?.['content-length'] !== undefined) {
          request.headers['content-length'] = String(Buffer.byteLength(request.body as string));
        }
      }
      return next(args);
    },
    { step: 'build', name: 'addVpcIdToCreateCluster' },
  );
  return eks;
}

/**
 * Its own moto_server and estate, so that the estate above (and its call counts) stays as it
 * is: clusters in VPCs with secondary CIDR blocks, and launch templates whose AMI is a
 * `resolve:ssm:` parameter.
 */
describe('Function: collectRegion, VPCs and resolve:ssm: images (against moto_server)', () => {
  let moto: Emulator | undefined;
  let inventory: Inventory;
  const calls: RecordedCall[] = [];
  const vpcIds: Record<string, string> = {};
  /** A VPC id that does not exist: the cluster keeps it, its CIDR blocks stay unknown. */
  const GONE_VPC = 'vpc-0123456789abcdef0';

  beforeAll(async () => {
    const started = await startEmulator({ amis: false });
    moto = started;
    const clients = clientsFor(started.endpoint, calls);
    const { ec2, autoScaling } = clients;
    const ssm = clients.ssm;

    // VPC "main": 10.0.0.0/16, plus 100.64.0.0/16 associated and 10.1.0.0/16 disassociated.
    const main = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    vpcIds.main = main.Vpc?.VpcId ?? '';
    await ec2.send(
      new AssociateVpcCidrBlockCommand({ VpcId: vpcIds.main, CidrBlock: '100.64.0.0/16' }),
    );
    const dropped = await ec2.send(
      new AssociateVpcCidrBlockCommand({ VpcId: vpcIds.main, CidrBlock: '10.1.0.0/16' }),
    );
    await ec2.send(
      new DisassociateVpcCidrBlockCommand({
        AssociationId: dropped.CidrBlockAssociation?.AssociationId,
      }),
    );
    const other = await ec2.send(new CreateVpcCommand({ CidrBlock: '192.168.0.0/16' }));
    vpcIds.other = other.Vpc?.VpcId ?? '';

    for (const [name, vpcId] of [
      ['ssm-a', vpcIds.main],
      ['ssm-b', vpcIds.main],
      ['ssm-c', vpcIds.other],
      ['ssm-d', GONE_VPC],
    ] as const) {
      await eksCreatingClustersIn(started.endpoint, vpcId ?? '').send(
        new CreateClusterCommand({
          name,
          version: '1.31',
          roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eks`,
          resourcesVpcConfig: { subnetIds: ['subnet-1'] },
        }),
      );
    }

    // A customer parameter with two versions: the unpinned name reads version 2.
    for (const [value, overwrite] of [
      [OTHER_WINDOWS_AMI, false],
      [WINDOWS_AMI, true],
    ] as const) {
      await ssm.send(
        new PutParameterCommand({
          Name: '/golden/windows-eks',
          Type: 'String',
          DataType: 'aws:ec2:image',
          Value: value,
          Overwrite: overwrite,
        }),
      );
    }
    await ssm.send(
      new PutParameterCommand({ Name: 'plain-not-an-ami', Type: 'String', Value: 'hello' }),
    );

    for (const [template, imageId] of [
      ['ssm-latest', 'resolve:ssm:/golden/windows-eks'],
      ['ssm-pinned', 'resolve:ssm:/golden/windows-eks:1'],
      ['ssm-missing', 'resolve:ssm:/golden/does-not-exist'],
      ['ssm-not-an-ami', 'resolve:ssm:plain-not-an-ami'],
    ] as const) {
      // moto stores any resolve:ssm: ImageId unchecked (AWS checks the parameter exists).
      await ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: template,
          LaunchTemplateData: { ImageId: imageId, UserData: bootstrap('ssm-a') },
        }),
      );
      // Capacity 0: moto would try to launch from an ImageId it cannot resolve.
      await autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: `asg-${template}`,
          MinSize: 0,
          MaxSize: 1,
          DesiredCapacity: 0,
          AvailabilityZones: [`${REGION}a`],
          LaunchTemplate: { LaunchTemplateName: template, Version: '1' },
          Tags: [{ Key: 'kubernetes.io/cluster/ssm-a', Value: 'owned', PropagateAtLaunch: true }],
        }),
      );
    }

    calls.length = 0;
    inventory = await collectRegion({
      clients,
      accountId: ACCOUNT_ID,
      region: REGION,
      clusterNames: ['ssm-a', 'ssm-b', 'ssm-c', 'ssm-d'],
      shouldStop: () => false,
      onProgress: () => {},
    });
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it("gives each cluster its VPC's associated IPv4 CIDR blocks, primary first", () => {
    // Assess
    expect(
      inventory.clusters.map((cluster) => [cluster.name, cluster.vpcId, cluster.vpcIpv4Cidrs]),
    ).toEqual([
      ['ssm-a', vpcIds.main, ['10.0.0.0/16', '100.64.0.0/16']],
      ['ssm-b', vpcIds.main, ['10.0.0.0/16', '100.64.0.0/16']],
      ['ssm-c', vpcIds.other, ['192.168.0.0/16']],
      ['ssm-d', GONE_VPC, undefined],
    ]);
  });

  it('asks for all VPCs in one call, then one by one when one of them does not exist', () => {
    // Assess: moto's InvalidVpcID.NotFound names every id of the request, not just the missing one.
    const vpcCalls = calls
      .filter((call) => call.command === 'DescribeVpcsCommand')
      .map((call) => call.input.VpcIds as string[]);
    expect(vpcCalls[0]?.slice().sort()).toEqual([vpcIds.main, vpcIds.other, GONE_VPC].sort());
    expect(vpcCalls.slice(1).sort()).toEqual([[vpcIds.main], [vpcIds.other], [GONE_VPC]].sort());
    expect(inventory.errors).toEqual([
      expect.objectContaining({ operation: 'DescribeVpcs', code: 'InvalidVpcID.NotFound' }),
    ]);
    expect(inventory.errors[0]?.message).toContain(GONE_VPC);
    expect(inventory.errors[0]?.message).not.toContain(vpcIds.main);
  });

  it('resolves resolve:ssm: images through GetParameters, by name and by version', () => {
    // Assess
    const siteOf = (group: string) =>
      inventory.nodeSources.find((source) => source.ref.id === group)?.sites[0];
    expect(siteOf('asg-ssm-latest')).toMatchObject({
      imageId: WINDOWS_AMI,
      imageParameter: { name: '/golden/windows-eks', status: 'resolved' },
    });
    expect(siteOf('asg-ssm-pinned')).toMatchObject({
      imageId: OTHER_WINDOWS_AMI,
      imageParameter: { name: '/golden/windows-eks:1', status: 'resolved' },
    });
    expect(siteOf('asg-ssm-missing')?.imageParameter).toEqual({
      name: '/golden/does-not-exist',
      status: 'missing',
    });
    expect(siteOf('asg-ssm-missing')).not.toHaveProperty('imageId');
    expect(siteOf('asg-ssm-not-an-ami')?.imageParameter).toEqual({
      name: 'plain-not-an-ami',
      status: 'unknown',
    });
    expect(siteOf('asg-ssm-not-an-ami')).not.toHaveProperty('imageId');
    expect(JSON.stringify(inventory)).not.toContain('hello');
  });

  it('looks up the AMIs the parameters resolved to, with their owner alias', () => {
    // Assess
    expect(inventory.images[WINDOWS_AMI]).toMatchObject({
      status: 'available',
      image: { platform: 'windows', ownerAlias: 'amazon' },
    });
    expect(inventory.images[OTHER_WINDOWS_AMI]?.status).toBe('available');
    expect(Object.keys(inventory.images).some((id) => id.startsWith('resolve:'))).toBe(false);
  });

  it('reads a parameter and its pinned version in separate calls, never decrypting', () => {
    // Assess: moto answers `name:1` without the Selector AWS adds, under the plain name.
    const parameterCalls = calls
      .filter((call) => call.command === 'GetParametersCommand')
      .map((call) => call.input)
      .filter((input) => (input.Names as string[]).some((name) => name.includes('golden')));
    expect(parameterCalls.every((input) => input.WithDecryption === undefined)).toBe(true);
    const withGolden = parameterCalls.map((input) =>
      (input.Names as string[]).filter((name) => name.startsWith('/golden/windows-eks')),
    );
    expect(withGolden.every((names) => names.length <= 1)).toBe(true);
    expect(withGolden.flat().sort()).toEqual(['/golden/windows-eks', '/golden/windows-eks:1']);
  });
});
