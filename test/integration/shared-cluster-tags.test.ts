/**
 * A node group copied from one cluster to another with its tags, as a blue/green migration
 * leaves it: an Auto Scaling group tagged for both clusters whose bootstrap call joins green.
 * Scanned through runScan against moto_server, of the whole region, of green alone and of
 * blue alone.
 */
import { AutoScalingClient, CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/collect/clients.ts';
import type { Report } from '../../src/report/types.ts';
import { runScan } from '../../src/scan.ts';
import { eksWindowsAmiName, fixtureAmi } from '../support/eks-amis.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';

const REGION = 'us-west-2';
const ACCOUNT_ID = '123456789012';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const NOW = new Date('2026-11-25T12:00:00Z');
const AMI = fixtureAmi(eksWindowsAmiName('2022', 'Core', '1.33', '2026.11.11')).ami_id;
/** Joins a cluster with Docker: a finding of the group's own to compare across scans. */
const userDataJoining = (cluster: string) =>
  Buffer.from(
    `<powershell>& $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName ${cluster} -ContainerRuntime docker</powershell>`,
  ).toString('base64');

describe('A group tagged for two clusters (against moto_server)', () => {
  let emulator: Emulator | undefined;
  let whole: Report;
  let greenOnly: Report;
  let blueOnly: Report;

  beforeAll(async () => {
    const started = await startEmulator();
    emulator = started;
    const config = { region: REGION, endpoint: started.endpoint, credentials: CREDENTIALS };
    const clientsFor = (): AwsClients => ({
      eks: new EKSClient(config),
      ec2: new EC2Client(config),
      autoScaling: new AutoScalingClient(config),
      ssm: new SSMClient(config),
      sts: new STSClient(config),
    });
    const { eks, ec2, autoScaling } = clientsFor();
    for (const name of ['blue', 'green']) {
      await eks.send(
        new CreateClusterCommand({
          name,
          version: '1.33',
          roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eks`,
          resourcesVpcConfig: { subnetIds: ['subnet-1'] },
        }),
      );
    }
    await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'win-green',
        LaunchTemplateData: { ImageId: AMI, UserData: userDataJoining('green') },
      }),
    );
    // Still joins the deleted cluster: its nodes can never join.
    await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'win-gone',
        LaunchTemplateData: { ImageId: AMI, UserData: userDataJoining('gone') },
      }),
    );
    const tag = (Key: string) => ({ Key, Value: 'owned', PropagateAtLaunch: true });
    const group = (name: string, template: string, clusters: string[]) =>
      autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: name,
          MinSize: 0,
          MaxSize: 1,
          DesiredCapacity: 0,
          AvailabilityZones: [`${REGION}a`],
          LaunchTemplate: { LaunchTemplateName: template, Version: '1' },
          Tags: clusters.map((cluster) => tag(`kubernetes.io/cluster/${cluster}`)),
        }),
      );
    // Blue's own group, wired to green's user data: a mismatch in every scan that judges it.
    await group('win-blue', 'win-green', ['blue']);
    // Blue first by name: the collector's first guess.
    await group('win-green', 'win-green', ['blue', 'green']);
    // The copy of a group of a cluster since deleted ("gone" sorts before green): green's.
    await group('win-green-from-gone', 'win-gone', ['gone', 'green']);

    whole = await runScan({ regions: [REGION], now: NOW, clientsFor });
    greenOnly = await runScan({ regions: [REGION], now: NOW, clientsFor, clusters: ['green'] });
    blueOnly = await runScan({ regions: [REGION], now: NOW, clientsFor, clusters: ['blue'] });
  }, 180_000);

  afterAll(async () => {
    await emulator?.stop();
  });

  it('judges the group against green, the cluster its bootstrap call joins', () => {
    // Assess: only the copy that still joins the deleted cluster, and blue's own group wired
    // to green, are mismatches.
    const rules = whole.findings.map((finding) => `${finding.cluster}/${finding.ruleId}`);
    expect(rules).toContain('green/docker-runtime-unsupported');
    expect(
      whole.findings
        .filter((finding) => finding.ruleId === 'bootstrap-cluster-mismatch')
        .flatMap((finding) => finding.affected.map((ref) => `${finding.cluster}/${ref.name}`))
        .sort(),
    ).toEqual(['blue/win-blue', 'green/win-green-from-gone']);
    expect(whole.errors).toEqual([]);
  });

  it('gives its findings the same ids whether the scan covers both clusters or green alone', () => {
    // Assess
    expect(ids(greenOnly)).toEqual(ids(whole, 'green'));
    // moto has no EKS insights: that warning is the emulator's.
    const codes = (greenOnly.warnings ?? []).map((warning) => warning.code);
    expect(codes.filter((code) => code !== 'eks-insights-unavailable')).toEqual([]);
  });

  it("words blue's findings alike in a scan of blue alone, quoting the other cluster its group joins", () => {
    // Assess: a finding updated by turns from either scan keeps its text.
    const texts = (report: Report) =>
      report.findings
        .filter((finding) => finding.cluster === 'blue')
        .map(({ id, description, evidence }) => ({ id, description, evidence }))
        .sort((a, b) => a.id.localeCompare(b.id));
    expect(ids(blueOnly)).toEqual(ids(whole, 'blue'));
    expect(texts(blueOnly)).toEqual(texts(whole));
    const mismatch = blueOnly.findings.find(
      (finding) => finding.ruleId === 'bootstrap-cluster-mismatch',
    );
    expect(mismatch?.evidence).toEqual({ bootstrapClusterName: 'green', clusterName: 'blue' });
  });

  it("keeps the copy of a deleted cluster's group with green in a scan of green alone", () => {
    // Assess
    const groupsOf = (report: Report) =>
      report.findings
        .filter((finding) => finding.ruleId === 'docker-runtime-unsupported')
        .flatMap((finding) => finding.affected.map((ref) => `${finding.cluster}/${ref.name}`))
        .sort();
    expect(groupsOf(greenOnly)).toEqual(['green/win-green', 'green/win-green-from-gone']);
    expect(groupsOf(whole).filter((group) => group.startsWith('green/'))).toEqual(
      groupsOf(greenOnly),
    );
  });
});

/** A report's finding ids, of one cluster or all, in order. */
function ids(report: Report, cluster?: string): string[] {
  return report.findings
    .filter((finding) => cluster === undefined || finding.cluster === cluster)
    .map((finding) => finding.id)
    .sort();
}
