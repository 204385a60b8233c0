/**
 * A Chromium for the end-to-end tests of the HTML report. Debian's `chromium` package is
 * installed by the project's own test setup when the machine is a root Debian (a fresh CI
 * runner or container), so that nothing has to be prepared by hand; anywhere else the error
 * says how to install it.
 */
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';

/** Where Debian's `chromium` package puts the executable. */
export const DEBIAN_CHROMIUM_PATH = '/usr/bin/chromium';
/** Overrides the search, e.g. for a Chrome on a laptop. */
export const CHROMIUM_PATH_VARIABLE = 'EKS_WINDOWS_SCANNER_CHROMIUM';

const APT_GET = '/usr/bin/apt-get';
const DEBIAN_VERSION_FILE = '/etc/debian_version';
/** apt-get waits this long for another apt-get (a parallel test worker, unattended-upgrades). */
const APT_LOCK_TIMEOUT_SECONDS = 600;
const OUTPUT_TAIL_CHARS = 2_000;
const INSTALL_HINT =
  `install Chromium (Debian/Ubuntu: 'apt-get install chromium') or set ${CHROMIUM_PATH_VARIABLE} ` +
  'to the path of a Chromium or Chrome executable';

/** No Chromium here, and this machine cannot install one by itself. */
export class ChromiumUnavailableError extends Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      `The HTML report tests need a headless Chromium: ${detail}. To fix: ${INSTALL_HINT}.`,
      options,
    );
    this.name = 'ChromiumUnavailableError';
  }
}

let pending: Promise<string> | undefined;

/**
 * The path of a Chromium executable: `EKS_WINDOWS_SCANNER_CHROMIUM` when set, else
 * `/usr/bin/chromium`; installs Debian's package first when it is missing and this process
 * may (root, Debian, apt-get). Asked twice in one process, installs once.
 */
export function ensureChromium(): Promise<string> {
  pending ??= locateOrInstall().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

async function locateOrInstall(): Promise<string> {
  const configured = process.env[CHROMIUM_PATH_VARIABLE];
  if (configured) {
    if (await isExecutable(configured)) return configured;
    throw new ChromiumUnavailableError(
      `${CHROMIUM_PATH_VARIABLE}='${configured}' is not an executable`,
    );
  }
  if (await isExecutable(DEBIAN_CHROMIUM_PATH)) return DEBIAN_CHROMIUM_PATH;

  const blocker = await installBlocker();
  if (blocker !== undefined) {
    throw new ChromiumUnavailableError(`${DEBIAN_CHROMIUM_PATH} does not exist and ${blocker}`);
  }
  process.stderr.write(
    `[test setup] ${DEBIAN_CHROMIUM_PATH} is missing: installing Debian's chromium package with apt-get (this can take a few minutes)\n`,
  );
  await aptGet(['update']);
  await aptGet(['install', '-y', '--no-install-recommends', 'chromium']);
  if (!(await isExecutable(DEBIAN_CHROMIUM_PATH))) {
    throw new ChromiumUnavailableError(
      `apt-get installed the chromium package but ${DEBIAN_CHROMIUM_PATH} is still missing`,
    );
  }
  return DEBIAN_CHROMIUM_PATH;
}

/** Why this process cannot install the package itself; undefined when it can. */
async function installBlocker(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `this is not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'installing it needs root';
  if (!(await exists(DEBIAN_VERSION_FILE))) return 'this is not Debian';
  if (!(await isExecutable(APT_GET))) return `${APT_GET} is missing`;
  return undefined;
}

function aptGet(args: readonly string[]): Promise<void> {
  const command = ['-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_SECONDS}`, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(APT_GET, command, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => {
      reject(new ChromiumUnavailableError(`apt-get ${args[0]} could not start`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve();
        return;
      }
      const status = signal === null ? `exited with ${code}` : `was killed by ${signal}`;
      reject(
        new ChromiumUnavailableError(`apt-get ${args.join(' ')} ${status}:\n${output.trim()}\n`),
      );
    });
  });
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
}
