import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { selectFindings } from '../../../../src/cli/select.ts';
import type {
  ClusterReadiness,
  Finding,
  ReadinessBlocker,
} from '../../../../src/evaluate/types.ts';
import type { ResourceRef } from '../../../../src/inventory/types.ts';
import { formatTable, truncate } from '../../../../src/report/format/table.ts';
import { SCANNER_VERSION } from '../../../../src/report/scanner.ts';
import {
  makeFinding,
  makeReport,
  makeUpgradeFinding,
  sampleFindings,
  sampleReadiness,
} from '../fixtures.ts';

const PLAIN = { color: false, width: 100 };
const ESC = '\x1b';
/** One emoji of four people joined by zero-width joiners: two columns, seven code points. */
const FAMILY = '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The lines of the finding blocks: everything indented under a severity heading. */
function findingLines(table: string): string[] {
  const [, afterHeader = ''] = table.split('\n\n', 2);
  const [findings = ''] = afterHeader.split('\nErrors (');
  return findings.split('\n').filter((line) => line.startsWith('  '));
}

/** The two lines of the only finding in a table. */
function onlyBlock(finding: Finding, width = 100): [string, string] {
  const lines = findingLines(
    formatTable(makeReport({ findings: [finding] }), { color: false, width }),
  );
  expect(lines).toHaveLength(2);
  return [lines[0] ?? '', lines[1] ?? ''];
}

/** Every line of every section below the header: verdicts, findings, errors, warnings. */
function indentedLines(table: string): string[] {
  return table.split('\n').filter((line) => line.startsWith('  '));
}

/** The grapheme clusters of `text` that hold an emoji: a family cut short is one of them. */
function emojiClusters(text: string): string[] {
  return [...GRAPHEMES.segment(text)]
    .map(({ segment }) => segment)
    .filter((segment) => /\p{Extended_Pictographic}/u.test(segment));
}

function characters(line: string): number {
  return [...line].length;
}

/** A finding whose names are long, as eksctl and Karpenter write them, but fit in 100 columns. */
function longNamedFinding(): Finding {
  return makeFinding({
    ruleId: 'bootstrap-cluster-mismatch',
    cluster: 'staging',
    title: 'The bootstrap names a different cluster than the one that owns the node group',
    resource: {
      type: 'AwsEc2LaunchTemplate',
      id: 'lt-0fff9999eeee8888d',
      name: 'eksctl-staging-nodegroup-windows-2022-ng',
    },
    affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'eksctl-staging-windows-2022-asg' }],
  });
}

describe('Function: formatTable', () => {
  it('names the account above each group of findings, verdicts and warnings of a report of several accounts', () => {
    // Prepare: a cluster `prod` in each of two accounts.
    const [first, second] = ['111122223333', '444455556666'];
    const finding = (accountId: string) =>
      makeFinding({ accountId, id: `${accountId}/us-west-2/prod/ami-unavailable/lt-1` });
    const verdict = (accountId: string) => ({
      accountId,
      region: 'us-west-2',
      cluster: 'prod',
      from: '1.33',
      to: '1.34',
      assumed: true,
      status: 'ready' as const,
      blockers: [],
    });
    const base = makeReport({ findings: [finding(first), finding(second)] });
    const report = {
      ...base,
      scope: { accounts: [first, second], regions: ['us-west-2'] },
      readiness: [verdict(first), verdict(second)],
      warnings: [
        {
          code: 'eks-insights-unavailable',
          message: 'EKS insights could not be read',
          accountId: second,
          region: 'us-west-2',
        },
      ],
    };

    // Act
    const lines = formatTable(report, PLAIN).split('\n');

    // Assess
    const at = (text: string, from = 0) =>
      lines.findIndex((line, index) => index >= from && line === text);
    const verdicts = at('Upgrade readiness');
    expect(
      lines.slice(verdicts + 1, verdicts + 5).map((line) => line.trim().split(/\s+/)[0]),
    ).toEqual(['──', 'prod', '──', 'prod']);
    expect(lines[verdicts + 1]).toBe(`  ── ${first}`);
    const high = at('HIGH (2)');
    expect(lines[high + 1]).toBe(`  ── ${first}`);
    expect(lines[high + 4]).toBe(`  ── ${second}`);
    expect(lines).toContain(`  (${second}) EKS insights could not be read`);
  });

  it('lists the scopes in the order of the report scope under every severity, whatever finding comes first', () => {
    // Prepare: the second region's CRITICAL finding sorts first, its HIGH one last
    const finding = (region: string, severity: 'CRITICAL' | 'HIGH', cluster: string) =>
      makeFinding({
        region,
        severity,
        cluster,
        id: `123456789012/${region}/${cluster}/${severity}`,
      });
    const base = makeReport({
      findings: [
        finding('eu-west-1', 'CRITICAL', 'alpha'),
        finding('us-west-2', 'CRITICAL', 'beta'),
        finding('us-west-2', 'HIGH', 'alpha'),
        finding('eu-west-1', 'HIGH', 'beta'),
      ],
    });
    const report = { ...base, scope: { ...base.scope, regions: ['us-west-2', 'eu-west-1'] } };

    // Act
    const lines = formatTable(report, PLAIN).split('\n');

    // Assess
    const scopeHeaders = lines.filter((line) => /^ {2}── (us-west-2|eu-west-1)$/.test(line));
    expect(scopeHeaders.map((line) => line.replace('── ', '').trim())).toEqual([
      'us-west-2',
      'eu-west-1',
      'us-west-2',
      'eu-west-1',
    ]);
  });

  it('names the clusters a scan was limited to in its scope', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });
    const limited = { ...report, scope: { ...report.scope, clusters: ['prod'] } };

    // Act
    const [, scope] = formatTable(limited, PLAIN).split('\n');

    // Assess
    expect(scope).toBe('Scope: account 123456789012; region us-west-2; only cluster prod');
  });

  it('renders scope, counts and a two-line block per finding, grouped by severity', () => {
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
        ── us-west-2
        prod  docker-runtime-unsupported  Launch template win-2019-docker (lt-0aaa1111bbbb2222c)
              Docker on Kubernetes 1.24 or later · 2 node sources: win-asg-a, win-asg-b

      HIGH (2)
        ── us-west-2
        prod  ami-unavailable  Launch template win-ng (lt-0abc1234567890def)
              The launch template names an AMI the account can no longer use · 1 node source: win-asg
        staging-win…  bootstrap-cluster-mismatch  Launch template a-very-long-launch-template-name-for-wi…
              The bootstrap names a different cluster than the one that owns the node group

      LOW (1)
        ── us-west-2
        prod  ami-outdated  Instance i-0123456789abcdef0
              A newer EKS optimized Windows AMI is available
      "
    `);
  });

  it('shows the full title and full resource name of a long-named finding at width 100', () => {
    // Prepare
    const finding = longNamedFinding();

    // Act
    const [headline, subline] = onlyBlock(finding);

    // Assess
    expect(headline).toContain(
      'bootstrap-cluster-mismatch  Launch template eksctl-staging-nodegroup-windows-2022-ng',
    );
    expect(subline).toContain(
      'The bootstrap names a different cluster than the one that owns the node group',
    );
    expect(characters(headline)).toBeLessThanOrEqual(100);
    expect(characters(subline)).toBeLessThanOrEqual(100);
  });

  it('cuts nothing when every line fits', () => {
    // Prepare
    const finding = longNamedFinding();

    // Act
    const [headline, subline] = onlyBlock(finding, 200);

    // Assess
    expect(headline).toBe(
      '  staging  bootstrap-cluster-mismatch  Launch template eksctl-staging-nodegroup-windows-2022-ng (lt-0fff9999eeee8888d)',
    );
    expect(subline).toBe(
      '           The bootstrap names a different cluster than the one that owns the node group · 1 node source: eksctl-staging-windows-2022-asg',
    );
  });

  it.each([40, 60, 80, 100, 120])(
    'keeps every finding line within %i columns and leaves the lines that fit whole',
    (width) => {
      // Prepare
      const report = makeReport({ findings: [...sampleFindings(), longNamedFinding()] });
      const uncut = findingLines(formatTable(report, { color: false, width: 1000 }));

      // Act
      const lines = findingLines(formatTable(report, { color: false, width }));

      // Assess
      expect(lines).toHaveLength(uncut.length);
      lines.forEach((line, index) => {
        const full = uncut[index] ?? '';
        expect(characters(line)).toBeLessThanOrEqual(width);
        if (characters(full) <= width) expect(line).toBe(full);
      });
    },
  );

  it.each<[string, ResourceRef, string]>([
    [
      'a launch template by name and id',
      { type: 'AwsEc2LaunchTemplate', id: 'lt-0abc1234567890def', name: 'win-ng' },
      'Launch template win-ng (lt-0abc1234567890def)',
    ],
    [
      'a launch configuration once, its name being its id',
      { type: 'AwsAutoScalingLaunchConfiguration', id: 'win-lc', name: 'win-lc' },
      'Launch configuration win-lc',
    ],
    [
      'an instance without a Name tag by its id',
      { type: 'AwsEc2Instance', id: 'i-0123456789abcdef0' },
      'Instance i-0123456789abcdef0',
    ],
    [
      'a node group',
      { type: 'AwsEksNodegroup', id: 'win-2022-core', name: 'win-2022-core' },
      'Node group win-2022-core',
    ],
    ['a cluster', { type: 'AwsEksCluster', id: 'prod', name: 'prod' }, 'Cluster prod'],
    [
      'an Auto Scaling group',
      { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-asg', name: 'win-asg' },
      'Auto Scaling group win-asg',
    ],
  ])('names %s in words', (_, resource, label) => {
    // Act
    const [headline] = onlyBlock(makeFinding({ resource }));

    // Assess
    expect(headline).toBe(`  prod  ami-unavailable  ${label}`);
  });

  it('lists up to three affected node sources and counts the rest', () => {
    // Prepare
    const finding = makeFinding({
      title: 'Short title',
      affected: ['asg-a', 'asg-b', 'asg-c', 'asg-d', 'asg-e'].map((name) => ({
        type: 'AwsAutoScalingAutoScalingGroup' as const,
        name,
      })),
    });

    // Act
    const [, subline] = onlyBlock(finding);

    // Assess
    expect(subline).toBe('        Short title · 5 node sources: asg-a, asg-b, asg-c +2 more');
  });

  it('leaves out an affected node source that is the resource itself', () => {
    // Prepare
    const finding = makeFinding({
      title: 'Short title',
      resource: { type: 'AwsEc2Instance', id: 'i-0123456789abcdef0', name: 'win-node' },
      affected: [{ type: 'AwsEc2Instance', id: 'i-0123456789abcdef0', name: 'win-node' }],
    });

    // Act
    const [, subline] = onlyBlock(finding);

    // Assess
    expect(subline).toBe('        Short title');
  });

  it('cuts the affected list before the title when line 2 is too wide', () => {
    // Prepare
    const finding = makeFinding({
      title: 'A title of exactly forty characters long',
      affected: [
        { type: 'AwsAutoScalingAutoScalingGroup', name: 'first-group-of-nodes' },
        { type: 'AwsAutoScalingAutoScalingGroup', name: 'second-group-of-nodes' },
      ],
    });
    const title = '        A title of exactly forty characters long';

    // Act
    const byWidth = [110, 100, 80, 70, 60, 40].map((width) => onlyBlock(finding, width)[1]);

    // Assess
    expect(byWidth).toEqual([
      `${title} · 2 node sources: first-group-of-nodes, second-group-of-nodes`,
      `${title} · 2 node sources: first-group-of-nodes +1 more`,
      `${title} · 2 node sources: first-group-…`,
      `${title} · 2 node sources`,
      title,
      `${title.slice(0, 39)}…`,
    ]);
  });

  it('cuts the resource id before the resource name when line 1 is too wide', () => {
    // Prepare
    const finding = makeFinding({
      resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0abc1234567890def', name: 'win-ng' },
    });
    const start = '  prod  ami-unavailable  Launch template win-ng';

    // Act
    const byWidth = [70, 60, 50, 40].map((width) => onlyBlock(finding, width)[0]);

    // Assess
    expect(byWidth).toEqual([
      `${start} (lt-0abc1234567890def)`,
      `${start} (lt-0abc12…)`,
      start,
      `${start.slice(0, 39)}…`,
    ]);
  });

  it('aligns line 2 under the rule ids, the cluster column as wide as the longest name', () => {
    // Prepare
    const report = makeReport({
      findings: [makeFinding({ cluster: 'prod' }), makeFinding({ cluster: 'legacy-eu' })],
    });

    // Act
    const lines = findingLines(formatTable(report, PLAIN));

    // Assess
    const ruleColumns = lines
      .filter((_, index) => index % 2 === 0)
      .map((line) => line.indexOf('ami-unavailable'));
    const titleColumns = lines
      .filter((_, index) => index % 2 === 1)
      .map((line) => line.indexOf('The launch template'));
    expect(new Set([...ruleColumns, ...titleColumns])).toEqual(new Set([13]));
  });

  it('shows findings in the order of the report', () => {
    // Prepare
    const report = makeReport({
      findings: [
        makeFinding({ ruleId: 'ami-unavailable' }),
        makeFinding({ ruleId: 'bootstrap-missing' }),
      ],
    });
    const [first, second] = report.findings;
    if (!first || !second) throw new Error('expected two findings');
    report.findings = [second, first];

    // Act
    const table = formatTable(report, PLAIN);

    // Assess
    const positions = [second.ruleId, first.ruleId].map((ruleId) => table.indexOf(`  ${ruleId}  `));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect(positions[0]).toBeLessThan(positions[1] ?? 0);
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
      findings: [makeFinding()],
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
    expect(table.indexOf('ami-unavailable')).toBeLessThan(table.indexOf('Errors (1)'));
    expect(table).toMatch(
      /Errors \(1\)\n {2}DescribeNodegroup \(us-west-2, prod\): AccessDeniedException\n {4}User is not authorized/,
    );
  });

  it('wraps a long error to the width, the lines after the first indented, no character of it lost', () => {
    // Prepare: a long cluster name in the first line, a role ARN longer than a line in the message.
    const role =
      'arn:aws:sts::123456789012:assumed-role/eks-windows-scanner-organisation-member/scan';
    const message = `User: ${role} is not authorized to perform: eks:DescribeNodegroup on resource: nodegroup/staging/windows because no identity-based policy allows the eks:DescribeNodegroup action`;
    const error = {
      region: 'us-west-2',
      cluster: 'staging-windows-workloads-eu-central-cluster',
      operation: 'DescribeNodegroup',
      code: 'AccessDeniedException',
      message,
    };

    // Act
    const table = formatTable(makeReport({ errors: [error] }), { color: false, width: 60 });

    // Assess
    const [, section = ''] = table.split('\nErrors (1)\n');
    const lines = section.split('\n').filter(Boolean);
    expect(lines[0]).toBe('  DescribeNodegroup (us-west-2,');
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}\S/);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    const words = lines.flatMap((line) => line.trim().split(' '));
    const shortWords = message.split(' ').filter((word) => word !== role);
    expect(words).toEqual(expect.arrayContaining(shortWords));
    const head = `DescribeNodegroup (us-west-2, ${error.cluster}): ${error.code}`;
    expect(lines.join('').replace(/\s/g, '')).toBe(`${head}${message}`.replace(/\s/g, ''));
  });

  it("names each error's account when the report covers several accounts", () => {
    // Prepare
    const notFound = (accountId: string) => ({
      accountId,
      region: 'us-west-2',
      cluster: 'nope',
      operation: 'DescribeCluster',
      code: 'ResourceNotFoundException',
      message: 'No cluster found for name: nope.',
    });
    const report = {
      ...makeReport({ errors: [notFound('111122223333'), notFound('444455556666')] }),
      scope: { accounts: ['111122223333', '444455556666'], regions: ['us-west-2'] },
    };

    // Act
    const table = formatTable(report, PLAIN);

    // Assess
    expect(table).toContain(
      '  DescribeCluster (111122223333, us-west-2, nope): ResourceNotFoundException',
    );
    expect(table).toContain(
      '  DescribeCluster (444455556666, us-west-2, nope): ResourceNotFoundException',
    );
  });

  it('wraps a long warning to the width, every word kept, the lines after the first indented', () => {
    // Prepare
    const message =
      'team.yaml line 12: the suppression of ami-outdated for launch template eksctl-production-windows-2022-nodegroup expired on 2026-10-01; the findings it suppressed are shown again';
    const report = {
      ...makeReport({ findings: [] }),
      warnings: [{ code: 'suppression-expired', message }],
    };

    // Act
    const table = formatTable(report, { color: false, width: 60 });

    // Assess
    const [, section = ''] = table.split('\nWarnings (1)\n');
    const lines = section.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines[0]).toMatch(/^ {2}team\.yaml line 12:/);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}\S/);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    expect(lines.join(' ').split(/\s+/).filter(Boolean)).toEqual(message.split(' '));
  });

  it('wraps the head (scope, counts) to the width, nothing of it lost', () => {
    // Prepare
    const accounts = Array.from({ length: 12 }, (_, index) => String(111111111111 + index));
    const base = makeReport({ findings: sampleFindings() });
    const report = {
      ...base,
      complete: false,
      scope: { ...base.scope, accounts, clusters: [`prod-${FAMILY}`, 'payments'] },
    };

    // Act
    const table = formatTable(report, { color: false, width: 50 });

    // Assess
    const [head = ''] = table.split('\n\n', 1);
    const lines = head.split('\n');
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(50);
    for (const account of accounts) expect(head).toContain(account);
    expect(head).toContain(`prod-${FAMILY}`);
    expect(head.replace(/\s+/g, ' ')).toContain(
      'Scan incomplete: the findings below may not be everything.',
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
    expect(stripVTControlCharacters(coloured)).toBe(plain);
  });

  it('replaces control characters from inventory names so they cannot drive the terminal', () => {
    // Prepare
    const finding = makeFinding({
      cluster: `evil${ESC}[2Jname`,
      title: 'line\nbreak',
      resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-1', name: `lt${ESC}]0;title\x07x` },
      affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: `asg\u202Egnp.exe` }],
    });

    // Act
    const table = formatTable(makeReport({ findings: [finding] }), PLAIN);

    // Assess
    expect(table).not.toContain(ESC);
    expect(table).not.toContain('\x07');
    expect(table).not.toContain('\u202E');
    expect(table).toContain('line break');
  });
});

describe('Function: truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['much longer than ten', 10, 'much long…'],
    ['abc', 0, ''],
    ['東京クラスタ', 5, '東京…'],
    ['東京クラスタ', 6, '東京…'],
    ['cafe\u0301s', 5, 'cafe\u0301s'],
    ['cafe\u0301-prod', 5, 'cafe\u0301…'],
    [`${FAMILY}${FAMILY}x`, 4, `${FAMILY}…`],
    // A text already cut (an EKS insight's name in a title) gets no second ellipsis.
    ['name xxx… (prod)', 10, 'name xxx…'],
  ])('cuts %j to %i columns as %j', (text, width, expected) => {
    // Act & assess
    expect(truncate(text, width)).toBe(expected);
  });

  it.each([
    'keycap 1\uFE0F\u20E3 group',
    'cafe\u0301·de\u0301ja\u0300 vu',
    'flag \u{1F1EF}\u{1F1F5}-asg → 本番',
    `${FAMILY}-node ${FAMILY}`,
    'mixed 東京-a-🚀-b-\u0915\u094D\u0937',
    '\u0301leading mark, then text',
  ])('measures %j as string-width does, at every width', (text) => {
    // Act & assess: kept whole exactly when it fits, never wider than asked once cut.
    const width = stringWidth(text);
    for (let room = 1; room <= width + 1; room++) {
      const cut = truncate(text, room);
      expect(stringWidth(cut), `${room} columns`).toBeLessThanOrEqual(room);
      expect(cut === text, `${room} columns`).toBe(room >= width);
    }
  });
});

describe('Function: formatTable, names in wide characters and emoji', () => {
  /** A cluster, a launch template and a node group named in Japanese and with emoji. */
  function wideNamedReport() {
    const cluster = '本番クラスタ東京';
    const findings = [
      makeFinding({ cluster, id: `${cluster}/ami-unavailable` }),
      makeFinding({
        cluster,
        id: `${cluster}/bootstrap-cluster-mismatch`,
        ruleId: 'bootstrap-cluster-mismatch',
        title: 'ブートストラップが別のクラスタを指定しています',
        resource: {
          type: 'AwsEc2LaunchTemplate',
          id: 'lt-0fff9999eeee8888d',
          name: 'ウィンドウズ用起動テンプレート-2022-🚀',
        },
        affected: [
          { type: 'AwsAutoScalingAutoScalingGroup', name: '🚀ウィンドウズ-ノードグループ-東' },
          { type: 'AwsAutoScalingAutoScalingGroup', name: '🚀ウィンドウズ-ノードグループ-西' },
        ],
      }),
      makeFinding({ cluster: 'prod', id: 'prod/ami-unavailable' }),
    ];
    const readiness: ClusterReadiness[] = [
      {
        accountId: '123456789012',
        region: 'us-west-2',
        cluster,
        from: '1.36',
        to: '1.35',
        assumed: false,
        status: 'not-applicable',
        blockers: [],
      },
    ];
    return makeReport({ findings, readiness });
  }

  it.each([40, 50, 60, 80, 100])(
    'keeps every line within %i columns as a terminal shows them',
    (width) => {
      // Act
      const lines = indentedLines(formatTable(wideNamedReport(), { color: false, width }));

      // Assess
      expect(lines.length).toBeGreaterThan(6);
      for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
    },
  );

  it('aligns the rule ids after a cluster name of wide characters', () => {
    // Act
    const lines = indentedLines(formatTable(wideNamedReport(), PLAIN)).filter((line) =>
      line.includes('ami-unavailable'),
    );

    // Assess
    const columns = lines.map((line) =>
      stringWidth(line.slice(0, line.indexOf('ami-unavailable'))),
    );
    expect(columns).toEqual([20, 20]);
  });

  it('never splits an emoji ZWJ sequence when it cuts a line', () => {
    // Prepare
    const finding = makeFinding({
      resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-1', name: `win-${FAMILY.repeat(30)}` },
    });
    const report = makeReport({ findings: [finding] });
    let shown = 0;

    for (let width = 40; width <= 60; width++) {
      // Act
      const table = formatTable(report, { color: false, width });

      // Assess: as many families as fit, each whole.
      const emoji = emojiClusters(table);
      expect(emoji.filter((cluster) => cluster !== FAMILY)).toEqual([]);
      shown += emoji.length;
      for (const line of indentedLines(table)) {
        expect(stringWidth(line)).toBeLessThanOrEqual(width);
      }
    }
    expect(shown).toBeGreaterThan(10);
  });

  it('never splits an emoji ZWJ sequence when it wraps a word too long for a line', () => {
    // Prepare
    const word = `win-${FAMILY.repeat(30)}`;
    const [prod] = sampleReadiness() as [ClusterReadiness];
    const report = {
      ...makeReport({ readiness: [{ ...prod, note: `Node group ${word} is empty.` }] }),
      warnings: [{ code: 'suppression-unknown-rule', message: `tag on ${word}: unknown rule` }],
    };

    // Act
    const table = formatTable(report, { color: false, width: 50 });

    // Assess: each family whole, and all 30 of both words there.
    const emoji = emojiClusters(table);
    expect(new Set(emoji)).toEqual(new Set([FAMILY]));
    expect(emoji).toHaveLength(60);
    for (const line of indentedLines(table)) expect(stringWidth(line)).toBeLessThanOrEqual(50);
  });
});

describe('Function: formatTable, upgrade readiness', () => {
  it('puts each cluster verdict above the findings: the blockers with their fix, or ready', () => {
    // Act
    const table = formatTable(
      makeReport({ findings: [makeUpgradeFinding()], readiness: sampleReadiness() }),
      PLAIN,
    );

    // Assess
    const verdict = table.slice(table.indexOf('Upgrade readiness'), table.indexOf('CRITICAL ('));
    expect(verdict.split('\n')).toEqual([
      'Upgrade readiness',
      '  prod  1.23 → 1.24  BLOCKED (1)',
      '    CRITICAL docker-runtime-unsupported  Launch template win-2019-docker (lt-0aaa1111bbbb2222c)',
      '      The bootstrap call passes -ContainerRuntime docker.',
      '      fix: Remove -ContainerRuntime docker from the bootstrap call and replace the nodes.',
      '  staging  1.23 → 1.24  ready for 1.24',
      '',
      '',
    ]);
    expect(table.indexOf('Upgrade readiness')).toBeLessThan(table.indexOf('CRITICAL ('));
  });

  it('marks an upgrade finding apart from the same problem of today', () => {
    // Act
    const [headline] = onlyBlock(makeUpgradeFinding());

    // Assess
    expect(headline).toContain('docker-runtime-unsupported [upgrade 1.24]  Launch template');
    expect(onlyBlock(makeFinding())[0]).not.toContain('[upgrade');
  });

  it('says the next minor version was assumed, and why a cluster was not judged', () => {
    // Prepare
    const [prod] = sampleReadiness() as [ClusterReadiness];
    const blocker = { ...prod.blockers[0], findingId: undefined } as ReadinessBlocker;
    const readiness: ClusterReadiness[] = [
      { ...prod, cluster: 'assumed', assumed: true, blockers: Array(6).fill(blocker) },
      {
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'newer',
        from: '1.36',
        to: '1.35',
        assumed: false,
        status: 'not-applicable' as const,
        blockers: [],
        note: 'The cluster runs Kubernetes 1.36, newer than the target 1.35.',
      },
    ];

    // Act
    const table = formatTable(makeReport({ readiness }), PLAIN);

    // Assess
    expect(table).toContain('  assumed  1.23 → 1.24 (next minor version)  BLOCKED (6)');
    expect(table.match(/fix: Remove -ContainerRuntime docker/g)).toHaveLength(5);
    expect(table).toContain('  newer  1.36 → 1.35  not judged\n');
    expect(table).toContain('    The cluster runs Kubernetes 1.36, newer than the target 1.35.');
    expect(table).toContain('  +1 more: scan with --target-version 1.24 to list them as findings');
  });

  it('says how many blockers suppressions left out of a verdict', () => {
    // Prepare
    const [prod, staging] = sampleReadiness() as [ClusterReadiness, ClusterReadiness];
    const readiness = [
      { ...prod, suppressedBlockers: 2 },
      { ...staging, suppressedBlockers: 1 },
    ];

    // Act
    const table = formatTable(makeReport({ readiness }), PLAIN);

    // Assess
    expect(table).toContain('  prod  1.23 → 1.24  BLOCKED (1) (2 suppressed blockers)\n');
    expect(table).toContain('  staging  1.23 → 1.24  ready for 1.24 (1 suppressed blocker)\n');
  });

  it('keeps the verdict in a narrow terminal: the assumed-version note and a long name give way', () => {
    // Prepare
    const [prod, staging] = sampleReadiness() as [ClusterReadiness, ClusterReadiness];
    const readiness: ClusterReadiness[] = [
      { ...prod, cluster: `本番クラスタ-${FAMILY}-windows`, assumed: true },
      { ...staging, assumed: true },
    ];

    // Act
    const table = formatTable(makeReport({ readiness }), { color: false, width: 40 });

    // Assess
    const heads = table.split('\n').filter((line) => line.includes(' → '));
    expect(heads).toHaveLength(2);
    expect(heads.find((line) => line.includes('本番'))).toMatch(
      /^ {2}本番\S*… {2}1\.23 → 1\.24 {2}BLOCKED \(1\)$/,
    );
    expect(heads).toContain('  staging  1.23 → 1.24  ready for 1.24');
    for (const line of heads) expect(stringWidth(line)).toBeLessThanOrEqual(40);
    const wide = formatTable(makeReport({ readiness }), PLAIN);
    expect(wide).toContain('  staging  1.23 → 1.24 (next minor version)  ready for 1.24');
  });

  it.each([
    [40, 'production-windows-cluster', 12, /^ {2}production-…\s+BLOCKED \(12\)$/],
    [34, 'prod', 0, /^ {2}prod {2}1\.23 → 1\.24 {2}ready for 1\.24$|^ {2}prod {2}ready for 1\.24$/],
    [30, 'a-very-long-cluster-name-for-windows', 0, /^ {2}a-very-long… {2}ready for 1\.24$/],
    [24, 'a-very-long-cluster-name-for-windows', 3, /^ {2}a-very-l… {2}BLOCKED \(3\)$/],
  ])(
    'at %i columns shows the whole verdict of %s with %i blockers, the upgrade and the name giving way',
    (width, cluster, blockers, head) => {
      // Prepare
      const [prod] = sampleReadiness() as [ClusterReadiness];
      const entry: ClusterReadiness = {
        ...prod,
        cluster,
        status: blockers > 0 ? 'blocked' : 'ready',
        blockers: Array.from({ length: blockers }, () => prod.blockers[0]).filter(
          (blocker) => blocker !== undefined,
        ),
      };

      // Act
      const table = formatTable(makeReport({ readiness: [entry] }), { color: false, width });

      // Assess
      const line = table.split('\n').find((text) => text.startsWith(`  ${cluster.slice(0, 4)}`));
      expect(line).toMatch(head);
      expect(stringWidth(line ?? '')).toBeLessThanOrEqual(width);
    },
  );

  it('has no readiness section when the report has none', () => {
    expect(formatTable(makeReport({ findings: sampleFindings() }), PLAIN)).not.toContain(
      'Upgrade readiness',
    );
  });
});

describe('Function: formatTable, a selection of findings', () => {
  it('says under the counts that only the selection is shown, and what it left out by severity', () => {
    // Prepare
    const report = selectFindings(makeReport({ findings: sampleFindings() }), {
      severities: ['CRITICAL'],
    });

    // Act
    const table = formatTable(report, { color: false, width: 200 });

    // Assess
    const head = table.split('\n\n', 1)[0]?.split('\n') ?? [];
    expect(head.slice(3)).toEqual([
      'Findings: 1 CRITICAL, 0 HIGH, 0 MEDIUM, 0 LOW, 0 INFORMATIONAL',
      'This report holds only the findings selected by --severity CRITICAL; 3 unsuppressed findings were left out (2 HIGH, 1 LOW), neither shown nor counted.',
    ]);
  });

  it('names every option of the selection, and says when it left nothing out', () => {
    // Prepare
    const report = selectFindings(makeReport({ findings: sampleFindings() }), {
      rules: ['ami-unavailable', 'bootstrap-cluster-mismatch'],
      excludeRules: ['docker-runtime-unsupported'],
      severities: ['HIGH'],
    });
    const nothingLeftOut = selectFindings(makeReport({ findings: sampleFindings() }), {
      excludeRules: ['bootstrap-missing'],
    });

    // Act
    const table = formatTable(report, { color: false, width: 60 });
    const whole = formatTable(nothingLeftOut, PLAIN);

    // Assess: wrapped to the width like the rest of the head, nothing of it lost
    const head = table.split('\n\n', 1)[0] ?? '';
    expect(head.split('\n').every((line) => line.length <= 60)).toBe(true);
    expect(head.replace(/\n\s*/g, ' ')).toContain(
      'This report holds only the findings selected by --severity HIGH --rule ami-unavailable,bootstrap-cluster-mismatch --exclude-rule docker-runtime-unsupported; 2 unsuppressed findings were left out (1 CRITICAL, 1 LOW), neither shown nor counted.',
    );
    expect(whole.replace(/\n\s*/g, ' ')).toContain(
      'This report holds only the findings selected by --exclude-rule bootstrap-missing; no unsuppressed finding was left out.',
    );
  });

  it('says nothing of a selection when there was none', () => {
    // Act
    const table = formatTable(makeReport({ findings: sampleFindings() }), PLAIN);

    // Assess
    expect(table).not.toContain('selected by');
  });
});
