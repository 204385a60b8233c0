/**
 * The command line end to end: the real SDK over HTTP against a seeded local emulator,
 * the real CLI process, `--format json`. Asserts the exact (rule, resource) pairs the seeded
 * estate must produce and that the output is a valid report 2.3.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionOf } from '../../src/regions.ts';
import type { Report } from '../../src/report/types.ts';
import { type CliRun, runScanProcess } from '../support/cli-process.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { startHangingProxy } from '../support/hanging-proxy.ts';
import { type SeededEstate, seedEstate } from '../support/seed-estate.ts';

const NOW = '2026-11-25T12:00:00Z';

let emulator: Emulator;
let estate: SeededEstate;

function runCli(args: string[], endpoint = emulator.endpoint): Promise<CliRun> {
  return runScanProcess(args, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: estate.region,
  });
}

function pairsOf(report: Report): string[] {
  return report.findings
    .map(
      (finding) =>
        `${finding.cluster} ${finding.ruleId} ${finding.resource.type} ${finding.resource.id}`,
    )
    .sort();
}

beforeAll(async () => {
  emulator = await startEmulator();
  estate = await seedEstate(emulator.endpoint);
});

afterAll(async () => {
  await emulator?.stop();
});

describe('Command: eks-windows-scanner scan --format json', () => {
  let run: CliRun;
  let report: Report;

  beforeAll(async () => {
    run = await runCli(['--format', 'json', '--now', NOW]);
    report = JSON.parse(run.stdout) as Report;
  });

  it('exits 0 without --fail-on and writes nothing but the report to stdout', () => {
    expect(run.code).toBe(0);
    expect(run.stdout.trim().startsWith('{')).toBe(true);
    expect(report.complete).toBe(true);
    expect(report.errors).toEqual([]);
  });

  it('writes a report that validates against the report JSON Schema', () => {
    // Prepare
    const schema = JSON.parse(
      readFileSync(new URL('../../src/report/report.schema.json', import.meta.url), 'utf8'),
    );
    const ajv = new Ajv2020.default({ allErrors: true, strict: true });
    addFormats.default(ajv);

    // Act
    const valid = ajv.validate(schema, report);

    // Assess
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('counts every cluster and node source, Linux ones included', () => {
    expect(report.scope).toEqual({ accounts: [estate.accountId], regions: [estate.region] });
    expect(report.summary.clusters).toBe(Object.keys(estate.clusters).length);
    expect(report.summary.nodeSources).toBe(estate.nodeSources.length);
    expect(report.summary.windowsNodeSources).toBe(
      estate.nodeSources.filter((source) => source.windows).length,
    );
  });

  it('finds exactly the problems seeded into the estate', () => {
    // Prepare
    const { launchTemplates: lt, instances, nodeGroups } = estate;
    const lc = estate.launchConfigurations.selfManaged;
    const expected = [
      'prod eks-version-extended-support AwsEksCluster prod',
      `prod windows-server-mainstream-ended AwsEksNodegroup ${nodeGroups.win2022Core}`,
      `prod bootstrap-duplicated AwsEc2LaunchTemplate ${lt.win2019Full.id}`,
      `prod windows-server-mainstream-ended AwsEc2LaunchTemplate ${lt.win2019Full.id}`,
      `prod windows-server-mainstream-ended AwsEc2LaunchTemplate ${lt.winCustom.id}`,
      `prod bootstrap-cluster-mismatch AwsEc2LaunchTemplate ${lt.selfManaged.id}`,
      `prod bootstrap-dns-outside-service-cidr AwsEc2LaunchTemplate ${lt.selfManaged.id}`,
      `prod windows-server-mainstream-ended AwsEc2LaunchTemplate ${lt.selfManaged.id}`,
      `prod ami-unavailable AwsAutoScalingLaunchConfiguration ${lc}`,
      `prod windows-version-unknown AwsAutoScalingLaunchConfiguration ${lc}`,
      `prod windows-server-mainstream-ended AwsEc2LaunchTemplate ${lt.mixed.id}`,
      `prod ami-kubernetes-version-mismatch AwsEc2LaunchTemplate ${lt.mixedOverride.id}`,
      `prod windows-server-mainstream-ended AwsEc2LaunchTemplate ${lt.mixedOverride.id}`,
      `prod ami-unavailable AwsEc2LaunchTemplate ${lt.golden.id}`,
      `prod windows-version-unknown AwsEc2LaunchTemplate ${lt.golden.id}`,
      `prod ami-outdated AwsEc2LaunchTemplate ${lt.karpenter.id}`,
      `prod windows-server-mainstream-ended AwsEc2LaunchTemplate ${lt.karpenter.id}`,
      'legacy eks-version-unsupported AwsEksCluster legacy',
      `legacy docker-runtime-unsupported AwsEc2LaunchTemplate ${lt.legacyDocker.id}`,
      `legacy ami-expiring AwsEc2LaunchTemplate ${lt.legacyDocker.id}`,
      `legacy windows-server-mainstream-ended AwsEc2LaunchTemplate ${lt.legacyDocker.id}`,
      `legacy windows-server-end-of-support AwsEc2Instance ${instances.legacyWindows2004}`,
      `legacy docker-runtime-unsupported AwsEc2Instance ${instances.legacyWindows2004}`,
      `legacy ami-kubernetes-version-mismatch AwsEc2Instance ${instances.legacyWindows2004}`,
      `legacy ami-expiring AwsEc2Instance ${instances.legacyWindows2004}`,
      // The copy of the AWS example that lost -EKSClusterName.
      `prod bootstrap-cluster-name-missing AwsEc2LaunchTemplate ${lt.nameless.id}`,
      `prod windows-server-mainstream-ended AwsEc2LaunchTemplate ${lt.nameless.id}`,
      // resolve:ssm: of a parameter nobody created: no AMI, so no release either.
      `prod ami-unavailable AwsEc2LaunchTemplate ${lt.ssmMissing.id}`,
      `prod windows-version-unknown AwsEc2LaunchTemplate ${lt.ssmMissing.id}`,
      // The AWS example carried forward from 1.23 into a cluster with its own service range.
      'payments eks-version-extended-support AwsEksCluster payments',
      `payments bootstrap-service-cidr-missing AwsEc2LaunchTemplate ${lt.payments.id}`,
      `payments bootstrap-dns-outside-service-cidr AwsEc2LaunchTemplate ${lt.payments.id}`,
      `payments container-runtime-invalid AwsEc2LaunchTemplate ${lt.payments.id}`,
      `payments kubelet-flag-removed AwsEc2LaunchTemplate ${lt.payments.id}`,
      `payments windows-server-mainstream-ended AwsEc2LaunchTemplate ${lt.payments.id}`,
      // IPv6, and resolve:ssm: of the public 2022 parameter, resolved and judged as that AMI.
      'edge windows-ipv6-cluster AwsEksCluster edge',
      `edge bootstrap-parameter-unknown AwsEc2LaunchTemplate ${lt.edge.id}`,
      `edge kubelet-flag-removed AwsEc2LaunchTemplate ${lt.edge.id}`,
      `edge windows-server-mainstream-ended AwsEc2LaunchTemplate ${lt.edge.id}`,
      // 1.35 leaves standard support on 2027-03-27, within the 180-day window: the cost ahead.
      'edge eks-version-standard-support-ending AwsEksCluster edge',
      'staging eks-version-standard-support-ending AwsEksCluster staging',
    ];

    // Assess
    expect(pairsOf(report)).toEqual(expected.sort());
  });

  it('judges a resolve:ssm: template by the AMI its parameter names, and quotes a missing one', () => {
    // Prepare
    const edge = report.findings.find(
      (finding) =>
        finding.ruleId === 'windows-server-mainstream-ended' &&
        finding.resource.id === estate.launchTemplates.edge.id,
    );
    const missing = report.findings.find(
      (finding) =>
        finding.ruleId === 'ami-unavailable' &&
        finding.resource.id === estate.launchTemplates.ssmMissing.id,
    );

    // Assess
    expect(edge?.evidence.imageId).toBe(estate.amis.latest2022Core135);
    expect(missing?.evidence).toEqual({
      imageParameter: estate.imageParameters.missing,
      parameterExists: false,
    });
  });

  it('reports nothing for the compliant staging cluster (but its support cost ahead), Linux node groups or foreign instances', () => {
    const quiet = [
      estate.clusters.staging.name,
      estate.nodeGroups.linuxAl2023,
      estate.nodeGroups.stagingWin2025Core,
      estate.instances.buildAgent,
    ];
    // Every 1.35 cluster leaves standard support within the window: not a flaw of its nodes.
    const named = report.findings
      .filter((finding) => finding.ruleId !== 'eks-version-standard-support-ending')
      .flatMap((finding) => [
        finding.cluster,
        finding.resource.id,
        ...finding.affected.map((ref) => ref.name),
      ]);
    expect(named.filter((name) => quiet.includes(name))).toEqual([]);
  });

  it('never prints the secret held in user data', () => {
    expect(run.stdout).not.toContain(estate.secret);
    expect(run.stderr).not.toContain(estate.secret);
  });
});

describe('Command: eks-windows-scanner scan options', () => {
  it('scans only the named cluster', async () => {
    // Act
    const run = await runCli(['--format', 'json', '--now', NOW, '--cluster', 'staging']);

    // Assess
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(0);
    expect(report.summary.clusters).toBe(1);
    // Only what every 1.35 cluster has at NOW: standard support ends within the window.
    expect(report.findings.map((finding) => `${finding.cluster} ${finding.ruleId}`)).toEqual([
      'staging eks-version-standard-support-ending',
    ]);
  });

  it('exits 1 when findings reach --fail-on, and 0 when none do', async () => {
    const failing = await runCli([
      '--format',
      'csv',
      '--now',
      NOW,
      '--cluster',
      'legacy',
      '--fail-on',
      'critical',
    ]);
    const passing = await runCli([
      '--format',
      'csv',
      '--now',
      NOW,
      '--cluster',
      'staging',
      '--fail-on',
      'high',
    ]);

    expect(failing.code).toBe(1);
    expect(failing.stdout.split('\r\n')[0]).toMatch(/^severity,ruleId,cluster,/);
    expect(passing.code).toBe(0);
  });

  it('exits 2 when a named cluster is in no scanned region, listing the clusters there', async () => {
    const run = await runCli(['--format', 'json', '--now', NOW, '--cluster', 'no-such-cluster']);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `--cluster 'no-such-cluster': not found in region ${estate.region}; clusters there: ${Object.keys(
        estate.clusters,
      )
        .sort()
        .join(', ')}`,
    );
  });

  it('is complete when a named cluster is in one of the regions scanned', async () => {
    // Act: staging lives in the estate's region only.
    const run = await runCli([
      '--format',
      'json',
      '--now',
      NOW,
      '--cluster',
      'staging',
      '--region',
      estate.region,
      '--region',
      'eu-west-1',
    ]);

    // Assess
    const report = JSON.parse(run.stdout) as Report;
    // Warnings only (moto has no EKS insights); no error, no "not found".
    const problems = run.stderr
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('eks-windows-scanner: warning: '));
    expect(problems).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.complete).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.scope.regions).toEqual([estate.region, 'eu-west-1']);
    expect(report.summary.clusters).toBe(1);
  });

  it('exits 2 when a cluster named by ARN is not in its region, though its namesake named by ARN is in another', async () => {
    // Prepare: staging lives in the estate's region only; the second ARN names one in eu-west-1.
    const arnIn = (region: string) => `arn:aws:eks:${region}:${estate.accountId}:cluster/staging`;

    // Act
    const run = await runCli([
      '--format',
      'json',
      '--now',
      NOW,
      '--cluster',
      arnIn(estate.region),
      '--cluster',
      arnIn('eu-west-1'),
    ]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `--cluster '${arnIn('eu-west-1')}': not found in region eu-west-1; there is no cluster there`,
    );
  });

  it("--region all scans every region the account has enabled (EC2's opt-in status)", async () => {
    // Act
    const run = await runCli([
      '--format',
      'json',
      '--now',
      NOW,
      '--region',
      'all',
      '--cluster',
      'staging',
    ]);

    // Assess
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(0);
    expect(report.scope.regions).toContain(estate.region);
    expect(report.scope.regions).toContain('af-south-1');
    // Opt-in regions that are not opted in are left out.
    expect(report.scope.regions).not.toContain('ap-east-1');
    // The emulator lists every partition's regions; the credentials reach one.
    expect(report.scope.regions.filter((region) => partitionOf(region) !== 'aws')).toEqual([]);
    expect(report.summary.clusters).toBe(1);
  }, 120_000);
});

describe('Command: eks-windows-scanner scan --profile', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-profile-'));
    await writeFile(
      join(directory, 'config'),
      [
        '[profile audit]',
        'role_arn = arn:aws:iam::111122223333:role/EksWindowsScannerAudit',
        'source_profile = base',
        `region = ${estate.region}`,
        '',
        '[profile base]',
        'region = eu-west-1',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(directory, 'credentials'),
      '[base]\naws_access_key_id = test\naws_secret_access_key = test\n',
    );
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("scans with the profile's credentials (its role assumed) in the profile's region", async () => {
    // Act: no AWS_REGION and no keys in the environment.
    const run = await runScanProcess(['--profile', 'audit', '--format', 'json', '--now', NOW], {
      AWS_ENDPOINT_URL: emulator.endpoint,
      AWS_CONFIG_FILE: join(directory, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(directory, 'credentials'),
    });

    // Assess: the role's account, which the emulator gives the assumed credentials.
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.scope).toEqual({ accounts: ['111122223333'], regions: [estate.region] });
  });
});

describe('Command: eks-windows-scanner scan, when one call never answers', () => {
  it('gives up on it after --request-timeout, names it in errors and exits 3', async () => {
    // Prepare
    const proxy = await startHangingProxy(emulator.endpoint, 'DescribeImages');

    // Act: were the call waited for, this would hang until the test's own timeout.
    const run = await runCli(
      ['--format', 'json', '--now', NOW, '--cluster', 'legacy', '--request-timeout', '2'],
      proxy.endpoint,
    ).finally(() => proxy.stop());

    // Assess
    const report = JSON.parse(run.stdout) as Report;
    expect(proxy.held()).toBeGreaterThan(0);
    expect(run.code).toBe(3);
    expect(report.complete).toBe(false);
    expect(report.errors).toContainEqual(
      expect.objectContaining({ operation: 'DescribeImages', code: 'TimeoutError' }),
    );
  }, 120_000);
});
