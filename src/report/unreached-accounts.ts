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
