/**
 * One region's Security Hub brought in line with a report in one go: the plan, then its
 * writes. `publishReport` runs the two steps apart, to notify between them.
 */
import type { SecurityHubSyncResult } from '../types.ts';
import { type ApplySecurityHubSyncOptions, applySecurityHubSync } from './apply.ts';
import { type PlanSecurityHubSyncOptions, planSecurityHubSync } from './plan.ts';

export interface SyncSecurityHubOptions
  extends PlanSecurityHubSyncOptions,
    ApplySecurityHubSyncOptions {}

export async function syncSecurityHub(
  options: SyncSecurityHubOptions,
): Promise<SecurityHubSyncResult> {
  return applySecurityHubSync(await planSecurityHubSync(options), options);
}
