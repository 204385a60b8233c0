import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../../../src/evaluate/types.ts';
import { decideNotification } from '../../../../src/publish/sns/index.ts';
import type { FindingChanges, NotifyPolicy } from '../../../../src/publish/types.ts';
import { makeFinding, makeReport, noChanges } from './fixtures.ts';

const high = makeFinding({ severity: 'HIGH' });
const low = makeFinding({ ruleId: 'ami-outdated', severity: 'LOW' });
const suppressedCritical = makeFinding({
  ruleId: 'docker-runtime-unsupported',
  severity: 'CRITICAL',
  suppressed: true,
});
const scanError = {
  cluster: 'prod',
  operation: 'DescribeNodegroup',
  code: 'AccessDeniedException',
  message: 'not authorized',
};

interface Case {
  name: string;
  policy: NotifyPolicy;
  findings: Finding[];
  changes?: FindingChanges;
  incomplete?: boolean;
  minimumSeverity?: Severity;
  notify: boolean;
  reason: string;
}

const cases: Case[] = [
  {
    name: 'always: a finding at the minimum severity notifies',
    policy: 'always',
    findings: [makeFinding({ severity: 'MEDIUM' })],
    notify: true,
    reason: '1 finding at or above MEDIUM',
  },
  {
    name: 'always: findings below the minimum do not notify',
    policy: 'always',
    findings: [low],
    notify: false,
    reason: 'no unsuppressed finding at or above MEDIUM',
  },
  {
    name: 'always: a suppressed CRITICAL finding does not count',
    policy: 'always',
    findings: [suppressedCritical, low],
    notify: false,
    reason: 'no unsuppressed finding at or above MEDIUM',
  },
  {
    name: 'always: an incomplete scan without findings notifies',
    policy: 'always',
    findings: [],
    incomplete: true,
    notify: true,
    reason: 'the scan is incomplete (1 error)',
  },
  {
    name: 'always: the minimum severity is honoured (LOW counts when the minimum is LOW)',
    policy: 'always',
    findings: [low],
    minimumSeverity: 'LOW',
    notify: true,
    reason: '1 finding at or above LOW',
  },
  {
    name: 'on-change: a new finding at or above the minimum notifies',
    policy: 'on-change',
    findings: [high],
    changes: noChanges({ newFindingIds: [high.id] }),
    notify: true,
    reason: '1 new finding at or above MEDIUM',
  },
  {
    name: 'on-change: a finding that was already there does not notify',
    policy: 'on-change',
    findings: [high],
    changes: noChanges(),
    notify: false,
    reason: 'no finding at or above MEDIUM is new or resolved',
  },
  {
    name: 'on-change: a new finding below the minimum does not notify',
    policy: 'on-change',
    findings: [high, low],
    changes: noChanges({ newFindingIds: [low.id] }),
    notify: false,
    reason: 'no finding at or above MEDIUM is new or resolved',
  },
  {
    name: 'on-change: a new suppressed finding does not notify',
    policy: 'on-change',
    findings: [suppressedCritical],
    changes: noChanges({ newFindingIds: [suppressedCritical.id] }),
    notify: false,
    reason: 'no finding at or above MEDIUM is new or resolved',
  },
  {
    name: 'on-change: a resolved HIGH finding notifies',
    policy: 'on-change',
    findings: [],
    changes: noChanges({
      resolvedFindingIds: ['gone'],
      resolvedSeverities: { gone: 'HIGH' },
      resolvedTitles: { gone: 'Gone' },
    }),
    notify: true,
    reason: '1 resolved finding at or above MEDIUM',
  },
  {
    name: 'on-change: a resolved LOW finding does not notify',
    policy: 'on-change',
    findings: [],
    changes: noChanges({ resolvedFindingIds: ['gone'], resolvedSeverities: { gone: 'LOW' } }),
    notify: false,
    reason: 'no finding at or above MEDIUM is new or resolved',
  },
  {
    name: 'on-change: a resolved finding of unknown severity notifies',
    policy: 'on-change',
    findings: [],
    changes: noChanges({ resolvedFindingIds: ['gone'] }),
    notify: true,
    reason: '1 resolved finding at or above MEDIUM',
  },
  {
    name: 'on-change: an incomplete scan notifies even when nothing changed',
    policy: 'on-change',
    findings: [high],
    changes: noChanges(),
    incomplete: true,
    notify: true,
    reason: 'the scan is incomplete (1 error)',
  },
  {
    name: 'on-change without changes (first run): every finding is new',
    policy: 'on-change',
    findings: [high],
    notify: true,
    reason: '1 new finding at or above MEDIUM (no previous run known',
  },
  {
    name: 'on-change without changes (first run): nothing to tell without findings',
    policy: 'on-change',
    findings: [low, suppressedCritical],
    notify: false,
    reason: 'no finding at or above MEDIUM is new or resolved',
  },
];

describe('Function: decideNotification', () => {
  it.each(cases)('$name', (testCase) => {
    // Prepare
    const report = makeReport({
      findings: testCase.findings,
      errors: testCase.incomplete ? [scanError] : [],
    });

    // Act
    const decision = decideNotification({
      report,
      policy: testCase.policy,
      minimumSeverity: testCase.minimumSeverity ?? 'MEDIUM',
      ...(testCase.changes === undefined ? {} : { changes: testCase.changes }),
    });

    // Assess
    expect(decision.notify).toBe(testCase.notify);
    expect(decision.reason).toContain(testCase.reason);
  });

  it('notifies an incomplete scan without errors, saying collection stopped at the time limit', () => {
    // Prepare
    const report = makeReport({ complete: false });

    // Act
    const decision = decideNotification({
      report,
      policy: 'on-change',
      minimumSeverity: 'MEDIUM',
      changes: noChanges(),
    });

    // Assess
    expect(decision).toEqual({
      notify: true,
      reason:
        'Notifying: the scan is incomplete (collection stopped at the time limit before the whole scope was read)',
    });
  });

  it('gives every reason when several apply', () => {
    // Prepare
    const report = makeReport({ findings: [high], errors: [scanError] });
    const changes = noChanges({
      newFindingIds: [high.id],
      resolvedFindingIds: ['gone'],
      resolvedSeverities: { gone: 'CRITICAL' },
    });

    // Act
    const decision = decideNotification({
      report,
      policy: 'on-change',
      minimumSeverity: 'MEDIUM',
      changes,
    });

    // Assess
    expect(decision).toEqual({
      notify: true,
      reason:
        'Notifying: 1 new finding at or above MEDIUM; 1 resolved finding at or above MEDIUM; the scan is incomplete (1 error)',
    });
  });
});
