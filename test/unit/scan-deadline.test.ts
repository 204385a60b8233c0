/**
 * A scan the deadline cuts short says so in `errors` (the README: errors lists why a report
 * is incomplete), naming the account and region (and the cluster asked for) it could not
 * finish, in words of its own.
 */
import { DescribeClusterCommand, ListClustersCommand } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/collect/clients.ts';
import { DEADLINE_CODE, DEADLINE_OPERATION, runScan } from '../../src/scan.ts';
import { clients as freshClients } from './collect/aws-responses.ts';

const ACCOUNT_ID = '123456789012';

/** Clients of a region with one cluster, `prod`, that DescribeCluster does not find. */
function regionClients(): AwsClients {
  const clients = freshClients();
  mockClient(clients.sts).on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT_ID });
  const eks = mockClient(clients.eks);
  eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
  eks.on(DescribeClusterCommand).rejects(new Error('not reached in these tests'));
  return clients;
}

describe('Function: runScan, given a deadline that has come', () => {
  it('records the cut in errors for every region it left unread', async () => {
    // Act
    const report = await runScan({
      regions: ['us-west-2', 'eu-west-1'],
      clientsFor: () => regionClients(),
      shouldStop: () => true,
    });

    // Assess
    expect(report.complete).toBe(false);
    expect(report.errors).toEqual(
      ['us-west-2', 'eu-west-1'].map((region) => ({
        accountId: ACCOUNT_ID,
        region,
        operation: DEADLINE_OPERATION,
        code: DEADLINE_CODE,
        message: expect.stringMatching(/^Collection stopped at the time limit before the region/),
      })),
    );
  });

  it('names the cluster asked for', async () => {
    // Act
    const report = await runScan({
      regions: ['us-west-2'],
      clusters: ['prod', 'prod'],
      clientsFor: () => regionClients(),
      shouldStop: () => true,
    });

    // Assess
    expect(report.errors).toEqual([
      expect.objectContaining({ region: 'us-west-2', cluster: 'prod', code: DEADLINE_CODE }),
    ]);
  });

  it('records the cut when the deadline comes part way, after the clusters were listed', async () => {
    // Prepare
    let listed = false;
    const clients = regionClients();
    mockClient(clients.eks)
      .on(ListClustersCommand)
      .callsFake(() => {
        listed = true;
        return { clusters: ['prod', 'staging'] };
      });

    // Act
    const report = await runScan({
      regions: ['us-west-2'],
      clientsFor: () => clients,
      shouldStop: () => listed,
    });

    // Assess
    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({ region: 'us-west-2', code: DEADLINE_CODE }),
    ]);
    expect(report.errors[0]).not.toHaveProperty('cluster');
  });

  it('records no cut when the deadline never came', async () => {
    // Prepare
    const clients = regionClients();
    mockClient(clients.eks).on(ListClustersCommand).resolves({ clusters: [] });

    // Act
    const report = await runScan({
      regions: ['us-west-2'],
      clientsFor: () => clients,
      shouldStop: () => false,
    });

    // Assess
    expect(report.complete).toBe(true);
    expect(report.errors).toEqual([]);
  });
});
