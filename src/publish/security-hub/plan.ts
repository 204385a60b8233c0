/**
 * What one region's Security Hub needs to be in line with a report (SPEC 6), worked out
 * without writing anything: findings the scan produced are created or updated under their
 * stable Id, ours that a complete scan of the same scope no longer produces are archived,
 * and suppressions reach the workflow status. Reading first and writing later lets the
 * caller notify what changed before Security Hub records it (see `publishReport`).
 */
import type { AwsSecurityFinding, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { type Finding, SEVERITIES, type Severity } from '../../evaluate/types.ts';
import type { Report } from '../../report/types.ts';
import { hubFindings } from '../changes.ts';
import type { FailedFinding, FindingChanges } from '../types.ts';
import {
  type FindingScope,
  readActiveFindings,
  readScannerSuppressedArchive,
} from './active-findings.ts';
import { asffIdOf, NOTE_AUTHOR, suppressionNote, toAsff, writtenSuppressed } from './asff.ts';
import { asffProblems } from './asff-rules.ts';
import { defaultProductArn } from './partition.ts';
import type { WorkflowChange } from './update-workflow.ts';

export interface PlanSecurityHubSyncOptions {
  /** A client for `region`, in the account the findings belong to. Only reads. */
  client: SecurityHubClient;
  report: Report;
  region: string;
  accountId: string;
  /** The scan's cluster filter; undefined or empty: every cluster. */
  clusters?: string[];
  /** The time the writes will carry (UpdatedAt, LastObservedAt). */
  now: Date;
  /** Ends the reading (GetFindings) when it fires: the plan then fails (SecurityHubReadError). */
  abortSignal?: AbortSignal;
}

/**
 * One region's writes, and the changes they make, as the notification tells them:
 * `newFindingIds` are the findings Security Hub did not hold as active, or held as written
 * suppressed and no longer suppressed; `resolvedFindingIds` those this plan archives, except
 * the ones last written suppressed (never notified, so their end is no news either).
 */
export interface SecurityHubPlan extends FindingChanges {
  region: string;
  accountId: string;
  /** The ASFF of the report's findings: new ones are created, known ones updated. */
  toImport: AwsSecurityFinding[];
  /** Findings left out of `toImport` because they break the ASFF field rules. */
  invalid: FailedFinding[];
  /** The ARCHIVED copies of our active findings that this scan no longer produces. */
  toArchive: AwsSecurityFinding[];
  /** Workflow statuses to set through BatchUpdateFindings. */
  workflowChanges: WorkflowChange[];
  /** False when the scan was incomplete or not of this scope: then nothing is archived. */
  archiving: boolean;
}

/**
 * Fields Security Hub customers own once a finding exists: BatchImportFindings can't change
 * them, so updates leave them out rather than pretend to set them.
 */
const CUSTOMER_FIELDS = [
  'Note',
  'UserDefinedFields',
  'VerificationState',
  'Workflow',
  'WorkflowState',
] as const;
/** Set by Security Hub when it processes a finding, not by the provider. */
const SERVICE_FIELDS = ['ProcessedAt'] as const;

/** Reads our active findings of the scope (GetFindings only) and plans the writes. */
export async function planSecurityHubSync(
  options: PlanSecurityHubSyncOptions,
): Promise<SecurityHubPlan> {
  const { client, report, region, accountId, now } = options;
  const scope: FindingScope = {
    region,
    accountId,
    productArn: defaultProductArn(region, accountId),
    clusters: options.clusters?.length ? options.clusters : undefined,
  };
  // Keyed by Security Hub's Id: a finding is looked up there by its ASFF Id (`asffIdOf`),
  // which differs from the report's id when that is too long.
  const active = await readActiveFindings(client, scope, options.abortSignal);
  const findings = hubFindings(report, region, accountId);
  // An archived finding the scanner had suppressed comes back SUPPRESSED (an import keeps the
  // status): those of the findings new to the active ones and no longer suppressed are asked
  // for, which is only read when there is such a finding.
  const returning = findings.some(
    (finding) => !finding.suppressed && !active.has(asffIdOf(finding.id)),
  )
    ? await readScannerSuppressedArchive(client, scope, options.abortSignal)
    : new Map<string, AwsSecurityFinding>();

  // Current findings: new ones are created, known ones updated under the same Id.
  const { toImport, invalid } = prepareImports(findings, active, now, report.scanner.version);
  const invalidIds = new Set(invalid.map((failed) => failed.id));

  // Resolved findings: only a complete scan of this very scope may say something is gone.
  // Any error counts, even in a report that calls itself complete: what a failed call did not
  // read is not gone.
  const archiving =
    report.complete &&
    report.errors.length === 0 &&
    report.scope.regions.includes(region) &&
    report.scope.accounts.includes(accountId);
  const resolved: AwsSecurityFinding[] = [];
  if (archiving) {
    const current = new Set(findings.map((finding) => asffIdOf(finding.id)));
    for (const [id, held] of active) if (!current.has(id)) resolved.push(held);
  }

  // A suppressed finding is never notified: when it goes away, neither is its end.
  const announced = resolved.filter((held) => !writtenSuppressed(held));

  return {
    region,
    accountId,
    // One refused as invalid never reaches Security Hub: it is a failure every run, not new.
    newFindingIds: findings
      .filter((finding) => !invalidIds.has(finding.id) && isNew(finding, active))
      .map((f) => f.id),
    resolvedFindingIds: announced.map((held) => held.Id ?? ''),
    resolvedSeverities: Object.fromEntries(
      announced.map((held) => [held.Id ?? '', severityOf(held)]),
    ),
    resolvedTitles: Object.fromEntries(
      announced.map((held) => [held.Id ?? '', held.Title ?? held.Id ?? '']),
    ),
    toImport,
    invalid,
    toArchive: resolved.map((held) => archivedCopy(held, now)),
    workflowChanges: workflowChanges(findings, active, returning),
    archiving,
  };
}

/**
 * New to the notification: not active in Security Hub, or active but last written suppressed
 * and no longer suppressed (the suppression was removed or its `until` day passed). Such a
 * finding was never notified while suppressed, so its return is news, like a new one's.
 */
function isNew(finding: Finding, active: Map<string, AwsSecurityFinding>): boolean {
  const held = active.get(asffIdOf(finding.id));
  return held === undefined || (!finding.suppressed && writtenSuppressed(held));
}

/** The ASFF of each current finding, and those that would break the field rules. */
function prepareImports(
  findings: Finding[],
  active: Map<string, AwsSecurityFinding>,
  now: Date,
  scannerVersion: string,
): { toImport: AwsSecurityFinding[]; invalid: FailedFinding[] } {
  const toImport: AwsSecurityFinding[] = [];
  const invalid: FailedFinding[] = [];
  for (const finding of findings) {
    const held = active.get(asffIdOf(finding.id));
    const asff = toAsff(finding, {
      now,
      scannerVersion,
      firstObservedAt: held?.FirstObservedAt ?? held?.CreatedAt,
      createdAt: held?.CreatedAt,
    });
    const payload = held === undefined ? asff : without(asff, CUSTOMER_FIELDS);
    const problems = asffProblems(payload);
    if (problems.length > 0) {
      invalid.push({ id: finding.id, code: 'InvalidAsff', message: problems.join('; ') });
    } else {
      toImport.push(payload);
    }
  }
  return { toImport, invalid };
}

/**
 * The finding as Security Hub held it, archived: an update through BatchImportFindings must
 * carry every required field again, and the stored copy has them all.
 */
function archivedCopy(held: AwsSecurityFinding, now: Date): AwsSecurityFinding {
  return {
    ...without(held, [...CUSTOMER_FIELDS, ...SERVICE_FIELDS]),
    RecordState: 'ARCHIVED',
    UpdatedAt: now.toISOString(),
  };
}

/**
 * Suppressed findings whose status isn't SUPPRESSED yet, or whose scanner-written note no
 * longer says where the suppression is and why; and findings the scanner itself
 * suppressed (its note) that are no longer suppressed, active or `returning` from the
 * archive (set to NEW after the import that makes them active). A suppression someone set
 * by hand in Security Hub is their decision, and stays.
 */
function workflowChanges(
  findings: Finding[],
  active: Map<string, AwsSecurityFinding>,
  returning: Map<string, AwsSecurityFinding>,
): WorkflowChange[] {
  const changes: WorkflowChange[] = [];
  for (const finding of findings) {
    const id = asffIdOf(finding.id);
    const archived = returning.get(id);
    if (!finding.suppressed && !active.has(id) && archived?.ProductArn !== undefined) {
      changes.push({ id, productArn: archived.ProductArn, status: 'NEW' });
      continue;
    }
    const held = active.get(id);
    if (held?.ProductArn === undefined) continue;
    const status = held.Workflow?.Status;
    if (finding.suppressed) {
      const note = suppressionNote(finding);
      // Suppressed already by the scanner but under another note (another source, reason or
      // date, or an older scanner's wording): the note is brought up to date.
      const stale =
        status === 'SUPPRESSED' && held.Note?.UpdatedBy === NOTE_AUTHOR && held.Note.Text !== note;
      if (status !== 'SUPPRESSED' || stale) {
        changes.push({ id, productArn: held.ProductArn, status: 'SUPPRESSED', note });
      }
    } else if (
      !finding.suppressed &&
      status === 'SUPPRESSED' &&
      held.Note?.UpdatedBy === NOTE_AUTHOR
    ) {
      changes.push({ id, productArn: held.ProductArn, status: 'NEW' });
    }
  }
  return changes;
}

function severityOf(held: AwsSecurityFinding): Severity {
  const label = held.Severity?.Label ?? held.FindingProviderFields?.Severity?.Label;
  return (SEVERITIES as readonly string[]).includes(label ?? '')
    ? (label as Severity)
    : 'INFORMATIONAL';
}

function without<T extends object, K extends keyof T>(value: T, keys: readonly K[]): T {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}
