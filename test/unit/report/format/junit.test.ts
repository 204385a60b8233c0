import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { selectFindings } from '../../../../src/cli/select.ts';
import { INSIGHTS_UNAVAILABLE_CODE } from '../../../../src/collect/insights.ts';
import { RULES } from '../../../../src/evaluate/rules/index.ts';
import type { ScanWarning } from '../../../../src/evaluate/types.ts';
import {
  attribute,
  formatJunit,
  JUNIT_SCAN_SUITE,
  NOT_RUN_WARNING_RULES,
  text,
} from '../../../../src/report/format/junit.ts';
import type { Report } from '../../../../src/report/types.ts';
import { makeFinding, makeReport, makeUpgradeFinding, sampleFindings } from '../fixtures.ts';
import { CONTROL_CHARACTERS, HOSTILE, hostileReport } from './hostile.ts';

const JUNIT_XSD = readFileSync(
  new URL('../../../fixtures/schemas/JUnit.xsd', import.meta.url),
  'utf8',
);

async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [JUNIT_XSD],
  });
  return result.errors.map((error) => error.rawMessage);
}

interface ParsedCase {
  suite: string;
  classname: string;
  name: string;
  outcome?: string;
  type?: string;
}

/** The test cases of the output, read with a regular expression (the XSD checks the shape). */
function cases(xml: string): ParsedCase[] {
  const parsed: ParsedCase[] = [];
  for (const suite of xml.matchAll(/<testsuite name="([^"]*)"[\s\S]*?<\/testsuite>/g)) {
    for (const match of suite[0].matchAll(
      /<testcase classname="([^"]*)" name="([^"]*)" time="0"(?:\/>|>\s*<(failure|error|skipped)(?: type="([^"]*)")?)/g,
    )) {
      parsed.push({
        suite: suite[1] ?? '',
        classname: match[1] ?? '',
        name: match[2] ?? '',
        ...(match[3] ? { outcome: match[3] } : {}),
        ...(match[4] ? { type: match[4] } : {}),
      });
    }
  }
  return parsed;
}

/** The warning the collector leaves when EKS insights could not be read in a whole region. */
function insightsUnavailable(overrides: Partial<ScanWarning> = {}): ScanWarning {
  return {
    code: INSIGHTS_UNAVAILABLE_CODE,
    message:
      'EKS cluster insights could not be read (ListInsights: AccessDeniedException), so the eks-insight rule did not run for 5 clusters (a, b, c, d, e); grant eks:ListInsights and eks:DescribeInsight, or ignore this where EKS does not offer insights.',
    accountId: '123456789012',
    region: 'us-west-2',
    ...overrides,
  };
}

/** A report through the real `buildReport`, with these warnings. */
function reportWithWarnings(warnings: ScanWarning[], findings = sampleFindings()): Report {
  return { ...makeReport({ findings }), warnings };
}

function suiteAttributes(xml: string, name: string): Record<string, string> {
  const tag = new RegExp(`<testsuite name="${name}"[^>]*>`).exec(xml)?.[0] ?? '';
  return Object.fromEntries([...tag.matchAll(/ ([a-z]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

describe('Function: formatJunit', () => {
  describe('validity against the Ant/Jenkins JUnit schema', () => {
    it.each([
      ['an empty complete report', () => makeReport({ findings: [] })],
      ['several findings, one suppressed', () => makeReport({ findings: sampleFindings() })],
      ['an incomplete report with errors and hostile strings', hostileReport],
      ['an incomplete report without errors', () => makeReport({ complete: false })],
      [
        'a rule that did not run',
        () =>
          reportWithWarnings([insightsUnavailable(), insightsUnavailable({ cluster: 'p"<&>' })]),
      ],
    ])('validates %s', async (_name, report: () => Report) => {
      // Act & assess
      expect(await schemaErrors(formatJunit(report()))).toEqual([]);
      expect(await schemaErrors(formatJunit(report(), { failOn: 'HIGH' }))).toEqual([]);
    });

    it('rejects a document that breaks the schema (the validator can fail)', async () => {
      // Prepare
      const xml = formatJunit(makeReport({ findings: sampleFindings() })).replace(
        ' hostname="localhost"',
        '',
      );

      // Act & assess
      expect(await schemaErrors(xml)).not.toEqual([]);
    });
  });

  describe('test suites and cases', () => {
    it('has one suite per catalogue rule, then the scan suite', () => {
      // Act
      const xml = formatJunit(makeReport({ findings: sampleFindings() }));
      const suites = [...xml.matchAll(/<testsuite name="([^"]*)"/g)].map((match) => match[1]);

      // Assess
      expect(suites).toEqual([...RULES.map((rule) => rule.id), JUNIT_SCAN_SUITE]);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n')).toBe(true);
    });

    it('has one test case per rule and resource, classname the rule id and name the resource', () => {
      // Prepare
      const arn = 'arn:aws:ec2:us-west-2:123456789012:launch-template/lt-0abc1234567890def';
      const findings = [
        makeFinding({
          resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0abc1234567890def', arn },
        }),
        makeFinding({ resource: { type: 'AwsEc2Instance', id: 'i-0abc' }, cluster: 'dev' }),
      ];

      // Act
      const amiCases = cases(formatJunit(makeReport({ findings }))).filter(
        (testCase) => testCase.suite === 'ami-unavailable',
      );

      // Assess
      expect(amiCases).toEqual([
        expect.objectContaining({
          classname: 'ami-unavailable',
          name: '123456789012/us-west-2/AwsEc2Instance/i-0abc (cluster dev)',
        }),
        expect.objectContaining({ classname: 'ami-unavailable', name: `${arn} (cluster prod)` }),
      ]);
    });

    it('names apart the findings of one rule on one resource: health issue codes, insights', () => {
      // Prepare: ids as evaluation writes them; GitLab keeps one test case per name.
      const arn = 'arn:aws:eks:us-west-2:123456789012:nodegroup/prod/win-ng/0a1b';
      const nodegroup = { type: 'AwsEksNodegroup' as const, id: 'win-ng', name: 'win-ng', arn };
      const base = '123456789012/us-west-2/prod/eks-nodegroup-health-issue/AwsEksNodegroup/win-ng';
      const clusterArn = 'arn:aws:eks:us-west-2:123456789012:cluster/prod';
      const insight = (id: string) =>
        makeFinding({
          id: `123456789012/us-west-2/prod/eks-insight/AwsEksCluster/prod/insights/${id}`,
          ruleId: 'eks-insight',
          resource: {
            type: 'AwsEksCluster',
            id: `prod/insights/${id}`,
            name: 'prod',
            arn: clusterArn,
          },
        });
      const findings = [
        makeFinding({
          id: `${base}/NodeCreationFailure`,
          ruleId: 'eks-nodegroup-health-issue',
          resource: nodegroup,
        }),
        makeFinding({
          id: `${base}/AmiIdNotFound`,
          ruleId: 'eks-nodegroup-health-issue',
          resource: nodegroup,
        }),
        insight('a1b2'),
        insight('c3d4'),
      ];

      // Act
      const names = cases(formatJunit(makeReport({ findings })))
        .filter((testCase) => testCase.suite.startsWith('eks-'))
        .map((testCase) => testCase.name);

      // Assess
      expect(names).toEqual(
        expect.arrayContaining([
          `${arn} (cluster prod) [NodeCreationFailure]`,
          `${arn} (cluster prod) [AmiIdNotFound]`,
          `${clusterArn} [prod/insights/a1b2] (cluster prod)`,
          `${clusterArn} [prod/insights/c3d4] (cluster prod)`,
        ]),
      );
    });

    it('gives a rule without findings one passing case, so every rule that ran is counted', () => {
      // Act
      const bootstrapMissing = cases(formatJunit(makeReport({ findings: [] }))).filter(
        (testCase) => testCase.classname === 'bootstrap-missing',
      );

      // Assess
      expect(bootstrapMissing).toEqual([
        { suite: 'bootstrap-missing', classname: 'bootstrap-missing', name: 'no findings' },
      ]);
    });

    it('skips, not passes, a rule without findings in a scan that did not complete; findings stay', () => {
      // Prepare: the scan stopped before some data arrived; one rule found something anyway.
      const found = makeFinding({ ruleId: 'ami-outdated', severity: 'LOW' });
      const report = makeReport({ findings: [found], complete: false });

      // Act
      const xml = formatJunit(report, { failOn: 'HIGH' });
      const all = cases(xml);

      // Assess
      expect(all.filter((c) => c.classname === 'ami-unavailable')).toEqual([
        {
          suite: 'ami-unavailable',
          classname: 'ami-unavailable',
          name: 'no findings, scan incomplete',
          outcome: 'skipped',
        },
      ]);
      expect(all.filter((c) => c.classname === 'ami-outdated')).toEqual([
        expect.objectContaining({ suite: 'ami-outdated', classname: 'ami-outdated' }),
      ]);
      expect(all.find((c) => c.classname === 'ami-outdated')?.outcome).toBe('skipped');
      expect(all.filter((c) => c.name === 'no findings')).toEqual([]);
      expect(suiteAttributes(xml, 'ami-unavailable')).toMatchObject({ tests: '1', skipped: '1' });
      expect(xml).toContain('did not complete (its errors are in the scan suite)');
    });
  });

  describe('outcomes', () => {
    it('fails every unsuppressed finding when no threshold is given, and skips suppressed ones', () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });

      // Act
      const outcomes = cases(formatJunit(report))
        .filter((testCase) => testCase.name !== 'no findings' && testCase.suite !== 'scan')
        .map((testCase) => [testCase.classname, testCase.outcome, testCase.type]);

      // Assess
      expect(outcomes).toEqual([
        ['windows-server-mainstream-ended', 'skipped', undefined],
        ['docker-runtime-unsupported', 'failure', 'CRITICAL'],
        ['ami-unavailable', 'failure', 'HIGH'],
        ['ami-outdated', 'failure', 'LOW'],
        ['bootstrap-cluster-mismatch', 'failure', 'HIGH'],
      ]);
    });

    it('fails only findings at or above the fail-on severity; those below are skipped, not passed', () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });

      // Act
      const xml = formatJunit(report, { failOn: 'HIGH' });
      const outcomes = Object.fromEntries(
        cases(xml)
          .filter((testCase) => testCase.name !== 'no findings' && testCase.suite !== 'scan')
          .map((testCase) => [testCase.classname, testCase.outcome ?? 'passed']),
      );

      // Assess
      expect(outcomes).toEqual({
        'windows-server-mainstream-ended': 'skipped',
        'docker-runtime-unsupported': 'failure',
        'ami-unavailable': 'failure',
        'ami-outdated': 'skipped',
        'bootstrap-cluster-mismatch': 'failure',
      });
      expect(xml).toContain('<property name="failOn" value="HIGH"/>');
      const outdated = sampleFindings().find((finding) => finding.ruleId === 'ami-outdated');
      expect(xml).toContain(
        `<skipped message="LOW, below --fail-on HIGH: ${outdated?.title}">LOW ami-outdated:`,
      );
    });

    it.each([
      [
        'a configuration file entry with a reason: the reason',
        { source: 'file', origin: 'scanner.yaml line 9', reason: 'Retired with "prod" & <old>' },
        'suppressed: Retired with &quot;prod&quot; &amp; &lt;old&gt;',
        'Suppressed by configuration file scanner.yaml line 9\nReason: Retired with "prod" &amp; &lt;old&gt;',
      ],
      [
        'a tag without a reason: where it is',
        { source: 'tag', origin: 'tag on cluster prod', until: '2026-12-31' },
        'suppressed by eks-windows-scanner:suppress tag on cluster prod, until 2026-12-31',
        'Suppressed by eks-windows-scanner:suppress tag on cluster prod, until 2026-12-31',
      ],
      [
        'the SUPPRESSIONS setting: the setting',
        { source: 'environment', origin: 'configuration' },
        'suppressed by SUPPRESSIONS setting',
        'Suppressed by SUPPRESSIONS setting',
      ],
    ] as const)(
      'says in the skipped message of a finding suppressed by %s',
      async (_name, suppression, message, detail) => {
        // Prepare
        const report = makeReport({ findings: [makeFinding({ suppressed: true, suppression })] });

        // Act
        const xml = formatJunit(report);

        // Assess
        const skipped = /<skipped message="([^"]*)">([^<]*)<\/skipped>/.exec(xml);
        expect(skipped?.[1]).toBe(message);
        expect(skipped?.[2]?.endsWith(`\n\n${detail}`)).toBe(true);
        expect(await schemaErrors(xml)).toEqual([]);
      },
    );

    it('writes the reason of a suppression on one line, without control characters', async () => {
      // Prepare
      const reason = `ok\u001b[31m\r\nnext\u0007\u0085 ${'z'.repeat(800)}`;
      const report = makeReport({
        findings: [
          makeFinding({
            suppressed: true,
            suppression: { source: 'file', origin: 'f.yaml line 1', reason },
          }),
        ],
      });

      // Act
      const xml = formatJunit(report);

      // Assess
      const message = /<skipped message="([^"]*)">/.exec(xml)?.[1] ?? '';
      expect(message).toMatch(/^suppressed: ok \[31m next z+…$/);
      expect([...message]).toHaveLength('suppressed: '.length + 500);
      for (const control of CONTROL_CHARACTERS) expect(xml).not.toContain(control);
      expect(await schemaErrors(xml)).toEqual([]);
    });

    it('counts tests, failures, errors and skipped per suite', () => {
      // Prepare
      const findings = [
        makeFinding({ resource: { type: 'AwsEc2Instance', id: 'i-1' } }),
        makeFinding({ resource: { type: 'AwsEc2Instance', id: 'i-2' }, suppressed: true }),
        makeFinding({ resource: { type: 'AwsEc2Instance', id: 'i-3' } }),
      ];

      // Act
      const xml = formatJunit(makeReport({ findings }));

      // Assess
      expect(suiteAttributes(xml, 'ami-unavailable')).toMatchObject({
        tests: '3',
        failures: '2',
        errors: '0',
        skipped: '1',
        timestamp: '2026-11-25T12:00:00',
      });
    });

    it('writes the scan errors as error test cases in the scan suite', () => {
      // Act
      const xml = formatJunit(hostileReport());
      const scanCases = cases(xml).filter((testCase) => testCase.suite === JUNIT_SCAN_SUITE);

      // Assess
      expect(scanCases).toEqual([
        {
          suite: 'scan',
          classname: 'scan',
          name: 'DescribeNodegroup 123456789012/us-west-2/prod',
          outcome: 'error',
          type: 'AccessDeniedException',
        },
        {
          suite: 'scan',
          classname: 'scan',
          name: 'DescribeImages',
          outcome: 'error',
          type: 'Throttling',
        },
      ]);
      expect(suiteAttributes(xml, 'scan')).toMatchObject({ tests: '2', errors: '2' });
    });

    it('passes the scan case of a complete scan and errors it for an incomplete one without errors', () => {
      // Act
      const complete = cases(formatJunit(makeReport())).filter((c) => c.suite === 'scan');
      const incomplete = cases(formatJunit(makeReport({ complete: false }))).filter(
        (c) => c.suite === 'scan',
      );

      // Assess
      expect(complete).toEqual([{ suite: 'scan', classname: 'scan', name: 'scan complete' }]);
      expect(incomplete).toEqual([
        expect.objectContaining({ name: 'scan complete', outcome: 'error', type: 'Incomplete' }),
      ]);
    });
  });

  describe('escaping', () => {
    it('escapes markup and quotes, and writes tab, LF and CR in attributes as references', () => {
      // Act & assess
      expect(attribute(`a"b'c<d>&e\tf\ng\rh`)).toBe(
        'a&quot;b&apos;c&lt;d&gt;&amp;e&#9;f&#10;g&#13;h',
      );
      expect(text('a < b && c > d ]]> e\r\n')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt; e&#13;\n');
    });

    it('strips control characters and lone surrogates, marks bidi overrides, keeps other unicode', () => {
      // Act
      const xml = formatJunit(hostileReport());

      // Assess
      for (const control of CONTROL_CHARACTERS) expect(xml).not.toContain(control);
      expect(xml.isWellFormed()).toBe(true);
      expect(xml).toContain('ünïcødé 日本 🚀 \ufffdevil \ufffdlone');
      expect(xml).not.toContain('\u202e');
      expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;|#\d+;)/);
      expect(xml).not.toContain(HOSTILE);
    });

    it('keeps the hostile text readable after an XML parser reads it back', async () => {
      // Prepare
      const report = makeReport({ findings: [makeFinding({ title: 'x "<&>" y' })] });

      // Act
      const result = await validateXML({
        xml: [{ fileName: 'report.xml', contents: formatJunit(report) }],
        schema: [JUNIT_XSD],
        normalization: 'c14n',
      });

      // Assess: canonical XML (C14N) re-escapes only what each place needs, so the parsed
      // value is exactly the title
      expect(result.valid).toBe(true);
      expect(result.normalized).toContain('<failure message="HIGH: x &quot;&lt;&amp;>&quot; y"');
      expect(result.normalized).toContain('>HIGH ami-unavailable: x "&lt;&amp;&gt;" y\n');
    });
  });
});

describe('Function: formatJunit, rules that did not run', () => {
  it('gives a rule a warning says did not run a skipped case and no passing "no findings" case', async () => {
    // Prepare
    const report = reportWithWarnings([insightsUnavailable()]);

    // Act
    const xml = formatJunit(report);

    // Assess
    const insightCases = cases(xml).filter((testCase) => testCase.suite === 'eks-insight');
    expect(insightCases).toEqual([
      {
        suite: 'eks-insight',
        classname: 'eks-insight',
        name: 'did not run (123456789012/us-west-2)',
        outcome: 'skipped',
      },
    ]);
    expect(suiteAttributes(xml, 'eks-insight')).toMatchObject({
      tests: '1',
      failures: '0',
      errors: '0',
      skipped: '1',
    });
    const skipped = /<skipped message="(did not run: [^"]*)">([^<]*)<\/skipped>/.exec(xml);
    expect(skipped?.[1]).toBe(`did not run: ${insightsUnavailable().message}`);
    expect(skipped?.[2]).toBe(
      [
        'eks-insight did not run',
        'Account: 123456789012  Region: us-west-2  Cluster: -',
        '',
        insightsUnavailable().message,
        '',
        'Warning code: eks-insights-unavailable',
      ].join('\n'),
    );
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it('still passes a rule that ran without findings', () => {
    // Prepare
    const report = reportWithWarnings([insightsUnavailable()]);

    // Act
    const bootstrapMissing = cases(formatJunit(report)).filter(
      (testCase) => testCase.suite === 'bootstrap-missing',
    );

    // Assess
    expect(bootstrapMissing).toEqual([
      { suite: 'bootstrap-missing', classname: 'bootstrap-missing', name: 'no findings' },
    ]);
  });

  it('passes "no findings" of a rule when no warning says it did not run', () => {
    // Prepare: warnings of other kinds say nothing about eks-insight
    const report = reportWithWarnings([
      { code: 'suppression-unknown-rule', message: 'cfg.yaml line 3: rule "x" is unknown' },
      {
        code: 'upgrade-target-below-cluster-version',
        message: 'Cluster prod runs Kubernetes 1.31, newer than the target 1.30.',
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'prod',
      },
    ]);

    // Act
    const insightCases = cases(formatJunit(report)).filter(
      (testCase) => testCase.suite === 'eks-insight',
    );

    // Assess
    expect(insightCases).toEqual([
      { suite: 'eks-insight', classname: 'eks-insight', name: 'no findings' },
    ]);
  });

  it('keeps the findings of a rule that did not run for part of its scope, and skips the rest', async () => {
    // Prepare
    const finding = makeFinding({
      ruleId: 'eks-insight',
      cluster: 'prod',
      resource: { type: 'AwsEksCluster', id: 'prod/insights/abc', name: 'prod' },
    });
    const report = reportWithWarnings([insightsUnavailable({ cluster: 'staging' })], [finding]);

    // Act
    const xml = formatJunit(report, { failOn: 'HIGH' });

    // Assess
    const insightCases = cases(xml).filter((testCase) => testCase.suite === 'eks-insight');
    expect(insightCases).toEqual([
      expect.objectContaining({ outcome: 'failure', type: 'HIGH' }),
      expect.objectContaining({
        name: 'did not run (123456789012/us-west-2/staging)',
        outcome: 'skipped',
      }),
    ]);
    expect(insightCases.map((testCase) => testCase.name)).not.toContain('no findings');
    expect(suiteAttributes(xml, 'eks-insight')).toMatchObject({
      tests: '2',
      failures: '1',
      skipped: '1',
    });
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it('names two warnings of one place apart', () => {
    // Prepare
    const report = reportWithWarnings([
      insightsUnavailable(),
      insightsUnavailable({
        message: 'EKS cluster insights could not be read (ListInsights: HTTP 501).',
      }),
    ]);

    // Act
    const names = cases(formatJunit(report))
      .filter((testCase) => testCase.suite === 'eks-insight')
      .map((testCase) => testCase.name);

    // Assess
    expect(names).toEqual([
      'did not run (123456789012/us-west-2)',
      'did not run (123456789012/us-west-2) #2',
    ]);
  });

  it('shows a rule that did not run even when the catalogue given does not list it', () => {
    // Prepare
    const rules = RULES.filter((rule) => rule.id === 'bootstrap-missing');
    const report = reportWithWarnings([insightsUnavailable()], []);

    // Act
    const xml = formatJunit(report, { rules });
    const suites = [...xml.matchAll(/<testsuite name="([^"]*)"/g)].map((match) => match[1]);

    // Assess
    expect(suites).toEqual(['bootstrap-missing', 'eks-insight', JUNIT_SCAN_SUITE]);
    expect(cases(xml).filter((testCase) => testCase.suite === 'eks-insight')).toEqual([
      expect.objectContaining({ outcome: 'skipped' }),
    ]);
  });

  it("reads the collector's code for the eks-insight rule of the catalogue", () => {
    // Act & assess
    expect(NOT_RUN_WARNING_RULES.get(INSIGHTS_UNAVAILABLE_CODE)).toBe('eks-insight');
    const ruleIds = new Set(RULES.map((rule) => rule.id));
    for (const ruleId of NOT_RUN_WARNING_RULES.values()) expect(ruleIds.has(ruleId)).toBe(true);
  });
});

describe('Function: formatJunit, upgrade findings', () => {
  it('names the target in the case of an upgrade finding, apart from the same resource today', async () => {
    // Prepare
    const today = makeFinding({
      ruleId: 'docker-runtime-unsupported',
      resource: makeUpgradeFinding().resource,
    });

    // Act
    const xml = formatJunit(makeReport({ findings: [makeUpgradeFinding(), today] }));

    // Assess
    expect(await schemaErrors(xml)).toEqual([]);
    const names = cases(xml)
      .filter((testCase) => testCase.classname === 'docker-runtime-unsupported')
      .map((testCase) => testCase.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    expect(names.filter((name) => name.endsWith(' [upgrade to 1.24]'))).toHaveLength(1);
    expect(xml).toContain(
      'Upgrade: 1.23 → 1.24 (a problem once the control plane runs 1.24, not today)',
    );
  });
});

describe('Function: formatJunit, a selection of findings', () => {
  it("names the selection and how many findings it left out in every suite's properties", async () => {
    // Prepare
    const report = selectFindings(makeReport({ findings: sampleFindings() }), {
      severities: ['CRITICAL', 'HIGH'],
    });

    // Act
    const xml = formatJunit(report);

    // Assess
    expect(await schemaErrors(xml)).toEqual([]);
    const suites = xml.match(/<testsuite /g) ?? [];
    expect(
      xml.match(/<property name="selection" value="--severity CRITICAL,HIGH"\/>/g),
    ).toHaveLength(suites.length);
    expect(xml).toContain('<property name="findingsLeftOut" value="1"/>');
  });

  it('skips the rules a --rule or --exclude-rule selection left out, instead of passing them', async () => {
    // Prepare
    const report = selectFindings(makeReport({ findings: sampleFindings() }), {
      excludeRules: ['docker-runtime-unsupported'],
      rules: ['docker-runtime-unsupported', 'ami-unavailable'],
    });

    // Act
    const xml = formatJunit(report);

    // Assess
    expect(await schemaErrors(xml)).toEqual([]);
    const byRule = (ruleId: string) =>
      cases(xml).filter((testCase) => testCase.classname === ruleId);
    expect(byRule('docker-runtime-unsupported')).toEqual([
      expect.objectContaining({ name: 'not selected' }),
    ]);
    expect(byRule('ami-expiring')).toEqual([expect.objectContaining({ name: 'not selected' })]);
    expect(xml).toContain(
      '<skipped message="left out by --rule docker-runtime-unsupported,ami-unavailable --exclude-rule docker-runtime-unsupported: its findings are not in this report"',
    );
    expect(xml).not.toContain('name="no findings"');
  });

  it('names the severities kept on the passing case of a rule without findings among them', () => {
    // Prepare
    const report = selectFindings(makeReport({ findings: sampleFindings() }), {
      severities: ['CRITICAL'],
    });

    // Act
    const xml = formatJunit(report);

    // Assess
    expect(xml).toContain('name="no findings at CRITICAL"');
    expect(xml).not.toContain('name="no findings"');
    expect(xml).not.toContain('name="not selected"');
  });

  it('has no selection property when nothing was selected', () => {
    // Act
    const xml = formatJunit(makeReport({ findings: sampleFindings() }));

    // Assess
    expect(xml).not.toContain('name="selection"');
  });
});
