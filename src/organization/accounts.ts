/**
 * The accounts of an organisation-wide scan and the clients that reach each: the caller
 * assumes one role of the same name in every account (deployed there, e.g. as a StackSet).
 */
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import {
  doesIdentityRequireRefresh,
  isIdentityExpired,
  memoizeIdentityProvider,
} from '@smithy/core';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { type AwsClientOptions, awsClientConfig } from '../aws-client-config.ts';
import { accountIdOf } from '../caller-identity.ts';
import { type AwsClients, createAwsClients } from '../collect/clients.ts';
import type { MemberRole } from '../member-role.ts';
import { partitionOf } from '../regions.ts';
import { firstLine } from '../text.ts';

/** What the role session is called in the member accounts' CloudTrail. */
const ROLE_SESSION_NAME = 'eks-windows-scanner';

/** Why Organizations won't list accounts for this caller: a setup problem, not a failed scan. */
const ORGANIZATIONS_REFUSALS = new Set([
  'AWSOrganizationsNotInUseException',
  'AccessDeniedException',
  'AccessDeniedForDependencyException',
]);

/**
 * When `error` is Organizations refusing to list the accounts: its name, its message's first
 * line and, for an access refusal, where to run from instead.
 */
export function organizationsRefusal(
  error: unknown,
): { name: string; message: string; hint: string } | undefined {
  if (!(error instanceof Error) || !ORGANIZATIONS_REFUSALS.has(error.name)) return undefined;
  return {
    name: error.name,
    message: firstLine(error.message),
    hint: error.name.startsWith('AccessDenied')
      ? 'run it from the management account or a delegated administrator account'
      : '',
  };
}

/** Organizations would not list the accounts: an organisation run fails saying what to change. */
export class OrganizationAccountsRefusedError extends Error {
  constructor(refusal: { name: string; message: string }, cause: unknown) {
    super(
      `AWS Organizations refused to list the accounts (${refusal.name}: ${refusal.message}). Deploy the stack in the organisation's management account or a delegated administrator account, or list the accounts in the ScanAccounts parameter.`,
      { cause },
    );
    this.name = 'OrganizationAccountsRefusedError';
  }
}

/** The active member accounts of the caller's organisation (management or delegated admin). */
export async function listActiveAccounts(
  region: string,
  options: AwsClientOptions = {},
): Promise<string[]> {
  const client = new OrganizationsClient(awsClientConfig(region, options));
  try {
    const accounts: string[] = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const account of page.Accounts ?? []) {
        // `State` replaces `Status`; either says whether the account is active.
        const state = account.State ?? account.Status;
        if (account.Id !== undefined && state === 'ACTIVE') accounts.push(account.Id);
      }
    }
    return accounts;
  } finally {
    client.destroy();
  }
}

/**
 * Who the caller is (STS GetCallerIdentity, which needs no permission): fails as the caller's
 * credentials or endpoint would, before any member account is tried.
 */
export async function callerAccountId(
  region: string,
  options: AwsClientOptions = {},
): Promise<string> {
  const client = new STSClient(awsClientConfig(region, options));
  try {
    return accountIdOf(await client.send(new GetCallerIdentityCommand({})));
  } finally {
    client.destroy();
  }
}

export function roleArn(accountId: string, roleName: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`;
}

/**
 * Credentials of the role assumed in one account, through STS of `homeRegion`, on first use;
 * the SDK refreshes them before they expire. Share one provider between the clients of an
 * account so that they make one AssumeRole call, not one each.
 */
export function assumedRoleCredentials(
  accountId: string,
  role: MemberRole,
  homeRegion: string,
  options: AwsClientOptions = {},
): AwsCredentialIdentityProvider {
  const assume = fromTemporaryCredentials({
    params: {
      RoleArn: roleArn(accountId, role.name, homeRegion),
      RoleSessionName: ROLE_SESSION_NAME,
      ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
    },
    clientConfig: awsClientConfig(homeRegion, options),
  });
  // fromTemporaryCredentials asks STS on every call, and each client caches its own answer:
  // memoised here (refreshed as the SDK refreshes), the account's clients share one session.
  return memoizeIdentityProvider(assume, isIdentityExpired, doesIdentityRequireRefresh) ?? assume;
}

/**
 * Each account's credentials of the role, made once per account: the scan's clients and
 * those that publish its findings share one session (one AssumeRole call).
 */
export function assumedRoleSessions(
  role: MemberRole,
  homeRegion: string,
  options: AwsClientOptions = {},
): (accountId: string) => AwsCredentialIdentityProvider {
  const sessions = new Map<string, AwsCredentialIdentityProvider>();
  return (accountId) => {
    let session = sessions.get(accountId);
    if (session === undefined) {
      session = assumedRoleCredentials(accountId, role, homeRegion, options);
      sessions.set(accountId, session);
    }
    return session;
  };
}

/** Clients for one account's regions, all on one session of the role assumed there. */
export function sessionClientsFor(
  credentials: AwsCredentialIdentityProvider,
  options: AwsClientOptions = {},
): (region: string) => AwsClients {
  return (region) => createAwsClients(region, { ...options, credentials });
}
