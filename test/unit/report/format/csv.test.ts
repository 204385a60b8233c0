import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, formatCsv } from '../../../../src/report/format/csv.ts';
import { makeFinding, makeReport, sampleFindings } from '../fixtures.ts';

describe('Function: formatCsv', () => {
  it('starts with the header row and ends every record with CRLF', () => {
    // Act
    const csv = formatCsv(makeReport({ findings: [] }));

    // Assess
    expect(csv).toBe(
      'severity,ruleId,cluster,accountId,region,resourceType,resourceId,resourceName,affected,title,suppressed,id\r\n',
    );
    expect(CSV_COLUMNS).toHaveLength(12);
  });

  it('writes one row per finding, suppressed ones included, in report order', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const rows = formatCsv(report).split('\r\n').slice(1, -1);

    // Assess
    expect(rows).toHaveLength(report.findings.length);
    expect(rows[0]).toBe(
      'CRITICAL,docker-runtime-unsupported,prod,123456789012,us-west-2,AwsEc2LaunchTemplate,' +
        'lt-0aaa1111bbbb2222c,win-2019-docker,win-asg-a; win-asg-b,Docker on Kubernetes 1.24 or later,' +
        'false,docker-runtime-unsupported/lt-0aaa1111bbbb2222c',
    );
    expect(rows.at(-1)).toMatch(/^INFORMATIONAL,windows-server-mainstream-ended,.*,true,/);
  });

  it('quotes a title holding a comma, a quote and a line break, doubling the quote', () => {
    // Prepare
    const finding = makeFinding({ title: 'Docker, "dockerd"\nor containerd' });

    // Act
    const csv = formatCsv(makeReport({ findings: [finding] }));

    // Assess
    expect(csv).toContain(',"Docker, ""dockerd""\nor containerd",');
  });

  it('leaves the resource name empty when the resource has none', () => {
    // Prepare
    const finding = makeFinding({ resource: { type: 'AwsEc2Instance', id: 'i-0abc' } });

    // Act
    const row = formatCsv(makeReport({ findings: [finding] })).split('\r\n')[1];

    // Assess
    expect(row).toContain(',AwsEc2Instance,i-0abc,,win-asg,');
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['win-asg', 'win-asg'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('guards %j against formula injection as %j', (value, expected) => {
    // Act & assess
    expect(csvField(value)).toBe(expected);
  });

  it('guards a cluster name from the inventory that starts with an equals sign', () => {
    // Prepare
    const finding = makeFinding({ cluster: '=cmd|calc' });

    // Act
    const row = formatCsv(makeReport({ findings: [finding] })).split('\r\n')[1];

    // Assess
    expect(row).toContain(",'=cmd|calc,");
  });
});
