/**
 * Accounts a scan of many could not reach at all (their role could not be assumed): their
 * error names this operation, and they have no findings.
 */
import type { ScanError } from '../inventory/types.ts';
import type { Report } from './types.ts';

/** The operation an account's error names when the scan could not start there at all. */
export const ACCOUNT_ACCESS_OPERATION = 'AssumeRole';

export function unreachedAccounts(errors: readonly ScanError[]): Set<string> {
  return new Set(
    errors.flatMap((error) =>
      error.operation === ACCOUNT_ACCESS_OPERATION && error.accountId !== undefined
        ? [error.accountId]
        : [],
    ),
  );
}

/** The scope's accounts that the scan reached, in the scope's order. */
export function reachedAccounts(report: Pick<Report, 'errors' | 'scope'>): string[] {
  const unreached = unreachedAccounts(report.errors);
  return report.scope.accounts.filter((accountId) => !unreached.has(accountId));
}

/** STS's answer when the region it was asked in is not enabled in the role's account. */
export const STS_REGION_DISABLED = 'RegionDisabledException';

/**
 * What AWS answers valid credentials with in a region the account has not enabled (STS, the
 * JSON services, EC2).
 */
export const REFUSED_IN_DISABLED_REGIONS: ReadonlySet<string> = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AuthFailure',
]);

/**
 * The account-regions (`account region`) whose calls were refused as AWS refuses the account's
 * credentials in a region it has not enabled: nothing there answers, its Security Hub neither.
 */
export function refusedRegions(errors: readonly ScanError[]): Set<string> {
  return new Set(
    errors.flatMap((error) =>
      error.operation !== ACCOUNT_ACCESS_OPERATION &&
      error.region !== undefined &&
      REFUSED_IN_DISABLED_REGIONS.has(error.code)
        ? [`${error.accountId ?? ''} ${error.region}`]
        : [],
    ),
  );
}
