import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../src/report/format/table.ts';
import { makeReport } from '../report/fixtures.ts';

describe('Function: formatTable, warnings', () => {
  it('lists the report warnings, such as a misspelt rule id in a tag, control characters replaced', () => {
    // Prepare
    const report = {
      ...makeReport({ findings: [] }),
      warnings: [
        {
          code: 'suppression-tag-unreadable',
          message:
            'tag on cluster prod: "ami-outdatd" has an unknown rule id (did you mean ami-outdated?); the entry suppresses nothing',
          cluster: 'prod',
        },
        {
          code: 'suppression-unknown-rule',
          message: 'team.yaml line 3: rule "x\u001b[2J" has an unknown rule id',
        },
      ],
    };

    // Act
    const table = formatTable(report, { color: false, width: 200 });

    // Assess
    const [, warnings = ''] = table.split('\nWarnings (2)\n');
    const lines = warnings.split('\n').filter(Boolean);
    expect(lines[0]).toBe(
      '  tag on cluster prod: "ami-outdatd" has an unknown rule id (did you mean ami-outdated?); the entry suppresses nothing',
    );
    expect(lines[1]).toMatch(/^ {2}team\.yaml line 3: rule "x.*\[2J" has an unknown rule id$/);
    expect(lines).toHaveLength(2);
    expect(table).not.toContain('\u001b');
  });

  it('says nothing of warnings when there are none', () => {
    expect(formatTable(makeReport({ findings: [] }), { color: false, width: 100 })).not.toContain(
      'Warnings',
    );
  });
});
