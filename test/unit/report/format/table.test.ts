import { describe, expect, it } from 'vitest';
import { formatTable, truncate } from '../../../../src/report/format/table.ts';
import { SCANNER_VERSION } from '../../../../src/report/scanner.ts';
import { makeFinding, makeReport, sampleFindings } from '../fixtures.ts';

const PLAIN = { color: false, width: 100 };
const ESC = '\x1b';

describe('Function: formatTable', () => {
  it('renders scope, counts and findings grouped by severity', () => {
    // Prepare
    const report = makeReport(
      { region: 'us-west-2', findings: sampleFindings() },
      { region: 'eu-west-1', clusters: ['staging'], nodeSources: 1 },
    );

    // Act
    const table = formatTable(report, PLAIN);

    // Assess
    expect(table.replace(SCANNER_VERSION, 'x.y.z')).toMatchInlineSnapshot(`
      "eks-windows-scanner x.y.z - scanned at 2026-11-25T12:00:00.000Z
      Scope: account 123456789012; regions us-west-2, eu-west-1
      Inventory: 2 clusters, 3 node sources (2 Windows)
      Findings: 1 CRITICAL, 2 HIGH, 0 MEDIUM, 1 LOW, 0 INFORMATIONAL (1 suppressed, not shown)

      CRITICAL (1)
        CLUSTER     RULE                        RESOURCE          AFFECTED  TITLE
        prod        docker-runtime-unsupported  win-2019-docker          2  Docker on Kubernetes 1.24 or …

      HIGH (2)
        CLUSTER     RULE                        RESOURCE          AFFECTED  TITLE
        prod        ami-unavailable             win-ng                   1  The launch template names an …
        staging-w…  bootstrap-cluster-mismatch  a-very-long-lau…         1  The bootstrap names a differe…

      LOW (1)
        CLUSTER     RULE                        RESOURCE          AFFECTED  TITLE
        prod        ami-outdated                i-0123456789abc…         0  A newer EKS optimized Windows…
      "
    `);
  });

  it('keeps every finding row within the width, cutting long cells with an ellipsis', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const rows = formatTable(report, { color: false, width: 100 })
      .split('\n')
      .filter((line) => line.startsWith('  ') && !line.startsWith('    '));

    // Assess
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect([...row].length).toBeLessThanOrEqual(100);
    expect(rows.some((row) => row.includes('…'))).toBe(true);
  });

  it('says "No findings." when every finding is suppressed', () => {
    // Prepare
    const report = makeReport({ findings: [makeFinding({ suppressed: true })] });

    // Act
    const table = formatTable(report, PLAIN);

    // Assess
    expect(table).toContain('\nNo findings.\n');
    expect(table).toContain('(1 suppressed, not shown)');
    expect(table).not.toContain('ami-unavailable');
  });

  it('lists the errors after the findings and says the scan is incomplete', () => {
    // Prepare
    const report = makeReport({
      errors: [
        {
          region: 'us-west-2',
          cluster: 'prod',
          operation: 'DescribeNodegroup',
          code: 'AccessDeniedException',
          message: 'User is not authorized to perform: eks:DescribeNodegroup',
        },
      ],
    });

    // Act
    const table = formatTable(report, PLAIN);

    // Assess
    expect(table).toContain('Scan incomplete');
    expect(table).toMatch(
      /Errors \(1\)\n {2}DescribeNodegroup \(us-west-2, prod\): AccessDeniedException\n {4}User is not authorized/,
    );
  });

  it('colours only when asked to', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const coloured = formatTable(report, { color: true, width: 100 });
    const plain = formatTable(report, PLAIN);

    // Assess
    expect(coloured).toContain(`${ESC}[`);
    expect(plain).not.toContain(ESC);
  });

  it('replaces control characters from inventory names so they cannot drive the terminal', () => {
    // Prepare
    const finding = makeFinding({ cluster: `evil${ESC}[2Jname`, title: 'line\nbreak' });

    // Act
    const table = formatTable(makeReport({ findings: [finding] }), PLAIN);

    // Assess
    expect(table).not.toContain(ESC);
    expect(table).toContain('line break');
  });
});

describe('Function: truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['much longer than ten', 10, 'much long…'],
    ['abc', 0, ''],
  ])('cuts %j to %i characters as %j', (text, width, expected) => {
    // Act & assess
    expect(truncate(text, width)).toBe(expected);
  });
});
