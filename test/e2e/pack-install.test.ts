/**
 * The published package as a user gets it: `npm pack` (whose prepack script bundles the command
 * line), the tarball installed into an empty folder by the machine's own npm and Node.js — not the
 * project's Node.js 24 from node_modules — and the installed `eks-windows-scanner` run against a
 * seeded emulator. Also the developers' ways in a clone: `npx eks-windows-scanner` and
 * `npm run --silent scan`, whose standard output must be the report and nothing else.
 */
import { type SpawnOptions, spawn } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP_TEXT } from '../../src/cli/help.ts';
import type { Report } from '../../src/report/types.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { type SeededEstate, seedEstate } from '../support/seed-estate.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  version: string;
};

/** npm pack runs the build: minutes are not unusual on a busy 2-core machine. */
const PACK_TIMEOUT_MS = 300_000;
/** The tarball has no dependencies to fetch; the margin is for a busy machine. */
const INSTALL_TIMEOUT_MS = 300_000;
const SCAN_TIMEOUT_MS = 90_000;

interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; kills its whole process group once `timeoutMs` has passed. */
function run(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs: number },
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, detached: true, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: no end after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The environment of a user's shell: the test's own, less what npm and the project put into it
 * (node_modules/.bin and the project's Node.js 24 on PATH, npm_* variables, AWS settings).
 */
function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|AWS_)/i.test(name) || name === 'NODE' || name === 'INIT_CWD') continue;
    env[name] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry !== '' && !entry.split(sep).includes('node_modules'))
    .join(delimiter);
  return env;
}

/** The first `node` on a PATH (`which node`), or undefined. */
async function whichNode(path: string): Promise<string | undefined> {
  for (const entry of path.split(delimiter)) {
    const candidate = join(entry, 'node');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

function parseReport(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

let work: string;
let tarball: string;
let installDir: string;
let emulator: Emulator | undefined;
let estate: SeededEstate;

const userEnv = userEnvironment();
/** What `#!/usr/bin/env node` of the installed bin finds in a user's shell. */
const machineNode = await (async () => {
  const path = await whichNode(userEnv.PATH ?? '');
  if (path === undefined) {
    throw new Error(
      "No Node.js on PATH besides the project's own: install Node.js 20.12 or later to test the package as users run it",
    );
  }
  const probe = await run(path, ['-p', 'process.version'], { env: userEnv, timeoutMs: 30_000 });
  return { path, version: probe.stdout.trim() };
})();

/**
 * The user's environment pointed at the emulator with dummy credentials, and at no shared AWS
 * files: no profile of the machine's can stand in for the credentials a test means.
 */
function scanEnvironment(): NodeJS.ProcessEnv {
  return {
    ...userEnv,
    AWS_CONFIG_FILE: join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: emulator?.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: estate.region,
  };
}

beforeAll(
  async () => {
    work = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-pack-'));
    installDir = join(work, 'install');
    await mkdir(installDir);

    // Act: pack (the build runs as its prepack script) while the emulator starts and is seeded.
    const packing = run('npm', ['pack', '--pack-destination', work], {
      cwd: root,
      env: userEnv,
      timeoutMs: PACK_TIMEOUT_MS,
    });
    const [packed, started] = await Promise.all([packing, startEmulator()]);
    emulator = started;
    if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    const [name] = (await readdir(work)).filter((file) => file.endsWith('.tgz'));
    if (name === undefined) throw new Error(`npm pack wrote no tarball: ${packed.stderr}`);
    tarball = join(work, name);

    const [installed, seeded] = await Promise.all([
      run(
        'npm',
        ['install', '--prefix', installDir, '--no-audit', '--no-fund', '--prefer-offline', tarball],
        { cwd: installDir, env: userEnv, timeoutMs: INSTALL_TIMEOUT_MS },
      ),
      seedEstate(emulator.endpoint),
    ]);
    estate = seeded;
    if (installed.code !== 0)
      throw new Error(`npm install of the tarball failed: ${installed.stderr}`);
  },
  PACK_TIMEOUT_MS + INSTALL_TIMEOUT_MS + 60_000,
);

afterAll(async () => {
  await emulator?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('Package: npm pack', () => {
  it("ships the bundled command line, its licences (its own and the bundled code's), the README, package.json and what --help points to, nothing else", async () => {
    // Act
    const listing = await run('tar', ['-tzf', tarball], { timeoutMs: 30_000 });
    const files = listing.stdout.split('\n').filter(Boolean).sort();

    // Assess
    expect(files).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/bin/eks-windows-scanner.js',
      'package/deploy/member-role.yaml',
      'package/dist/cli/THIRD-PARTY-LICENSES.txt',
      'package/dist/cli/eks-windows-scanner.mjs',
      'package/docs/configuration.md',
      'package/examples/.eks-windows-scanner.yaml',
      'package/package.json',
      'package/schema/eks-windows-scanner-config.schema.json',
    ]);
    expect(files.filter((file) => file.startsWith('package/test/'))).toEqual([]);
    expect(files.filter((file) => /^package\/src\/.*\.test\.ts$/.test(file))).toEqual([]);
  });

  it('ships every file of the project that --help points to', async () => {
    // Prepare
    const listing = await run('tar', ['-tzf', tarball], { timeoutMs: 30_000 });
    const files = new Set(listing.stdout.split('\n').filter(Boolean));

    // Act
    const named = [...HELP_TEXT.matchAll(/\b(?:docs|deploy|examples|schema)\/[\w.-]+/g)].map(
      ([path]) => path.replace(/\.$/, ''),
    );

    // Assess
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((path) => !files.has(`package/${path}`))).toEqual([]);
  });

  it('declares no dependencies and no install scripts: the bundle is all it needs', async () => {
    // Act
    const packed = await run('tar', ['-xzOf', tarball, 'package/package.json'], {
      timeoutMs: 30_000,
    });
    const manifest = JSON.parse(packed.stdout) as Record<string, unknown>;
    const installed = await readdir(join(installDir, 'node_modules'));

    // Assess
    expect(Object.keys(manifest).filter((key) => /dependencies$/i.test(key))).toEqual([]);
    expect(Object.keys((manifest.scripts ?? {}) as object)).toEqual(['postpack']);
    expect(installed.filter((entry) => !entry.startsWith('.'))).toEqual(['eks-windows-scanner']);
    // The clone's own package.json is back as it was, with its dependencies.
    const own = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      dependencies?: object;
    };
    expect(Object.keys(own.dependencies ?? {}).length).toBeGreaterThan(0);
  });
});

describe(`Command: eks-windows-scanner installed from the tarball, on the machine's Node.js ${machineNode.version}`, () => {
  const bin = () => join(installDir, 'node_modules', '.bin', 'eks-windows-scanner');

  it('prints its version', async () => {
    // Act
    const result = await run(bin(), ['--version'], {
      cwd: installDir,
      env: userEnv,
      timeoutMs: 30_000,
    });

    // Assess
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.code).toBe(0);
  });

  it('says in --help where the files it names are installed', async () => {
    // Act
    const result = await run(bin(), ['--help'], {
      cwd: installDir,
      env: userEnv,
      timeoutMs: 30_000,
    });

    // Assess
    const folder = /are in (.+)\n$/.exec(result.stdout)?.[1];
    expect(folder).toBe(`${join(installDir, 'node_modules', 'eks-windows-scanner')}/`);
    expect(existsSync(join(folder ?? '', 'docs', 'configuration.md'))).toBe(true);
    expect(existsSync(join(folder ?? '', 'deploy', 'member-role.yaml'))).toBe(true);
  });

  it("writes nothing to stderr with --quiet when nothing failed (the SDK's Node.js 20 warning included)", async () => {
    // Act
    const result = await run(bin(), ['scan', '--quiet', '--format', 'json'], {
      cwd: installDir,
      env: scanEnvironment(),
      timeoutMs: SCAN_TIMEOUT_MS,
    });

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(parseReport(result.stdout).complete).toBe(true);
  });

  it('scans the seeded estate and writes nothing but the report to stdout (--format json)', async () => {
    // Act
    const result = await run(bin(), ['scan', '--format', 'json'], {
      cwd: installDir,
      env: scanEnvironment(),
      timeoutMs: SCAN_TIMEOUT_MS,
    });

    // Assess: the whole of stdout parses, so nothing else was written to it.
    expect(result.code, result.stderr).toBe(0);
    const report = parseReport(result.stdout);
    expect(report.scanner).toEqual({ name: 'eks-windows-scanner', version });
    expect(report.complete).toBe(true);
    expect(report.summary.clusters).toBe(Object.keys(estate.clusters).length);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(report)).not.toContain(estate.secret);
  });

  it('reads a configuration file against its JSON Schema, bundled in, naming the bad line', async () => {
    // Prepare
    const config = join(work, 'bad-config.yaml');
    await writeFile(config, 'regions: [us-west-2]\nregoins: [eu-west-1]\n');

    // Act
    const result = await run(bin(), ['scan', '--config', config], {
      cwd: installDir,
      env: scanEnvironment(),
      timeoutMs: SCAN_TIMEOUT_MS,
    });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${config}:2: regoins: unknown key`);
  });

  it("runs the CI recipe's scan on web identity credentials: reports written, gate at HIGH", async () => {
    // Prepare: GitLab's way (docs/ci/gitlab-ci.yml): a token file and a role, no access keys
    // and no shared files, so the SDK's web identity provider is the only way to credentials.
    const tokenFile = join(work, 'web-identity-token');
    await writeFile(tokenFile, 'header.payload.signature', { mode: 0o600 });
    const reports = join(work, 'reports');
    const env = scanEnvironment();
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;

    // Act
    const result = await run(
      bin(),
      [
        'scan',
        ...['--region', estate.region, '--format', 'json,html,sarif,junit'],
        ...['--output-dir', reports, '--fail-on', 'HIGH'],
      ],
      {
        cwd: installDir,
        env: {
          ...env,
          AWS_ROLE_ARN: `arn:aws:iam::${estate.accountId}:role/eks-windows-scanner-ci`,
          AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
          AWS_ROLE_SESSION_NAME: 'gitlab-1-2',
        },
        timeoutMs: SCAN_TIMEOUT_MS,
      },
    );

    // Assess: exit 1 is the gate (the seeded estate has HIGH findings), every report is there.
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    const file = (extension: string) =>
      readFile(join(reports, `eks-windows-scanner-report.${extension}`), 'utf8');
    const report = parseReport(await file('json'));
    expect(report.scope.accounts).toEqual([estate.accountId]);
    expect(report.findings.some((finding) => finding.severity === 'HIGH')).toBe(true);
    expect(JSON.parse(await file('sarif'))).toMatchObject({ version: '2.1.0' });
    expect(await file('html')).toMatch(/^<!doctype html>/i);
    expect(await file('xml')).toMatch(/^<\?xml /);
  });

  it('writes one format to standard output with --output -', async () => {
    // Act
    const result = await run(bin(), ['scan', '--format', 'sarif', '--output', '-'], {
      cwd: installDir,
      env: scanEnvironment(),
      timeoutMs: SCAN_TIMEOUT_MS,
    });

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ version: '2.1.0' });
  });

  it('runs through npx in the install folder, with no npm banner on stdout', async () => {
    // Act
    const result = await run(
      'npx',
      ['--no-install', 'eks-windows-scanner', 'scan', '--format', 'json'],
      {
        cwd: installDir,
        env: scanEnvironment(),
        timeoutMs: SCAN_TIMEOUT_MS,
      },
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(parseReport(result.stdout).findings.length).toBeGreaterThan(0);
  });
});

describe("Command: the developers' clone", () => {
  it('npx eks-windows-scanner scan --format json prints the report only', async () => {
    // Act: from a user's shell in the clone; npx puts node_modules/.bin (Node.js 24) first.
    const result = await run('npx', ['eks-windows-scanner', 'scan', '--format', 'json'], {
      cwd: root,
      env: scanEnvironment(),
      timeoutMs: SCAN_TIMEOUT_MS,
    });

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(parseReport(result.stdout).findings.length).toBeGreaterThan(0);
  });

  it("the README's npm run example writes the report alone into its file", async () => {
    // Prepare: the README's own command (the redirection left to the test).
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const example = /`(npm run [^`]*\bscan -- [^`]*--format json) > report\.json`/.exec(
      readme,
    )?.[1];
    expect(example, 'README: `npm run … scan -- … --format json > report.json`').toBeDefined();
    const [npm = 'npm', ...args] = (example ?? '').split(/\s+/);

    // Act
    const result = await run(npm, args, {
      cwd: root,
      env: scanEnvironment(),
      timeoutMs: SCAN_TIMEOUT_MS,
    });

    // Assess: what `> report.json` would have written parses as the report.
    expect(result.code, result.stderr).toBe(0);
    expect(parseReport(result.stdout).findings.length).toBeGreaterThan(0);
  });
});
