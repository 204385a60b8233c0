import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TABLE_WIDTH,
  FORMAT_EXTENSIONS,
  formatCsv,
  formatHtml,
  formatJunit,
  formatOcsf,
  formatReport,
  formatReportChunks,
  formatSarif,
  formatTable,
  REPORT_FORMATS,
} from '../../../../src/report/format/index.ts';
import { makeFinding, makeReport, sampleFindings } from '../fixtures.ts';

describe('Function: formatReport', () => {
  it('renders every format it lists', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act & assess
    for (const format of REPORT_FORMATS) {
      expect(formatReport(report, format).length).toBeGreaterThan(0);
    }
    expect(REPORT_FORMATS).toEqual(
      expect.arrayContaining(['table', 'json', 'csv', 'html', 'sarif', 'junit', 'ocsf']),
    );
  });

  it('dispatches every format to its formatter', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act & assess
    expect(formatReport(report, 'json')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(formatReport(report, 'html')).toBe(formatHtml(report));
    expect(formatReport(report, 'table')).toBe(
      formatTable(report, { color: false, width: DEFAULT_TABLE_WIDTH }),
    );
    expect(formatReport(report, 'sarif')).toBe(formatSarif(report));
    expect(formatReport(report, 'junit')).toBe(formatJunit(report));
    expect(formatReport(report, 'ocsf')).toBe(formatOcsf(report));
    expect(formatReport(report, 'csv')).toBe(formatCsv(report));
  });

  it('passes the fail-on threshold to the JUnit formatter', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const junit = formatReport(report, 'junit', { failOn: 'CRITICAL' });

    // Assess
    expect(junit).toBe(formatJunit(report, { failOn: 'CRITICAL' }));
    expect(junit).not.toBe(formatJunit(report));
  });
});

describe('Constant: FORMAT_EXTENSIONS', () => {
  it('names a distinct file ending for every format', () => {
    // Act
    const extensions = REPORT_FORMATS.map((format) => FORMAT_EXTENSIONS[format]);

    // Assess
    expect(Object.keys(FORMAT_EXTENSIONS).sort()).toEqual([...REPORT_FORMATS].sort());
    expect(new Set(extensions).size).toBe(REPORT_FORMATS.length);
    expect(FORMAT_EXTENSIONS).toEqual({
      table: '.txt',
      json: '.json',
      csv: '.csv',
      html: '.html',
      sarif: '.sarif',
      junit: '.xml',
      ocsf: '.ocsf.json',
    });
  });
});

describe('Function: formatReportChunks', () => {
  const STREAMED = REPORT_FORMATS.filter((format) => format !== 'table');

  /** A report of `count` findings, each its own resource; `reads` counts reads of their `affected`. */
  function reportOf(count: number, reads = { affected: 0 }) {
    const report = makeReport({
      findings: Array.from({ length: count }, (_, index) =>
        makeFinding({
          resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${index}` },
          suppressed: index % 3 === 0,
        }),
      ),
    });
    // After the report is made, which copies its findings.
    for (const finding of report.findings) {
      const { affected } = finding;
      Object.defineProperty(finding, 'affected', {
        enumerable: true,
        get: () => {
          reads.affected += 1;
          return affected;
        },
      });
    }
    return report;
  }

  it.each(REPORT_FORMATS)('comes in pieces that join into formatReport: %s', (format) => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const pieces = [...formatReportChunks(report, format, { failOn: 'HIGH' })];

    // Assess
    expect(pieces.join('')).toBe(formatReport(report, format, { failOn: 'HIGH' }));
    // Every format an organisation's report can outgrow a string in comes in pieces.
    expect(pieces.length > 1).toBe(format !== 'table');
  });

  it.each(STREAMED)('holds one finding a piece, however many findings there are: %s', (format) => {
    // Act
    const longest = (count: number) =>
      Math.max(...[...formatReportChunks(reportOf(count), format)].map((piece) => piece.length));

    // Assess
    expect(formatReport(reportOf(3000), format).length).toBeGreaterThan(10 * longest(3000));
    // Counts and indexes have more digits; nothing else grows.
    expect(longest(3000)).toBeLessThan(longest(10) + 40);
  });

  it.each(STREAMED)("builds each finding's piece only when it is written: %s", (format) => {
    // Prepare
    const reads = { affected: 0 };
    const pieces = formatReportChunks(reportOf(1000, reads), format)[Symbol.iterator]();

    // Act: pull pieces until the second finding's resource appears
    let second = false;
    while (!second) {
      const next = pieces.next();
      if (next.done) break;
      second = /lt-1(?!\d)/.test(next.value);
    }

    // Assess
    expect(second).toBe(true);
    expect(reads.affected).toBeLessThan(20);
  });
});
