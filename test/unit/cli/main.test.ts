/**
 * The entry point's handling of standard streams that can't be written: a report lost to a
 * full disk is exit 2 with a message, not a stack trace and exit 1 ("findings"); a stderr that
 * can't be written leaves the exit code alone.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCANNER_VERSION } from '../../../src/report/scanner.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function runWith(args: string[], streams: { stdout: 'pipe' | number; stderr: 'pipe' | number }) {
  return spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH },
    stdio: ['ignore', streams.stdout, streams.stderr],
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe.runIf(existsSync('/dev/full'))('main.ts with a standard stream on a full disk', () => {
  it('says the report could not be written and exits 2 when stdout is full', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = runWith(['--help'], { stdout: full, stderr: 'pipe' });
      expect(result.stderr).toBe(
        'eks-windows-scanner: cannot write the report to standard output: ENOSPC: no space left on device, write\n',
      );
      expect(result.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });

  it('keeps the exit code when only stderr is full', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const usage = runWith(['scan', '--regoin', 'us-west-2'], { stdout: 'pipe', stderr: full });
      expect(usage.status).toBe(2);
      const version = runWith(['--version'], { stdout: 'pipe', stderr: full });
      expect(version.stdout).toBe(`${SCANNER_VERSION}\n`);
      expect(version.status).toBe(0);
    } finally {
      closeSync(full);
    }
  });
});
