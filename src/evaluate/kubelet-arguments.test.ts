import { describe, expect, it } from 'vitest';
import {
  commandLineWords,
  kubeletFlagNames,
  kubeletFlagValues,
  strayKubeletWords,
  UNKNOWN_PART,
} from './kubelet-arguments.ts';

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

describe('Function: kubeletFlagNames, around unknown parts', () => {
  it('keeps the names an unknown part leaves known, and none it is in', () => {
    // Prepare: "--log-dir=$env:LogRoot\k --log-$level=1 $flags --v=2", as it decodes.
    const text = ['--log-dir=', '\\k --log-', '=1 ', ' --v=2'].join(UNKNOWN_PART);

    // Act
    const names = kubeletFlagNames(text);

    // Assess
    expect(names).toEqual(['--log-dir', '--v']);
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

describe('Function: strayKubeletWords', () => {
  it.each([
    ['a comma list PowerShell joined with a space', '--node-labels=a=b c=d', ['--node-labels']],
    ['a word after a value given as the next word', '--node_labels a=b c=d', ['--node-labels']],
    ['a word before any flag', 'c=d --v=2', [undefined]],
    ['each stray word once', '--v=2 x y --max-pods 20 z', ['--v', '--v', '--max-pods']],
  ])('finds %s, naming the flag before it', (_shape, text, expected) => {
    // Act
    const strays = strayKubeletWords(text);

    // Assess
    expect(strays).toEqual(expected);
  });

  it.each([
    ['a value after a flag without =', '--node-labels a=b --v 2'],
    ['a quoted value with a comma', '--node-labels="a=b,c=d" --max-pods=110'],
    ['a quoted value with a space', '--node-labels="a=b c=d"'],
    ['empty values after =', '--node-labels= --register-with-taints='],
    ['a flag taking a flag-like word', '--node-labels --v=2'],
    ['empty words', '--v=2 "" '],
    ['no text', ''],
  ])('finds none in %s', (_shape, text) => {
    // Act
    const strays = strayKubeletWords(text);

    // Assess
    expect(strays).toEqual([]);
  });
});
