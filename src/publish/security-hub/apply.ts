/**
 * The writes of a `SecurityHubPlan`: BatchImportFindings for the current findings and the
 * archived ones, BatchUpdateFindings for workflow statuses. A request that fails fails its
 * findings, which the result lists; the other writes go on.
 */
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SecurityHubSyncResult } from '../types.ts';
import { importFindings } from './import-findings.ts';
import type { SecurityHubPlan } from './plan.ts';
import { RateLimiter, SECURITY_HUB_WRITE_LIMIT } from './rate-limiter.ts';
import { updateWorkflows } from './update-workflow.ts';

export interface ApplySecurityHubSyncOptions {
  /** A client for the plan's region, in the account the findings belong to. */
  client: SecurityHubClient;
  /** Paces BatchImportFindings and BatchUpdateFindings; defaults to 10/s, burst 30. */
  limiter?: RateLimiter;
  /** True once no write may start (the default limiter's deadline; see RateLimiterOptions). */
  shouldStop?: () => boolean;
}

/**
 * Writes the plan. The result's resolved findings are those of the plan's that Security Hub
 * actually archived; `archived` counts every finding archived, suppressed ones too.
 */
export async function applySecurityHubSync(
  plan: SecurityHubPlan,
  options: ApplySecurityHubSyncOptions,
): Promise<SecurityHubSyncResult> {
  const { client } = options;
  const limiter =
    options.limiter ??
    new RateLimiter({
      ...SECURITY_HUB_WRITE_LIMIT,
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });

  const imported = await importFindings(client, plan.toImport, limiter);
  const archived = await importFindings(client, plan.toArchive, limiter);
  const workflow = await updateWorkflows(client, plan.workflowChanges, limiter);

  const archivedIds = new Set(archived.succeeded);
  const resolvedFindingIds = plan.resolvedFindingIds.filter((id) => archivedIds.has(id));
  return {
    region: plan.region,
    accountId: plan.accountId,
    newFindingIds: plan.newFindingIds,
    resolvedFindingIds,
    resolvedSeverities: only(plan.resolvedSeverities, resolvedFindingIds),
    resolvedTitles: only(plan.resolvedTitles, resolvedFindingIds),
    imported: imported.succeeded.length,
    archived: archived.succeeded.length,
    workflowUpdated: workflow.updated.length,
    failed: [...plan.invalid, ...imported.failed, ...archived.failed, ...workflow.failed],
    archivingDone: plan.archiving,
  };
}

/** The entries of `record` under `ids`. */
function only<V>(record: Record<string, V>, ids: readonly string[]): Record<string, V> {
  return Object.fromEntries(
    ids.flatMap((id) => (Object.hasOwn(record, id) ? [[id, record[id] as V]] : [])),
  );
}
