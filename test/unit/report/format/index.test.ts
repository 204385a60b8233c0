import { describe, expect, it } from 'vitest';
import {
  FORMAT_EXTENSIONS,
  formatCsv,
  formatJunit,
  formatOcsf,
  formatReport,
  formatReportChunks,
  formatSarif,
  REPORT_FORMATS,
} from '../../../../src/report/format/index.ts';
import { makeReport, sampleFindings } from '../fixtures.ts';

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

  it('dispatches sarif, junit, ocsf and csv to their formatters', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act & assess
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
  it.each(REPORT_FORMATS)('joins into formatReport exactly: %s', (format) => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const pieces = [...formatReportChunks(report, format, { failOn: 'HIGH' })];

    // Assess
    expect(pieces.join('')).toBe(formatReport(report, format, { failOn: 'HIGH' }));
    // Only JSON and HTML, the formats an organisation's report can outgrow a string in, come in pieces.
    expect(pieces.length > 1).toBe(format === 'json' || format === 'html');
  });
});
