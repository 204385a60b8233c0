/**
 * The README's first command, `npm run demo`: the emulator started, the estate seeded, the real
 * command line run and the emulator stopped, with options after `--` passed to the scan.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Starting moto and seeding five clusters: tens of seconds on a busy 2-core machine. */
const DEMO_TIMEOUT_MS = 240_000;

function runDemo(args: readonly string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/demo.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('Script: npm run demo', () => {
  it(
    'scans the seeded estate, judging the upgrade named after --',
    async () => {
      // Act
      const run = await runDemo(['--target-version', '1.34']);

      // Assess
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Inventory: 5 clusters');
      expect(run.stdout).toMatch(/^ {2}payments {2}1\.33 → 1\.34 {2}BLOCKED \(1\)$/m);
      expect(run.stdout).toMatch(/^ {2}staging {2}1\.35 → 1\.34 {2}not judged$/m);
      expect(run.stdout).toContain("newer than the control plane's 1.34 after the");
    },
    DEMO_TIMEOUT_MS,
  );

  it(
    'writes the format named after -- instead of its table, at the demo instant',
    async () => {
      // Act
      const run = await runDemo(['--format', 'json']);

      // Assess
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as { scannedAt: string; summary: { clusters: number } };
      expect(report.scannedAt).toBe('2026-11-25T12:00:00.000Z');
      expect(report.summary.clusters).toBe(5);
    },
    DEMO_TIMEOUT_MS,
  );
});
