import { describe, expect, it } from 'vitest';
import { closeMatches, editDistance } from '../../src/close-matches.ts';

describe('Function: editDistance', () => {
  it.each([
    ['blue', 'blue', 0],
    ['blue', 'bleu', 1],
    ['node-lables', 'node-labels', 1],
    ['prod', 'prd', 1],
    ['prod', 'prods', 1],
    ['prod', 'dev', 4],
    ['', 'abc', 3],
    ['ab', 'ba', 1],
    ['abc', 'ca', 3],
  ])('counts %j to %j as %i edits', (a, b, edits) => {
    expect(editDistance(a, b)).toBe(edits);
    expect(editDistance(b, a)).toBe(edits);
  });

  it('gives up on long input rather than spend quadratic time on it', () => {
    expect(editDistance('x'.repeat(201), 'y')).toBe(201);
  });
});

describe('Function: closeMatches', () => {
  it('suggests the cluster a swapped pair of letters meant', () => {
    expect(closeMatches('bleu', ['blue', 'green', 'purple'])).toEqual(['blue']);
  });

  it('suggests nothing far from every candidate', () => {
    expect(closeMatches('staging', ['blue', 'green'])).toEqual([]);
  });
});
