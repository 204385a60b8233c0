import { describe, expect, it } from 'vitest';
import { quotedInput, shortenAtWord, someNames } from '../../src/text.ts';

describe('Function: shortenAtWord', () => {
  it('leaves a text that fits as it is', () => {
    // Act
    const text = shortenAtWord('Roll the nodes.', 15);

    // Assess
    expect(text).toBe('Roll the nodes.');
  });

  it('cuts after the last whole word, its punctuation dropped, and ends with an ellipsis', () => {
    // Act
    const text = shortenAtWord('grant eks:ListInsights, eks:DescribeInsight and more', 40);

    // Assess
    expect(text).toBe('grant eks:ListInsights…');
    expect(text.length).toBeLessThanOrEqual(40);
  });

  it('never cuts inside a word that a space follows at the limit', () => {
    // Act: the room before the ellipsis ends on the space after "these".
    const text = shortenAtWord('Roll these nodes now', 11);

    // Assess
    expect(text).toBe('Roll these…');
  });

  it('prefers the end of a sentence in the second half of the room', () => {
    // Prepare
    const remediation =
      'Move the node source to a current AMI and roll the nodes. For a launch template that names a parameter, create it.';

    // Act
    const text = shortenAtWord(remediation, 80);

    // Assess
    expect(text).toBe('Move the node source to a current AMI and roll the nodes. …');
  });

  it('cuts inside a word longer than half the room (an ARN), not before it', () => {
    // Act
    const text = shortenAtWord(`role ${'a'.repeat(100)}`, 20);

    // Assess
    expect(text).toBe(`role ${'a'.repeat(14)}…`);
  });

  it('counts UTF-16 units and never splits a surrogate pair', () => {
    // Act: 𝒲 is two units.
    const text = shortenAtWord('𝒲'.repeat(10), 6);

    // Assess
    expect(text).toBe('𝒲𝒲…');
    expect(text.isWellFormed()).toBe(true);
  });

  it('keeps the closing clause whole when asked, cutting what comes before it', () => {
    // Prepare
    const warning =
      'EKS cluster insights could not be read, so the eks-insight rule did not run for 5 clusters (edge, legacy, payments, prod, staging); grant eks:ListInsights and eks:DescribeInsight.';

    // Act
    const text = shortenAtWord(warning, 120, { keepLastClause: true });

    // Assess
    expect(text).toBe(
      'EKS cluster insights could not be read, so the eks-insight rule did…; grant eks:ListInsights and eks:DescribeInsight.',
    );
    expect(text.length).toBeLessThanOrEqual(120);
  });

  it('cuts plainly when the closing clause would take more than two thirds of the room', () => {
    // Act
    const text = shortenAtWord('It failed; grant eks:ListInsights and eks:DescribeInsight.', 30, {
      keepLastClause: true,
    });

    // Assess
    expect(text).toBe('It failed; grant…');
  });
});

describe('Function: quotedInput', () => {
  it('quotes as JSON, escaping controls and the characters that reorder or hide text', () => {
    expect(quotedInput('a"b\u0000c\u202ed\u2066e\u200bf', 40)).toBe(
      '"a\\"b\\u0000c\\u202ed\\u2066e\\u200bf"',
    );
  });

  it('cuts a long input to the units given, its last an ellipsis, never halving an emoji', () => {
    // Act
    const cut = quotedInput(`${'x'.repeat(8)}😀tail`, 10);

    // Assess: eight units and the emoji's two would make ten, with no room for the ellipsis.
    expect(cut).toBe(`"${'x'.repeat(8)}…"`);
    expect(quotedInput('short', 10)).toBe('"short"');
  });
});

describe('Function: someNames', () => {
  it.each([
    [['a', 'b'], 'a, b'],
    [['a', 'b', 'c'], 'a, b, c'],
    [['a', 'b', 'c', 'd'], 'a, b, c, …'],
  ])('names the first three of %j, an ellipsis for the rest', (names, said) => {
    // Act
    const text = someNames(names, 3);

    // Assess
    expect(text).toBe(said);
  });
});
