import { describe, expect, it } from 'vitest';
import type { SEVERITIES } from '../../../../src/evaluate/types.ts';
import { buildNotification, MAX_SUBJECT_LENGTH } from '../../../../src/publish/sns/index.ts';
import { makeFinding, makeReport, noChanges } from './fixtures.ts';

/** What SNS accepts: under 100 characters, printable ASCII, no line breaks, no leading space. */
function expectValidSubject(subject: string): void {
  expect(subject.length).toBeLessThan(100);
  expect(subject).toMatch(/^[\x21-\x7e][\x20-\x7e]*$/);
}

function findings(counts: Partial<Record<(typeof SEVERITIES)[number], number>>) {
  return Object.entries(counts).flatMap(([severity, count]) =>
    Array.from({ length: count }, (_, index) =>
      makeFinding({
        severity: severity as (typeof SEVERITIES)[number],
        resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${severity}-${index}` },
      }),
    ),
  );
}

function subjectOf(...args: Parameters<typeof makeReport>) {
  return buildNotification({ report: makeReport(...args), minimumSeverity: 'MEDIUM' }).subject;
}

describe('Function: buildNotification (subject)', () => {
  it('counts the findings at or above the minimum severity and names the account and region', () => {
    // Act
    const subject = subjectOf({ findings: findings({ CRITICAL: 2, HIGH: 3, LOW: 4 }) });

    // Assess
    expect(subject).toBe('[eks-windows-scanner] 2 CRITICAL, 3 HIGH in 123456789012 us-west-2');
  });

  it('says the scan is incomplete when it found nothing but failed somewhere', () => {
    // Act
    const subject = subjectOf({
      errors: [{ operation: 'ListClusters', code: 'AccessDeniedException', message: 'denied' }],
    });

    // Assess
    expect(subject).toBe('[eks-windows-scanner] scan incomplete in 123456789012 us-west-2');
  });

  it('adds what changed since the last run', () => {
    // Prepare
    const both = findings({ HIGH: 2 });
    const report = makeReport({ findings: both });
    const changes = noChanges({
      newFindingIds: [both[0]?.id ?? ''],
      resolvedFindingIds: ['a', 'b'],
      resolvedSeverities: { a: 'CRITICAL', b: 'HIGH' },
    });

    // Act
    const { subject } = buildNotification({ report, minimumSeverity: 'MEDIUM', changes });

    // Assess
    expect(subject).toBe(
      '[eks-windows-scanner] 2 HIGH (1 new, 2 resolved) in 123456789012 us-west-2',
    );
  });

  it('counts accounts and regions when their lists do not fit', () => {
    // Prepare
    const accounts = Array.from({ length: 200 }, (_, index) => String(100000000000 + index));
    const regions = Array.from({ length: 30 }, (_, index) => `xx-region-${index}`);

    // Act
    const subject = subjectOf({ findings: findings({ HIGH: 1 }), accounts, regions });

    // Assess
    expect(subject).toBe('[eks-windows-scanner] 1 HIGH in 200 accounts, 30 regions');
    expectValidSubject(subject);
  });

  it('keeps one account and counts its regions when the region list does not fit', () => {
    // Prepare
    const regions = Array.from({ length: 12 }, (_, index) => `ap-southeast-${index}`);

    // Act
    const subject = subjectOf({ findings: findings({ CRITICAL: 1 }), regions });

    // Assess
    expect(subject).toBe('[eks-windows-scanner] 1 CRITICAL in 123456789012 12 regions');
  });

  it('stays valid with every severity, thousands of findings, changes and an incomplete scan', () => {
    // Prepare
    const many = findings({
      CRITICAL: 1234,
      HIGH: 2345,
      MEDIUM: 3456,
      LOW: 4567,
      INFORMATIONAL: 5678,
    });
    const report = makeReport({
      findings: many,
      errors: [{ operation: 'DescribeImages', code: 'Throttling', message: 'slow down' }],
      accounts: Array.from({ length: 50 }, (_, index) => String(200000000000 + index)),
      regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
    });
    const changes = noChanges({
      newFindingIds: many.map((finding) => finding.id),
      resolvedFindingIds: Array.from({ length: 99999 }, (_, index) => `gone-${index}`),
    });

    // Act
    const { subject } = buildNotification({ report, minimumSeverity: 'INFORMATIONAL', changes });

    // Assess
    expectValidSubject(subject);
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject).toContain('1234 CRITICAL, 2345 HIGH');
    expect(subject).toContain('scan incomplete');
  });

  it('never lets a line break or a non-ASCII character from the scope into the subject', () => {
    // Prepare
    const report = makeReport({
      findings: findings({ HIGH: 1 }),
      accounts: ['123456789012\r\nBcc: someone@example.com'],
      regions: ['eu-wést-1\u202e'],
    });

    // Act
    const { subject } = buildNotification({ report, minimumSeverity: 'MEDIUM' });

    // Assess
    expectValidSubject(subject);
    expect(subject).not.toMatch(/[\r\n]/);
  });
});
