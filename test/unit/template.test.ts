import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('File: template.yaml', () => {
  it('passes cfn-lint', () => {
    // Act
    const run = spawnSync('cfn-lint', ['template.yaml'], { cwd: root, encoding: 'utf8' });

    // Assess: on failure the diff shows each problem cfn-lint found.
    expect(run.error).toBeUndefined();
    expect({ status: run.status, problems: `${run.stdout}${run.stderr}` }).toEqual({
      status: 0,
      problems: '',
    });
  });
});
