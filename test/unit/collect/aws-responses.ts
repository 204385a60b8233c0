/**
 * Small builders for the SDK responses the collector reads, and a mocked AWS with a healthy
 * default (an empty region) that each test overrides where it matters.
 */
import {
  AutoScalingClient,
  type AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  type Image,
  type Instance,
  type LaunchTemplateVersion,
} from '@aws-sdk/client-ec2';
import {
  type Cluster,
  DescribeClusterCommand,
  DescribeInsightCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListClustersCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
  type Nodegroup,
} from '@aws-sdk/client-eks';
import {
  DescribeInstanceInformationCommand,
  GetParametersCommand,
  SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../../src/collect/clients.ts';
import {
  type CollectContext,
  createServiceLimits,
  StopSignal,
} from '../../../src/collect/context.ts';
import { ErrorLog } from '../../../src/collect/errors.ts';
import { type CollectRegionOptions, collectRegion } from '../../../src/collect/index.ts';
import type { Inventory } from '../../../src/inventory/types.ts';
import type { ScanProgress } from '../../../src/scan.ts';

export const ACCOUNT_ID = '111122223333';
export const REGION = 'eu-west-1';

export const encode = (text: string): string => Buffer.from(text).toString('base64');

/** Mocks of every client, answering as an empty region does. */
export function mockAws() {
  const aws = {
    eks: mockClient(EKSClient),
    ec2: mockClient(EC2Client),
    autoScaling: mockClient(AutoScalingClient),
    ssm: mockClient(SSMClient),
  };
  aws.eks.on(ListClustersCommand).resolves({ clusters: [] });
  aws.eks
    .on(DescribeClusterCommand)
    .callsFake((input: { name: string }) => ({ cluster: eksCluster(input.name) }));
  aws.eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
  aws.eks.on(ListInsightsCommand).resolves({ insights: [] });
  aws.eks
    .on(DescribeInsightCommand)
    .callsFake((input: { id: string }) => ({ insight: { id: input.id } }));
  aws.eks
    .on(DescribeNodegroupCommand)
    .callsFake((input: { clusterName: string; nodegroupName: string }) => ({
      nodegroup: nodegroup(input.nodegroupName),
    }));
  aws.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
  aws.autoScaling.on(DescribeLaunchConfigurationsCommand).resolves({ LaunchConfigurations: [] });
  aws.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  aws.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [] });
  aws.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [] });
  aws.ec2.on(DescribeImagesCommand).resolves({ Images: [] });
  aws.ec2.on(DescribeInstanceAttributeCommand).resolves({});
  aws.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
  aws.ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
    Parameters: [],
    InvalidParameters: input.Names,
  }));
  aws.ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
  return aws;
}

export type MockedAws = ReturnType<typeof mockAws>;

export function clients(): AwsClients {
  const config = { region: REGION, maxAttempts: 1 };
  return {
    eks: new EKSClient(config),
    ec2: new EC2Client(config),
    autoScaling: new AutoScalingClient(config),
    ssm: new SSMClient(config),
    sts: new STSClient(config),
  };
}

/** The context one collector module needs, on the mocked clients. */
export function collectContext(shouldStop: () => boolean = () => false): CollectContext {
  return {
    clients: clients(),
    accountId: ACCOUNT_ID,
    region: REGION,
    errors: new ErrorLog(ACCOUNT_ID, REGION),
    limits: createServiceLimits(),
    stop: new StopSignal(shouldStop),
    onProgress: () => {},
  };
}

/** Runs the collector on the mocked region; progress reports land in `progress`. */
export async function collect(
  options: Partial<CollectRegionOptions> = {},
): Promise<Inventory & { progress: ScanProgress[] }> {
  const progress: ScanProgress[] = [];
  const inventory = await collectRegion({
    clients: clients(),
    accountId: ACCOUNT_ID,
    region: REGION,
    clusterNames: [],
    shouldStop: () => false,
    onProgress: (report) => progress.push(report),
    ...options,
  });
  return { ...inventory, progress };
}

export function eksCluster(name: string, overrides: Partial<Cluster> = {}): Cluster {
  return {
    name,
    arn: `arn:aws:eks:${REGION}:${ACCOUNT_ID}:cluster/${name}`,
    version: '1.29',
    endpoint: `https://${name}.gr7.${REGION}.eks.amazonaws.com`,
    certificateAuthority: { data: 'LS0tLS1CRUdJTi==' },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16', ipFamily: 'ipv4' },
    status: 'ACTIVE',
    tags: {},
    ...overrides,
  };
}

export function nodegroup(name: string, overrides: Partial<Nodegroup> = {}): Nodegroup {
  return {
    nodegroupName: name,
    nodegroupArn: `arn:aws:eks:${REGION}:${ACCOUNT_ID}:nodegroup/prod/${name}/1`,
    amiType: 'WINDOWS_CORE_2019_x86_64',
    version: '1.29',
    releaseVersion: '1.29-2024.05.14',
    resources: { autoScalingGroups: [{ name: `eks-${name}` }] },
    tags: {},
    ...overrides,
  };
}

export function autoScalingGroup(
  name: string,
  tags: Record<string, string>,
  overrides: Partial<AutoScalingGroup> = {},
): AutoScalingGroup {
  return {
    AutoScalingGroupName: name,
    AutoScalingGroupARN: `arn:aws:autoscaling:${REGION}:${ACCOUNT_ID}:autoScalingGroup:1:autoScalingGroupName/${name}`,
    MinSize: 0,
    MaxSize: 1,
    DesiredCapacity: 0,
    DefaultCooldown: 300,
    AvailabilityZones: [`${REGION}a`],
    HealthCheckType: 'EC2',
    CreatedTime: new Date('2024-01-01T00:00:00Z'),
    Instances: [],
    Tags: Object.entries(tags).map(([Key, Value]) => ({
      Key,
      Value,
      ResourceId: name,
      ResourceType: 'auto-scaling-group',
      PropagateAtLaunch: true,
    })),
    ...overrides,
  };
}

export function ec2Instance(
  id: string,
  tags: Record<string, string>,
  overrides: Partial<Instance> = {},
): Instance {
  return {
    InstanceId: id,
    ImageId: 'ami-0windows',
    Platform: 'windows' as Instance['Platform'],
    State: { Name: 'running', Code: 16 },
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    ...overrides,
  };
}

export function templateVersion(
  templateId: string,
  versionNumber: number,
  options: { isDefault?: boolean; name?: string; imageId?: string; userData?: string } = {},
): LaunchTemplateVersion {
  return {
    LaunchTemplateId: templateId,
    LaunchTemplateName: options.name ?? `${templateId}-name`,
    VersionNumber: versionNumber,
    DefaultVersion: options.isDefault ?? false,
    LaunchTemplateData: {
      ImageId: options.imageId ?? `ami-${templateId.slice(3)}v${versionNumber}`,
      UserData:
        options.userData ?? encode(`<powershell>${templateId} v${versionNumber}</powershell>`),
    },
  };
}

export function ec2Image(id: string, overrides: Partial<Image> = {}): Image {
  return {
    ImageId: id,
    Name: 'Windows_Server-2019-English-Core-EKS_Optimized-1.29-2024.05.14',
    OwnerId: '801119661308',
    Platform: 'windows' as Image['Platform'],
    Public: true,
    CreationDate: '2024-05-14T10:00:00.000Z',
    State: 'available',
    ...overrides,
  };
}

/** An EC2 error as the SDK raises it for a query-protocol error code. */
export function ec2Error(code: string, message: string): EC2ServiceException {
  return new EC2ServiceException({ name: code, $fault: 'client', $metadata: {}, message });
}

export function ssmError(code: string, message: string): SSMServiceException {
  return new SSMServiceException({ name: code, $fault: 'client', $metadata: {}, message });
}

export function restoreAws(aws: MockedAws): void {
  for (const mock of Object.values(aws)) mock.restore();
}
