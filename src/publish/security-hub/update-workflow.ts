/**
 * BatchUpdateFindings for the workflow status: BatchImportFindings can set `Workflow` only
 * when it creates a finding (AWS Security Hub API reference, BatchImportFindings), so a
 * suppression that starts or ends on a finding Security Hub already holds goes through here.
 */
import { BatchUpdateFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { FailedFinding } from '../types.ts';
import { NOTE_AUTHOR, SUPPRESSED_NOTE } from './asff.ts';
import { ASFF_LIMITS } from './asff-rules.ts';
import { inBatches } from './batches.ts';
import { failedByError } from './errors.ts';
import type { RateLimiter } from './rate-limiter.ts';

export type ScannerWorkflowStatus = 'SUPPRESSED' | 'NEW';

export interface WorkflowChange {
  /** The finding's Security Hub Id (`asffIdOf` of the report's id). */
  id: string;
  productArn: string;
  status: ScannerWorkflowStatus;
  /**
   * The note that goes with the status: for SUPPRESSED, where the suppression is written and
   * why (`suppressionNote`). Default: SUPPRESSED_NOTE or UNSUPPRESSED_NOTE.
   */
  note?: string;
}

export const UNSUPPRESSED_NOTE = 'The eks-windows-scanner suppression no longer applies';

const NOTE_TEXT: Record<ScannerWorkflowStatus, string> = {
  SUPPRESSED: SUPPRESSED_NOTE,
  NEW: UNSUPPRESSED_NOTE,
};

export interface WorkflowOutcome {
  updated: string[];
  failed: FailedFinding[];
}

export async function updateWorkflows(
  client: SecurityHubClient,
  changes: WorkflowChange[],
  limiter: RateLimiter,
): Promise<WorkflowOutcome> {
  const outcome: WorkflowOutcome = { updated: [], failed: [] };
  // One request carries one status and one note: findings are grouped by both.
  const groups = new Map<
    string,
    { status: ScannerWorkflowStatus; note: string; ids: WorkflowChange[] }
  >();
  for (const status of ['SUPPRESSED', 'NEW'] as const) {
    for (const change of changes.filter((entry) => entry.status === status)) {
      const note = change.note ?? NOTE_TEXT[status];
      const key = JSON.stringify([status, note]);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { status, note, ids: [change] });
      else group.ids.push(change);
    }
  }
  for (const { status, note, ids } of groups.values()) {
    const identifiers = ids.map((change) => ({ Id: change.id, ProductArn: change.productArn }));
    for (const batch of inBatches(identifiers, ASFF_LIMITS.findingsPerUpdate)) {
      try {
        await limiter.acquire();
        const response = await client.send(
          new BatchUpdateFindingsCommand({
            FindingIdentifiers: batch,
            Workflow: { Status: status },
            Note: { Text: note, UpdatedBy: NOTE_AUTHOR },
          }),
        );
        const unprocessed = new Set<string>();
        for (const entry of response.UnprocessedFindings ?? []) {
          const id = entry.FindingIdentifier?.Id ?? '';
          unprocessed.add(id);
          outcome.failed.push({
            id,
            code: entry.ErrorCode ?? 'Unknown',
            message: entry.ErrorMessage ?? 'Security Hub gave no reason',
          });
        }
        outcome.updated.push(
          ...batch.map((entry) => entry.Id).filter((id) => !unprocessed.has(id)),
        );
      } catch (error) {
        // moto has no BatchUpdateFindings (HTTP 404): report it, keep the rest of the sync.
        outcome.failed.push(
          ...failedByError(
            batch.map((entry) => entry.Id),
            error,
          ),
        );
      }
    }
  }
  return outcome;
}
