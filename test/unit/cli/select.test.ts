import { describe, expect, it } from 'vitest';
import { type FindingSelection, selectFindings } from '../../../src/cli/select.ts';
import { SEVERITIES } from '../../../src/evaluate/types.ts';
import { makeReport, sampleFindings } from '../report/fixtures.ts';

describe('Function: selectFindings', () => {
  it('gives the report itself, without selection, when nothing is selected', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const shown = selectFindings(report, {});

    // Assess
    expect(shown).toBe(report);
    expect(shown.selection).toBeUndefined();
  });

  it('records the options and counts the unsuppressed findings left out, by severity', () => {
    // Prepare: 1 CRITICAL, 2 HIGH, 1 LOW and 1 suppressed INFORMATIONAL
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const shown = selectFindings(report, { severities: ['CRITICAL'] });

    // Assess
    expect(shown.summary.findings).toEqual({
      CRITICAL: 1,
      HIGH: 0,
      MEDIUM: 0,
      LOW: 0,
      INFORMATIONAL: 0,
    });
    expect(shown.selection).toEqual({
      severities: ['CRITICAL'],
      findingsLeftOut: 3,
      leftOutBySeverity: { CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 1, INFORMATIONAL: 0 },
    });
  });

  it.each<[string, FindingSelection]>([
    ['--severity', { severities: ['HIGH', 'LOW'] }],
    ['--rule', { rules: ['ami-unavailable', 'windows-server-mainstream-ended'] }],
    ['--exclude-rule', { excludeRules: ['docker-runtime-unsupported'] }],
    [
      'all three',
      { severities: ['HIGH'], rules: ['ami-unavailable'], excludeRules: ['ami-outdated'] },
    ],
  ])('with %s, the summary and what was left out add up to the whole scan', (_, selection) => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const shown = selectFindings(report, selection);

    // Assess
    expect({ ...shown.selection }).toMatchObject(selection);
    const leftOut = shown.selection?.leftOutBySeverity;
    for (const severity of SEVERITIES) {
      expect((leftOut?.[severity] ?? Number.NaN) + shown.summary.findings[severity]).toBe(
        report.summary.findings[severity],
      );
    }
    expect(shown.selection?.findingsLeftOut).toBe(
      report.findings.filter((finding) => !finding.suppressed && !shown.findings.includes(finding))
        .length,
    );
  });

  it('records a selection that leaves nothing out, and only the options given', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const shown = selectFindings(report, { excludeRules: ['bootstrap-missing'] });

    // Assess
    expect(shown.findings).toEqual(report.findings);
    expect(shown.selection).toEqual({
      excludeRules: ['bootstrap-missing'],
      findingsLeftOut: 0,
      leftOutBySeverity: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 },
    });
  });

  it('does not count a suppressed finding it leaves out', () => {
    // Prepare: the only INFORMATIONAL finding is suppressed
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const shown = selectFindings(report, { excludeRules: ['windows-server-mainstream-ended'] });

    // Assess
    expect(shown.findings).toHaveLength(report.findings.length - 1);
    expect(shown.selection?.findingsLeftOut).toBe(0);
  });
});
