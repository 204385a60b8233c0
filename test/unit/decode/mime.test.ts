import { describe, expect, it } from 'vitest';
import { WorkBudget } from '../../../src/decode/budget.ts';
import { InflationBudget } from '../../../src/decode/bytes.ts';
import { isMultipart, multipartTexts } from '../../../src/decode/mime.ts';

const work = () => new WorkBudget(1_000_000);
const textsOf = (document: string) => {
  const budget = work();
  return multipartTexts(document, new InflationBudget(budget), budget);
};

describe('Function: isMultipart', () => {
  it('reads the header block after leading blank lines, with LF or CRLF line breaks', () => {
    // Act & Assess
    expect(
      isMultipart('\r\n\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B--', work()),
    ).toBe(true);
    expect(isMultipart('Content-Type: Multipart/Mixed ; boundary=B\n\n', work())).toBe(true);
  });

  it('is false for text whose first line is no header, and for a part of another type', () => {
    // Act & Assess
    expect(isMultipart('<powershell>\nContent-Type: multipart/mixed\n', work())).toBe(false);
    expect(isMultipart('Content-Type: text/x-shellscript\n\necho', work())).toBe(false);
  });

  it('reads a Content-Type folded over many lines up to its first parameter', () => {
    // Prepare
    const folded = `Content-Type: multipart/mixed;\r\n${' x;\r\n'.repeat(5_000)} boundary=B\r\n\r\n`;

    // Act & Assess
    expect(isMultipart(folded, work())).toBe(true);
  });
});

describe('Function: multipartTexts', () => {
  it("gives each part's body with its line breaks as LF, a lone CR kept", () => {
    // Prepare
    const document = [
      'Content-Type: multipart/mixed; boundary="B"',
      '',
      '--B',
      'Content-Type: text/x-shellscript',
      '',
      'one\r',
      'two\rthree',
      '--B--',
      '',
    ].join('\r\n');

    // Act & Assess
    expect(textsOf(document)).toEqual(['one\ntwo\rthree']);
  });

  it('finds the boundary in a header folded onto the next line', () => {
    // Prepare
    const document =
      'Content-Type: multipart/mixed;\n\tboundary=B\n\n--B\nContent-Type: text/plain\n\nbody\n--B--\n';

    // Act & Assess
    expect(textsOf(document)).toEqual(['body']);
  });

  it('reads a part that is only headers as an empty text', () => {
    // Prepare
    const document =
      'Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n--B--\n';

    // Act & Assess
    expect(textsOf(document)).toEqual(['']);
  });
});
