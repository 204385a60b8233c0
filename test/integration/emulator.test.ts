import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, DescribeNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { GetParametersByPathCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSsmLatest,
  EKS_WINDOWS_AMI_OWNER,
  loadFixtureAmis,
  windowsLatestParameterName,
} from '../support/eks-amis.ts';
import { type Emulator, EmulatorUnavailableError, startEmulator } from '../support/emulator.ts';
import { copiedFromStagingUserData, literalPathUserData } from '../support/estate-user-data.ts';
import { type SeededEstate, seedEstate } from '../support/seed-estate.ts';

const REGION = 'us-west-2';
const NOW = new Date('2026-11-25T12:00:00Z');
const DAY_MS = 86_400_000;

function clientConfig(endpoint: string) {
  return {
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
}

function decode(base64: string | undefined): string {
  return Buffer.from(base64 ?? '', 'base64').toString('utf8');
}

describe('Function: startEmulator', () => {
  it('serves on a loopback port of its own until stopped', async () => {
    // Prepare
    const parameter = windowsLatestParameterName('2022', 'Core', '1.31');

    // Act
    const emulator = await startEmulator({
      amis: false,
      ssmLatest: { [parameter]: 'ami-0123456789abcdef0' },
    });
    let answered: Response | undefined;
    let parameters: { Name?: string; Value?: string }[] | undefined;
    try {
      answered = await fetch(`${emulator.endpoint}/moto-api/`);
      const ssm = new SSMClient(clientConfig(emulator.endpoint));
      parameters = (await ssm.send(new GetParametersCommand({ Names: [parameter] }))).Parameters;
      ssm.destroy();
    } finally {
      await emulator.stop();
    }

    // Assess
    expect(emulator.endpoint).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(answered?.status).toBe(200);
    expect(parameters).toEqual([
      expect.objectContaining({ Name: parameter, Value: 'ami-0123456789abcdef0' }),
    ]);
    await expect(fetch(`${emulator.endpoint}/moto-api/`)).rejects.toThrow();
  });

  it('gives two emulators started together different ports', async () => {
    // Act
    const emulators = await Promise.all([startEmulator(), startEmulator()]);
    await Promise.all(emulators.map((emulator) => emulator.stop()));

    // Assess
    expect(emulators[0]?.port).not.toBe(emulators[1]?.port);
  });

  it('says how to install moto when the Python interpreter does not exist', async () => {
    // Act
    const starting = startEmulator({ python: '/nonexistent/bin/python3' });

    // Assess
    await expect(starting).rejects.toThrow(EmulatorUnavailableError);
    await expect(starting).rejects.toThrow("pip install 'moto[server]'");
  });

  it('reads the interpreter from EKS_WINDOWS_SCANNER_PYTHON', async () => {
    // Prepare
    const previous = process.env.EKS_WINDOWS_SCANNER_PYTHON;
    process.env.EKS_WINDOWS_SCANNER_PYTHON = '/nonexistent/bin/python3';

    // Act
    const starting = startEmulator();

    // Assess
    try {
      await expect(starting).rejects.toThrow("pip install 'moto[server]'");
    } finally {
      if (previous === undefined) delete process.env.EKS_WINDOWS_SCANNER_PYTHON;
      else process.env.EKS_WINDOWS_SCANNER_PYTHON = previous;
    }
  });

  it('says how to install moto when Python cannot import it', async () => {
    // Prepare: a Python without site-packages, where moto is installed
    const directory = await mkdtemp(join(tmpdir(), 'python-without-moto-'));
    const python = join(directory, 'python3');
    await writeFile(python, '#!/bin/sh\nexec python3 -I -S "$@"\n');
    await chmod(python, 0o755);

    // Act
    const starting = startEmulator({ python });

    // Assess
    try {
      await expect(starting).rejects.toThrow(EmulatorUnavailableError);
      await expect(starting).rejects.toThrow("pip install 'moto[server]'");
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('Fixture: EKS Windows AMIs', () => {
  const windowsAmis = loadFixtureAmis().filter((ami) => ami.platform === 'windows');

  it('dates every AMI as its name does', () => {
    // Act
    const mismatched = windowsAmis.filter(
      (ami) => !ami.name.endsWith(`-${ami.creation_date.slice(0, 10).replaceAll('-', '.')}`),
    );

    // Assess
    expect(windowsAmis.length).toBeGreaterThan(20);
    expect(mismatched).toEqual([]);
  });

  it('has only recent (under 60 days) or old (over 120 days) AMIs relative to the pinned now', () => {
    // Act
    const ages = windowsAmis.map((ami) => (NOW.getTime() - Date.parse(ami.creation_date)) / DAY_MS);

    // Assess
    expect(ages.filter((age) => age >= 60 && age <= 120)).toEqual([]);
    expect(ages.some((age) => age < 60)).toBe(true);
    expect(ages.some((age) => age > 120)).toBe(true);
  });

  it('publishes the newest AMI of each release, edition and Kubernetes version as latest', () => {
    // Act
    const latest = defaultSsmLatest();

    // Assess
    const newest2022Core131 = loadFixtureAmis().find(
      (ami) => ami.name === 'Windows_Server-2022-English-Core-EKS_Optimized-1.31-2026.11.11',
    );
    expect(latest[windowsLatestParameterName('2022', 'Core', '1.31')]).toBe(
      newest2022Core131?.ami_id,
    );
    expect(Object.keys(latest).some((name) => name.includes('2004'))).toBe(false);
  });
});

describe('Function: seedEstate', () => {
  let emulator: Emulator;
  let estate: SeededEstate;
  let ec2: EC2Client;
  let eks: EKSClient;
  let autoScaling: AutoScalingClient;
  let ssm: SSMClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    estate = await seedEstate(emulator.endpoint, REGION);
    ec2 = new EC2Client(clientConfig(emulator.endpoint));
    eks = new EKSClient(clientConfig(emulator.endpoint));
    autoScaling = new AutoScalingClient(clientConfig(emulator.endpoint));
    ssm = new SSMClient(clientConfig(emulator.endpoint));
  });

  afterAll(async () => {
    for (const client of [ec2, eks, autoScaling, ssm]) client?.destroy();
    await emulator?.stop();
  });

  it('hides the EKS AMI made private from the account, as AWS does', async () => {
    // Act
    const { Images } = await ec2.send(
      new DescribeImagesCommand({
        ImageIds: [estate.amis.private2019Core131, estate.amis.latest2022Core131],
      }),
    );

    // Assess
    expect(Images?.map((image) => image.ImageId)).toEqual([estate.amis.latest2022Core131]);
  });

  it('returns nothing for the deregistered golden AMI', async () => {
    // Act
    const { Images } = await ec2.send(
      new DescribeImagesCommand({ ImageIds: [estate.amis.deregisteredGolden] }),
    );

    // Assess
    expect(Images).toEqual([]);
  });

  it('describes EKS Windows AMIs with their owner, platform, name and creation date', async () => {
    // Act
    const { Images } = await ec2.send(
      new DescribeImagesCommand({ ImageIds: [estate.amis.core2004For121] }),
    );

    // Assess
    expect(Images).toEqual([
      expect.objectContaining({
        OwnerId: EKS_WINDOWS_AMI_OWNER,
        Platform: 'windows',
        Public: true,
        Name: 'Windows_Server-2004-English-Core-EKS_Optimized-1.21-2021.09.16',
        CreationDate: '2021-09-16T21:14:08.000Z',
      }),
    ]);
  });

  it('serves the SSM latest parameters of the EKS Windows AMIs', async () => {
    // Prepare
    const names: string[] = [];
    let nextToken: string | undefined;

    // Act
    do {
      const page = await ssm.send(
        new GetParametersByPathCommand({
          Path: '/aws/service/ami-windows-latest',
          Recursive: true,
          MaxResults: 10,
          NextToken: nextToken,
        }),
      );
      names.push(...(page.Parameters ?? []).flatMap((parameter) => parameter.Name ?? []));
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    const { Parameters } = await ssm.send(
      new GetParametersCommand({ Names: [windowsLatestParameterName('2022', 'Core', '1.31')] }),
    );

    // Assess
    expect(names.sort()).toEqual(Object.keys(defaultSsmLatest()).sort());
    expect(Parameters?.[0]?.Value).toBe(estate.amis.latest2022Core131);
  });

  it('keeps $Default of the self-managed template on the script copied from staging, byte for byte', async () => {
    // Act
    const { LaunchTemplateVersions } = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateId: estate.launchTemplates.selfManaged.id,
        Versions: ['$Default', '$Latest'],
        MaxResults: 200,
      }),
    );

    // Assess
    const [defaultVersion, latestVersion] = LaunchTemplateVersions ?? [];
    expect(defaultVersion?.VersionNumber).toBe(1);
    expect(decode(defaultVersion?.LaunchTemplateData?.UserData)).toBe(copiedFromStagingUserData());
    expect(decode(defaultVersion?.LaunchTemplateData?.UserData)).toContain(estate.secret);
    expect(latestVersion?.VersionNumber).toBe(2);
    expect(decode(latestVersion?.LaunchTemplateData?.UserData)).toContain('-EKSClusterName "prod"');
  });

  it('lists every launch template when asked for enough of them', async () => {
    // Act
    const { LaunchTemplates } = await ec2.send(
      new DescribeLaunchTemplatesCommand({ MaxResults: 200 }),
    );

    // Assess
    expect(LaunchTemplates?.map((template) => template.LaunchTemplateId).sort()).toEqual(
      Object.values(estate.launchTemplates)
        .map((template) => template.id)
        .sort(),
    );
  });

  it('bootstraps the CUSTOM node group with the endpoint and CA DescribeCluster returns', async () => {
    // Act
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'prod' }));
    const { LaunchTemplateVersions } = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateId: estate.launchTemplates.winCustom.id,
        Versions: ['1'],
        MaxResults: 200,
      }),
    );

    // Assess
    const userData = decode(LaunchTemplateVersions?.[0]?.LaunchTemplateData?.UserData);
    expect(cluster?.kubernetesNetworkConfig?.serviceIpv4Cidr).toBe('172.20.0.0/16');
    expect(userData).toContain(`-APIServerEndpoint "${cluster?.endpoint}"`);
    expect(userData).toContain(`-Base64ClusterCA "${cluster?.certificateAuthority?.data}"`);
    expect(userData).toContain('-DNSClusterIP "172.20.0.10"');
  });

  it('reads the managed node groups back with their version, AMI type and release', async () => {
    // Act
    const describe = async (clusterName: string, nodegroupName: string) =>
      (await eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }))).nodegroup;
    const [core2022, custom, core2025] = await Promise.all([
      describe('prod', estate.nodeGroups.win2022Core),
      describe('prod', estate.nodeGroups.winCustom),
      describe('staging', estate.nodeGroups.stagingWin2025Core),
    ]);

    // Assess
    expect(core2022).toMatchObject({
      amiType: 'WINDOWS_CORE_2022_x86_64',
      version: '1.31',
      releaseVersion: '1.31-2026.11.11',
    });
    expect(custom).toMatchObject({
      amiType: 'CUSTOM',
      version: '1.31',
      launchTemplate: { id: estate.launchTemplates.winCustom.id, version: '1' },
    });
    expect(core2025).toMatchObject({ amiType: 'WINDOWS_CORE_2025_x86_64', version: '1.35' });
  });

  it('finds the self-managed groups of prod by their discovery tag', async () => {
    // Act
    const { AutoScalingGroups } = await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({
        Filters: [{ Name: 'tag-key', Values: ['kubernetes.io/cluster/prod'] }],
        MaxRecords: 100,
      }),
    );

    // Assess
    expect(AutoScalingGroups?.map((group) => group.AutoScalingGroupName).sort()).toEqual(
      [
        estate.autoScalingGroups.managedWin2022Core,
        estate.autoScalingGroups.selfManagedLt,
        estate.autoScalingGroups.nameless,
      ].sort(),
    );
  });

  it('names the second launch template in an override of the mixed-instances group', async () => {
    // Act
    const { AutoScalingGroups } = await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({
        AutoScalingGroupNames: [estate.autoScalingGroups.mixed],
      }),
    );

    // Assess
    const overrides = AutoScalingGroups?.[0]?.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? [];
    expect(
      overrides.map((override) => override.LaunchTemplateSpecification?.LaunchTemplateId),
    ).toContain(estate.launchTemplates.mixedOverride.id);
  });

  it('keeps the launch configuration on the AMI that went private', async () => {
    // Act
    const { LaunchConfigurations } = await autoScaling.send(
      new DescribeLaunchConfigurationsCommand({
        LaunchConfigurationNames: [estate.launchConfigurations.selfManaged],
      }),
    );

    // Assess
    expect(LaunchConfigurations?.[0]?.ImageId).toBe(estate.amis.private2019Core131);
    expect(decode(LaunchConfigurations?.[0]?.UserData)).toContain('-EKSClusterName prod');
  });

  it('tags the Karpenter node with the launch template it came from, as EC2 does', async () => {
    // Act
    const { Reservations } = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [estate.instances.karpenter] }),
    );

    // Assess
    const instance = Reservations?.[0]?.Instances?.[0];
    const tags = Object.fromEntries((instance?.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
    expect(instance?.Platform).toBe('windows');
    expect(tags).toMatchObject({
      'aws:ec2launchtemplate:id': estate.launchTemplates.karpenter.id,
      'aws:ec2launchtemplate:version': '1',
      'karpenter.sh/nodepool': 'windows',
      'kubernetes.io/cluster/prod': 'owned',
    });
  });

  it('gives the stand-alone Windows Server 2004 node its user data as an instance attribute', async () => {
    // Act
    const { UserData } = await ec2.send(
      new DescribeInstanceAttributeCommand({
        InstanceId: estate.instances.legacyWindows2004,
        Attribute: 'userData',
      }),
    );

    // Assess
    expect(decode(UserData?.Value)).toBe(literalPathUserData('legacy'));
  });

  it('marks the instances Auto Scaling launched with their group', async () => {
    // Act
    const instanceIds = Object.values(estate.instances.byAutoScalingGroup).flat();
    const { Reservations } = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: instanceIds }),
    );

    // Assess
    const groups = (Reservations ?? [])
      .flatMap((reservation) => reservation.Instances ?? [])
      .map(
        (instance) => instance.Tags?.find((tag) => tag.Key === 'aws:autoscaling:groupName')?.Value,
      );
    expect(instanceIds).toHaveLength(6);
    expect(groups.sort()).toEqual(Object.keys(estate.instances.byAutoScalingGroup).sort());
  });
});
