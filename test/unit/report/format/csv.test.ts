import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, formatCsv } from '../../../../src/report/format/csv.ts';
import { makeFinding, makeReport, makeUpgradeFinding, sampleFindings } from '../fixtures.ts';
import { CONTROL_CHARACTERS, hostileReport } from './hostile.ts';

describe('Function: formatCsv', () => {
  it('starts with the header row and ends every record with CRLF', () => {
    // Act
    const csv = formatCsv(makeReport({ findings: [] }));

    // Assess
    expect(csv).toBe(
      'severity,ruleId,cluster,accountId,region,resourceType,resourceId,resourceName,affected,title,suppressed,id,' +
        'description,remediation,scannedAt,scanComplete,suppressionSource,suppressionReason,upgradeTo\r\n',
    );
    expect(CSV_COLUMNS).toHaveLength(19);
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
        'false,docker-runtime-unsupported/lt-0aaa1111bbbb2222c,The AMI is private or deregistered.,' +
        'Point the launch template at a current EKS optimized Windows AMI.,2026-11-25T12:00:00.000Z,true,,,',
    );
    expect(rows.at(-1)).toMatch(
      /^INFORMATIONAL,windows-server-mainstream-ended,.*,true,windows-server/,
    );
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

  it('marks a bidirectional override in a name, so it cannot read as another name', () => {
    // Prepare: shown raw, "win-\u202egpj.exe" reads as "win-exe.jpg".
    const finding = makeFinding({ cluster: 'win-\u202egpj.exe' });

    // Act
    const row = formatCsv(makeReport({ findings: [finding] })).split('\r\n')[1];

    // Assess
    expect(row).toContain(',win-\ufffdgpj.exe,');
    expect(row).not.toContain('\u202e');
  });

  it('keeps the first twelve columns where the first release put them', () => {
    // Act & assess: readers that pick columns by position keep working
    expect(CSV_COLUMNS.slice(0, 12)).toEqual([
      'severity',
      'ruleId',
      'cluster',
      'accountId',
      'region',
      'resourceType',
      'resourceId',
      'resourceName',
      'affected',
      'title',
      'suppressed',
      'id',
    ]);
  });

  it('keeps the columns added later where they were, each new one after them', () => {
    // Act & assess
    expect(CSV_COLUMNS.slice(12)).toEqual([
      'description',
      'remediation',
      'scannedAt',
      'scanComplete',
      'suppressionSource',
      'suppressionReason',
      'upgradeTo',
    ]);
  });

  it('says which version an upgrade finding is about, and nothing for a problem of today', () => {
    // Prepare
    const report = makeReport({ findings: [makeUpgradeFinding(), makeFinding()] });

    // Act
    const rows = formatCsv(report).split('\r\n').slice(1, -1);

    // Assess
    expect(rows.map((row) => row.split(',').at(-1))).toEqual(['1.24', '']);
  });

  it.each([
    [
      'a configuration file, with its reason',
      { source: 'file', origin: 'scanner.yaml line 4', reason: 'Retired in Q1, "ticket" 42' },
      ',true,file,"Retired in Q1, ""ticket"" 42",',
    ],
    ['a tag, without a reason', { source: 'tag', origin: 'tag on cluster prod' }, ',true,tag,,'],
    [
      'the SUPPRESSIONS setting',
      { source: 'environment', origin: 'configuration' },
      ',true,environment,,',
    ],
  ] as const)(
    'says a finding suppressed by %s is suppressed from there',
    (_name, suppression, end) => {
      // Prepare
      const finding = makeFinding({ suppressed: true, suppression });

      // Act
      const row = formatCsv(makeReport({ findings: [finding] })).split('\r\n')[1] ?? '';

      // Assess
      expect(row.endsWith(end)).toBe(true);
    },
  );

  it('writes the reason on one line, control characters stripped and formulas guarded', () => {
    // Prepare
    const finding = makeFinding({
      suppressed: true,
      suppression: {
        source: 'file',
        origin: 'scanner.yaml line 4',
        reason: '=cmd|calc\u001b[31m\r\nline two\u0007\u009b',
      },
    });

    // Act
    const row = formatCsv(makeReport({ findings: [finding] })).split('\r\n')[1] ?? '';

    // Assess
    expect(row.endsWith(",file,'=cmd|calc [31m line two,")).toBe(true);
    for (const control of CONTROL_CHARACTERS) expect(row).not.toContain(control);
  });

  it('leaves the suppression columns empty on a finding that is not suppressed', () => {
    // Prepare: a stale suppression object on an unsuppressed finding says nothing
    const finding = makeFinding({
      suppressed: false,
      suppression: { source: 'tag', origin: 'tag on cluster prod' },
    });

    // Act
    const row = formatCsv(makeReport({ findings: [finding] })).split('\r\n')[1] ?? '';

    // Assess
    expect(row.endsWith(',true,,,')).toBe(true);
  });

  it('writes description, remediation, scan time and completeness on every row', () => {
    // Prepare
    const finding = makeFinding({
      description: 'What is wrong, with a comma',
      remediation: 'Fix it "now"',
    });

    // Act
    const row = formatCsv(makeReport({ findings: [finding], complete: false })).split('\r\n')[1];

    // Assess
    expect(row).toMatch(
      /,"What is wrong, with a comma","Fix it ""now""",2026-11-25T12:00:00\.000Z,false,,,$/,
    );
  });

  it('strips control characters from tags and names, keeping tab and line breaks', () => {
    // Prepare
    const finding = makeFinding({
      cluster: 'prod\u001b[31m\u0007',
      resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-1', name: 'win\u0000\u009b\u007f-ng' },
      affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'asg\u0085-a' }],
      title: 'a\tb\nc',
    });

    // Act
    const row = formatCsv(makeReport({ findings: [finding] })).split('\r\n')[1];

    // Assess
    expect(row).toContain(',prod[31m,');
    expect(row).toContain(',win-ng,asg-a,"a\tb\nc",');
  });

  it('leaves no control character in a report of hostile strings', () => {
    // Act
    const csv = formatCsv(hostileReport());

    // Assess
    for (const control of CONTROL_CHARACTERS) expect(csv).not.toContain(control);
    expect(csv).toContain('ünïcødé 日本 🚀');
  });

  it('strips a control character before guarding, so it cannot hide a formula', () => {
    // Act & assess
    expect(csvField('\u0000=1+1')).toBe("'=1+1");
  });
});
