import { describe, expect, it } from 'vitest';
import { commandLineWords, kubeletFlagNames, kubeletFlagValues } from './kubelet-arguments.ts';

describe('Function: commandLineWords', () => {
  it.each([
    ['--a=1  --b 2\t-v=3', ['--a=1', '--b', '2', '-v=3']],
    ['--node-labels="x=1, y=2" --v=2', ['--node-labels=x=1, y=2', '--v=2']],
    ['--eviction-hard="memory.available<5%"', ['--eviction-hard=memory.available<5%']],
    ['--a=\\"q\\" ""', ['--a="q"', '']],
    ['', []],
  ])('splits %j as Windows does', (text, expected) => {
    // Act
    const words = commandLineWords(text);

    // Assess
    expect(words).toEqual(expected);
  });
});

describe('Function: kubeletFlagNames', () => {
  it('keeps names, never values, with underscores read as dashes', () => {
    // Act
    const names = kubeletFlagNames('--a=1  --b 2\t-v=3 --node_labels="x=y,z=w" --max_pods 20');

    // Assess
    expect(names).toEqual(['--a', '--b', '-v', '--node-labels', '--max-pods']);
  });
});

describe('Function: kubeletFlagValues', () => {
  it('reads every occurrence, after `=` or as the next word', () => {
    // Act
    const values = kubeletFlagValues(
      '--node-labels=a=1 --v=2 --node_labels "b=2, c=3" --node-labels',
      '--node-labels',
    );

    // Assess
    expect(values).toEqual(['a=1', 'b=2, c=3']);
  });
});
