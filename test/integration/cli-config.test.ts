/**
 * The configuration and mute file end to end: the real CLI process, run in a working
 * directory holding a `.eks-windows-scanner.yaml`, against the seeded emulator. The file
 * names the region (nothing else does) and suppresses one seeded finding with a reason.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.ts';
import type { CliRun } from '../support/cli-process.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { type SeededEstate, seedEstate } from '../support/seed-estate.ts';

const NOW = '2026-11-25T12:00:00Z';
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const REASON = 'Legacy is drained and deleted in Q1 (CHG-4711)';
const RULE = 'eks-version-unsupported';

let emulator: Emulator;
let estate: SeededEstate;
let directory: string;
let broken: string;

/** `eks-windows-scanner scan <args>` in `cwd`, with no region in its environment. */
function scanIn(cwd: string, args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'scan', ...args], {
      cwd,
      env: {
        PATH: process.env.PATH,
        AWS_ENDPOINT_URL: emulator.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        // No profile region either: the file is the only place that names one.
        AWS_CONFIG_FILE: join(cwd, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(cwd, 'no-aws-credentials'),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  emulator = await startEmulator();
  estate = await seedEstate(emulator.endpoint);
  directory = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-cli-config-'));
  await writeFile(
    join(directory, '.eks-windows-scanner.yaml'),
    [
      `regions: [${estate.region}]`,
      'suppressions:',
      `  - rule: ${RULE}`,
      '    cluster: legacy',
      `    reason: ${REASON}`,
      '',
    ].join('\n'),
    'utf8',
  );
  broken = await mkdtemp(join(tmpdir(), 'eks-windows-scanner-cli-config-broken-'));
  await writeFile(
    join(broken, '.eks-windows-scanner.yaml'),
    `regions: [${estate.region}]\nsuppressions: []\nfailon: HIGH\n`,
    'utf8',
  );
});

afterAll(async () => {
  await emulator?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
  if (broken) await rm(broken, { recursive: true, force: true });
});

describe('Command: eks-windows-scanner scan with .eks-windows-scanner.yaml in the working directory', () => {
  it("scans the file's region and marks the finding it suppresses, with the reason, in JSON", async () => {
    // Act
    const run = await scanIn(directory, ['--format', 'json', '--now', NOW]);

    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.scope.regions).toEqual([estate.region]);
    const muted = report.findings.filter((finding) => finding.suppressed);
    expect(muted.map((finding) => `${finding.cluster} ${finding.ruleId}`)).toEqual([
      `legacy ${RULE}`,
    ]);
    expect(muted[0]?.suppression).toEqual({
      source: 'file',
      origin: '.eks-windows-scanner.yaml line 3',
      reason: REASON,
    });
    expect(report.findings.some((finding) => !finding.suppressed)).toBe(true);
  });

  it('hides it from the table, and lists it with its reason with --show-suppressed', async () => {
    // Act
    const [hidden, shown] = await Promise.all([
      scanIn(directory, ['--now', NOW]),
      scanIn(directory, ['--now', NOW, '--show-suppressed']),
    ]);

    // Assess
    expect([hidden.code, shown.code]).toEqual([0, 0]);
    expect(hidden.stdout).toContain('(1 suppressed, not shown)');
    expect(hidden.stdout).not.toContain(RULE);
    expect(hidden.stdout).not.toContain(REASON);
    expect(shown.stdout).toContain('Suppressed (1)');
    expect(shown.stdout).toMatch(new RegExp(`legacy +${RULE}`));
    expect(shown.stdout).toContain('suppressed by .eks-windows-scanner.yaml line 3');
    expect(shown.stdout).toContain(`reason: ${REASON}`);
  });

  it('exits 2 naming the line of a misspelt key, before scanning', async () => {
    // Act
    const run = await scanIn(broken, ['--format', 'json']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      '.eks-windows-scanner.yaml:3: failon: unknown key (did you mean failOn?)',
    );
  });
});
