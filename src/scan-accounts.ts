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
import { ACCOUNT_ACCESS_OPERATION } from './report/unreached-accounts.ts';
import { clustersAskedFor, runScan, type ScanOptions } from './scan.ts';
import { firstLine } from './text.ts';

export interface AccountTarget {
  accountId: string;
  clientsFor: (region: string) => AwsClients;
  /**
   * The account's credentials (the role assumed there), when `clientsFor` uses them: had
   * before any region is asked, so that only a role that cannot be assumed fails the whole
   * account, and a region the account has not enabled fails alone, wherever it is named.
   * Without them, the first region's GetCallerIdentity stands for the AssumeRole.
   */
  credentials?: AwsCredentialIdentityProvider;
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
          const { onProgress } = options;
          if (target.credentials !== undefined) await target.credentials();
          return await runScan({
            ...options,
            now,
            clientsFor: target.clientsFor,
            ...(target.credentials === undefined ? {} : { accountId: target.accountId }),
            // Which account a region's progress is of.
            ...(onProgress === undefined
              ? {}
              : {
                  onProgress: (progress) =>
                    onProgress({ ...progress, accountId: target.accountId }),
                }),
          });
        } catch (error) {
          // The role could not be assumed (or the account not reached): say so, go on. With
          // one region (a worker's scan) it failed there: a region not enabled in the account
          // refuses the role's session while the account's other regions take it.
          const [onlyRegion, ...otherRegions] = options.regions;
          // As every other call's failure is told: a timeout in plain words, a network
          // failure by its system code (ECONNRESET) rather than as a bare "Error".
          const { code, message } = describeFailure(error);
          unreachable.push({
            accountId: target.accountId,
            ...(onlyRegion !== undefined && otherRegions.length === 0
              ? { region: onlyRegion }
              : {}),
            operation: ACCOUNT_ACCESS_OPERATION,
            code,
            message: firstLine(message),
          });
          return undefined;
        }
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
