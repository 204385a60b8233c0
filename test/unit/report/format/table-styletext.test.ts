import { describe, expect, it, vi } from 'vitest';

// Node.js 20.12, the oldest release the command line supports (package.json engines), has
// `util.styleText` but takes one format name only: a list throws. The stand-in behaves so.
vi.mock('node:util', async (importOriginal) => {
  const util = await importOriginal<typeof import('node:util')>();
  const styleText = (format: unknown, text: string, options?: object) => {
    if (typeof format !== 'string') {
      throw new TypeError(`The argument 'format' must be one of: … Received ${String(format)}`);
    }
    return util.styleText(format as Parameters<typeof util.styleText>[0], text, options);
  };
  return { ...util, default: { ...util, styleText }, styleText };
});

const { stripVTControlCharacters } = await import('node:util');
const { formatTable } = await import('../../../../src/report/format/table.ts');
const { makeFinding, makeReport } = await import('../fixtures.ts');

describe('formatTable in colour where styleText takes one format at a time (Node.js 20.12)', () => {
  it('paints a CRITICAL finding, an incomplete scan, errors and warnings without throwing', () => {
    // Prepare: every heading painted with two formats at once.
    const report = {
      ...makeReport({
        findings: [makeFinding({ severity: 'CRITICAL' })],
        errors: [
          {
            region: 'us-west-2',
            cluster: 'prod',
            operation: 'DescribeNodegroup',
            code: 'AccessDeniedException',
            message: 'User is not authorized to perform: eks:DescribeNodegroup',
          },
        ],
      }),
      warnings: [{ code: 'suppression-expired', message: 'the suppression expired' }],
    };

    // Act
    const coloured = formatTable(report, { color: true, width: 100 });

    // Assess: bold red, one format after the other, as a list of them paints it on Node.js 24.
    expect(coloured).toContain('\x1b[31m\x1b[1mErrors (1)\x1b[22m\x1b[39m');
    expect(coloured).toContain('\x1b[33m\x1b[1mWarnings (1)\x1b[22m\x1b[39m');
    expect(coloured).toContain('\x1b[31m\x1b[1mCRITICAL (1)\x1b[22m\x1b[39m');
    expect(coloured).toContain('\x1b[33m\x1b[1mScan incomplete');
    expect(stripVTControlCharacters(coloured)).toBe(
      formatTable(report, { color: false, width: 100 }),
    );
  });
});
