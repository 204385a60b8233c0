/**
 * Delivery of a report (SPEC section 6): Security Hub keeps the estate's state over time,
 * SNS tells people. Nothing delivered may contain user data: findings never hold any.
 */
import type { Severity } from '../evaluate/types.ts';

export type NotifyPolicy = 'always' | 'on-change';

export interface PublishConfig {
  /** SNS topic for the summary; undefined sends no notification. */
  snsTopicArn?: string;
  /** Import findings into Security Hub (and archive resolved ones). */
  securityHub: boolean;
  /** Findings below this severity are left out of notifications. */
  notifyMinimumSeverity: Severity;
  /**
   * `always`: one message per scan that has findings at or above the minimum severity.
   * `on-change`: only when findings at or above it are new or resolved since the last run
   * (known from Security Hub's state, so it needs `securityHub`).
   */
  notifyPolicy: NotifyPolicy;
}

/** What changed in one region's Security Hub since the previous run of the same scope. */
export interface FindingChanges {
  /**
   * Report finding ids that were not active in Security Hub before this run, or were active
   * but last written suppressed and are no longer suppressed (a suppression that ended).
   */
  newFindingIds: string[];
  /**
   * Security Hub Ids of our findings that were active before and that this run archived, but
   * not those last written suppressed: a suppressed finding is never notified, nor is its end.
   * A report id too long for an ASFF Id is one shortened by `asffIdOf`.
   */
  resolvedFindingIds: string[];
  /** Severity label of each resolved finding, as Security Hub held it. */
  resolvedSeverities: Record<string, Severity>;
  /** Titles of resolved findings, for the message. */
  resolvedTitles: Record<string, string>;
}

/**
 * What changed in several Security Hubs together, as the notification tells it. A hub whose
 * previous state could not be read (not enabled in a region, say) counts every finding it
 * gets as new: the rest still say what really changed, and a repeated notification beats a
 * lost one.
 */
export interface MergedChanges extends FindingChanges {
  /** Hubs that could not be read, of how many: their findings are all among the new. */
  unreadHubs?: { count: number; of: number };
}

export interface FailedFinding {
  /**
   * The finding's Security Hub Id (`asffIdOf`: the report's id unless that is over 512
   * units), or the report's id for one refused before sending (`InvalidAsff`).
   */
  id: string;
  code: string;
  message: string;
}

export interface SecurityHubSyncResult extends FindingChanges {
  region: string;
  /** The account whose Security Hub this is. */
  accountId: string;
  /** Findings sent with BatchImportFindings (new or updated). */
  imported: number;
  archived: number;
  /** Findings whose workflow status was set (SUPPRESSED, or back to NEW when a suppression expired). */
  workflowUpdated: number;
  /** Findings Security Hub refused even after a retry. */
  failed: FailedFinding[];
  /** False when the scope was incomplete, so nothing was archived. */
  archivingDone: boolean;
}

/**
 * Where the whole report was written, when it was: the organisation-wide run's folder, or the
 * object of a scanner function's report too large to return.
 */
export interface ReportLink {
  /** `s3://bucket/runs/…/`: report.json and report.html; or one report's object. */
  s3Uri: string;
  /** The same place in the S3 console. */
  consoleUrl: string;
  /** What is there, for the email: "report.json, report.html" when absent (a run's folder). */
  files?: string;
}

export interface NotificationResult {
  sent: boolean;
  /** Why it was or wasn't sent, for the log. */
  reason: string;
  messageId?: string;
}

export interface PublishResult {
  securityHub: SecurityHubSyncResult[];
  notification: NotificationResult;
}
