/**
 * The report files a scan made, removed on Ctrl-C or a cancelled job. A file of its own: it
 * watches node:fs's unlinkSync, to see what still holds the signals when a file goes.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanCommand } from '../../../src/cli/args.ts';
import { discardOutputsOnInterrupt, prepareOutputs } from '../../../src/cli/output.ts';

/** How many SIGINT listeners there were when each file was removed. */
const listenersAtRemoval: number[] = [];

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    unlinkSync: (path: fs.PathLike) => {
      listenersAtRemoval.push(process.listenerCount('SIGINT'));
      actual.unlinkSync(path);
    },
  };
});

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(join(tmpdir(), 'interrupt-unit-'));
  listenersAtRemoval.length = 0;
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('Function: discardOutputsOnInterrupt', () => {
  it('removes the files while its handler still holds the signal, then ends as the signal would', async () => {
    // Prepare
    const output = join(root, 'report.json');
    const targets = await prepareOutputs({ output, formats: ['json'] } as unknown as ScanCommand);
    const before = process.listenerCount('SIGINT');
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    discardOutputsOnInterrupt(targets);

    // Act
    process.emit('SIGINT', 'SIGINT');

    // Assess: a second SIGINT during the removal would still have found the handler.
    expect(fs.existsSync(output)).toBe(false);
    expect(listenersAtRemoval).toEqual([before + 1]);
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGINT');
  });
});
