/**
 * `npm run demo`: the scanner end to end on a laptop, no AWS account needed. Starts the local
 * AWS emulator (moto), seeds a realistic estate with Windows nodes, runs the real command line
 * against it, and stops the emulator whatever happens.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EmulatorUnavailableError, startEmulator } from '../test/support/emulator.ts';
import { seedEstate } from '../test/support/seed-estate.ts';

const REGION = 'us-west-2';
/** The instant the seeded AMI dates were chosen against. */
const NOW = '2026-11-25T12:00:00Z';
const EXIT_FINDINGS = 1;
const EXIT_INTERRUPTED = 130;

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const localNode = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url));
const node = existsSync(localNode) ? localNode : process.execPath;

function banner(): void {
  console.error(
    [
      'eks-windows-scanner demo',
      '  1. starts a local AWS emulator (moto) on a free loopback port',
      '  2. seeds three EKS clusters (prod, legacy, staging) with managed, self-managed and',
      '     Karpenter Windows nodes, some of them deliberately broken',
      `  3. runs: eks-windows-scanner scan --region ${REGION} --format table --now ${NOW}`,
      '  Nothing touches a real AWS account.',
      '',
    ].join('\n'),
  );
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
    if (interrupted) return EXIT_INTERRUPTED;
    console.error(
      `Seeded ${Object.keys(estate.clusters).length} clusters and ${estate.nodeSources.length} node sources. Scanning:\n`,
    );

    child = spawn(
      node,
      ['src/cli/main.ts', 'scan', '--region', REGION, '--format', 'table', '--now', NOW],
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
