import { describe, expect, it } from 'vitest';
import { createProgressLine } from '../../../src/cli/progress.ts';
import { MemoryStream } from './memory-stream.ts';

const progress = {
  region: 'us-west-2',
  message: 'cluster eksctl-production-windows-workloads: 12 node sources',
  done: 3,
  total: 40,
};

describe('Function: createProgressLine', () => {
  it('keeps the line under the terminal width, so it can be rewritten in place', () => {
    // Prepare
    const stderr = new MemoryStream({ isTTY: true, columns: 40 });

    // Act
    createProgressLine(stderr).update(progress);

    // Assess
    const line = stderr.text.replace('\r\x1b[2K', '');
    expect(line.length).toBe(39);
    expect(line.endsWith('…')).toBe(true);
  });

  it('shows the whole line on a terminal that reports no size (0 columns)', () => {
    // Prepare
    const stderr = new MemoryStream({ isTTY: true, columns: 0 });

    // Act
    createProgressLine(stderr).update(progress);

    // Assess
    expect(stderr.text).toBe(
      '\r\x1b[2K[us-west-2] cluster eksctl-production-windows-workloads: 12 node sources (3/40)',
    );
  });

  it('names the account of a scan of several accounts', () => {
    // Prepare
    const stderr = new MemoryStream({ isTTY: true, columns: 200 });

    // Act
    createProgressLine(stderr).update({ ...progress, accountId: '111122223333' });

    // Assess
    expect(stderr.text).toBe(
      '\r\x1b[2K[111122223333 us-west-2] cluster eksctl-production-windows-workloads: 12 node sources (3/40)',
    );
  });

  it('shows a name with escape sequences or a bidirectional override as plain text', () => {
    // Prepare
    const stderr = new MemoryStream({ isTTY: true, columns: 0 });

    // Act
    createProgressLine(stderr).update({
      region: 'us-west-2',
      message: 'cluster \x1b[31mred\u009b2J \u202egpj.exe',
    });

    // Assess
    expect(stderr.text).toBe('\r\x1b[2K[us-west-2] cluster [31mred 2J gpj.exe');
  });

  it('clears the line it drew', () => {
    const stderr = new MemoryStream({ isTTY: true, columns: 80 });
    const line = createProgressLine(stderr);

    line.update(progress);
    line.clear();

    expect(stderr.text.endsWith('\r\x1b[2K')).toBe(true);
  });
});
