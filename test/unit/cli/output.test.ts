import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanCommand } from '../../../src/cli/args.ts';
import { discardOutputs, prepareOutputs } from '../../../src/cli/output.ts';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'outputs-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function outputDirCommand(outputDir: string): ScanCommand {
  return { outputDir, formats: ['json', 'html'] } as unknown as ScanCommand;
}

describe('discardOutputs after --output-dir', () => {
  it('removes the directories it made along with the empty files, when no report came', async () => {
    // Prepare: reports/ci/ does not exist; the scan then fails before writing (exit 2).
    const directory = join(root, 'reports', 'ci');
    const targets = await prepareOutputs(outputDirCommand(directory));
    expect(existsSync(join(directory, 'eks-windows-scanner-report.json'))).toBe(true);

    // Act
    await discardOutputs(targets);

    // Assess: nothing left for a later step to upload, not even an empty folder.
    expect(existsSync(join(root, 'reports'))).toBe(false);
    expect(existsSync(root)).toBe(true);
  });

  it('keeps a directory that was there before, and one someone wrote into meanwhile', async () => {
    // Prepare
    const existing = join(root, 'existing');
    mkdirSync(existing);
    const kept = await prepareOutputs(outputDirCommand(existing));
    const made = join(root, 'made');
    const madeTargets = await prepareOutputs(outputDirCommand(made));
    writeFileSync(join(made, 'notes.txt'), 'not ours');

    // Act
    await discardOutputs(kept);
    await discardOutputs(madeTargets);

    // Assess
    expect(existsSync(existing)).toBe(true);
    expect(existsSync(join(existing, 'eks-windows-scanner-report.json'))).toBe(false);
    expect(existsSync(join(made, 'notes.txt'))).toBe(true);
    expect(existsSync(join(made, 'eks-windows-scanner-report.json'))).toBe(false);
  });
});
