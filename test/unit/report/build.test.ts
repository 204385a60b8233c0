import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ClusterReadiness, Finding } from '../../../src/evaluate/types.ts';
import { buildReport } from '../../../src/report/build.ts';
import {
  ACCOUNT_ID,
  makeEvaluated,
  makeFinding,
  makeReport,
  makeUpgradeFinding,
  SCANNED_AT,
  sampleFindings,
  sampleReadiness,
} from './fixtures.ts';

describe('Function: buildReport', () => {
  it('sums clusters, node sources and Windows node sources over every region', () => {
    // Prepare
    const west = {
      region: 'us-west-2',
      clusters: ['a', 'b'],
      nodeSources: 3,
      windowsNodeSources: 2,
    };
    const east = { region: 'us-east-1', clusters: ['c'], nodeSources: 4, windowsNodeSources: 1 };

    // Act
    const report = makeReport(west, east);

    // Assess
    expect(report.summary).toMatchObject({ clusters: 3, nodeSources: 7, windowsNodeSources: 3 });
    expect(report.scope).toEqual({ accounts: [ACCOUNT_ID], regions: ['us-west-2', 'us-east-1'] });
  });

  it('counts unsuppressed findings per severity and always lists all five severities', () => {
    // Prepare
    const findings = [
      makeFinding({ severity: 'HIGH', id: 'a' }),
      makeFinding({ severity: 'HIGH', id: 'b' }),
      makeFinding({ severity: 'LOW', id: 'c' }),
      makeFinding({ severity: 'CRITICAL', id: 'd', suppressed: true }),
    ];

    // Act
    const report = makeReport({ findings });

    // Assess
    expect(report.summary.findings).toEqual({
      CRITICAL: 0,
      HIGH: 2,
      MEDIUM: 0,
      LOW: 1,
      INFORMATIONAL: 0,
    });
    expect(report.findings).toHaveLength(4);
  });

  it('orders findings by severity, cluster, rule and resource whatever order they arrive in', () => {
    // Prepare
    const findings: Finding[] = [
      makeFinding({ severity: 'LOW', cluster: 'a', ruleId: 'ami-outdated', id: '1' }),
      makeFinding({ severity: 'HIGH', cluster: 'b', ruleId: 'ami-unavailable', id: '2' }),
      makeFinding({ severity: 'HIGH', cluster: 'a', ruleId: 'bootstrap-missing', id: '3' }),
      makeFinding({
        severity: 'HIGH',
        cluster: 'a',
        ruleId: 'ami-unavailable',
        id: '4',
        resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-2' },
      }),
      makeFinding({
        severity: 'HIGH',
        cluster: 'a',
        ruleId: 'ami-unavailable',
        id: '5',
        resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-1' },
      }),
      makeFinding({
        severity: 'CRITICAL',
        cluster: 'z',
        ruleId: 'docker-runtime-unsupported',
        id: '6',
      }),
    ];

    // Act
    const forwards = makeReport({ findings });
    const backwards = makeReport({ findings: [...findings].reverse() });

    // Assess
    expect(forwards.findings.map((finding) => finding.id)).toEqual(['6', '5', '4', '3', '2', '1']);
    expect(backwards).toEqual(forwards);
  });

  it('concatenates the errors of every region and marks the report incomplete', () => {
    // Prepare
    const denied = {
      region: 'us-west-2',
      operation: 'DescribeNodegroup',
      code: 'AccessDeniedException',
      message: 'denied',
    };
    const throttled = {
      region: 'us-east-1',
      operation: 'DescribeImages',
      code: 'RequestLimitExceeded',
      message: 'slow down',
    };

    // Act
    const report = makeReport(
      { region: 'us-west-2', errors: [denied] },
      { region: 'us-east-1', errors: [throttled] },
    );

    // Assess
    expect(report.errors).toEqual([denied, throttled]);
    expect(report.complete).toBe(false);
  });

  it('marks the report incomplete when a region stopped early without recording an error', () => {
    // Act
    const report = makeReport({ region: 'us-west-2' }, { region: 'eu-west-1', complete: false });

    // Assess
    expect(report.complete).toBe(false);
  });

  it('marks the report complete when every region is complete and nothing failed', () => {
    // Act
    const report = makeReport({ region: 'us-west-2' }, { region: 'eu-west-1' });

    // Assess
    expect(report.complete).toBe(true);
    expect(report.errors).toEqual([]);
  });

  it('names the scanner with the version of package.json and the scan instant in ISO 8601', async () => {
    // Prepare
    const packageJson = JSON.parse(
      await readFile(new URL('../../../package.json', import.meta.url), 'utf8'),
    );

    // Act
    const report = makeReport();

    // Assess
    expect(report.schemaVersion).toBe('1');
    expect(report.scanner).toEqual({ name: 'eks-windows-scanner', version: packageJson.version });
    expect(report.scannedAt).toBe('2026-11-25T12:00:00.000Z');
  });

  it('keeps only the fields of the report schema on findings, resources, affected and errors', () => {
    // Prepare
    const finding = {
      ...makeFinding(),
      detail: 'not part of the report',
      resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-1', extra: true },
      affected: [{ type: 'AwsEc2Instance', name: 'i-1', extra: true }],
    } as unknown as Finding;
    const error = { operation: 'DescribeImages', code: 'X', message: 'm', stack: 'at …' };

    // Act
    const report = buildReport({
      scannedAt: SCANNED_AT,
      accountIds: [ACCOUNT_ID],
      regions: ['us-west-2'],
      evaluated: [makeEvaluated({ findings: [finding], errors: [error] })],
    });

    // Assess
    expect(report.findings[0]).not.toHaveProperty('detail');
    expect(report.findings[0]?.resource).toEqual({ type: 'AwsEc2LaunchTemplate', id: 'lt-1' });
    expect(report.findings[0]?.affected).toEqual([{ type: 'AwsEc2Instance', name: 'i-1' }]);
    expect(report.errors).toEqual([{ operation: 'DescribeImages', code: 'X', message: 'm' }]);
  });

  it('lists an account or region passed twice once in the scope', () => {
    // Act
    const report = buildReport({
      scannedAt: SCANNED_AT,
      accountIds: [ACCOUNT_ID, ACCOUNT_ID],
      regions: ['us-west-2', 'us-west-2'],
      evaluated: [],
    });

    // Assess
    expect(report.scope).toEqual({ accounts: [ACCOUNT_ID], regions: ['us-west-2'] });
  });

  it('keeps every finding of the sample, suppressed ones included', () => {
    // Act
    const report = makeReport({ findings: sampleFindings() });

    // Assess
    expect(report.findings.map((finding) => finding.severity)).toEqual([
      'CRITICAL',
      'HIGH',
      'HIGH',
      'LOW',
      'INFORMATIONAL',
    ]);
  });

  it('keeps the upgrade of an upgrade finding and each cluster verdict once, in cluster order', () => {
    // Prepare
    const [prod, staging] = sampleReadiness() as [ClusterReadiness, ClusterReadiness];
    const evaluated = [
      makeEvaluated({ findings: [makeUpgradeFinding()], readiness: [staging, prod] }),
      makeEvaluated({ readiness: [{ ...prod, note: 'a repeat', extra: 1 } as never] }),
    ];

    // Act
    const report = buildReport({
      scannedAt: SCANNED_AT,
      accountIds: [ACCOUNT_ID],
      regions: ['us-west-2'],
      evaluated,
    });

    // Assess
    expect(report.findings[0]?.upgrade).toEqual({ from: '1.23', to: '1.24' });
    expect(report.readiness).toEqual([prod, staging]);
  });

  it('has no readiness when no cluster was judged', () => {
    expect(makeReport({ findings: sampleFindings() })).not.toHaveProperty('readiness');
  });
});
