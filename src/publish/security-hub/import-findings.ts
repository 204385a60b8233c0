/**
 * BatchImportFindings in batches of at most 100, one request per limiter token. Findings the
 * service lists in `FailedFindings` are sent once more (often a passing fault) unless the
 * refusal is of the finding itself (InvalidInput) or of access; what fails again is reported with Security Hub's own code and message. A whole request that fails
 * after the SDK's retries fails its findings, not the sync.
 */
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { FailedFinding } from '../types.ts';
import { ASFF_LIMITS } from './asff-rules.ts';
import { inBatches } from './batches.ts';
import { failedByError } from './errors.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** Refusals no second try changes: the finding itself, or the caller's access, is wrong. */
const PERMANENT_REFUSAL = /Invalid|AccessDenied|Validation|TooLarge|SizeExceeded/i;

export interface ImportOutcome {
  /** Ids Security Hub accepted. */
  succeeded: string[];
  failed: FailedFinding[];
}

export async function importFindings(
  client: SecurityHubClient,
  findings: AwsSecurityFinding[],
  limiter: RateLimiter,
): Promise<ImportOutcome> {
  const first = await importOnce(client, findings, limiter);
  // A finding refused as invalid or not allowed would only be refused again.
  const final = first.refused.filter((failure) => PERMANENT_REFUSAL.test(failure.code));
  const retryIds = new Set(
    first.refused.filter((failure) => !final.includes(failure)).map((failure) => failure.id),
  );
  const retry = await importOnce(
    client,
    findings.filter((finding) => retryIds.has(finding.Id ?? '')),
    limiter,
  );
  return {
    succeeded: [...first.succeeded, ...retry.succeeded],
    failed: [...first.errored, ...final, ...retry.refused, ...retry.errored],
  };
}

interface Attempt {
  succeeded: string[];
  /** Listed in FailedFindings: worth one more try. */
  refused: FailedFinding[];
  /** The whole request failed after the SDK's own retries. */
  errored: FailedFinding[];
}

async function importOnce(
  client: SecurityHubClient,
  findings: AwsSecurityFinding[],
  limiter: RateLimiter,
): Promise<Attempt> {
  const attempt: Attempt = { succeeded: [], refused: [], errored: [] };
  for (const batch of inBatches(findings, ASFF_LIMITS.findingsPerImport)) {
    const ids = batch.map((finding) => finding.Id ?? '');
    try {
      // Inside: a batch not sent for the deadline fails its findings, not the sync.
      await limiter.acquire();
      const response = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
      const refused = new Map<string, FailedFinding>();
      for (const failure of response.FailedFindings ?? []) {
        const id = failure.Id ?? '';
        refused.set(id, {
          id,
          code: failure.ErrorCode ?? 'Unknown',
          message: failure.ErrorMessage ?? 'Security Hub gave no reason',
        });
      }
      attempt.refused.push(...refused.values());
      attempt.succeeded.push(...ids.filter((id) => !refused.has(id)));
    } catch (error) {
      attempt.errored.push(...failedByError(ids, error));
    }
  }
  return attempt;
}
