import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { selectFindings } from '../../../src/cli/select.ts';
import { SEVERITIES } from '../../../src/evaluate/types.ts';
import type { ResourceType } from '../../../src/inventory/types.ts';
import schema from '../../../src/report/report.schema.json' with { type: 'json' };
import type { Report } from '../../../src/report/types.ts';
import { makeReport, makeUpgradeFinding, sampleFindings, sampleReadiness } from './fixtures.ts';

function compileSchema() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

function reportWithEverything(): Report {
  return makeReport({
    findings: [...sampleFindings(), makeUpgradeFinding()],
    readiness: [
      ...sampleReadiness(),
      {
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'unknown-version',
        assumed: true,
        status: 'not-applicable',
        blockers: [],
        note: "The cluster's Kubernetes version is unknown: its upgrade was not evaluated.",
      },
    ],
    errors: [
      {
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'prod',
        operation: 'DescribeNodegroup',
        code: 'AccessDeniedException',
        message: 'not authorized',
      },
    ],
  });
}

/** A deep copy to break in one place. */
function mutated(change: (report: Record<string, unknown> & Report) => void): unknown {
  const copy = structuredClone(reportWithEverything()) as Record<string, unknown> & Report;
  change(copy);
  return copy;
}

describe('JSON Schema: report.schema.json', () => {
  it('accepts a report built by buildReport, with findings, evidence lists and errors', () => {
    // Prepare
    const validate = compileSchema();
    const report = reportWithEverything();

    // Act
    const valid = validate(report);

    // Assess
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('accepts a report of the findings a selection chose, recording the selection', () => {
    // Prepare
    const validate = compileSchema();
    const report = selectFindings(reportWithEverything(), {
      severities: ['CRITICAL', 'HIGH'],
      rules: ['docker-runtime-unsupported', 'ami-unavailable'],
      excludeRules: ['ami-outdated'],
    });

    // Act
    const valid = validate(report);

    // Assess
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(report.selection?.findingsLeftOut).toBeGreaterThan(0);
  });

  it('accepts an empty report', () => {
    // Prepare
    const validate = compileSchema();

    // Act & assess
    expect(validate(makeReport({ findings: [] }))).toBe(true);
  });

  it.each([
    [
      'an unknown top-level field',
      (r: Record<string, unknown>) => {
        r.extra = 1;
      },
    ],
    [
      'a missing severity count',
      (r: Report) => {
        delete (r.summary.findings as Partial<Report['summary']['findings']>).LOW;
      },
    ],
    [
      'an unknown severity',
      (r: Report) => {
        Object.assign(r.findings[0] ?? {}, { severity: 'SEVERE' });
      },
    ],
    [
      'an unknown resource type',
      (r: Report) => {
        Object.assign(r.findings[0]?.resource ?? {}, { type: 'AwsS3Bucket' });
      },
    ],
    [
      'a scannedAt that is not a date-time',
      (r: Report) => {
        r.scannedAt = '25/11/2026';
      },
    ],
    [
      'an evidence value that is an object',
      (r: Report) => {
        Object.assign(r.findings[0]?.evidence ?? {}, { nested: { a: 1 } });
      },
    ],
    [
      'an evidence list of numbers',
      (r: Report) => {
        Object.assign(r.findings[0]?.evidence ?? {}, { list: [1, 2] });
      },
    ],
    [
      'an unknown field on a finding',
      (r: Report) => {
        Object.assign(r.findings[0] ?? {}, { userData: 'secret' });
      },
    ],
    [
      'an unknown field on an affected node source',
      (r: Report) => {
        Object.assign(r.findings[0]?.affected[0] ?? {}, { extra: 1 });
      },
    ],
    [
      'an error without its code',
      (r: Report) => {
        delete (r.errors[0] as Partial<Report['errors'][number]>).code;
      },
    ],
    [
      'a finding without suppressed',
      (r: Report) => {
        delete (r.findings[0] as Partial<Report['findings'][number]>).suppressed;
      },
    ],
    [
      'an upgrade without its target',
      (r: Report) => {
        const finding = r.findings.find((each) => each.upgrade !== undefined);
        Object.assign(finding ?? {}, { upgrade: { from: '1.23' } });
      },
    ],
    [
      'an upgrade to something other than a minor version',
      (r: Report) => {
        const finding = r.findings.find((each) => each.upgrade !== undefined);
        Object.assign(finding ?? {}, { upgrade: { from: '1.23', to: 'latest' } });
      },
    ],
    [
      'a verdict of an unknown status',
      (r: Report) => {
        Object.assign(r.readiness?.[0] ?? {}, { status: 'maybe' });
      },
    ],
    [
      'a blocker at MEDIUM',
      (r: Report) => {
        Object.assign(r.readiness?.[0]?.blockers[0] ?? {}, { severity: 'MEDIUM' });
      },
    ],
    [
      'a blocker without its fix',
      (r: Report) => {
        const blocker: { remediation?: string } = r.readiness?.[0]?.blockers[0] ?? {};
        delete blocker.remediation;
      },
    ],
    [
      'a selection without its counts by severity',
      (r: Record<string, unknown>) => {
        r.selection = { severities: ['HIGH'], findingsLeftOut: 1 };
      },
    ],
    [
      'a selection of an unknown severity',
      (r: Record<string, unknown>) => {
        r.selection = {
          severities: ['SEVERE'],
          findingsLeftOut: 0,
          leftOutBySeverity: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 },
        };
      },
    ],
    [
      'an unknown field on a selection',
      (r: Report) => {
        r.selection = {
          rules: ['ami-unavailable'],
          findingsLeftOut: 0,
          leftOutBySeverity: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 },
        };
        Object.assign(r.selection, { clusters: ['prod'] });
      },
    ],
    [
      'another schema version',
      (r: Record<string, unknown>) => {
        r.schemaVersion = '2';
      },
    ],
  ])('rejects a report with %s', (_name, change) => {
    // Prepare
    const validate = compileSchema();
    const broken = mutated(change as (report: Record<string, unknown> & Report) => void);

    // Act
    const valid = validate(broken);

    // Assess
    expect(valid).toBe(false);
  });

  it('lists exactly the severities and resource types of the TypeScript contracts', () => {
    // Prepare: a Record over the union fails to compile when ResourceType gains a member.
    const resourceTypes: Record<ResourceType, true> = {
      AwsEksCluster: true,
      AwsEksNodegroup: true,
      AwsAutoScalingAutoScalingGroup: true,
      AwsAutoScalingLaunchConfiguration: true,
      AwsEc2LaunchTemplate: true,
      AwsEc2Instance: true,
    };

    // Assess
    expect(schema.$defs.resourceType.enum).toEqual(Object.keys(resourceTypes));
    expect(schema.$defs.severity.enum).toEqual([...SEVERITIES]);
    expect(schema.properties.selection.properties.leftOutBySeverity.required).toEqual([
      ...SEVERITIES,
    ]);
  });
});
