import { ListClustersCommand } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/collect/clients.ts';
import { scanAccounts } from '../../src/scan-accounts.ts';
import { clients as freshClients } from './collect/aws-responses.ts';

/** Clients of an account with no clusters, or whose role can't be assumed. */
function accountClients(accountId: string, reachable: boolean): AwsClients {
  const clients = freshClients();
  const sts = mockClient(clients.sts).on(GetCallerIdentityCommand);
  if (reachable) sts.resolves({ Account: accountId });
  else
    sts.rejects(
      new STSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: {},
        message: `User is not authorized to perform: sts:AssumeRole on arn:aws:iam::${accountId}:role/Audit\nmore`,
      }),
    );
  mockClient(clients.eks).on(ListClustersCommand).resolves({ clusters: [] });
  return clients;
}

describe('Function: scanAccounts', () => {
  it('scans every account and lists one whose role cannot be assumed, without stopping', async () => {
    // Prepare
    const accounts = ['111122223333', '444455556666', '777788889999'];

    // Act
    const report = await scanAccounts(
      accounts.map((accountId) => ({
        accountId,
        clientsFor: () => accountClients(accountId, accountId !== '444455556666'),
      })),
      { regions: ['us-west-2'], now: new Date('2026-11-25T12:00:00Z') },
    );

    // Assess
    expect(report.scope).toEqual({ accounts, regions: ['us-west-2'] });
    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      {
        accountId: '444455556666',
        operation: 'AssumeRole',
        code: 'AccessDenied',
        message:
          'User is not authorized to perform: sts:AssumeRole on arn:aws:iam::444455556666:role/Audit',
      },
    ]);
    expect(report.scannedAt).toBe('2026-11-25T12:00:00.000Z');
  });
});
