/** Hand-made findings, reports and Security Hub copies for the Security Hub tests. */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { Finding } from '../../../../src/evaluate/types.ts';
import type { Clock } from '../../../../src/publish/security-hub/index.ts';
import { toAsff } from '../../../../src/publish/security-hub/index.ts';
import { REPORT_SCHEMA_VERSION, type Report } from '../../../../src/report/types.ts';
import { ACCOUNT_ID, makeFinding as makeReportFinding } from '../../report/fixtures.ts';

export { ACCOUNT_ID };
export const REGION = 'us-west-2';
export const NOW = new Date('2026-11-25T12:00:00.000Z');
export const EARLIER = new Date('2026-10-01T08:00:00.000Z');
export const SCANNER_VERSION = '1.2.3';
/** Ours, as Security Hub names it: the account's own default product. */
export const PRODUCT_ARN = `arn:aws:securityhub:${REGION}:${ACCOUNT_ID}:product/${ACCOUNT_ID}/default`;

/** The report tests' finding, with the id and the launch template ARN the scanner gives it. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const ruleId = overrides.ruleId ?? 'ami-unavailable';
  const resourceId = overrides.resource?.id ?? 'lt-0abc1234567890def';
  const region = overrides.region ?? REGION;
  const cluster = overrides.cluster ?? 'prod';
  return makeReportFinding({
    id: `${ACCOUNT_ID}/${region}/${cluster}/${ruleId}/AwsEc2LaunchTemplate/${resourceId}`,
    region,
    resource: {
      type: 'AwsEc2LaunchTemplate',
      id: resourceId,
      name: 'win-ng',
      arn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:launch-template/${resourceId}`,
    },
    ...overrides,
  });
}

/**
 * A finding whose id is longer than the 512 UTF-16 units of an ASFF Id: a cluster of 100
 * characters and an Auto Scaling group of 255, named with emoji (two units each) and ending
 * in `ending`, with a qualifier.
 */
export function makeLongIdFinding(ending = 'a', overrides: Partial<Finding> = {}): Finding {
  const cluster = `win-${'c'.repeat(96)}`;
  const group = `${'\u{1F680}'.repeat(100)}${'g'.repeat(155 - ending.length)}${ending}`;
  const ruleId = 'windows-build-contradicts-ami';
  return makeFinding({
    id: `${ACCOUNT_ID}/${REGION}/${cluster}/${ruleId}/AwsAutoScalingAutoScalingGroup/${group}/ami-0abc1234567890def/windows-2022`,
    ruleId,
    cluster,
    resource: { type: 'AwsAutoScalingAutoScalingGroup', id: group, name: group },
    ...overrides,
  });
}

/** `count` distinct findings of one cluster, one launch template each. */
export function makeFindings(count: number, overrides: Partial<Finding> = {}): Finding[] {
  return Array.from({ length: count }, (_, index) =>
    makeFinding({
      ...overrides,
      resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${String(index).padStart(17, '0')}` },
    }),
  );
}

export function makeReport(findings: Finding[], overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    scanner: { name: 'eks-windows-scanner', version: SCANNER_VERSION },
    scannedAt: NOW.toISOString(),
    complete: true,
    scope: { accounts: [ACCOUNT_ID], regions: [REGION] },
    summary: {
      clusters: 1,
      nodeSources: 1,
      windowsNodeSources: 1,
      findings: { CRITICAL: 0, HIGH: findings.length, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 },
    },
    findings,
    errors: [],
    ...overrides,
  };
}

/**
 * The finding as GetFindings returns it after an earlier run imported it: what the scanner
 * sent then, plus the fields Security Hub adds.
 */
export function heldBySecurityHub(
  finding: Finding,
  extra: Partial<AwsSecurityFinding> = {},
): AwsSecurityFinding {
  return {
    ...toAsff(finding, { now: EARLIER, scannerVersion: '1.0.0' }),
    ProcessedAt: EARLIER.toISOString(),
    CompanyName: 'Personal',
    ...extra,
  };
}

/** Time that passes only when someone sleeps: nothing in a unit test really waits. */
export class FakeClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  async sleep(milliseconds: number): Promise<void> {
    this.sleeps.push(milliseconds);
    this.time += milliseconds;
  }
}
