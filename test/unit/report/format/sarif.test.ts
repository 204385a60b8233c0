import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { selectFindings } from '../../../../src/cli/select.ts';
import { RULES } from '../../../../src/evaluate/rules/index.ts';
import {
  FINGERPRINT_KEY,
  formatSarif,
  SARIF_LEVEL,
  SECURITY_SEVERITY,
  uriOf,
} from '../../../../src/report/format/sarif.ts';
import type { Report } from '../../../../src/report/types.ts';
import sarifSchema from '../../../fixtures/schemas/sarif-schema-2.1.0.json' with { type: 'json' };
import {
  aboutAndNamingTheGroup,
  affectedNamedThreeWays,
  GROUP_WITH_ARN,
  makeFinding,
  makeReport,
  makeUpgradeFinding,
  sampleFindings,
  standAloneInstanceFinding,
} from '../fixtures.ts';
import { HOSTILE_ARN, hostileFinding, hostileReport, uncleanStrings } from './hostile.ts';

/**
 * The OASIS schema declares draft-04, which Ajv 8 does not ship; it uses no keyword whose
 * meaning changed since (checked below), so the draft-07 engine validates it faithfully with
 * the root's draft-04 `$schema` and `id` (its name, not a constraint) set aside.
 */
function compileSarifSchema() {
  // strict mode lints schemas (e.g. `required` naming a property only `anyOf` defines); the
  // published schema is taken as it is.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const { $schema: _draft04, id: _name, ...schema } = sarifSchema;
  return ajv.compile(schema);
}
const validateSarif = compileSarifSchema();

// biome-ignore lint/suspicious/noExplicitAny: SARIF logs are read as plain JSON
type Json = any;

function sarifOf(report: Report): Json {
  return JSON.parse(formatSarif(report));
}

function expectValid(log: unknown): void {
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('Function: formatSarif', () => {
  describe('the schema', () => {
    it('uses no keyword whose meaning changed after draft-04, so the draft-07 engine applies', () => {
      // Act
      const text = JSON.stringify(sarifSchema);

      // Assess
      expect(sarifSchema.$schema).toBe('http://json-schema.org/draft-04/schema#');
      expect(text).not.toMatch(/"exclusive(Minimum|Maximum)"/);
    });

    it('rejects a log that breaks it (the validator can fail)', () => {
      // Prepare
      const log = sarifOf(makeReport({ findings: sampleFindings() }));
      log.runs[0].results[0].level = 'fatal';

      // Act & assess
      expect(validateSarif(log)).toBe(false);
    });
  });

  describe('validity', () => {
    it.each([
      ['an empty complete report', () => makeReport({ findings: [] })],
      ['several findings, one suppressed', () => makeReport({ findings: sampleFindings() })],
      ['an incomplete report with errors and hostile strings', hostileReport],
    ])('validates %s against the SARIF 2.1.0 schema', (_name, report) => {
      // Act & assess
      expectValid(sarifOf(report()));
    });
  });

  describe('tool.driver.rules', () => {
    it('has one rule per catalogue entry, in catalogue order, with its texts', () => {
      // Act
      const { rules } = sarifOf(makeReport({ findings: [] })).runs[0].tool.driver;

      // Assess
      expect(rules.map((rule: Json) => rule.id)).toEqual(RULES.map((rule) => rule.id));
      for (const [index, rule] of RULES.entries()) {
        expect(rules[index]).toMatchObject({
          shortDescription: { text: rule.title },
          fullDescription: { text: rule.description },
          help: { text: rule.remediation },
          defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
          properties: { severity: rule.severity },
        });
        expect(rules[index].name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      }
    });

    it("links the first address of the rule's source as helpUri", () => {
      // Act
      const { rules } = sarifOf(makeReport({ findings: [] })).runs[0].tool.driver;
      const amiUnavailable = rules.find((rule: Json) => rule.id === 'ami-unavailable');

      // Assess
      expect(amiUnavailable.helpUri).toBe(
        'https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html',
      );
      for (const rule of rules) expect(rule.helpUri).toMatch(/^https:\/\/[^\s;]+[^.;,\s]$/);
    });

    it.each([
      ['CRITICAL', 'error', '9.5'],
      ['HIGH', 'error', '8.0'],
      ['MEDIUM', 'warning', '5.5'],
      ['LOW', 'note', '3.0'],
      ['INFORMATIONAL', 'note', undefined],
    ] as const)('maps %s to level %s and security-severity %s', (severity, level, score) => {
      // Prepare
      const rule = { ...(RULES[0] as (typeof RULES)[number]), id: 'some-rule', severity };

      // Act
      const [descriptor] = JSON.parse(formatSarif(makeReport(), { rules: [rule] })).runs[0].tool
        .driver.rules;

      // Assess
      expect(SARIF_LEVEL[severity]).toBe(level);
      expect(SECURITY_SEVERITY[severity]).toBe(score);
      expect(descriptor.defaultConfiguration.level).toBe(level);
      expect(descriptor.properties['security-severity']).toBe(score);
    });

    it('adds a rule for a finding whose rule the catalogue does not know', () => {
      // Prepare
      const finding = makeFinding({ ruleId: 'rule-from-a-newer-version', severity: 'LOW' });

      // Act
      const run = sarifOf(makeReport({ findings: [finding] })).runs[0];

      // Assess
      expect(run.tool.driver.rules).toHaveLength(RULES.length + 1);
      expect(run.tool.driver.rules.at(-1)).toMatchObject({
        id: 'rule-from-a-newer-version',
        defaultConfiguration: { level: 'note' },
      });
      expect(run.results[0].ruleIndex).toBe(RULES.length);
    });
  });

  describe('results', () => {
    it('has one result per finding, pointing at its rule by id and index', () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });

      // Act
      const run = sarifOf(report).runs[0];

      // Assess
      expect(run.results).toHaveLength(report.findings.length);
      for (const [index, result] of run.results.entries()) {
        const finding = report.findings[index];
        expect(result.ruleId).toBe(finding?.ruleId);
        expect(run.tool.driver.rules[result.ruleIndex].id).toBe(finding?.ruleId);
        expect(result.level).toBe(SARIF_LEVEL[finding?.severity ?? 'LOW']);
        expect(result.message.text).toContain(finding?.title);
        expect(result.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: finding?.id });
      }
    });

    it('keeps the fingerprint of a finding from one run to the next', () => {
      // Prepare
      const first = makeReport({ findings: sampleFindings() });
      const second = makeReport({ findings: sampleFindings().reverse() });

      // Act
      const fingerprints = (report: Report) =>
        Object.fromEntries(
          sarifOf(report).runs[0].results.map((result: Json) => [
            result.properties.findingId,
            result.partialFingerprints[FINGERPRINT_KEY],
          ]),
        );

      // Assess
      expect(fingerprints(second)).toEqual(fingerprints(first));
    });

    it("locates a result at the resource's ARN, physically and logically", () => {
      // Prepare
      const arn = 'arn:aws:ec2:us-west-2:123456789012:launch-template/lt-0abc1234567890def';
      const finding = makeFinding({
        resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0abc1234567890def', name: 'win', arn },
      });

      // Act
      const [result] = sarifOf(makeReport({ findings: [finding] })).runs[0].results;

      // Assess
      expect(result.locations).toEqual([
        {
          physicalLocation: { artifactLocation: { uri: arn } },
          logicalLocations: [{ name: 'win', fullyQualifiedName: arn, kind: 'resource' }],
        },
      ]);
      expect(result.relatedLocations[0].logicalLocations[0]).toMatchObject({ name: 'win-asg' });
    });

    it('falls back to account/region/type/id when the resource has no ARN', () => {
      // Prepare
      const finding = makeFinding({ resource: { type: 'AwsEc2Instance', id: 'i-0abc' } });

      // Act
      const [result] = sarifOf(makeReport({ findings: [finding] })).runs[0].results;

      // Assess
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(
        '123456789012/us-west-2/AwsEc2Instance/i-0abc',
      );
    });

    it('names each node source by its ARN when it has one, else account/region/type/id or name', () => {
      // Prepare
      const finding = affectedNamedThreeWays();

      // Act
      const log = sarifOf(makeReport({ findings: [finding] }));
      const [result] = log.runs[0].results;

      // Assess
      expectValid(log);
      expect(result.relatedLocations.map((related: Json) => related.logicalLocations)).toEqual([
        [{ name: 'win-asg', fullyQualifiedName: GROUP_WITH_ARN.arn, kind: 'resource' }],
        [
          {
            name: 'win-node',
            fullyQualifiedName: '123456789012/us-west-2/AwsEc2Instance/i-0123456789abcdef0',
            kind: 'resource',
          },
        ],
        [
          {
            name: 'other-asg',
            fullyQualifiedName: '123456789012/us-west-2/AwsAutoScalingAutoScalingGroup/other-asg',
            kind: 'resource',
          },
        ],
      ]);
    });

    it('names a group the same whether a finding is about it or names it as affected', () => {
      // Prepare
      const { about: aboutTheGroup, naming: namingTheGroup } = aboutAndNamingTheGroup();

      // Act
      const results: Json[] = sarifOf(makeReport({ findings: [aboutTheGroup, namingTheGroup] }))
        .runs[0].results;
      const resultOf = (id: string) => results.find((result) => result.properties.findingId === id);
      const about = resultOf(aboutTheGroup.id);
      const naming = resultOf(namingTheGroup.id);

      // Assess
      expect(naming.relatedLocations[0].logicalLocations[0].fullyQualifiedName).toBe(
        about.locations[0].logicalLocations[0].fullyQualifiedName,
      );
    });

    it('does not relate a node source to itself: a stand-alone instance lists itself as affected', () => {
      // Prepare
      const finding = standAloneInstanceFinding();

      // Act
      const [result] = sarifOf(makeReport({ findings: [finding] })).runs[0].results;

      // Assess
      expectValid(sarifOf(makeReport({ findings: [finding] })));
      expect(
        result.relatedLocations.map((related: Json) => related.logicalLocations[0].name),
      ).toEqual(['win-asg']);
    });

    it('percent-encodes an ARN whose name holds spaces, # and ? into one URI that decodes back', () => {
      // Act
      const [result] = sarifOf(makeReport({ findings: [hostileFinding()] })).runs[0].results;
      const uri: string = result.locations[0].physicalLocation.artifactLocation.uri;

      // Assess
      expect(uri).toBe(uriOf(HOSTILE_ARN));
      expect(uri).not.toMatch(/[\s#?]/);
      expect(decodeURIComponent(uri)).toBe(HOSTILE_ARN);
      expect(new URL(uri).protocol).toBe('arn:');
    });

    it('marks a suppressed finding with an accepted external suppression, others with none', () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });

      // Act
      const { results } = sarifOf(report).runs[0];

      // Assess
      for (const [index, result] of results.entries()) {
        expect(result.suppressions).toEqual(
          report.findings[index]?.suppressed ? [{ kind: 'external', status: 'accepted' }] : [],
        );
      }
      expect(results.filter((result: Json) => result.suppressions.length > 0)).toHaveLength(1);
    });

    it.each([
      [
        'the eks-windows-scanner:suppress tag, kept on the resource: inSource',
        { source: 'tag', origin: 'tag on launch template win-ng (lt-0abc)' },
        {
          kind: 'inSource',
          status: 'accepted',
          properties: {
            source: 'tag',
            origin: 'tag on launch template win-ng (lt-0abc)',
            description: 'eks-windows-scanner:suppress tag on launch template win-ng (lt-0abc)',
          },
        },
      ],
      [
        'a configuration file entry: external, the reason as justification',
        {
          source: 'file',
          origin: 'scanner.yaml line 9',
          until: '2026-12-31',
          reason: 'Retired with the cluster',
        },
        {
          kind: 'external',
          status: 'accepted',
          justification: 'Retired with the cluster',
          properties: {
            source: 'file',
            origin: 'scanner.yaml line 9',
            until: '2026-12-31',
            description: 'configuration file scanner.yaml line 9, until 2026-12-31',
          },
        },
      ],
      [
        'the SUPPRESSIONS setting: external',
        { source: 'environment', origin: 'configuration' },
        {
          kind: 'external',
          status: 'accepted',
          properties: {
            source: 'environment',
            origin: 'configuration',
            description: 'SUPPRESSIONS setting',
          },
        },
      ],
    ] as const)('describes a suppression by %s', (_name, suppression, expected) => {
      // Prepare
      const report = makeReport({ findings: [makeFinding({ suppressed: true, suppression })] });

      // Act
      const log = sarifOf(report);

      // Assess
      expect(log.runs[0].results[0].suppressions).toEqual([expected]);
      expectValid(log);
    });

    it('writes a justification without control characters, within its bound', () => {
      // Prepare
      const reason = `ok\u001b[31m\r\n\u0007${'y'.repeat(1000)}`;
      const report = makeReport({
        findings: [
          makeFinding({
            suppressed: true,
            suppression: { source: 'file', origin: 'f.yaml line 1', reason },
          }),
        ],
      });

      // Act
      const log = sarifOf(report);

      // Assess
      const { justification } = log.runs[0].results[0].suppressions[0];
      expect(justification).toMatch(/^ok \[31m y+…$/);
      expect([...justification]).toHaveLength(500);
      expect(uncleanStrings(log)).toEqual([]);
      expectValid(log);
    });
  });

  describe('invocations', () => {
    it('says a complete scan succeeded, with no notifications', () => {
      // Act
      const [invocation] = sarifOf(makeReport({ findings: sampleFindings() })).runs[0].invocations;

      // Assess
      expect(invocation).toEqual({
        executionSuccessful: true,
        startTimeUtc: '2026-11-25T12:00:00.000Z',
        toolExecutionNotifications: [],
      });
    });

    it('says an incomplete scan did not succeed, one error notification per scan error', () => {
      // Act
      const [invocation] = sarifOf(hostileReport()).runs[0].invocations;

      // Assess
      expect(invocation.executionSuccessful).toBe(false);
      expect(invocation.toolExecutionNotifications).toHaveLength(2);
      expect(invocation.toolExecutionNotifications[0]).toMatchObject({
        level: 'error',
        descriptor: { id: 'AccessDeniedException' },
        properties: { operation: 'DescribeNodegroup', region: 'us-west-2', cluster: 'prod' },
      });
      expect(invocation.toolExecutionNotifications[1].message.text).toBe(
        'DescribeImages: Throttling: Rate exceeded',
      );
    });
  });

  describe('hostile strings', () => {
    it('keeps a name that looks like a link, or holds braces, text in a message (escaped)', () => {
      // Prepare
      const finding = makeFinding({
        resource: {
          type: 'AwsAutoScalingAutoScalingGroup',
          id: '[click](https://evil.example/p)',
          name: '{0} [click](https://evil.example/p)',
        },
      });

      // Act
      const [result] = sarifOf(makeReport({ findings: [finding] })).runs[0].results;

      // Assess
      expect(result.message.text).toContain(
        '{{0}} \\[click\\](https://evil.example/p) (\\[click\\](https://evil.example/p))',
      );
      expect(result.message.text).not.toContain('[click](');
    });

    it("escapes a backslash in a name, so that the name's own `\\[` cannot open a link", () => {
      // Prepare
      const finding = makeFinding({
        resource: {
          type: 'AwsEc2LaunchTemplate',
          id: 'lt-1',
          name: 'asg\\[run\\](https://evil.example/p)',
        },
      });

      // Act
      const [result] = sarifOf(makeReport({ findings: [finding] })).runs[0].results;

      // Assess: each backslash and bracket escaped, so no bracket is left unescaped
      expect(result.message.text).toContain('asg\\\\\\[run\\\\\\](https://evil.example/p)');
    });

    it('keeps a name `..` or `.` a segment of its own, and survives a lone surrogate', () => {
      // Act
      const uris = ['arn:aws:autoscaling:x:1:autoScalingGroup:u:g/../b', 'a/./\ud800b'].map(uriOf);

      // Assess
      expect(uris).toEqual([
        'arn:aws:autoscaling:x:1:autoScalingGroup:u:g/%2E%2E/b',
        'a/%2E/%EF%BF%BDb',
      ]);
    });

    it('writes JSON that parses, with no control characters and no lone surrogates in any string', () => {
      // Act
      const sarif = formatSarif(hostileReport());
      const log = JSON.parse(sarif);
      const hostile = log.runs[0].results.find(
        (result: Json) =>
          result.ruleId === 'bootstrap-cluster-mismatch' &&
          result.locations[0].physicalLocation.artifactLocation.uri.startsWith('arn:'),
      );

      // Assess
      expect(uncleanStrings(log)).toEqual([]);
      expect(hostile.message.text).toContain(
        'q"uote\' <b>bold</b> & \\]\\]> nul bell \\[31mred\\[0m',
      );
      expect(hostile.message.text).toContain('\r\ncrlf\ttab ünïcødé 日本 🚀 \u202eevil \ufffdlone');
      expect(hostile.properties.evidence.eksClusterName).toContain('ünïcødé');
    });
  });
});

describe('Function: formatSarif, upgrade findings', () => {
  it('marks an upgrade finding with its upgrade property, and a finding of today without one', () => {
    // Prepare
    const report = makeReport({ findings: [makeUpgradeFinding(), makeFinding()] });

    // Act
    const log = sarifOf(report);

    // Assess
    expectValid(log);
    const results = log.runs[0].results;
    expect(results.map((result: Json) => result.properties.upgrade)).toEqual([
      { from: '1.23', to: '1.24' },
      undefined,
    ]);
    expect(results[0].partialFingerprints).not.toEqual(results[1].partialFingerprints);
  });
});

describe('Function: formatSarif, a selection of findings', () => {
  it("puts the report's selection in the run's properties, and the log stays valid", () => {
    // Prepare
    const report = selectFindings(makeReport({ findings: sampleFindings() }), {
      severities: ['CRITICAL'],
      excludeRules: ['ami-outdated'],
    });

    // Act
    const log = sarifOf(report);

    // Assess
    expectValid(log);
    expect(log.runs[0].properties.selection).toEqual({
      severities: ['CRITICAL'],
      excludeRules: ['ami-outdated'],
      findingsLeftOut: 3,
      leftOutBySeverity: { CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 1, INFORMATIONAL: 0 },
    });
    expect(log.runs[0].properties.summary.findings.HIGH).toBe(0);
  });

  it('has no selection property when nothing was selected', () => {
    // Act
    const log = sarifOf(makeReport({ findings: sampleFindings() }));

    // Assess
    expect(log.runs[0].properties).not.toHaveProperty('selection');
  });
});
