/**
 * Accounts a scan of many could not reach at all (their role could not be assumed): their
 * error names this operation, and they have no findings.
 */
import type { ScanError } from '../inventory/types.ts';

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
