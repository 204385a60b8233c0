import { SEVERITIES, type Severity } from '../../evaluate/types.ts';
import type { Report } from '../../report/types.ts';
import { plural } from '../../text.ts';
import type { FindingChanges, MergedChanges, NotifyPolicy } from '../types.ts';
import {
  askedUpgrade,
  atOrAbove,
  describeAskedUpgrade,
  incompleteBecause,
  notifiableFindings,
  severityRank,
  unreadHubsNote,
} from './text.ts';

export interface DecideNotificationInput {
  report: Report;
  policy: NotifyPolicy;
  minimumSeverity: Severity;
  /** Undefined with `on-change`: no previous run is known, so every finding is new. */
  changes?: MergedChanges;
}

export interface NotificationDecision {
  notify: boolean;
  /** For the log: what made the decision. */
  reason: string;
}

/**
 * Whether this scan deserves a message. Suppressed findings never count. An incomplete scan
 * always notifies, whatever the policy: people must hear that a scan failed, since its silence
 * would otherwise read as "nothing found". An upgrade audit's findings are not today's: a
 * blocked upgrade is a reason where every finding would be (`always`, or no previous run),
 * since Security Hub keeps no upgrade finding to tell what is new.
 */
export function decideNotification(input: DecideNotificationInput): NotificationDecision {
  const { report, policy, minimumSeverity, changes } = input;
  const notifiable = notifiableFindings(report.findings, minimumSeverity);
  const threshold = `at or above ${minimumSeverity}`;
  const reasons: string[] = [];

  if (policy === 'always') {
    if (notifiable.length > 0) reasons.push(`${plural(notifiable.length, 'finding')} ${threshold}`);
  } else if (changes === undefined) {
    if (notifiable.length > 0) {
      reasons.push(
        `${plural(notifiable.length, 'new finding')} ${threshold} (no previous run known, so every finding is new)`,
      );
    }
  } else {
    const newIds = new Set(changes.newFindingIds);
    const added = notifiable.filter((finding) => newIds.has(finding.id));
    const resolved = resolvedIdsAtOrAbove(changes, minimumSeverity);
    const unread = unreadHubsNote(changes, report.scope.accounts.length > 1);
    if (added.length > 0) {
      reasons.push(
        `${plural(added.length, 'new finding')} ${threshold}${unread === undefined ? '' : ` (${unread})`}`,
      );
    }
    if (resolved.length > 0) {
      reasons.push(`${plural(resolved.length, 'resolved finding')} ${threshold}`);
    }
  }
  const upgrade = askedUpgrade(report.readiness);
  // No hub read: no earlier finding is known, as on a first run.
  const unreadHubs = changes?.unreadHubs;
  const nothingKnown =
    changes === undefined || (unreadHubs !== undefined && unreadHubs.count === unreadHubs.of);
  if ((policy === 'always' || nothingKnown) && upgrade !== undefined && upgrade.blocked > 0) {
    reasons.push(describeAskedUpgrade(upgrade));
  }
  if (!report.complete) {
    reasons.push(`the scan is incomplete (${incompleteBecause(report.errors.length)})`);
  }

  if (reasons.length > 0) return { notify: true, reason: `Notifying: ${reasons.join('; ')}` };
  return {
    notify: false,
    reason:
      policy === 'always'
        ? `Not notifying: no unsuppressed finding ${threshold}, and the scan is complete`
        : `Not notifying: no finding ${threshold} is new or resolved since the last run, and the scan is complete`,
  };
}

/**
 * Resolved findings worth telling about. One whose severity Security Hub did not give counts:
 * saying too much about a fix is better than hiding one.
 */
export function resolvedIdsAtOrAbove(changes: FindingChanges, minimum: Severity): string[] {
  return changes.resolvedFindingIds.filter((id) => {
    const severity = changes.resolvedSeverities[id];
    return severity === undefined || atOrAbove(severity, minimum);
  });
}

export interface ResolvedFinding {
  id: string;
  /** Undefined when the last run's finding gave none. */
  severity?: Severity;
  /** What the last run called it; its id when unknown. */
  title: string;
}

/** The findings resolved at or above `minimum`, most severe first (an unknown severity last). */
export function resolvedFindingsAtOrAbove(
  changes: FindingChanges,
  minimum: Severity,
): ResolvedFinding[] {
  const rank = (severity: Severity | undefined) =>
    severity === undefined ? SEVERITIES.length : severityRank(severity);
  return resolvedIdsAtOrAbove(changes, minimum)
    .map((id) => {
      const severity = changes.resolvedSeverities[id];
      const title = changes.resolvedTitles[id] ?? id;
      return severity === undefined ? { id, title } : { id, severity, title };
    })
    .sort((a, b) => rank(a.severity) - rank(b.severity));
}
