import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selectFindings } from '../../../../src/cli/select.ts';
import {
  type ClusterReadiness,
  type Finding,
  type ScanWarning,
  SEVERITIES,
  type Severity,
} from '../../../../src/evaluate/types.ts';
import {
  embedJson,
  escapeHtml,
  formatHtml,
  formatHtmlChunks,
} from '../../../../src/report/format/html.ts';
import { HTML_REPORT_STYLE } from '../../../../src/report/format/html-style.ts';
import { SCANNER_VERSION } from '../../../../src/report/scanner.ts';
import type { Report } from '../../../../src/report/types.ts';
import {
  makeFinding,
  makeReport,
  makeUpgradeFinding,
  sampleFindings,
  sampleReadiness,
} from '../fixtures.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** Elements HTML never closes. */
const VOID_ELEMENTS = new Set(['meta', 'input', 'br', 'hr', 'img', 'link']);

/** The text inside the first `<tag …attributes…>` … `</tag>` whose opening tag matches. */
function elementContent(html: string, openingTag: RegExp): string {
  const match = openingTag.exec(html);
  if (match === null) throw new Error(`no element matches ${openingTag}`);
  const start = match.index + match[0].length;
  const name = /^<([a-z0-9]+)/i.exec(match[0])?.[1] ?? '';
  return html.slice(start, html.indexOf(`</${name}>`, start));
}

/** Every real tag of the page (escaped content holds no `<`), script and style bodies left out. */
function tags(html: string): string[] {
  const withoutBodies = html
    .replace(/(<script[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2')
    .replace(/(<style[^>]*>)[\s\S]*?(<\/style>)/g, '$1$2');
  return withoutBodies.match(/<\/?[a-z][^>]*>/gi) ?? [];
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** `count` findings built alike: every severity, two clusters and none, one in four suppressed. */
function manyFindings(count: number): Finding[] {
  return Array.from({ length: count }, (_, index) =>
    makeFinding({
      severity: SEVERITIES[index % SEVERITIES.length] as Severity,
      cluster: ['prod', 'staging', ''][index % 3],
      resource: { type: 'AwsEc2Instance', id: `i-${String(index).padStart(17, '0')}` },
      suppressed: index % 4 === 0,
    }),
  );
}

/** An incomplete report of `count` findings, with errors and warnings. */
function largeReport(count: number): Report {
  const report = makeReport({
    findings: [...manyFindings(count), makeFinding({ title: HOSTILE, cluster: HOSTILE })],
    complete: false,
    errors: [{ operation: 'DescribeImages', code: 'Throttling', message: HOSTILE }],
  });
  report.warnings = [{ code: 'suppression-unknown-rule', message: HOSTILE, cluster: '' }];
  return report;
}

/** The same report with `findings` moved from the middle of its fields to the end. */
function findingsLast(report: Report): Report {
  const { findings, ...rest } = report;
  return { ...rest, findings };
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('Function: formatHtml', () => {
  describe('the page', () => {
    it('is one HTML5 document whose elements all close in order', () => {
      // Prepare
      const report = makeReport({
        findings: [
          ...sampleFindings(),
          makeFinding({ resource: { type: 'AwsEc2Instance', id: HOSTILE } }),
          makeFinding({
            resource: { type: 'AwsEc2Instance', id: 'i-0suppressed' },
            suppressed: true,
            suppression: { source: 'file', origin: HOSTILE, reason: HOSTILE },
          }),
        ],
        complete: false,
        errors: [{ operation: 'DescribeImages', code: 'Throttling', message: HOSTILE }],
      });
      report.warnings = [{ code: 'suppression-unknown-rule', message: HOSTILE, cluster: HOSTILE }];

      // Act
      const html = formatHtml(report);

      // Assess
      expect(html.startsWith('<!DOCTYPE html>\n<html lang="en"')).toBe(true);
      expect(html).toContain('id="scan-warnings"');
      const open: string[] = [];
      for (const tag of tags(html)) {
        const name = (/^<\/?([a-z0-9]+)/i.exec(tag)?.[1] ?? '').toLowerCase();
        if (tag.startsWith('</')) expect(`</${open.pop()}>`).toBe(`</${name}>`);
        else if (!VOID_ELEMENTS.has(name)) open.push(name);
      }
      expect(open).toEqual([]);
    });

    it('sets a Content-Security-Policy that allows only its own inline style and script', () => {
      // Act
      const html = formatHtml(makeReport({ findings: sampleFindings() }));

      // Assess
      const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(
        html,
      )?.[1];
      const style = elementContent(html, /<style>/);
      const script = elementContent(html, /<script>/);
      expect(policy).toBe(
        `default-src 'none'; style-src '${sha256(style)}'; script-src '${sha256(script)}'; ` +
          "base-uri 'none'; form-action 'none'",
      );
    });

    it('loads nothing: no tag points anywhere but into the page, the stylesheet has no url()', () => {
      // Prepare
      const finding = makeFinding({
        description:
          'See https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html',
        resource: {
          type: 'AwsEc2LaunchTemplate',
          id: 'lt-0abc',
          name: `${HOSTILE}<script src="http://x/y.js">`,
        },
      });

      // Act
      const html = formatHtml(makeReport({ findings: [finding] }));

      // Assess
      for (const tag of tags(html)) {
        expect(tag).not.toMatch(
          /\s(?:src|srcset|action|formaction|poster|data|background|ping|manifest)\s*=/i,
        );
        for (const [, target] of tag.matchAll(/\shref="([^"]*)"/g)) expect(target).toMatch(/^#/);
      }
      const style = elementContent(html, /<style>/);
      expect(style).not.toMatch(/url\(|@import|@font-face/i);
      expect(html).toContain('See https://docs.aws.amazon.com/eks/latest/userguide/');
    });

    it('names no URL of its own: a report without one yields a page without http:// or https://', () => {
      // Act
      const html = formatHtml(makeReport({ findings: sampleFindings() }));

      // Assess
      expect(html).not.toMatch(/https?:\/\//i);
      expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
    });
  });

  describe('escaping', () => {
    it('shows a resource name that is markup as text', () => {
      // Prepare
      const finding = makeFinding({
        resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0abc', name: HOSTILE },
      });

      // Act
      const html = formatHtml(makeReport({ findings: [finding] }));

      // Assess
      expect(html).toContain('<strong>&lt;img src=x onerror=alert(1)&gt;</strong>');
      expect(tags(html).some((tag) => /^<img/i.test(tag))).toBe(false);
      expect(html).not.toContain('onerror=alert(1)>');
    });

    it("escapes a verdict's status and a blocker's severity, which a tampered report part could carry", () => {
      // Prepare: the organisation aggregator reads parts from S3; the types do not hold there.
      const [blocked] = sampleReadiness();
      if (blocked?.blockers?.[0] === undefined) throw new Error('the sample has a blocker');
      const tampered = {
        ...blocked,
        status: `"><img src=x onerror=alert(1)>` as ClusterReadiness['status'],
        blockers: [{ ...blocked.blockers[0], severity: HOSTILE as Severity }],
      };

      // Act
      const html = formatHtml({ ...makeReport({}), readiness: [tampered] });

      // Assess
      expect(tags(html).some((tag) => /^<img/i.test(tag))).toBe(false);
      expect(html).toContain('data-status="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    });

    it('escapes every text of a finding and of an error, and the scope', () => {
      // Prepare
      const marker = '<b class="x">\'&</b>';
      const finding = makeFinding({
        id: marker,
        ruleId: marker,
        title: marker,
        description: marker,
        remediation: marker,
        accountId: marker,
        region: marker,
        cluster: marker,
        resource: { type: 'AwsEc2LaunchTemplate', id: marker, name: marker, arn: marker },
        affected: [{ type: 'AwsEc2Instance', name: marker, id: `${marker}-id` }],
        evidence: { [marker]: marker, list: [marker, marker] },
      });
      const report = makeReport({
        findings: [finding],
        errors: [
          {
            accountId: marker,
            region: marker,
            cluster: marker,
            operation: marker,
            code: marker,
            message: marker,
          },
        ],
      });
      report.scope.accounts.push(marker);

      // Act
      const html = formatHtml(report);

      // Assess
      expect(tags(html).some((tag) => /^<\/?b[\s>]/i.test(tag))).toBe(false);
      expect(
        html.split('&lt;b class=&quot;x&quot;&gt;&#39;&amp;&lt;/b&gt;').length - 1,
      ).toBeGreaterThanOrEqual(24);
    });

    it.each([
      ['<>&"\'', '&lt;&gt;&amp;&quot;&#39;'],
      ['win\u202Egnp.exe', 'win\uFFFDgnp.exe'],
      ['a\u0000b\u001bc', 'a\uFFFDb\uFFFDc'],
      ['line one\nline two\ttab', 'line one\nline two\ttab'],
      ['plain-name_1', 'plain-name_1'],
    ])('escapes %j as %j', (text, expected) => {
      // Act & assess
      expect(escapeHtml(text)).toBe(expected);
    });

    it('embeds the report as JSON that parses back to it and cannot end its script element', () => {
      // Prepare
      const report = makeReport({
        findings: [makeFinding({ title: '</script><!-- <script>alert(1)</script> & \u2028' })],
      });

      // Act
      const html = formatHtml(report);

      // Assess
      const embedded = elementContent(html, /<script type="application\/json" id="report-data">/);
      expect(embedded).not.toMatch(/[<>]/);
      expect(JSON.parse(embedded)).toEqual(report);
      expect(embedJson({ a: '</script>' })).toBe('{"a":"\\u003c/script\\u003e"}');
    });
  });

  describe('content', () => {
    it('shows the title, the scanner with its version, when it scanned and the scope', () => {
      // Prepare
      const report = makeReport({ region: 'us-west-2' }, { region: 'eu-central-1' });

      // Act
      const html = formatHtml(report);

      // Assess
      expect(html).toContain(
        '<title>EKS Windows nodes compliance report – 2026-11-25 12:00:00 UTC</title>',
      );
      expect(html).toContain(`eks-windows-scanner ${SCANNER_VERSION}`);
      expect(html).toContain(
        '<time datetime="2026-11-25T12:00:00.000Z">2026-11-25 12:00:00 UTC</time>',
      );
      expect(html).toContain('<dt>Account</dt><dd>123456789012</dd>');
      expect(html).toContain('<dt>Regions</dt><dd>us-west-2, eu-central-1</dd>');
      expect(html).toContain('2 clusters, 4 node sources (2 Windows)');
    });

    it('shows the unsuppressed count of every severity on its own card', () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });

      // Act
      const html = formatHtml(report);

      // Assess
      const cards = [
        ...html.matchAll(/data-severity="([A-Z]+)"><span class="count">(\d+)<\/span>/g),
      ];
      expect(
        Object.fromEntries(cards.map(([, severity, count]) => [severity, Number(count)])),
      ).toEqual(report.summary.findings);
      expect(report.summary.findings).toEqual({
        CRITICAL: 1,
        HIGH: 2,
        MEDIUM: 0,
        LOW: 1,
        INFORMATIONAL: 0,
      });
      expect(html).toContain('1 suppressed finding is not counted');
      expect(html).toContain('tick “Show suppressed” below to list it.');
      expect(html).toContain('and listed below, marked SUPPRESSED.');
    });

    it('says the scan is complete, without an INCOMPLETE banner or errors table', () => {
      // Act
      const html = formatHtml(makeReport({ findings: sampleFindings() }));

      // Assess
      expect(html).toContain('<h2>Scan complete</h2>');
      expect(html).not.toContain('INCOMPLETE');
      expect(html).not.toContain('id="scan-errors"');
    });

    it("points a complete scan's banner at its warnings, which may say a check did not run", () => {
      // Prepare
      const warning = {
        code: 'InsightsUnavailable',
        message: 'the eks-insight rule did not run for 5 clusters',
      };

      // Act
      const withWarnings = (warnings: ScanWarning[]) => ({ ...makeReport({}), warnings });
      const one = formatHtml(withWarnings([warning]));
      const two = formatHtml(withWarnings([warning, { ...warning, cluster: 'prod' }]));

      // Assess
      expect(one).toContain('read without errors. The warning below says what it could not judge.');
      expect(two).toContain(
        'read without errors. The 2 warnings below say what it could not judge.',
      );
    });

    it('puts an INCOMPLETE banner with one row per error first when the scan is incomplete', () => {
      // Prepare
      const report = makeReport({
        complete: false,
        errors: [
          {
            region: 'us-west-2',
            operation: 'DescribeImages',
            code: 'Throttling',
            message: 'Rate exceeded',
          },
          {
            region: 'us-west-2',
            cluster: 'prod',
            operation: 'DescribeNodegroup',
            code: 'AccessDeniedException',
            message: 'not authorized',
          },
        ],
      });

      // Act
      const html = formatHtml(report);

      // Assess
      expect(html).toMatch(/<title>\[INCOMPLETE\] /);
      const banner = elementContent(html, /<section class="status status-incomplete"[^>]*>/);
      expect(banner).toContain('<h2>INCOMPLETE SCAN</h2>');
      expect(banner).toContain('2 errors stopped parts of the scope from being read.');
      const rows = elementContent(banner, /<tbody>/).match(/<tr>/g);
      expect(rows).toHaveLength(2);
      expect(banner).toContain(
        '<td><code>AccessDeniedException</code></td><td>not authorized</td>',
      );
      expect(html.indexOf('status-incomplete')).toBeLessThan(html.indexOf('id="summary"'));
    });

    it('groups findings by severity, most severe first, then by cluster', () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });

      // Act
      const html = formatHtml(report);

      // Assess
      const sections = [...html.matchAll(/<section class="severity-group sev-([A-Z]+)"/g)].map(
        ([, severity]) => severity,
      );
      expect(sections).toEqual(['CRITICAL', 'HIGH', 'LOW', 'INFORMATIONAL']);
      const high = elementContent(html, /<section class="severity-group sev-HIGH"[^>]*>/);
      expect(
        [...high.matchAll(/<h4>Cluster <strong>([^<]+)<\/strong><\/h4>/g)].map(([, name]) => name),
      ).toEqual(['prod', 'staging-windows-workloads-eu-central-cluster']);
    });

    it("shows a finding's rule, title, resource in words, ids, affected node sources, texts and evidence", () => {
      // Prepare
      const finding = makeFinding({
        ruleId: 'docker-runtime-unsupported',
        severity: 'CRITICAL',
        resource: {
          type: 'AwsEc2LaunchTemplate',
          id: 'lt-0aaa',
          name: 'win-2019-docker',
          arn: 'arn:aws:ec2:us-west-2:123456789012:launch-template/lt-0aaa',
        },
        affected: [
          { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg-a' },
          { type: 'AwsEc2Instance', name: 'node-1', id: 'i-0abc' },
        ],
        evidence: {
          containerRuntime: 'docker',
          dnsClusterIp: null,
          cidrs: ['10.0.0.0/8'],
          explicit: true,
        },
      });

      // Act
      const html = formatHtml(makeReport({ findings: [finding] }));

      // Assess
      const card = elementContent(html, /<article [^>]*>/);
      expect(card).toContain('<code class="rule-id">docker-runtime-unsupported</code>');
      expect(card).toContain(`<h5 class="finding-title">${finding.title}</h5>`);
      expect(card).toContain(
        '<dt>Resource</dt><dd>Launch template <strong>win-2019-docker</strong></dd>',
      );
      expect(card).toContain('<dt>Resource ID</dt><dd><code>lt-0aaa</code></dd>');
      expect(card).toContain(`<dt>ARN</dt><dd><code>${finding.resource.arn}</code></dd>`);
      expect(card).toContain('<li>Auto Scaling group <strong>win-asg-a</strong></li>');
      expect(card).toContain('<li>Instance <strong>node-1</strong> <code>i-0abc</code></li>');
      expect(card).toContain(`Description</span>${finding.description}</div>`);
      expect(card).toContain(`Remediation</span>${finding.remediation}</div>`);
      expect(card).toContain('<tr><th scope="row">containerRuntime</th><td>docker</td></tr>');
      expect(card).toContain(
        '<tr><th scope="row">dnsClusterIp</th><td><span class="none">none</span></td></tr>',
      );
      expect(card).toContain('<tr><th scope="row">cidrs</th><td>10.0.0.0/8</td></tr>');
      expect(card).toContain('<tr><th scope="row">explicit</th><td>true</td></tr>');
      expect(card).toContain(`Finding ID <span class="mono">${finding.id}</span>`);
      expect(card).not.toContain('SUPPRESSED');
    });

    it('marks a suppressed finding SUPPRESSED, for the filter and for the reader', () => {
      // Prepare
      const report = makeReport({ findings: [makeFinding({ suppressed: true })] });

      // Act
      const html = formatHtml(report);

      // Assess
      const opening = /<article [^>]*>/.exec(html)?.[0];
      expect(opening).toContain('class="finding sev-HIGH is-suppressed"');
      expect(opening).toContain('data-suppressed="true"');
      expect(html).toMatch(/<span class="tag-suppressed"[^>]*>SUPPRESSED<\/span>/);
      expect(html).toContain('Show suppressed (1)');
    });

    it.each([
      [
        'a configuration file entry, with the reason',
        {
          source: 'file',
          origin: '.eks-windows-scanner.yaml line 12',
          until: '2026-12-31',
          reason: 'Replaced in <December> & retired',
        },
        [
          'Suppressed by configuration file .eks-windows-scanner.yaml line 12, until 2026-12-31.',
          'Reason: Replaced in &lt;December&gt; &amp; retired',
        ],
      ],
      [
        'the tag on the resource that carries it',
        { source: 'tag', origin: 'tag on launch template win-ng (lt-0abc)' },
        ['Suppressed by eks-windows-scanner:suppress tag on launch template win-ng (lt-0abc).'],
      ],
      [
        'the SUPPRESSIONS setting',
        { source: 'environment', origin: 'configuration' },
        ['Suppressed by SUPPRESSIONS setting.'],
      ],
    ] as const)('shows a finding suppressed by %s, and why', (_name, suppression, expected) => {
      // Prepare
      const report = makeReport({ findings: [makeFinding({ suppressed: true, suppression })] });

      // Act
      const html = formatHtml(report);

      // Assess
      const card = elementContent(html, /<article [^>]*>/);
      const block = elementContent(card, /<div class="prose suppression"[^>]*>/);
      expect(block).toBe(`<span class="prose-label">Suppression</span>${expected.join('\n')}`);
      expect(card).toContain(`data-suppression-source="${suppression.source}"`);
    });

    it('writes the reason of a suppression on one line, control characters out', () => {
      // Prepare
      const finding = makeFinding({
        suppressed: true,
        suppression: { source: 'file', origin: 'f.yaml line 1', reason: 'a\u001b[31m\nb\u202ec' },
      });

      // Act
      const html = formatHtml(makeReport({ findings: [finding] }));

      // Assess
      const block = elementContent(html, /<div class="prose suppression"[^>]*>/);
      expect(block).toContain('Reason: a [31m b c');
    });

    it('shows no suppression block on a finding that is not suppressed', () => {
      // Act
      const html = formatHtml(makeReport({ findings: [makeFinding()] }));

      // Assess
      expect(html).not.toContain('class="prose suppression"');
    });

    it("lists the report's warnings after the errors, one row each, escaped", () => {
      // Prepare
      const report = makeReport({
        complete: false,
        errors: [{ operation: 'DescribeImages', code: 'Throttling', message: 'Rate exceeded' }],
      });
      report.warnings = [
        {
          code: 'suppression-tag-unreadable',
          message: 'tag on cluster prod: "ami-outdatd" has an unknown rule id <b>',
          accountId: '123456789012',
          region: 'us-west-2',
          cluster: 'prod',
        },
        { code: 'suppression-expired', message: 'scanner.yaml line 3: expired on 2026-01-01' },
      ];

      // Act
      const html = formatHtml(report);

      // Assess
      const section = elementContent(html, /<section class="warnings" id="scan-warnings"[^>]*>/);
      expect(section).toContain('<h2 id="warnings-heading">Warnings (2)</h2>');
      expect(elementContent(section, /<tbody>/).match(/<tr>/g)).toHaveLength(2);
      expect(section).toContain(
        '<td><code>suppression-tag-unreadable</code></td><td>tag on cluster prod: &quot;ami-outdatd&quot; has an unknown rule id &lt;b&gt;</td>',
      );
      expect(html.indexOf('id="scan-errors"')).toBeLessThan(html.indexOf('id="scan-warnings"'));
      expect(html.indexOf('id="scan-warnings"')).toBeLessThan(html.indexOf('id="summary"'));
    });

    it('has no warnings section when the report has none', () => {
      // Act
      const html = formatHtml(makeReport({ findings: [makeFinding()] }));

      // Assess
      expect(html).not.toContain('id="scan-warnings"');
    });

    it('offers every cluster in the select, and tags each finding with its option', () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });

      // Act
      const html = formatHtml(report);

      // Assess
      const select = elementContent(html, /<select id="filter-cluster">/);
      const options = [...select.matchAll(/<option value="(\d*)">([^<]+)<\/option>/g)].map(
        ([, value, label]) => [value, label],
      );
      expect(options).toEqual([
        ['', 'All clusters'],
        ['0', 'prod'],
        ['1', 'staging-windows-workloads-eu-central-cluster'],
      ]);
      const clusterOfArticles = [...html.matchAll(/<article [^>]*data-cluster="(\d+)"/g)].map(
        ([, index]) => index,
      );
      expect(clusterOfArticles).toEqual(['0', '0', '1', '0', '0']);
      expect(html).toContain('5 of 5 findings shown');
    });

    it('tells apart clusters of the same name in different accounts, in the select, the groups and the verdicts', () => {
      // Prepare
      const [first, second] = ['111122223333', '444455556666'];
      const finding = (accountId: string) =>
        makeFinding({ accountId, id: `${accountId}/us-west-2/prod/ami-unavailable/lt-1` });
      const base = makeReport({ findings: [finding(first), finding(second)] });
      const readiness = sampleReadiness().slice(1, 2);
      const report: Report = {
        ...base,
        scope: { accounts: [first, second], regions: ['us-west-2'] },
        readiness: [
          ...readiness.map((entry) => ({ ...entry, accountId: first })),
          ...readiness.map((entry) => ({ ...entry, accountId: second })),
        ],
      };

      // Act
      const html = formatHtml(report);

      // Assess
      const select = elementContent(html, /<select id="filter-cluster">/);
      const options = [...select.matchAll(/<option value="(\d*)">([^<]+)<\/option>/g)].map(
        ([, , label]) => label,
      );
      expect(options).toEqual(['All clusters', `prod · ${first}`, `prod · ${second}`]);
      expect(html).toContain(`<h4>Cluster <strong>prod · ${second}</strong></h4>`);
      expect(html).toContain(`<strong>staging · ${first}</strong>`);
      expect(html).toContain(`<strong>staging · ${second}</strong>`);
    });

    it('says there are no findings, and offers no filters, when there are none', () => {
      // Act
      const html = formatHtml(makeReport({ findings: [] }));

      // Assess
      expect(html).toContain('<p class="empty all-clear" id="no-findings">No findings.</p>');
      expect(html).not.toContain('id="filters"');
      expect(html).not.toContain('<article');
    });
  });
});

describe('Function: formatHtmlChunks', () => {
  it('yields, joined, exactly the page formatHtml writes', () => {
    // Prepare
    const report = largeReport(200);
    report.readiness = sampleReadiness();

    // Act
    const chunks = [...formatHtmlChunks(report)];

    // Assess
    expect(chunks.join('')).toBe(formatHtml(report));
    expect(occurrences(chunks.join(''), '<article ')).toBe(201);
  });

  it('yields no piece that grows with the number of findings', () => {
    // Prepare
    const largestChunk = (count: number) =>
      Math.max(...[...formatHtmlChunks(largeReport(count))].map((chunk) => chunk.length));

    // Act
    const chunks = [...formatHtmlChunks(largeReport(1000))];

    // Assess
    // The page's head (style included) is the largest piece at any size; only the counts
    // it shows get longer.
    expect(largestChunk(1000)).toBeLessThan(largestChunk(10) + 100);
    for (const chunk of chunks) {
      expect(occurrences(chunk, '<article ')).toBeLessThanOrEqual(1);
      expect(occurrences(chunk, '"ruleId":')).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ['many findings, errors and warnings', () => largeReport(50)],
    ['no findings', () => makeReport({ findings: [] })],
    ['its findings as the last field', () => findingsLast(largeReport(3))],
  ])('embeds the report with %s as JSON that parses back to it', (_name, build) => {
    // Prepare
    const report = build();

    // Act
    const html = [...formatHtmlChunks(report)].join('');

    // Assess
    const embedded = elementContent(html, /<script type="application\/json" id="report-data">/);
    expect(embedded).toBe(embedJson(report));
    expect(embedded).not.toMatch(/[<>]/);
    expect(JSON.parse(embedded)).toEqual(report);
  });
});

describe('Function: formatHtml, upgrade readiness', () => {
  it('shows each cluster verdict before the summary, the blockers with their fix', () => {
    // Act
    const html = formatHtml(
      makeReport({ findings: [makeUpgradeFinding()], readiness: sampleReadiness() }),
    );

    // Assess
    const section = html.slice(
      html.indexOf('<section class="readiness"'),
      html.indexOf('</section>', html.indexOf('<section class="readiness"')),
    );
    expect(html.indexOf('id="upgrade-readiness"')).toBeLessThan(html.indexOf('id="summary"'));
    expect(section).toContain(
      '<strong>prod</strong> <span class="mono">1.23 → 1.24</span> <span class="verdict verdict-blocked">blocked (1)</span>',
    );
    expect(section).toContain(
      '<span class="prose-label">Fix</span>Remove -ContainerRuntime docker from the bootstrap call and replace the nodes.',
    );
    expect(section).toContain('<span class="verdict verdict-ready">ready for 1.24</span>');
  });

  it('marks an upgrade finding, and escapes what the verdict quotes', () => {
    // Prepare
    const [prod] = sampleReadiness() as [ClusterReadiness];
    const readiness = [{ ...prod, cluster: '<img src=x>' }];

    // Act
    const html = formatHtml(makeReport({ findings: [makeUpgradeFinding()], readiness }));

    // Assess
    expect(html).toContain('<span class="tag-upgrade"');
    expect(html).toContain('UPGRADE 1.23 → 1.24</span>');
    expect(html).not.toContain('<strong><img src=x></strong>');
    expect(html).toContain('&lt;img src=x&gt;');
  });

  it('has no readiness section when the report has none', () => {
    expect(formatHtml(makeReport({ findings: [] }))).not.toContain('id="upgrade-readiness"');
  });
});

describe('Function: formatHtml, a selection of findings', () => {
  it('says in the summary, under the counts, that only the selection is there and what it left out', () => {
    // Prepare
    const report = selectFindings(makeReport({ findings: sampleFindings() }), {
      severities: ['CRITICAL'],
    });

    // Act
    const html = formatHtml(report);

    // Assess
    const summary = elementContent(html, /<section class="summary"[^>]*>/);
    expect(summary).toContain('<span class="count">0</span><span class="label">High</span>');
    expect(elementContent(summary, /<p class="selection-note" id="selection-note">/)).toBe(
      'This report holds only the findings selected by --severity CRITICAL; 3 unsuppressed findings were left out (2 HIGH, 1 LOW), neither shown nor counted.',
    );
  });

  it('keeps the note when printed: no rule of the page hides it', () => {
    // Prepare
    const report = selectFindings(makeReport({ findings: sampleFindings() }), {
      rules: ['ami-outdated'],
    });

    // Act
    const html = formatHtml(report);

    // Assess
    const style = elementContent(html, /<style[^>]*>/);
    const hiding = style
      .split('}')
      .filter((rule) => /display:\s*none|visibility:\s*hidden/.test(rule));
    expect(hiding.join('}')).not.toContain('selection-note');
    expect(html).not.toMatch(/<p class="selection-note"[^>]*hidden/);
  });

  it('has no note when nothing was selected', () => {
    // Act
    const html = formatHtml(makeReport({ findings: sampleFindings() }));

    // Assess
    expect(html).not.toContain('id="selection-note"');
  });
});

describe('Constant: HTML_REPORT_STYLE', () => {
  // WCAG 2.x relative luminance and contrast ratio of two `#rrggbb` colours.
  const luminance = (hex: string) => {
    const linear = (at: number) => {
      const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(1) + 0.7152 * linear(3) + 0.0722 * linear(5);
  };
  const contrast = (a: string, b: string) => {
    const light = Math.max(luminance(a), luminance(b));
    const dark = Math.min(luminance(a), luminance(b));
    return (light + 0.05) / (dark + 0.05);
  };
  const colour = (name: string): string => {
    const found = HTML_REPORT_STYLE.match(new RegExp(`--${name}: (#[0-9a-f]{6});`))?.[1];
    if (found === undefined) throw new Error(`--${name} is not a #rrggbb colour in the stylesheet`);
    return found;
  };

  it.each(['critical', 'high', 'medium', 'low', 'informational', 'ok'])(
    'gives the %s badge text WCAG AA contrast (4.5:1) on its background',
    (severity) => {
      expect(contrast(colour(severity), colour(`${severity}-bg`))).toBeGreaterThanOrEqual(4.5);
    },
  );

  it.each(['faint', 'muted', 'ink'])(
    'gives --%s text WCAG AA contrast (4.5:1) on the cards and on the page',
    (name) => {
      expect(contrast(colour(name), colour('card'))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colour(name), colour('page'))).toBeGreaterThanOrEqual(4.5);
    },
  );
});
