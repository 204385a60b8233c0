import { describe, expect, it } from 'vitest';
import { formatJson } from '../../../../src/report/format/json.ts';
import { makeReport, sampleFindings } from '../fixtures.ts';

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
