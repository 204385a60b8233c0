/**
 * What really runs, against moto_server: an Auto Scaling group whose launch template moved to
 * a new version (a new AMI) while its instances still run the old one. The real SDK reads the
 * group's Instances[], the instances' AMIs and launch template tags, and node-drift fires on
 * that group only. One node of the other group reports a Windows Server 2019 build through
 * Systems Manager (the launcher's `emulator:ssm-platform-version` tag) while its AMI is named
 * 2022: windows-build-contradicts-ami fires on that group, and the release rules judge 2019
 * for that node.
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateTagsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/collect/clients.ts';
import { collectRegion } from '../../src/collect/index.ts';
import { decodeInventory } from '../../src/decode/index.ts';
import { evaluateInventory } from '../../src/evaluate/index.ts';
import type { EvaluatedInventory, Finding } from '../../src/evaluate/types.ts';
import type { Inventory } from '../../src/inventory/types.ts';
import { eksWindowsAmiName, fixtureAmi } from '../support/eks-amis.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';

const REGION = 'us-west-2';
const ACCOUNT_ID = '123456789012';
const NOW = new Date('2026-11-25T12:00:00Z');
/** The AMI the nodes were launched from, and the one the template names since. */
const OLD_AMI = fixtureAmi(eksWindowsAmiName('2022', 'Core', '1.33', '2026.11.11')).ami_id;
const NEW_AMI = fixtureAmi(eksWindowsAmiName('2022', 'Core', '1.34', '2026.11.11')).ami_id;

const bootstrap = Buffer.from(
  '<powershell>& $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod</powershell>',
).toString('base64');

describe('Drift: running nodes against their group (against moto_server)', () => {
  let moto: Emulator | undefined;
  let clients: AwsClients;
  let inventory: Inventory;
  let evaluated: EvaluatedInventory;
  let templateId = '';
  /** The node of win-pinned that reports build 17763 (Windows Server 2019). */
  let rebuiltNode = '';
  let unknownBuildNode = '';

  beforeAll(async () => {
    moto = await startEmulator();
    const config = {
      region: REGION,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    clients = {
      eks: new EKSClient(config),
      ec2: new EC2Client(config),
      autoScaling: new AutoScalingClient(config),
      ssm: new SSMClient(config),
      sts: new STSClient(config),
    };
    const { eks, ec2, autoScaling } = clients;
    await eks.send(
      new CreateClusterCommand({
        name: 'prod',
        version: '1.34',
        roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eks`,
        resourcesVpcConfig: { subnetIds: ['subnet-1'] },
        kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16' },
      }),
    );
    const { LaunchTemplate } = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'win-nodes',
        LaunchTemplateData: { ImageId: OLD_AMI, InstanceType: 'm5.xlarge', UserData: bootstrap },
      }),
    );
    templateId = LaunchTemplate?.LaunchTemplateId ?? '';
    const group = (name: string, version: string) =>
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchTemplate: { LaunchTemplateId: templateId, Version: version },
        MinSize: 0,
        MaxSize: 4,
        DesiredCapacity: 2,
        AvailabilityZones: [`${REGION}a`],
        Tags: [{ Key: 'kubernetes.io/cluster/prod', Value: 'owned', PropagateAtLaunch: true }],
      });
    // Both groups launch two nodes from version 1 (the old AMI).
    await autoScaling.send(group('win-latest', '$Latest'));
    await autoScaling.send(group('win-pinned', '1'));
    // The nodes of the pinned group report a 2019 build and 14393 (Windows Server 2016, which
    // the release calendar does not hold), while their AMI is named 2022.
    const { AutoScalingGroups: pinned } = await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['win-pinned'] }),
    );
    [rebuiltNode = '', unknownBuildNode = ''] = (pinned?.[0]?.Instances ?? [])
      .map((instance) => instance.InstanceId ?? '')
      .sort();
    for (const [node, build] of [
      [rebuiltNode, '10.0.17763'],
      [unknownBuildNode, '10.0.14393'],
    ]) {
      await ec2.send(
        new CreateTagsCommand({
          Resources: [node ?? ''],
          Tags: [
            { Key: 'emulator:ssm-platform-version', Value: build ?? '' },
            { Key: 'emulator:ssm-platform-type', Value: 'Windows' },
          ],
        }),
      );
    }
    // Then the template moves on: version 2 names the new AMI. No group launches from it
    // (moto cannot launch from a version created with user data), as no refresh has run yet.
    await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: templateId,
        LaunchTemplateData: { ImageId: NEW_AMI, InstanceType: 'm5.xlarge', UserData: bootstrap },
      }),
    );

    inventory = await collectRegion({
      clients,
      accountId: ACCOUNT_ID,
      region: REGION,
      clusterNames: [],
      shouldStop: () => false,
      onProgress: () => {},
    });
    evaluated = evaluateInventory(decodeInventory(inventory), {
      now: NOW,
      endOfSupportWarningDays: 180,
      amiExpiryWarningDays: 30,
    });
  }, 120_000);

  afterAll(async () => {
    for (const client of Object.values(clients ?? {})) client.destroy();
    await moto?.stop();
  });

  const driftFindings = (): Finding[] =>
    evaluated.findings.filter((finding) => finding.ruleId === 'node-drift');

  it('reads what each instance of the groups was launched from', async () => {
    // Prepare
    const { AutoScalingGroups } = await clients.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['win-latest'] }),
    );
    const instanceIds = (AutoScalingGroups?.[0]?.Instances ?? []).map((i) => i.InstanceId);

    // Act
    const source = inventory.nodeSources.find((candidate) => candidate.ref.id === 'win-latest');

    // Assess
    expect(inventory.errors).toEqual([]);
    expect(instanceIds).toHaveLength(2);
    expect(source?.sites.map((site) => [site.launchTemplateVersion, site.imageId])).toEqual([
      ['2', NEW_AMI],
    ]);
    expect(source?.runningInstances?.map((instance) => instance.instanceId).sort()).toEqual(
      [...instanceIds].sort(),
    );
    expect(source?.runningInstances?.map((instance) => instance.imageId)).toEqual([
      OLD_AMI,
      OLD_AMI,
    ]);
    expect(source?.runningInstances?.map((instance) => instance.launchTemplate?.id)).toEqual([
      templateId,
      templateId,
    ]);
  });

  it('reports node-drift (MEDIUM: another AMI) on the group whose template moved, and only on it', () => {
    // Assess
    const findings = driftFindings();
    expect(findings.map((finding) => [finding.resource.id, finding.severity])).toEqual([
      ['win-latest', 'MEDIUM'],
    ]);
    const [finding] = findings;
    expect(finding?.evidence).toMatchObject({
      runningInstances: 2,
      driftedInstances: 2,
      declaredImageIds: [NEW_AMI],
      runningImageIds: [OLD_AMI],
      // The version EC2 resolved at launch ($Latest was 1 then), from the instances' tags.
      declaredLaunchedFrom: [`${templateId}:2`],
      runningLaunchedFrom: [`${templateId}:1`],
    });
    expect(finding?.description).toContain(
      `2 of 2 running instances run ${OLD_AMI}, while the group now declares ${NEW_AMI}: an instance refresh is due.`,
    );
  });

  it("reads the Windows build Systems Manager reports for a group's running node", () => {
    // Assess
    expect(rebuiltNode).toMatch(/^i-/);
    expect(inventory.instanceOs[rebuiltNode]).toMatchObject({ platformVersion: '10.0.17763' });
  });

  it('reports windows-build-contradicts-ami (MEDIUM) on the group whose node reports 2019 on an AMI named 2022, naming the node', () => {
    // Assess
    const findings = evaluated.findings.filter(
      (finding) =>
        finding.ruleId === 'windows-build-contradicts-ami' &&
        finding.evidence.reportedBuild === '17763',
    );
    expect(findings.map((finding) => [finding.resource.id, finding.severity])).toEqual([
      ['win-pinned', 'MEDIUM'],
    ]);
    expect(findings[0]?.evidence).toEqual({
      imageId: OLD_AMI,
      amiRelease: '2022',
      reportedRelease: '2019',
      reportedBuild: '17763',
      runningInstances: 2,
      contradictingInstances: 1,
      instanceIds: [rebuiltNode],
    });
  });

  it('judges the release that node reports, under a finding of its own naming it', () => {
    // Assess
    const findings = evaluated.findings.filter(
      (finding) =>
        finding.ruleId === 'windows-server-mainstream-ended' && finding.evidence.release === '2019',
    );
    expect(findings.map((finding) => finding.id)).toEqual([
      `${ACCOUNT_ID}/${REGION}/prod/windows-server-mainstream-ended/AwsEc2LaunchTemplate/${templateId}/windows-2019`,
    ]);
    expect(findings[0]?.evidence).toMatchObject({
      basis: 'ssm',
      reportingInstances: 1,
      instanceIds: [rebuiltNode],
    });
    expect(findings[0]?.affected.map((ref) => ref.name)).toEqual(['win-pinned']);
  });

  it('reports the node on a build of no known release as unknown and as contradicting its AMI, and judges it as no release', () => {
    // Assess
    expect(inventory.instanceOs[unknownBuildNode]).toMatchObject({ platformVersion: '10.0.14393' });
    const unknown = evaluated.findings.filter(
      (finding) => finding.ruleId === 'windows-version-unknown',
    );
    expect(
      unknown.map((finding) => [finding.evidence.reportedBuild, finding.evidence.instanceIds]),
    ).toEqual([['14393', [unknownBuildNode]]]);
    expect(unknown[0]?.affected.map((ref) => ref.name)).toEqual(['win-pinned']);
    const contradictions = evaluated.findings.filter(
      (finding) =>
        finding.ruleId === 'windows-build-contradicts-ami' &&
        finding.evidence.reportedBuild === '14393',
    );
    expect(
      contradictions.map((finding) => [finding.resource.id, finding.evidence.instanceIds]),
    ).toEqual([['win-pinned', [unknownBuildNode]]]);
    // Judged as 2022, as its AMI is named, it would count among the nodes of the 2022 findings.
    const judged2022 = evaluated.findings.filter(
      (finding) =>
        finding.evidence.release === '2022' &&
        finding.affected.some((ref) => ref.name === 'win-pinned'),
    );
    expect(judged2022).toEqual([]);
  });

  it('says the EKS insights could not be read (moto has no ListInsights) in a warning, not an error', () => {
    // Assess
    expect(evaluated.inventory.errors).toEqual([]);
    expect(evaluated.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'eks-insights-unavailable', cluster: 'prod' }),
      ]),
    );
  });
});
