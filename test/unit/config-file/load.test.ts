import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigFileError, loadConfigFile } from '../../../src/config-file/index.ts';

const directory = mkdtempSync(join(tmpdir(), 'config-file-'));

function aFile(name: string, content: string | Buffer): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

describe('Function: loadConfigFile', () => {
  it('reads and validates a file, naming it in the suppressions it returns', async () => {
    // Prepare
    const path = aFile('ok.yaml', 'suppressions:\n  - rule: ami-outdated\n    reason: monthly\n');

    // Act
    const { config, warnings } = await loadConfigFile(path);

    // Assess
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      source: path,
      suppressions: [{ rule: 'ami-outdated', reason: 'monthly', line: 2 }],
    });
  });

  it.each([
    ['a file that does not exist', () => join(directory, 'missing.yaml'), 'no such file'],
    ['a directory', () => directory, 'is a directory'],
    [
      'bytes that are not UTF-8',
      () => aFile('latin1.yaml', Buffer.from([0x23, 0xe9, 0x0a])),
      'is not UTF-8 text',
    ],
    [
      'a file larger than 256 KiB',
      () => aFile('big.yaml', `#${'x'.repeat(300 * 1024)}`),
      'larger than 256 KiB',
    ],
  ])('refuses %s, naming the file on line 1', async (_case, path, problem) => {
    // Prepare
    const file = path();

    // Act
    const load = loadConfigFile(file);

    // Assess
    await expect(load).rejects.toThrow(ConfigFileError);
    await expect(load).rejects.toThrow(`${file}: ${problem}`);
  });
});
