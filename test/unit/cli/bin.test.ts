/**
 * The package's executable on a Node.js too old for the bundle: it says so and exits 2 (could
 * not start), rather than crashing at the bundle's first import with exit 1, which reads as
 * findings at --fail-on. The running Node.js is made to report an older version by a preload.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/eks-windows-scanner.js', import.meta.url));

/** The executable run with `args` by this Node.js, reporting itself as `version`. */
async function runAs(version: string, args: string[]) {
  const preload = `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'${version}'})`;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', preload, BIN, ...args],
      { timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('File: bin/eks-windows-scanner.js', () => {
  it.each(['18.19.0', '20.11.1'])(
    'refuses to start on Node.js %s, naming the version it needs, with exit 2',
    async (version) => {
      // Act
      const run = await runAs(version, ['--version']);

      // Assess
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `eks-windows-scanner: needs Node.js 20.12 or later, and this is Node.js ${version}: install a newer one (https://nodejs.org).\n`,
      );
    },
    60_000,
  );

  it('starts on Node.js 20.12', async () => {
    // Act
    const run = await runAs('20.12.0', ['--version']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  }, 60_000);
});
