/**
 * The local AWS: moto 5.2.1 in server mode on a free loopback port, started through
 * moto_launcher.py (which patches the few places where moto and AWS differ in ways the
 * scanner would notice). See /work/shared/EMULATOR.md.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { defaultSsmLatest, FIXTURE_AMIS_PATH } from './eks-amis.ts';

export interface Emulator {
  /** e.g. `http://127.0.0.1:41234`: the value for `AWS_ENDPOINT_URL`. */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Serve the EKS Windows AMI list of test/fixtures/emulator/amis.json (default) instead of moto's own. */
  amis?: boolean;
  /**
   * SSM public parameters to serve, name → AMI id. Defaults to the newest fixture AMI of every
   * `/aws/service/ami-windows-latest/...EKS_Optimized-<k8s>/image_id` family when `amis` is on.
   */
  ssmLatest?: Record<string, string>;
  /** Python interpreter; defaults to `EKS_WINDOWS_SCANNER_PYTHON`, then `python3`. */
  python?: string;
  /** How long to wait for the server to answer; default 15 s. */
  startTimeoutMs?: number;
}

const INSTALL_HINT = "pip install 'moto[server]'";
const LAUNCHER_PATH = fileURLToPath(new URL('./moto_launcher.py', import.meta.url));
/** Exit codes of moto_launcher.py. */
const EXIT_MOTO_MISSING = 3;
const EXIT_ADDRESS_IN_USE = 98;
const PORT_ATTEMPTS = 5;
const STOP_GRACE_MS = 3_000;
const STDERR_TAIL_CHARS = 2_000;

/** Python or moto is missing on this machine. */
export class EmulatorUnavailableError extends Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      `The local AWS emulator needs Python 3 with moto 5.2 and its server extras (${detail}). Install it with: ${INSTALL_HINT}`,
      options,
    );
    this.name = 'EmulatorUnavailableError';
  }
}

/** moto is there but did not come up. */
export class EmulatorStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmulatorStartError';
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const python = options.python ?? process.env.EKS_WINDOWS_SCANNER_PYTHON ?? 'python3';
  const useFixtureAmis = options.amis ?? true;
  const ssmParameters = options.ssmLatest ?? (useFixtureAmis ? defaultSsmLatest() : {});
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONUNBUFFERED: '1',
    EMULATOR_SSM_PARAMETERS: JSON.stringify(ssmParameters),
  };
  if (useFixtureAmis) env.MOTO_AMIS_PATH = FIXTURE_AMIS_PATH;
  else delete env.MOTO_AMIS_PATH;
  const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);

  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    // Another process may take the port between our probe and moto's bind: try another one.
    const port = await findFreePort();
    const launched = await launch(python, port, env, deadline);
    if (launched !== 'address-in-use') return launched;
  }
  throw new EmulatorStartError(`No free loopback port after ${PORT_ATTEMPTS} attempts`);
}

async function launch(
  python: string,
  port: number,
  env: NodeJS.ProcessEnv,
  deadline: number,
): Promise<Emulator | 'address-in-use'> {
  const child = spawn(python, [LAUNCHER_PATH, String(port)], { env, stdio: 'pipe' });
  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  child.stdout.resume();

  const outcome = await new Promise<
    | { kind: 'spawned' }
    | { kind: 'spawn-error'; error: NodeJS.ErrnoException }
    | { kind: 'exit'; code: number | null }
  >((resolve) => {
    child.once('spawn', () => resolve({ kind: 'spawned' }));
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'spawn-error', error }));
  });
  if (outcome.kind === 'spawn-error') {
    if (outcome.error.code === 'ENOENT') {
      throw new EmulatorUnavailableError(`Python interpreter "${python}" not found`, {
        cause: outcome.error,
      });
    }
    throw new EmulatorStartError(`Could not start ${python}`, { cause: outcome.error });
  }
  // Later errors (a failed kill) surface through 'exit' or stop(); never crash the test run.
  child.on('error', () => {});

  const exited = once(child, 'exit').then(([code]) => ({
    kind: 'exit' as const,
    code: code as number | null,
  }));
  const endpoint = `http://127.0.0.1:${port}`;
  const ready = await Promise.race([exited, waitUntilAnswering(endpoint, deadline)]);
  if (ready.kind === 'exit') {
    if (ready.code === EXIT_ADDRESS_IN_USE) return 'address-in-use';
    if (ready.code === EXIT_MOTO_MISSING) {
      throw new EmulatorUnavailableError(`"${python}" cannot import moto.server`);
    }
    throw new EmulatorStartError(
      `moto exited with code ${ready.code} before answering: ${stderrTail.trim()}`,
    );
  }
  if (ready.kind === 'timeout') {
    await stopChild(child);
    throw new EmulatorStartError(
      `moto did not answer on ${endpoint} in time: ${stderrTail.trim()}`,
    );
  }

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    stop: () => {
      stopping ??= stopChild(child);
      return stopping;
    },
  };
}

async function waitUntilAnswering(
  endpoint: string,
  deadline: number,
): Promise<{ kind: 'answering' } | { kind: 'timeout' }> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.ok) return { kind: 'answering' };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { kind: 'timeout' };
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
async function stopChild(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
    child.stdin.destroy();
  }
}

/** A port nobody listens on right now: bind port 0 on loopback, read it, release it. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() =>
        port === undefined ? reject(new Error('No port assigned')) : resolve(port),
      );
    });
  });
}
