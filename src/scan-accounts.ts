/**
 * Many accounts in one report: `runScan` per account (each with its own clients, e.g. an
 * assumed role), side by side within a bound, and the reports merged. No second collector.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import pLimit from 'p-limit';
import type { AwsClients } from './collect/clients.ts';
import { describeFailure } from './collect/errors.ts';
import type { ScanError } from './inventory/types.ts';
import { forgiveClustersFoundInOtherParts, mergeReports } from './report/merge.ts';
import type { Report } from './report/types.ts';
import { uniqueBy } from './report/unique.ts';
import { ACCOUNT_ACCESS_OPERATION, STS_REGION_DISABLED } from './report/unreached-accounts.ts';
import { clustersAskedFor, runScan, type ScanOptions } from './scan.ts';
import { firstLine } from './text.ts';

export interface AccountTarget {
  accountId: string;
  clientsFor: (region: string) => AwsClients;
  /**
   * The account's credentials (the role assumed there), which `clientsFor` uses: had before
   * any region is asked, so that only a role that cannot be assumed fails the whole account,
   * and a region the account has not enabled fails alone, wherever it is named.
   */
  credentials: AwsCredentialIdentityProvider;
  /** The region whose STS assumes the role: an account that has not enabled it refuses there. */
  stsRegion: string;
}

/**
 * Accounts scanned at once. Each account's regions already run side by side and API rate
 * limits are per account and region, so accounts don't slow each other at AWS; the bound
 * keeps one process's sockets and memory in check.
 */
export const ACCOUNT_CONCURRENCY = 4;

export async function scanAccounts(
  allTargets: readonly AccountTarget[],
  options: Omit<ScanOptions, 'clientsFor'>,
): Promise<Report> {
  // An account named twice is scanned once: twice would report its findings twice.
  const targets = uniqueBy(allTargets, (target) => target.accountId);
  // One instant for every account, so that their findings are judged alike.
  const now = options.now ?? new Date();
  const limit = pLimit(ACCOUNT_CONCURRENCY);
  const unreachable: ScanError[] = [];
  const reports = await Promise.all(
    targets.map((target) =>
      limit(async (): Promise<Report | undefined> => {
        try {
          await target.credentials();
        } catch (error) {
          // The role could not be assumed: say so, go on with the other accounts.
          unreachable.push(roleNotAssumed(target, options.regions, error));
          return undefined;
        }
        const { onProgress } = options;
        // The account is the role's: no region asks STS who the caller is, so a region the
        // account has not enabled fails its own calls, not the account.
        return runScan({
          ...options,
          now,
          clientsFor: target.clientsFor,
          accountId: target.accountId,
          // Which account a region's progress is of.
          ...(onProgress === undefined
            ? {}
            : {
                onProgress: (progress) => onProgress({ ...progress, accountId: target.accountId }),
              }),
        });
      }),
    ),
  );
  return mergeReports(
    forgiveClustersFoundInOtherParts(
      reports.filter((report): report is Report => report !== undefined),
    ),
    {
      scannedAt: now,
      scope: {
        accounts: targets.map((target) => target.accountId),
        regions: options.regions,
        clusters: clustersAskedFor(options),
      },
      errors: unreachable,
    },
  );
}

/**
 * The error of an account whose role could not be assumed. With one region (a worker's scan)
 * it is that region's: the report's other parts hold the account's other regions.
 */
function roleNotAssumed(
  target: AccountTarget,
  regions: readonly string[],
  error: unknown,
): ScanError {
  const [onlyRegion, ...otherRegions] = regions;
  // As every other call's failure is told: a timeout in plain words, a network failure by
  // its system code (ECONNRESET) rather than as a bare "Error".
  const { code, message } = describeFailure(error);
  // AWS says "not activated in this region" without naming the region, which need not be
  // one scanned (a worker assumes the role in the stack's region): name it.
  const where =
    code === STS_REGION_DISABLED
      ? ` The role is assumed through STS in ${target.stsRegion}, a region this account has not enabled.`
      : '';
  return {
    accountId: target.accountId,
    ...(onlyRegion !== undefined && otherRegions.length === 0 ? { region: onlyRegion } : {}),
    operation: ACCOUNT_ACCESS_OPERATION,
    code,
    message: `${firstLine(message)}${where}`,
  };
}
