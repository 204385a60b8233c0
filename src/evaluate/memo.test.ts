import { describe, expect, it } from 'vitest';
import { memoised } from './memo.ts';

describe('Function: memoised', () => {
  it('computes once per input and gives the same result again', () => {
    // Prepare
    const inputs: string[] = [];
    const lengthOf = memoised((text) => {
      inputs.push(text);
      return { length: text.length };
    });

    // Act
    const first = lengthOf('1.29');
    const second = lengthOf('1.29');
    const other = lengthOf('1.30.1');

    // Assess
    expect(second).toBe(first);
    expect(other).toEqual({ length: 6 });
    expect(inputs).toEqual(['1.29', '1.30.1']);
  });

  it('remembers an undefined result too', () => {
    // Prepare
    let calls = 0;
    const nothing = memoised(() => {
      calls += 1;
      return undefined;
    });

    // Act
    nothing('x');
    nothing('x');

    // Assess
    expect(calls).toBe(1);
  });

  it('freezes the objects it shares, so that no caller changes them for the next', () => {
    // Prepare
    const parsed = memoised((text) => ({ text }));

    // Act
    const result = parsed('a');

    // Assess
    expect(Object.isFrozen(result)).toBe(true);
  });

  it('forgets what it holds once it holds its limit, and computes again', () => {
    // Prepare
    let calls = 0;
    const upper = memoised((text) => {
      calls += 1;
      return text.toUpperCase();
    }, 2);

    // Act
    upper('a');
    upper('b');
    upper('c'); // the third input: the first two are forgotten
    upper('a');

    // Assess
    expect(upper('c')).toBe('C');
    expect(calls).toBe(4);
  });
});
