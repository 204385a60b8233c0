import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../../src/evaluate/types.ts';
import { formatOcsf, OCSF_SEVERITY, OCSF_VERSION } from '../../../../src/report/format/ocsf.ts';
import type { Report } from '../../../../src/report/types.ts';
import ocsfSchema from '../../../fixtures/schemas/ocsf-1.3.0-detection_finding.schema.json' with {
  type: 'json',
};
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

function compileOcsfSchema() {
  // strictRequired would reject `anyOf: [{ required: ['name'] }]` (OCSF's at_least_one), which
  // names a property the enclosing object defines: valid JSON Schema, only a lint.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats.default(ajv);
  return ajv.compile(ocsfSchema);
}
const validateEvent = compileOcsfSchema();

// biome-ignore lint/suspicious/noExplicitAny: OCSF events are read as plain JSON
type Json = any;

function eventsOf(report: Report): Json[] {
  return JSON.parse(formatOcsf(report));
}

describe('Function: formatOcsf', () => {
  describe('validity', () => {
    it('is checked against the schema of the OCSF version the events name', () => {
      // Act & assess
      expect(OCSF_VERSION).toBe('1.3.0');
      expect(ocsfSchema.$id).toBe(`urn:ocsf:${OCSF_VERSION}:detection_finding+cloud`);
    });

    it.each([
      ['several findings, one suppressed', () => makeReport({ findings: sampleFindings() })],
      ['an incomplete report with errors and hostile strings', hostileReport],
    ])('validates every event of %s as an OCSF Detection Finding', (_name, report) => {
      // Act
      const events = eventsOf(report());

      // Assess
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        const valid = validateEvent(event);
        expect(validateEvent.errors ?? []).toEqual([]);
        expect(valid).toBe(true);
      }
    });

    it.each([
      ['an unknown severity_id', (event: Json) => Object.assign(event, { severity_id: 7 })],
      ['a type_uid of another class', (event: Json) => Object.assign(event, { type_uid: 200101 })],
      ['no finding_info.uid', (event: Json) => delete event.finding_info.uid],
      ['an attribute OCSF does not define', (event: Json) => Object.assign(event, { extra: 1 })],
      [
        'a time that is not epoch milliseconds',
        (event: Json) => Object.assign(event, { time: 'now' }),
      ],
    ])('rejects an event with %s (the validator can fail)', (_name, mutate) => {
      // Prepare
      const [event] = eventsOf(makeReport({ findings: [makeFinding()] }));
      mutate(event);

      // Act & assess
      expect(validateEvent(event)).toBe(false);
    });
  });

  describe('events', () => {
    it('writes one Detection Finding per finding, suppressed ones included, as a JSON array', () => {
      // Prepare
      const report = makeReport({ findings: sampleFindings() });

      // Act
      const events = eventsOf(report);

      // Assess
      expect(events).toHaveLength(report.findings.length);
      for (const [index, event] of events.entries()) {
        expect(event).toMatchObject({
          class_uid: 2004,
          class_name: 'Detection Finding',
          category_uid: 2,
          category_name: 'Findings',
          activity_id: 1,
          type_uid: 200401,
          time: Date.parse('2026-11-25T12:00:00.000Z'),
          finding_info: { uid: report.findings[index]?.id },
        });
      }
    });

    it('carries the finding, its remediation and the scanner that produced it', () => {
      // Prepare
      const arn = 'arn:aws:ec2:us-west-2:123456789012:launch-template/lt-0abc1234567890def';
      const finding = makeFinding({
        resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0abc1234567890def', name: 'win', arn },
      });

      // Act
      const [event] = eventsOf(makeReport({ findings: [finding] }));

      // Assess
      expect(event.finding_info).toEqual({
        uid: finding.id,
        title: finding.title,
        desc: finding.description,
        types: ['ami-unavailable'],
        analytic: { uid: 'ami-unavailable', name: 'ami-unavailable', type_id: 1, type: 'Rule' },
      });
      expect(event.remediation).toEqual({
        desc: finding.remediation,
        references: [
          'https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html',
        ],
      });
      expect(event.resources[0]).toEqual({
        uid: arn,
        name: 'win',
        type: 'AwsEc2LaunchTemplate',
        region: 'us-west-2',
        cloud_partition: 'aws',
      });
      expect(event.resources[1]).toMatchObject({ uid: 'win-asg', name: 'win-asg' });
      expect(event.cloud).toEqual({
        provider: 'AWS',
        region: 'us-west-2',
        account: { uid: '123456789012', type_id: 10, type: 'AWS Account' },
      });
      expect(event.metadata).toMatchObject({
        version: '1.3.0',
        profiles: ['cloud'],
        product: { name: 'eks-windows-scanner', vendor_name: 'eks-windows-scanner' },
      });
      expect(event.unmapped).toEqual({
        cluster: 'prod',
        evidence: finding.evidence,
        scan_complete: true,
      });
    });

    it('gives each node source its ARN as uid when it has one, else its id, else its name', () => {
      // Prepare
      const finding = affectedNamedThreeWays();

      // Act
      const [event] = eventsOf(makeReport({ findings: [finding] }));

      // Assess
      expect(validateEvent(event)).toBe(true);
      expect(event.resources.slice(1)).toEqual([
        {
          uid: GROUP_WITH_ARN.arn,
          name: 'win-asg',
          type: 'AwsAutoScalingAutoScalingGroup',
          region: 'us-west-2',
          cloud_partition: 'aws',
        },
        {
          uid: 'i-0123456789abcdef0',
          name: 'win-node',
          type: 'AwsEc2Instance',
          region: 'us-west-2',
          cloud_partition: 'aws',
        },
        {
          uid: 'other-asg',
          name: 'other-asg',
          type: 'AwsAutoScalingAutoScalingGroup',
          region: 'us-west-2',
          cloud_partition: 'aws',
        },
      ]);
    });

    it('gives a group the same uid whether a finding is about it or names it as affected', () => {
      // Prepare
      const { about: aboutTheGroup, naming: namingTheGroup } = aboutAndNamingTheGroup();

      // Act
      const events = eventsOf(makeReport({ findings: [aboutTheGroup, namingTheGroup] }));
      const eventOf = (id: string) => events.find((event) => event.finding_info.uid === id);
      const about = eventOf(aboutTheGroup.id);
      const naming = eventOf(namingTheGroup.id);

      // Assess
      expect(naming.resources[1].uid).toBe(about.resources[0].uid);
    });

    it('lists a resource once when the finding also names it as affected (a stand-alone instance)', () => {
      // Prepare
      const finding = standAloneInstanceFinding();

      // Act
      const [event] = eventsOf(makeReport({ findings: [finding] }));

      // Assess
      expect(validateEvent(event)).toBe(true);
      expect(event.resources.map((resource: Json) => resource.uid)).toEqual([
        finding.resource.arn,
        'win-asg',
      ]);
    });

    it.each([
      ['CRITICAL', 5, 'Critical'],
      ['HIGH', 4, 'High'],
      ['MEDIUM', 3, 'Medium'],
      ['LOW', 2, 'Low'],
      ['INFORMATIONAL', 1, 'Informational'],
    ] as const)('maps severity %s to severity_id %i (%s)', (severity: Severity, id, name) => {
      // Act
      const [event] = eventsOf(makeReport({ findings: [makeFinding({ severity })] }));

      // Assess
      expect(OCSF_SEVERITY[severity]).toEqual({ id, name });
      expect(event).toMatchObject({ severity_id: id, severity: name });
    });

    it('gives a suppressed finding status Suppressed and an open one status New', () => {
      // Act
      const [open, suppressed] = eventsOf(
        makeReport({
          findings: [
            makeFinding({ resource: { type: 'AwsEc2Instance', id: 'i-1' } }),
            makeFinding({ resource: { type: 'AwsEc2Instance', id: 'i-2' }, suppressed: true }),
          ],
        }),
      );

      // Assess
      expect(open).toMatchObject({ status_id: 1, status: 'New' });
      expect(suppressed).toMatchObject({ status_id: 3, status: 'Suppressed' });
    });

    it.each([
      [
        'a configuration file entry: the reason',
        {
          source: 'file',
          origin: 'scanner.yaml line 9',
          until: '2026-12-31',
          reason: 'Retired with the cluster',
        },
        'Retired with the cluster',
      ],
      [
        'a tag without a reason: where it is',
        { source: 'tag', origin: 'tag on cluster prod' },
        'Suppressed by eks-windows-scanner:suppress tag on cluster prod',
      ],
      [
        'the SUPPRESSIONS setting: the setting',
        { source: 'environment', origin: 'configuration' },
        'Suppressed by SUPPRESSIONS setting',
      ],
    ] as const)(
      'details a suppression by %s in status_detail and unmapped',
      (_name, suppression, detail) => {
        // Act
        const [open, suppressed] = eventsOf(
          makeReport({
            findings: [
              makeFinding({ resource: { type: 'AwsEc2Instance', id: 'i-1' } }),
              makeFinding({
                resource: { type: 'AwsEc2Instance', id: 'i-2' },
                suppressed: true,
                suppression,
              }),
            ],
          }),
        );

        // Assess
        expect(suppressed.status_detail).toBe(detail);
        expect(suppressed.unmapped.suppression).toEqual(suppression);
        expect(open.status_detail).toBeUndefined();
        expect(open.unmapped.suppression).toBeUndefined();
        for (const event of [open, suppressed]) {
          const valid = validateEvent(event);
          expect(validateEvent.errors ?? []).toEqual([]);
          expect(valid).toBe(true);
        }
      },
    );

    it('writes the reason on one line, without control characters, within its bound', () => {
      // Prepare
      const reason = `ok\u001b[31m\r\nnext\u009b ${'r'.repeat(900)}`;

      // Act
      const [event] = eventsOf(
        makeReport({
          findings: [
            makeFinding({
              suppressed: true,
              suppression: { source: 'file', origin: 'f.yaml\u0007 line 1', reason },
            }),
          ],
        }),
      );

      // Assess
      expect(event.status_detail).toMatch(/^ok \[31m next r+…$/);
      expect([...event.status_detail]).toHaveLength(500);
      expect(event.unmapped.suppression.reason).toBe(event.status_detail);
      expect(event.unmapped.suppression.origin).toBe('f.yaml line 1');
      expect(uncleanStrings(event)).toEqual([]);
      expect(validateEvent(event)).toBe(true);
    });

    it('says in every event when the scan was incomplete, and writes no event for errors', () => {
      // Prepare
      const report = hostileReport();

      // Act
      const events = eventsOf(report);

      // Assess
      expect(events).toHaveLength(report.findings.length);
      for (const event of events) expect(event.unmapped.scan_complete).toBe(false);
    });

    it('writes an empty array for a report without findings', () => {
      // Act & assess
      expect(formatOcsf(makeReport({ findings: [] }))).toBe('[]\n');
    });
  });

  describe('hostile strings', () => {
    it('strips control characters and lone surrogates from every string, keeps the rest', () => {
      // Act
      const events = eventsOf(makeReport({ findings: [hostileFinding()] }));

      // Assess
      expect(uncleanStrings(events)).toEqual([]);
      expect(events[0].resources[0].uid).toBe(HOSTILE_ARN);
      expect(events[0].finding_info.title).toContain('q"uote\' <b>bold</b> & ]]> nul');
      expect(events[0].finding_info.title).toContain('ünïcødé 日本 🚀');
    });
  });
});

describe('Function: formatOcsf, upgrade findings', () => {
  it('says in unmapped which upgrade a finding is about, and nothing for a finding of today', () => {
    // Act
    const events = eventsOf(makeReport({ findings: [makeUpgradeFinding(), makeFinding()] }));

    // Assess
    for (const event of events) expect(validateEvent(event)).toBe(true);
    expect(events.map((event) => event.unmapped.upgrade)).toEqual([
      { from: '1.23', to: '1.24' },
      undefined,
    ]);
  });
});
