import type { GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import type { ResponseMetadata } from '@smithy/types';

/** The name of NoAccountIdError, which survives a bundler renaming the class. */
export const NO_ACCOUNT_ID = 'NoAccountIdError';

/**
 * GetCallerIdentity answered without an account. AWS always names it: such an answer came
 * from something else at the endpoint (a web server answering anything with 200), so the
 * error keeps the answer's metadata for the command line to tell (cli/errors.ts).
 */
export class NoAccountIdError extends Error {
  override readonly name = NO_ACCOUNT_ID;
  readonly $metadata: ResponseMetadata;

  constructor(metadata: ResponseMetadata) {
    super('GetCallerIdentity returned no account id');
    this.$metadata = metadata;
  }
}

/** The caller's account from GetCallerIdentity's answer. */
export function accountIdOf({ Account, $metadata }: GetCallerIdentityCommandOutput): string {
  if (Account === undefined) throw new NoAccountIdError($metadata);
  return Account;
}
