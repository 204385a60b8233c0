/**
 * An upgrade audit's notification: its findings (what would break at the target version) are
 * not today's, so the headline, the decision and the message attributes count today's
 * findings, and the audit adds its verdicts.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../src/evaluate/types.ts';
import { upgradePreamble } from '../../../../src/evaluate/upgrade.ts';
import {
  buildNotification,
  type ChatbotNotification,
  decideNotification,
  messageAttributes,
  type ProtocolMessages,
} from '../../../../src/publish/sns/index.ts';
import type { Report } from '../../../../src/report/types.ts';
import { makeFinding, makeReport, noChanges, ruleDescription, verdict } from './fixtures.ts';

const today = makeFinding({ severity: 'HIGH' });

function upgradeFinding(resourceId: string, severity: Finding['severity']): Finding {
  return makeFinding({
    id: `kubelet-flag-removed/${resourceId}/upgrade-1.36`,
    ruleId: 'kubelet-flag-removed',
    severity,
    title: 'Bootstrap passes a kubelet flag that Kubernetes removed (after the upgrade to 1.36)',
    resource: { type: 'AwsEc2LaunchTemplate', id: resourceId },
    upgrade: { from: '1.35', to: '1.36' },
  });
}

/** Today's HIGH, two HIGH and one LOW upgrade findings, and one of two clusters blocked. */
function upgradeAudit(findings: Finding[] = [today]): Report {
  return {
    ...makeReport({
      findings: [
        ...findings,
        upgradeFinding('lt-0aaa', 'CRITICAL'),
        upgradeFinding('lt-0bbb', 'HIGH'),
        upgradeFinding('lt-0ccc', 'LOW'),
      ],
    }),
    readiness: [verdict('edge', 'blocked'), verdict('staging', 'ready')],
  };
}

function notification(report: Report) {
  const built = buildNotification({ report, minimumSeverity: 'MEDIUM' });
  const messages = JSON.parse(built.message) as ProtocolMessages;
  return {
    subject: built.subject,
    email: messages.email,
    chat: JSON.parse(messages.https) as ChatbotNotification,
  };
}

describe('Notification of an upgrade audit', () => {
  it("counts today's findings in the subject and adds the verdicts", () => {
    // Act
    const { subject } = notification(upgradeAudit());

    // Assess
    expect(subject).toBe(
      '[eks-windows-scanner] 1 HIGH, upgrade to 1.36 blocked in 1 of 2 clusters in 123456789012 us-west-2',
    );
  });

  it('says every judged cluster is ready when none is blocked', () => {
    // Prepare
    const report = { ...upgradeAudit(), readiness: [verdict('staging', 'ready')] };

    // Act
    const { subject, email } = notification(report);

    // Assess
    expect(subject).toBe(
      '[eks-windows-scanner] 1 HIGH, 1 cluster ready for 1.36 in 123456789012 us-west-2',
    );
    expect(email).toContain('Upgrade to 1.36: the cluster judged is ready.');
  });

  it('shortens the verdict before anything is cut, and never cuts inside it', () => {
    // Prepare: an incomplete scan with many severities, 12 of 340 clusters blocked
    const findings = (['CRITICAL', 'HIGH', 'MEDIUM'] as const).flatMap((severity, rank) =>
      Array.from({ length: 12 + 22 * rank }, (_, index) =>
        makeFinding({
          severity,
          resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${rank}-${index}` },
        }),
      ),
    );
    const report = {
      ...makeReport({
        findings,
        errors: [{ operation: 'DescribeNodegroup', code: 'AccessDeniedException', message: 'x' }],
        accounts: ['111122223333', '444455556666', '777788889999'],
      }),
      readiness: Array.from({ length: 340 }, (_, index) =>
        verdict(`c${index}`, index < 12 ? 'blocked' : 'ready'),
      ),
    };

    // Act
    const { subject } = notification(report);

    // Assess
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).toMatch(
      /^\[eks-windows-scanner\] scan incomplete, 12 CRITICAL, 34 HIGH, 56 MEDIUM, (upgrade to 1\.36 blocked in 12 of 340 clusters|1\.36 blocked 12\/340)( in .*)?$/,
    );
  });

  it("leaves a scheduled scan's next-minor-version verdicts out of the subject", () => {
    // Prepare
    const report = {
      ...makeReport({ findings: [today] }),
      readiness: [verdict('edge', 'blocked', 0, true)],
    };

    // Act
    const { subject } = notification(report);

    // Assess
    expect(subject).toBe('[eks-windows-scanner] 1 HIGH in 123456789012 us-west-2');
  });

  it("lists today's findings first and the upgrade findings apart, each counted apart", () => {
    // Act
    const { email } = notification(upgradeAudit());

    // Assess
    const lines = email.split('\n');
    expect(lines[0]).toBe('EKS Windows node scan: 1 finding at or above MEDIUM (1 HIGH).');
    expect(lines[1]).toBe('Upgrade to 1.36: blocked in 1 of 2 clusters (verdicts below).');
    expect(email).toContain('Findings:  1 HIGH; upgrade findings: 1 CRITICAL, 1 HIGH, 1 LOW');
    const todaySection = email.indexOf('HIGH (1)\n========');
    const upgradeSection = email.indexOf('Upgrade findings (2)\n================');
    expect(todaySection).toBeGreaterThan(0);
    expect(upgradeSection).toBeGreaterThan(todaySection);
    expect(email.slice(upgradeSection)).toContain('[UPGRADE 1.36]');
    expect(email.slice(upgradeSection)).toContain('lt-0aaa');
    expect(email.slice(todaySection, upgradeSection)).not.toContain('[UPGRADE');
    expect(email).toContain('1 finding below MEDIUM is not listed.');
  });

  it("gives an upgrade finding's own sentence with the upgrade named, not the rule's description again", () => {
    // Prepare: the description as the evaluation writes it: the upgrade, the rule's
    // description, then what this resource does.
    const step = { from: '1.33', to: '1.34' };
    const detail =
      'The bootstrap call passes -ContainerRuntime docker, but the cluster will run Kubernetes 1.34 after the upgrade, which does not support Docker.';
    const docker = makeFinding({
      id: 'docker-runtime-unsupported/lt-0ddd/upgrade-1.34',
      ruleId: 'docker-runtime-unsupported',
      severity: 'CRITICAL',
      title: 'Docker runtime on Kubernetes 1.24 or later (after the upgrade to 1.34)',
      description: `${upgradePreamble(step)} ${ruleDescription('docker-runtime-unsupported')} ${detail}`,
      resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0ddd' },
      upgrade: step,
    });

    // Act
    const { email } = notification({ ...makeReport({ findings: [docker] }), readiness: [] });

    // Assess
    const shown = /Detail: {4}(.*?)\n {2}Fix:/s.exec(email)?.[1]?.replace(/\s+/g, ' ');
    expect(shown).toBe(`After the upgrade from 1.33 to 1.34: ${detail}`);
    expect(email).not.toContain('Upgrade readiness: evaluated as if');
  });

  it("counts today's findings in the chat card", () => {
    // Act
    const { chat } = notification(upgradeAudit());

    // Assess
    expect(chat.metadata.additionalContext?.findings).toBe('1');
    expect(chat.content.keywords).toContain('HIGH');
    expect(chat.content.keywords).not.toContain('CRITICAL');
    expect(chat.content.keywords).toContain('upgrade-blocked');
  });

  it("gives subscription filters today's highest severity, not an upgrade's", () => {
    // Act
    const attributes = messageAttributes(upgradeAudit(), 'MEDIUM');

    // Assess
    expect(attributes.highestSeverity?.StringValue).toBe('HIGH');
    expect(attributes.severities?.StringValue).toBe('["HIGH"]');
    expect(attributes.findings?.StringValue).toBe('1');
  });

  describe('Whether it notifies', () => {
    it('notifies a blocked upgrade when every finding would notify', () => {
      // Act
      const always = decideNotification({
        report: upgradeAudit([]),
        policy: 'always',
        minimumSeverity: 'MEDIUM',
      });
      const firstRun = decideNotification({
        report: upgradeAudit([]),
        policy: 'on-change',
        minimumSeverity: 'MEDIUM',
      });

      // Assess
      expect(always).toEqual({
        notify: true,
        reason: 'Notifying: upgrade to 1.36 blocked in 1 of 2 clusters',
      });
      expect(firstRun.notify).toBe(true);
    });

    it('does not notify upgrade findings when no cluster is blocked', () => {
      // Prepare
      const report = { ...upgradeAudit([]), readiness: [verdict('staging', 'ready')] };

      // Act
      const decision = decideNotification({ report, policy: 'always', minimumSeverity: 'MEDIUM' });

      // Assess
      expect(decision.notify).toBe(false);
    });

    it('does not count a blocked upgrade as a change since the last run', () => {
      // Act
      const decision = decideNotification({
        report: upgradeAudit([]),
        policy: 'on-change',
        minimumSeverity: 'MEDIUM',
        changes: noChanges(),
      });

      // Assess
      expect(decision.notify).toBe(false);
    });
  });
});
