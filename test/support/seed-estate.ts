/**
 * Builds a realistic EKS estate with Windows nodes in the emulator, through the real AWS SDK,
 * and returns every id it created so tests can assert exact expectations.
 *
 * Three clusters:
 * - `prod` (1.31, services 172.20.0.0/16): managed node groups (compliant 2022 Core; 2019 Full
 *   whose template bootstraps itself; CUSTOM with a correct eksctl bootstrap; Linux), self-managed
 *   groups (template copied from staging; launch configuration on an AMI gone private; mixed
 *   instances whose override names a 1.35 AMI; golden AMI since deregistered) and a Karpenter node
 *   on the previous AMI release.
 * - `legacy` (1.24, services 172.20.0.0/16): a self-managed group still on Docker, a stand-alone
 *   node on Windows Server 2004.
 * - `staging` (1.35, services 10.100.0.0/16): one compliant Windows Server 2025 node group.
 * - `payments` (1.33, its own service range 10.200.0.0/16): a self-managed group on the AWS
 *   launch template example carried forward from 1.23 (dockerd, --network-plugin, no -ServiceCIDR).
 * - `edge` (1.35, IPv6): a group whose template names its AMI as resolve:ssm: of the public
 *   Windows 2022 parameter, with PowerShell 7 habits (-ProgressAction) and a removed kubelet flag.
 * In prod also: a template whose copy lost -EKSClusterName, and one whose resolve:ssm:
 * parameter does not exist (both groups at capacity 0, as moto can't launch the latter).
 * Plus things the scanner must ignore: the Auto Scaling group behind a managed node group, the
 * instances Auto Scaling groups launched, a Windows build agent belonging to no cluster.
 *
 * The traps of moto 5.2.1 (/work/shared/EMULATOR.md) are respected: node group `version` is
 * always passed, launch template versions after the first carry user data only where no group
 * launches from them, listings pass MaxResults.
 */
import {
  AutoScalingClient,
  type Tag as AutoScalingTag,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  type _InstanceType,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeregisterImageCommand,
  EC2Client,
  ModifyImageAttributeCommand,
  RegisterImageCommand,
  RunInstancesCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  type CreateNodegroupCommandInput,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
} from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { eksWindowsAmiName, fixtureAmi } from './eks-amis.ts';
import {
  awsLaunchTemplateExampleUserData,
  cloudFormationSampleUserData,
  copiedFromStagingUserData,
  eksctlUserData,
  eksManagedUserData,
  karpenterUserData,
  literalPathUserData,
  managedNodeGroupExtraStepsUserData,
  powershell7HabitsUserData,
  SEEDED_SECRET,
  terraformUserData,
  toBase64,
  variableClusterNameUserData,
} from './estate-user-data.ts';

export interface SeededCluster {
  name: string;
  arn: string;
  version: string;
  /** As DescribeCluster returns it (moto gives every cluster of a region the same one). */
  endpoint: string;
  /** Base64 CA as DescribeCluster returns it (random text in moto, distinct per cluster). */
  certificateAuthority: string;
  /** Absent for the IPv6 cluster. */
  serviceIpv4Cidr?: string;
}

export interface SeededTemplate {
  id: string;
  name: string;
}

export type SeededNodeSourceType =
  | 'AwsEksNodegroup'
  | 'AwsAutoScalingAutoScalingGroup'
  | 'AwsEc2Instance';

/** A node source the scanner should report: node group name, ASG name or instance id. */
export interface SeededNodeSource {
  cluster: string;
  type: SeededNodeSourceType;
  id: string;
  windows: boolean;
}

export interface SeededEstate {
  region: string;
  accountId: string;
  clusters: {
    prod: SeededCluster;
    legacy: SeededCluster;
    staging: SeededCluster;
    payments: SeededCluster;
    edge: SeededCluster;
  };
  nodeGroups: {
    win2022Core: string;
    win2019Full: string;
    winCustom: string;
    linuxAl2023: string;
    stagingWin2025Core: string;
  };
  launchTemplates: {
    /** Launch template of the managed `win-2019-full` group (no AMI; user data calls the bootstrap). */
    win2019Full: SeededTemplate;
    winCustom: SeededTemplate;
    /** `$Default` is version 1 (copied from staging); version 2, `$Latest`, is the fixed one. */
    selfManaged: SeededTemplate;
    mixed: SeededTemplate;
    /** Named only by an override of `win-mixed`. */
    mixedOverride: SeededTemplate;
    golden: SeededTemplate;
    karpenter: SeededTemplate;
    legacyDocker: SeededTemplate;
    /** The one EKS created for `win-2022-core`'s Auto Scaling group. */
    eksManagedWin2022Core: SeededTemplate;
    /** prod: the AWS example copied without its -EKSClusterName line. */
    nameless: SeededTemplate;
    /** prod: ImageId resolve:ssm: of a parameter that does not exist. */
    ssmMissing: SeededTemplate;
    /** payments: the AWS example carried forward from 1.23. */
    payments: SeededTemplate;
    /** edge: ImageId resolve:ssm: of the public Windows Server 2022 Core 1.35 parameter. */
    edge: SeededTemplate;
  };
  launchConfigurations: { selfManaged: string };
  autoScalingGroups: {
    selfManagedLt: string;
    selfManagedLc: string;
    mixed: string;
    golden: string;
    legacyDocker: string;
    /** Behind the managed node group `win-2022-core`; tagged eks:nodegroup-name, not a source of its own. */
    managedWin2022Core: string;
    nameless: string;
    ssmMissing: string;
    payments: string;
    edge: string;
  };
  /** What the resolve:ssm: templates name. */
  imageParameters: { missing: string; edge: string };
  instances: {
    karpenter: string;
    legacyWindows2004: string;
    /** A Windows instance of no cluster. */
    buildAgent: string;
    /** Instances the Auto Scaling groups launched, by group name. */
    byAutoScalingGroup: Record<string, string[]>;
  };
  amis: {
    latest2022Core131: string;
    previous2022Core131: string;
    latest2022Full131: string;
    latest2019Full131: string;
    /** EKS AMI older than 120 days that AWS made private. */
    private2019Core131: string;
    latest2022Core135: string;
    latest2025Core135: string;
    core2019For123: string;
    core2004For121: string;
    /** The account's own AMI, registered then deregistered. */
    deregisteredGolden: string;
  };
  /** The fake password in `selfManaged` version 1; must never appear in any output. */
  secret: string;
  /** Every node source the scanner should find, Linux included. */
  nodeSources: SeededNodeSource[];
}

interface Clients {
  eks: EKSClient;
  ec2: EC2Client;
  autoScaling: AutoScalingClient;
  sts: STSClient;
}

export class SeedEstateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SeedEstateError';
  }
}

/** Seeds the account the credentials act as (moto's default account without them). */
export async function seedEstate(
  endpoint: string,
  region = 'us-west-2',
  credentials: AwsCredentialIdentity = { accessKeyId: 'test', secretAccessKey: 'test' },
): Promise<SeededEstate> {
  const config = { region, endpoint, credentials, maxAttempts: 2 };
  const clients: Clients = {
    eks: new EKSClient(config),
    ec2: new EC2Client(config),
    autoScaling: new AutoScalingClient(config),
    sts: new STSClient(config),
  };
  try {
    return await seed(clients, region);
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}

async function seed(clients: Clients, region: string): Promise<SeededEstate> {
  const { eks, ec2, autoScaling } = clients;
  const { Account: accountId } = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (accountId === undefined) throw new SeedEstateError('GetCallerIdentity returned no account');

  const subnetIds = await createNetwork(ec2, region);
  const clusterRoleArn = `arn:aws:iam::${accountId}:role/eks-cluster-role`;
  const nodeRoleArn = `arn:aws:iam::${accountId}:role/eks-node-role`;

  const amis = {
    latest2022Core131: amiId('2022', 'Core', '1.31', '2026.11.11'),
    previous2022Core131: amiId('2022', 'Core', '1.31', '2026.10.14'),
    latest2022Full131: amiId('2022', 'Full', '1.31', '2026.11.11'),
    latest2019Full131: amiId('2019', 'Full', '1.31', '2026.11.11'),
    private2019Core131: amiId('2019', 'Core', '1.31', '2026.06.10'),
    latest2022Core135: amiId('2022', 'Core', '1.35', '2026.11.11'),
    latest2025Core135: amiId('2025', 'Core', '1.35', '2026.11.11'),
    core2019For123: amiId('2019', 'Core', '1.23', '2024.10.08'),
    core2004For121: amiId('2004', 'Core', '1.21', '2021.09.16'),
  };

  const [prod, legacy, staging] = await Promise.all([
    createCluster(eks, {
      name: 'prod',
      version: '1.31',
      serviceIpv4Cidr: '172.20.0.0/16',
      subnetIds,
      roleArn: clusterRoleArn,
    }),
    createCluster(eks, {
      name: 'legacy',
      version: '1.24',
      serviceIpv4Cidr: '172.20.0.0/16',
      subnetIds,
      roleArn: clusterRoleArn,
    }),
    createCluster(eks, {
      name: 'staging',
      version: '1.35',
      serviceIpv4Cidr: '10.100.0.0/16',
      subnetIds,
      roleArn: clusterRoleArn,
    }),
  ]);
  const [payments, edge] = await Promise.all([
    createCluster(eks, {
      name: 'payments',
      version: '1.33',
      serviceIpv4Cidr: '10.200.0.0/16',
      subnetIds,
      roleArn: clusterRoleArn,
    }),
    createCluster(eks, {
      name: 'edge',
      version: '1.35',
      ipFamily: 'ipv6',
      subnetIds,
      roleArn: clusterRoleArn,
    }),
  ]);

  const template = (
    name: string,
    data: { imageId?: string; userData: string; instanceType?: _InstanceType },
    tags: Record<string, string> = {},
  ) => createLaunchTemplate(ec2, name, data, tags);
  const nodeGroup = (
    input: Omit<CreateNodegroupCommandInput, 'nodeRole' | 'subnets' | 'scalingConfig'>,
  ) =>
    createNodeGroup(eks, {
      ...input,
      nodeRole: nodeRoleArn,
      subnets: subnetIds,
      scalingConfig: { minSize: 1, maxSize: 4, desiredSize: 2 },
    });

  // ---- prod: managed node groups
  const win2022Core = await nodeGroup({
    clusterName: 'prod',
    nodegroupName: 'win-2022-core',
    amiType: 'WINDOWS_CORE_2022_x86_64',
    version: '1.31',
    releaseVersion: '1.31-2026.11.11',
    instanceTypes: ['m5.xlarge'],
    taints: [{ key: 'os', value: 'windows', effect: 'NO_SCHEDULE' }],
  });
  const win2019FullTemplate = await template('win-2019-full-lt', {
    userData: managedNodeGroupExtraStepsUserData('prod'),
  });
  const win2019Full = await nodeGroup({
    clusterName: 'prod',
    nodegroupName: 'win-2019-full',
    amiType: 'WINDOWS_FULL_2019_x86_64',
    version: '1.31',
    releaseVersion: '1.31-2026.11.11',
    launchTemplate: { id: win2019FullTemplate.id, version: '1' },
  });
  const winCustomTemplate = await template('win-custom-lt', {
    imageId: amis.latest2022Full131,
    instanceType: 'm5.2xlarge',
    userData: eksctlUserData({
      ...access(prod),
      nodeGroup: 'win-custom',
      dnsClusterIp: '172.20.0.10',
    }),
  });
  // AWS refuses `version` on create for a template with an AMI but reports the cluster's on
  // describe, and reports the AMI id as the release version: seed what DescribeNodegroup shows.
  const winCustom = await nodeGroup({
    clusterName: 'prod',
    nodegroupName: 'win-custom',
    amiType: 'CUSTOM',
    version: '1.31',
    releaseVersion: amis.latest2022Full131,
    launchTemplate: { id: winCustomTemplate.id, version: '1' },
  });
  const linuxAl2023 = await nodeGroup({
    clusterName: 'prod',
    nodegroupName: 'linux-al2023',
    amiType: 'AL2023_x86_64_STANDARD',
    version: '1.31',
    releaseVersion: '1.31.13-20261110',
    instanceTypes: ['m6i.large'],
  });

  // The Auto Scaling group EKS runs behind win-2022-core, with the name DescribeNodegroup gives.
  const managedAsgName = await describeNodeGroupAsgName(eks, 'prod', 'win-2022-core');
  const eksManagedTemplate = await template(
    `eks-${managedAsgName.replace(/^eks-/, '')}`,
    {
      imageId: amis.latest2022Core131,
      instanceType: 'm5.xlarge',
      userData: eksManagedUserData(access(prod)),
    },
    { 'eks:cluster-name': 'prod', 'eks:nodegroup-name': 'win-2022-core' },
  );
  await createAutoScalingGroup(autoScaling, {
    name: managedAsgName,
    subnetIds,
    launchTemplate: { LaunchTemplateId: eksManagedTemplate.id, Version: '1' },
    tags: {
      'eks:cluster-name': 'prod',
      'eks:nodegroup-name': 'win-2022-core',
      'kubernetes.io/cluster/prod': 'owned',
      'k8s.io/cluster-autoscaler/enabled': 'true',
    },
  });

  // ---- prod: self-managed groups
  const selfManagedTemplate = await template('win-selfmanaged-lt', {
    imageId: amis.latest2022Core131,
    instanceType: 'm5.xlarge',
    userData: copiedFromStagingUserData(),
  });
  await createAutoScalingGroup(autoScaling, {
    name: 'win-selfmanaged-lt',
    subnetIds,
    launchTemplate: { LaunchTemplateId: selfManagedTemplate.id, Version: '$Default' },
    tags: { 'kubernetes.io/cluster/prod': 'owned', Name: 'prod-win-selfmanaged-lt' },
  });
  // A fixed version nobody made the default yet: a scanner reading $Latest would miss the bug.
  // Created after the group, which launches from $Default (version 1) only.
  await ec2.send(
    new CreateLaunchTemplateVersionCommand({
      LaunchTemplateId: selfManagedTemplate.id,
      VersionDescription: 'fixed bootstrap, not yet default',
      LaunchTemplateData: {
        ImageId: amis.latest2022Core131,
        InstanceType: 'm5.xlarge',
        UserData: toBase64(
          eksctlUserData({
            ...access(prod),
            nodeGroup: 'win-selfmanaged-lt',
            dnsClusterIp: '172.20.0.10',
          }),
        ),
      },
    }),
  );

  const launchConfigurationName = 'win-selfmanaged-lc';
  await autoScaling.send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: launchConfigurationName,
      ImageId: amis.private2019Core131,
      InstanceType: 'm5.large',
      UserData: toBase64(terraformUserData(access(prod))),
    }),
  );
  await createAutoScalingGroup(autoScaling, {
    name: 'win-selfmanaged-lc',
    subnetIds,
    launchConfigurationName,
    tags: { 'k8s.io/cluster/prod': 'owned', Name: 'prod-win-selfmanaged-lc' },
  });
  // More than 120 days old: EKS has made it private since the group was created.
  await ec2.send(
    new ModifyImageAttributeCommand({
      ImageId: amis.private2019Core131,
      LaunchPermission: { Remove: [{ Group: 'all' }] },
    }),
  );

  const mixedUserData = eksctlUserData({
    ...access(prod),
    nodeGroup: 'win-mixed',
    dnsClusterIp: '172.20.0.10',
  });
  const mixedTemplate = await template('win-mixed-lt', {
    imageId: amis.latest2022Core131,
    instanceType: 'm5.2xlarge',
    userData: mixedUserData,
  });
  const mixedOverrideTemplate = await template('win-mixed-lt-m6i', {
    imageId: amis.latest2022Core135,
    instanceType: 'm6i.2xlarge',
    userData: mixedUserData,
  });
  await createAutoScalingGroup(autoScaling, {
    name: 'win-mixed',
    subnetIds,
    mixedInstancesPolicy: {
      LaunchTemplate: {
        LaunchTemplateSpecification: { LaunchTemplateId: mixedTemplate.id, Version: '$Latest' },
        Overrides: [
          { InstanceType: 'm5.2xlarge' },
          {
            InstanceType: 'm6i.2xlarge',
            LaunchTemplateSpecification: {
              LaunchTemplateId: mixedOverrideTemplate.id,
              Version: '$Latest',
            },
          },
        ],
      },
      InstancesDistribution: {
        OnDemandBaseCapacity: 1,
        OnDemandPercentageAboveBaseCapacity: 0,
        SpotAllocationStrategy: 'price-capacity-optimized',
      },
    },
    tags: { 'eks:cluster-name': 'prod', Name: 'prod-win-mixed' },
  });

  const golden = await ec2.send(
    new RegisterImageCommand({
      Name: 'win2022-eks-1.31-golden-20260819',
      Description: 'Windows Server 2022 EKS node with the corporate agent baked in',
    }),
  );
  const deregisteredGolden = required(golden.ImageId, 'RegisterImage ImageId');
  const goldenTemplate = await template('win-golden-lt', {
    imageId: deregisteredGolden,
    instanceType: 'm5.xlarge',
    userData: variableClusterNameUserData('prod', 'image=golden'),
  });
  await createAutoScalingGroup(autoScaling, {
    name: 'win-golden',
    subnetIds,
    launchTemplate: { LaunchTemplateId: goldenTemplate.id, Version: '$Default' },
    tags: { 'alpha.eksctl.io/cluster-name': 'prod', Name: 'prod-win-golden' },
  });
  // The image pipeline cleaned up the old build; the template still names it.
  await ec2.send(new DeregisterImageCommand({ ImageId: deregisteredGolden }));

  // ---- prod: a Karpenter node. EC2 adds aws:ec2launchtemplate:id/version itself.
  const karpenterTemplate = await template(
    'karpenter.k8s.aws/8131454983651727312',
    {
      imageId: amis.previous2022Core131,
      instanceType: 'm5.xlarge',
      userData: karpenterUserData({
        ...access(prod),
        nodePool: 'windows',
        dnsClusterIp: '172.20.0.10',
      }),
    },
    { 'karpenter.k8s.aws/cluster': 'prod', 'karpenter.k8s.aws/ec2nodeclass': 'windows2022' },
  );
  const karpenterInstance = await runInstance(ec2, {
    launchTemplate: { LaunchTemplateId: karpenterTemplate.id, Version: '1' },
    subnetId: subnetIds[0],
    tags: {
      'karpenter.sh/nodepool': 'windows',
      'karpenter.sh/nodeclaim': 'windows-x7k2p',
      'karpenter.k8s.aws/ec2nodeclass': 'windows2022',
      'kubernetes.io/cluster/prod': 'owned',
      'eks:eks-cluster-name': 'prod',
      Name: 'windows-x7k2p',
    },
  });

  // Groups at capacity 0: moto can't launch from a resolve:ssm: template, and the instance
  // count of the estate stays as it was.
  const idleGroup = async (
    name: string,
    data: { imageId: string; userData: string },
    tags: Record<string, string>,
  ): Promise<SeededTemplate> => {
    const created = await template(`${name}-lt`, { ...data, instanceType: 'm5.xlarge' });
    await createAutoScalingGroup(autoScaling, {
      name,
      subnetIds,
      capacity: 0,
      launchTemplate: { LaunchTemplateId: created.id, Version: '$Default' },
      tags: { ...tags, Name: name },
    });
    return created;
  };

  // ---- prod: a copy of the AWS example that lost its first line, and a parameter nobody created
  const namelessTemplate = await idleGroup(
    'win-nameless',
    {
      imageId: amis.latest2022Core131,
      userData: awsLaunchTemplateExampleUserData({
        ...access(prod),
        dnsClusterIp: '172.20.0.10',
        withoutClusterName: true,
      }),
    },
    { 'kubernetes.io/cluster/prod': 'owned' },
  );
  const missingParameter = '/platform/windows/eks-node-ami';
  const ssmMissingTemplate = await idleGroup(
    'win-ssm-missing',
    {
      imageId: `resolve:ssm:${missingParameter}`,
      userData: eksctlUserData({
        ...access(prod),
        nodeGroup: 'win-ssm-missing',
        dnsClusterIp: '172.20.0.10',
      }),
    },
    { 'eks:cluster-name': 'prod' },
  );

  // ---- payments: the AWS example, carried forward from a 1.23 cluster
  const paymentsTemplate = await idleGroup(
    'payments-win',
    {
      imageId: amis.latest2022Core131,
      userData: awsLaunchTemplateExampleUserData({
        ...access(payments),
        dnsClusterIp: '10.200.0.10',
        extra:
          "-ContainerRuntime dockerd -KubeletExtraArgs '--network-plugin=cni --node-labels=team=payments'",
      }),
    },
    { 'kubernetes.io/cluster/payments': 'owned' },
  );

  // ---- edge: IPv6, AMI by the public SSM parameter
  const edgeParameter =
    '/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.35/image_id';
  const edgeTemplate = await idleGroup(
    'edge-win',
    {
      imageId: `resolve:ssm:${edgeParameter}`,
      userData: powershell7HabitsUserData(access(edge)),
    },
    { 'kubernetes.io/cluster/edge': 'owned' },
  );

  // ---- legacy
  const legacyDockerTemplate = await template('legacy-win-docker', {
    imageId: amis.core2019For123,
    instanceType: 'm5.large',
    userData: cloudFormationSampleUserData({
      clusterName: 'legacy',
      stackName: 'legacy-win-docker',
      containerRuntime: 'docker',
      region,
    }),
  });
  await createAutoScalingGroup(autoScaling, {
    name: 'legacy-win-docker',
    subnetIds,
    launchTemplate: { LaunchTemplateId: legacyDockerTemplate.id, Version: '1' },
    tags: { 'kubernetes.io/cluster/legacy': 'shared', Name: 'legacy-win-docker' },
  });
  const legacyWindows2004 = await runInstance(ec2, {
    imageId: amis.core2004For121,
    userData: literalPathUserData('legacy'),
    subnetId: subnetIds[1],
    tags: { 'kubernetes.io/cluster/legacy': 'owned', Name: 'legacy-win2004-node' },
  });

  // ---- staging
  const stagingWin2025Core = await createNodeGroup(eks, {
    clusterName: 'staging',
    nodegroupName: 'win-2025-core',
    amiType: 'WINDOWS_CORE_2025_x86_64',
    version: '1.35',
    releaseVersion: '1.35-2026.11.11',
    nodeRole: nodeRoleArn,
    subnets: subnetIds,
    scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 1 },
  });

  // ---- belongs to no cluster
  const buildAgent = await runInstance(ec2, {
    imageId: amis.latest2022Core131,
    userData: '<powershell>\nStart-Service -Name buildagent\n</powershell>',
    subnetId: subnetIds[0],
    tags: { Name: 'win-build-agent' },
  });

  const asgNames = [
    'win-selfmanaged-lt',
    'win-selfmanaged-lc',
    'win-mixed',
    'win-golden',
    'legacy-win-docker',
    managedAsgName,
  ];
  const byAutoScalingGroup = await instancesByGroup(autoScaling, asgNames);

  return {
    region,
    accountId,
    clusters: { prod, legacy, staging, payments, edge },
    nodeGroups: { win2022Core, win2019Full, winCustom, linuxAl2023, stagingWin2025Core },
    launchTemplates: {
      win2019Full: win2019FullTemplate,
      winCustom: winCustomTemplate,
      selfManaged: selfManagedTemplate,
      mixed: mixedTemplate,
      mixedOverride: mixedOverrideTemplate,
      golden: goldenTemplate,
      karpenter: karpenterTemplate,
      legacyDocker: legacyDockerTemplate,
      eksManagedWin2022Core: eksManagedTemplate,
      nameless: namelessTemplate,
      ssmMissing: ssmMissingTemplate,
      payments: paymentsTemplate,
      edge: edgeTemplate,
    },
    launchConfigurations: { selfManaged: launchConfigurationName },
    autoScalingGroups: {
      selfManagedLt: 'win-selfmanaged-lt',
      selfManagedLc: 'win-selfmanaged-lc',
      mixed: 'win-mixed',
      golden: 'win-golden',
      legacyDocker: 'legacy-win-docker',
      managedWin2022Core: managedAsgName,
      nameless: 'win-nameless',
      ssmMissing: 'win-ssm-missing',
      payments: 'payments-win',
      edge: 'edge-win',
    },
    imageParameters: { missing: missingParameter, edge: edgeParameter },
    instances: { karpenter: karpenterInstance, legacyWindows2004, buildAgent, byAutoScalingGroup },
    amis: { ...amis, deregisteredGolden },
    secret: SEEDED_SECRET,
    nodeSources: [
      { cluster: 'prod', type: 'AwsEksNodegroup', id: win2022Core, windows: true },
      { cluster: 'prod', type: 'AwsEksNodegroup', id: win2019Full, windows: true },
      { cluster: 'prod', type: 'AwsEksNodegroup', id: winCustom, windows: true },
      { cluster: 'prod', type: 'AwsEksNodegroup', id: linuxAl2023, windows: false },
      {
        cluster: 'prod',
        type: 'AwsAutoScalingAutoScalingGroup',
        id: 'win-selfmanaged-lt',
        windows: true,
      },
      {
        cluster: 'prod',
        type: 'AwsAutoScalingAutoScalingGroup',
        id: 'win-selfmanaged-lc',
        windows: true,
      },
      { cluster: 'prod', type: 'AwsAutoScalingAutoScalingGroup', id: 'win-mixed', windows: true },
      { cluster: 'prod', type: 'AwsAutoScalingAutoScalingGroup', id: 'win-golden', windows: true },
      { cluster: 'prod', type: 'AwsEc2Instance', id: karpenterInstance, windows: true },
      {
        cluster: 'legacy',
        type: 'AwsAutoScalingAutoScalingGroup',
        id: 'legacy-win-docker',
        windows: true,
      },
      { cluster: 'legacy', type: 'AwsEc2Instance', id: legacyWindows2004, windows: true },
      { cluster: 'staging', type: 'AwsEksNodegroup', id: stagingWin2025Core, windows: true },
      {
        cluster: 'prod',
        type: 'AwsAutoScalingAutoScalingGroup',
        id: 'win-nameless',
        windows: true,
      },
      {
        cluster: 'prod',
        type: 'AwsAutoScalingAutoScalingGroup',
        id: 'win-ssm-missing',
        windows: true,
      },
      {
        cluster: 'payments',
        type: 'AwsAutoScalingAutoScalingGroup',
        id: 'payments-win',
        windows: true,
      },
      { cluster: 'edge', type: 'AwsAutoScalingAutoScalingGroup', id: 'edge-win', windows: true },
    ],
  };
}

function amiId(
  release: '2004' | '2019' | '2022' | '2025',
  edition: 'Core' | 'Full',
  kubernetesVersion: string,
  date: string,
): string {
  return fixtureAmi(eksWindowsAmiName(release, edition, kubernetesVersion, date)).ami_id;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new SeedEstateError(`The emulator returned no ${what}`);
  return value;
}

function access(cluster: SeededCluster) {
  return {
    clusterName: cluster.name,
    endpoint: cluster.endpoint,
    certificateAuthority: cluster.certificateAuthority,
  };
}

function toTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

async function createNetwork(ec2: EC2Client, region: string): Promise<[string, string]> {
  const vpc = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: '10.0.0.0/16',
      TagSpecifications: [{ ResourceType: 'vpc', Tags: toTags({ Name: 'eks-estate' }) }],
    }),
  );
  const vpcId = required(vpc.Vpc?.VpcId, 'VPC id');
  const subnet = async (cidr: string, zone: string) =>
    required(
      (
        await ec2.send(
          new CreateSubnetCommand({
            VpcId: vpcId,
            CidrBlock: cidr,
            AvailabilityZone: `${region}${zone}`,
          }),
        )
      ).Subnet?.SubnetId,
      'subnet id',
    );
  return [await subnet('10.0.0.0/19', 'a'), await subnet('10.0.32.0/19', 'b')];
}

async function createCluster(
  eks: EKSClient,
  options: {
    name: string;
    version: string;
    /** An IPv4 cluster's service range; an IPv6 cluster has none. */
    serviceIpv4Cidr?: string;
    ipFamily?: 'ipv4' | 'ipv6';
    subnetIds: string[];
    roleArn: string;
  },
): Promise<SeededCluster> {
  const ipFamily = options.ipFamily ?? 'ipv4';
  await eks.send(
    new CreateClusterCommand({
      name: options.name,
      version: options.version,
      roleArn: options.roleArn,
      resourcesVpcConfig: { subnetIds: options.subnetIds },
      kubernetesNetworkConfig:
        ipFamily === 'ipv4' ? { serviceIpv4Cidr: options.serviceIpv4Cidr, ipFamily } : { ipFamily },
      tags: { environment: options.name },
    }),
  );
  const { cluster } = await eks.send(new DescribeClusterCommand({ name: options.name }));
  const serviceIpv4Cidr = cluster?.kubernetesNetworkConfig?.serviceIpv4Cidr;
  return {
    name: options.name,
    arn: required(cluster?.arn, 'cluster ARN'),
    version: required(cluster?.version, 'cluster version'),
    endpoint: required(cluster?.endpoint, 'cluster endpoint'),
    certificateAuthority: required(cluster?.certificateAuthority?.data, 'cluster CA'),
    ...(ipFamily === 'ipv4' ? { serviceIpv4Cidr: required(serviceIpv4Cidr, 'service CIDR') } : {}),
  };
}

async function createNodeGroup(
  eks: EKSClient,
  input: CreateNodegroupCommandInput,
): Promise<string> {
  const { nodegroup } = await eks.send(
    new CreateNodegroupCommand({
      capacityType: 'ON_DEMAND',
      tags: { 'managed-by': 'eksctl' },
      ...input,
    }),
  );
  return required(nodegroup?.nodegroupName, 'node group name');
}

async function describeNodeGroupAsgName(
  eks: EKSClient,
  clusterName: string,
  nodegroupName: string,
): Promise<string> {
  const { nodegroup } = await eks.send(
    new DescribeNodegroupCommand({ clusterName, nodegroupName }),
  );
  return required(
    nodegroup?.resources?.autoScalingGroups?.[0]?.name,
    'node group Auto Scaling group',
  );
}

async function createLaunchTemplate(
  ec2: EC2Client,
  name: string,
  data: { imageId?: string; userData: string; instanceType?: _InstanceType },
  tags: Record<string, string>,
): Promise<SeededTemplate> {
  const { LaunchTemplate } = await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: name,
      LaunchTemplateData: {
        ...(data.imageId === undefined ? {} : { ImageId: data.imageId }),
        ...(data.instanceType === undefined ? {} : { InstanceType: data.instanceType }),
        UserData: toBase64(data.userData),
      },
      ...(Object.keys(tags).length === 0
        ? {}
        : { TagSpecifications: [{ ResourceType: 'launch-template', Tags: toTags(tags) }] }),
    }),
  );
  return {
    id: required(LaunchTemplate?.LaunchTemplateId, 'launch template id'),
    name: required(LaunchTemplate?.LaunchTemplateName, 'launch template name'),
  };
}

async function createAutoScalingGroup(
  autoScaling: AutoScalingClient,
  options: {
    name: string;
    subnetIds: string[];
    tags: Record<string, string>;
    /** Desired and minimum instances; 1 unless given. */
    capacity?: number;
    launchTemplate?: { LaunchTemplateId: string; Version: string };
    launchConfigurationName?: string;
    mixedInstancesPolicy?: NonNullable<
      ConstructorParameters<typeof CreateAutoScalingGroupCommand>[0]['MixedInstancesPolicy']
    >;
  },
): Promise<void> {
  const tags: AutoScalingTag[] = Object.entries(options.tags).map(([Key, Value]) => ({
    Key,
    Value,
    PropagateAtLaunch: true,
    ResourceId: options.name,
    ResourceType: 'auto-scaling-group',
  }));
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: options.name,
      MinSize: options.capacity ?? 1,
      MaxSize: 4,
      DesiredCapacity: options.capacity ?? 1,
      VPCZoneIdentifier: options.subnetIds.join(','),
      LaunchTemplate: options.launchTemplate,
      LaunchConfigurationName: options.launchConfigurationName,
      MixedInstancesPolicy: options.mixedInstancesPolicy,
      Tags: tags,
    }),
  );
}

async function runInstance(
  ec2: EC2Client,
  options: {
    imageId?: string;
    userData?: string;
    launchTemplate?: { LaunchTemplateId: string; Version: string };
    subnetId: string;
    tags: Record<string, string>;
  },
): Promise<string> {
  const { Instances } = await ec2.send(
    new RunInstancesCommand({
      MinCount: 1,
      MaxCount: 1,
      ImageId: options.imageId,
      InstanceType: options.launchTemplate === undefined ? 'm5.large' : undefined,
      UserData: options.userData === undefined ? undefined : toBase64(options.userData),
      LaunchTemplate: options.launchTemplate,
      SubnetId: options.subnetId,
      TagSpecifications: [{ ResourceType: 'instance', Tags: toTags(options.tags) }],
    }),
  );
  return required(Instances?.[0]?.InstanceId, 'instance id');
}

async function instancesByGroup(
  autoScaling: AutoScalingClient,
  names: string[],
): Promise<Record<string, string[]>> {
  const { AutoScalingGroups } = await autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: names, MaxRecords: 100 }),
  );
  return Object.fromEntries(
    (AutoScalingGroups ?? []).map((group) => [
      group.AutoScalingGroupName ?? '',
      (group.Instances ?? []).flatMap((instance) =>
        instance.InstanceId === undefined ? [] : [instance.InstanceId],
      ),
    ]),
  );
}
