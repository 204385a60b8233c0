import { describe, expect, it } from 'vitest';
import {
  formatJson,
  formatJsonChunks,
  reportJsonChunks,
} from '../../../../src/report/format/json.ts';
import type { Report } from '../../../../src/report/types.ts';
import { makeFinding, makeReport, sampleFindings, sampleReadiness } from '../fixtures.ts';
import { hostileReport } from './hostile.ts';

/** A report of `count` findings, each its own resource. */
function reportOf(count: number): Report {
  return makeReport({
    findings: Array.from({ length: count }, (_, index) =>
      makeFinding({ resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${index}` } }),
    ),
  });
}

function longest(chunks: Iterable<string>): number {
  return Math.max(...[...chunks].map((chunk) => chunk.length));
}

describe('Function: formatJson', () => {
  it('writes exactly the report, indented by two spaces, with a final newline', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const json = formatJson(report);

    // Assess
    expect(JSON.parse(json)).toEqual(report);
    expect(json).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(json.startsWith('{\n  "schemaVersion": "1",')).toBe(true);
  });
});

describe('Function: formatJsonChunks', () => {
  const reports: Record<string, () => Report> = {
    'no findings': () => makeReport(),
    'one finding': () => reportOf(1),
    'sample findings, readiness and errors': () => ({
      ...makeReport({
        findings: sampleFindings(),
        readiness: sampleReadiness(),
        complete: false,
        errors: [{ operation: 'DescribeCluster', code: 'AccessDenied', message: 'no' }],
      }),
    }),
    'hostile text': hostileReport,
    'a field without a value': () => ({ ...reportOf(2), warnings: undefined }),
  };

  it.each(Object.keys(reports))('joins into formatJson exactly: %s', (name) => {
    // Prepare
    const report = reports[name]?.() as Report;

    // Act
    const joined = [...formatJsonChunks(report)].join('');

    // Assess
    expect(joined).toBe(formatJson(report));
  });

  it.each(Object.keys(reports))('compact, joins into JSON.stringify exactly: %s', (name) => {
    // Prepare
    const report = reports[name]?.() as Report;

    // Act
    const joined = [...reportJsonChunks(report, { pretty: false })].join('');

    // Assess
    expect(joined).toBe(JSON.stringify(report));
  });

  it('holds one finding a piece, however many findings there are', () => {
    // Act
    const ten = longest(formatJsonChunks(reportOf(10)));
    const thousands = longest(formatJsonChunks(reportOf(5000)));

    // Assess
    expect(formatJson(reportOf(5000)).length).toBeGreaterThan(100 * ten);
    // The counts in the summary have more digits; nothing else grows.
    expect(thousands).toBeLessThan(ten + 20);
  });
});
