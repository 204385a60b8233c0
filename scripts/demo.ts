/**
 * `npm run demo`: the scanner end to end on a laptop, no AWS account needed. Starts the local
 * AWS emulator (moto), seeds a realistic estate with Windows nodes, runs the real command line
 * against it, and stops the emulator whatever happens.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AutoScalingClient, CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { EmulatorUnavailableError, startEmulator } from '../test/support/emulator.ts';
import { type SeededEstate, seedEstate } from '../test/support/seed-estate.ts';

const REGION = 'us-west-2';
/** The instant the seeded AMI dates were chosen against. */
const NOW = '2026-11-25T12:00:00Z';
const EXIT_FINDINGS = 1;
const EXIT_INTERRUPTED = 130;

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const localNode = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url));
const node = existsSync(localNode) ? localNode : process.execPath;

/**
 * Options after `npm run demo --` go to the scan (`-- --target-version 1.34`, say). The
 * demo's table and instant are defaults only: the scan adds up repeated --format options,
 * so `-- --format json` would otherwise ask for two formats at once.
 */
function scanOptions(given: readonly string[]): string[] {
  const gives = (option: string) =>
    given.some((arg) => arg === option || arg.startsWith(`${option}=`));
  return [
    ...(gives('--format') ? [] : ['--format', 'table']),
    ...(gives('--now') ? [] : ['--now', NOW]),
    ...given,
  ];
}

function banner(): void {
  console.error(
    [
      'eks-windows-scanner demo',
      '  1. starts a local AWS emulator (moto) on a free loopback port',
      '  2. seeds five EKS clusters (prod, legacy, staging, payments, edge) with managed,',
      '     self-managed and Karpenter Windows nodes, some of them deliberately broken, and a',
      '     group in prod whose template moved on while its nodes still run the old AMI (drift)',
      `  3. runs: eks-windows-scanner scan --region ${REGION} --format table --now ${NOW}`,
      '     which starts with an upgrade readiness verdict for each cluster (its next minor',
      "     version; 'npm run demo -- --target-version 1.34' chooses one) and its blockers",
      '  Nothing touches a real AWS account.',
      '',
    ].join('\n'),
  );
}

/**
 * Drift, as test/integration/drift.test.ts seeds it: a prod group on `$Latest` launches two
 * nodes from version 1 (the previous 2022 Core AMI), then the template gets a version 2 on the
 * latest AMI, and no instance refresh has run. The scanner reports node-drift on the group.
 */
async function seedDrift(endpoint: string, estate: SeededEstate): Promise<void> {
  const config = {
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const ec2 = new EC2Client(config);
  const autoScaling = new AutoScalingClient(config);
  const userData = Buffer.from(
    '<powershell>& $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod -DNSClusterIP 172.20.0.10 -ServiceCIDR 172.20.0.0/16</powershell>',
  ).toString('base64');
  const data = (imageId: string) => ({
    ImageId: imageId,
    InstanceType: 'm5.xlarge' as const,
    UserData: userData,
  });
  try {
    const { LaunchTemplate } = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'win-drift-lt',
        LaunchTemplateData: data(estate.amis.previous2022Core131),
      }),
    );
    const templateId = LaunchTemplate?.LaunchTemplateId;
    if (templateId === undefined) throw new Error('CreateLaunchTemplate returned no id');
    await autoScaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'win-drift',
        LaunchTemplate: { LaunchTemplateId: templateId, Version: '$Latest' },
        MinSize: 0,
        MaxSize: 4,
        DesiredCapacity: 2,
        AvailabilityZones: [`${REGION}a`],
        Tags: [{ Key: 'kubernetes.io/cluster/prod', Value: 'owned', PropagateAtLaunch: true }],
      }),
    );
    await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: templateId,
        LaunchTemplateData: data(estate.amis.latest2022Core131),
      }),
    );
  } finally {
    ec2.destroy();
    autoScaling.destroy();
  }
}

async function main(): Promise<number> {
  banner();
  let interrupted = false;
  let child: ReturnType<typeof spawn> | undefined;
  const onSigint = () => {
    interrupted = true;
    child?.kill('SIGINT');
  };
  process.on('SIGINT', onSigint);

  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  try {
    emulator = await startEmulator();
    if (interrupted) return EXIT_INTERRUPTED;
    console.error(`Emulator listening on ${emulator.endpoint}; seeding the estate…`);
    const estate = await seedEstate(emulator.endpoint, REGION);
    await seedDrift(emulator.endpoint, estate);
    if (interrupted) return EXIT_INTERRUPTED;
    console.error(
      `Seeded ${Object.keys(estate.clusters).length} clusters and ${estate.nodeSources.length + 1} node sources. Scanning:\n`,
    );

    child = spawn(
      node,
      ['src/cli/main.ts', 'scan', '--region', REGION, ...scanOptions(process.argv.slice(2))],
      {
        cwd: repositoryRoot,
        stdio: 'inherit',
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: emulator.endpoint,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_REGION: REGION,
          // Credentials of the caller must not leak into the emulator's requests.
          AWS_SESSION_TOKEN: undefined,
          AWS_PROFILE: undefined,
        },
      },
    );
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    if (interrupted || signal !== null) return EXIT_INTERRUPTED;
    // Findings are the point of a demo: exit 1 ("findings found") is success here.
    if (code === 0 || code === EXIT_FINDINGS) return 0;
    console.error(`\nThe scanner exited with code ${code}.`);
    return code ?? 1;
  } catch (error) {
    if (interrupted) return EXIT_INTERRUPTED;
    console.error(`The demo failed: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof EmulatorUnavailableError ? 2 : 1;
  } finally {
    await emulator?.stop();
    process.off('SIGINT', onSigint);
  }
}

process.exitCode = await main();
