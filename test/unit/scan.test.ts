import { ListClustersCommand } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/collect/clients.ts';
import { TargetVersionError } from '../../src/evaluate/upgrade.ts';
import { runScan } from '../../src/scan.ts';
import { clients as freshClients } from './collect/aws-responses.ts';

/** Clients of one region whose ListClusters answers (no clusters) once `answer` resolves. */
function regionClients(answer: () => Promise<void>, onListed: () => void): AwsClients {
  const clients = freshClients();
  mockClient(clients.sts).on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
  mockClient(clients.eks)
    .on(ListClustersCommand)
    .callsFake(async () => {
      onListed();
      await answer();
      return { clusters: [] };
    });
  return clients;
}

describe('Function: runScan', () => {
  it('collects the regions side by side, not one after another', async () => {
    // Prepare: us-west-2 answers only once eu-west-1 has been asked, which one after
    // another would never do.
    let euAsked: () => void = () => {};
    const euListed = new Promise<void>((resolve) => {
      euAsked = resolve;
    });
    const clients: Record<string, AwsClients> = {
      'us-west-2': regionClients(
        () => euListed,
        () => {},
      ),
      'eu-west-1': regionClients(
        async () => {},
        () => euAsked(),
      ),
    };

    // Act
    const report = await runScan({
      regions: ['us-west-2', 'eu-west-1'],
      clientsFor: (region) => clients[region] as AwsClients,
    });

    // Assess
    expect(report.scope.regions).toEqual(['us-west-2', 'eu-west-1']);
    expect(report.complete).toBe(true);
  });
});

describe('Function: runScan, asking who the caller is', () => {
  it('lists the clusters while GetCallerIdentity is still to answer', async () => {
    // Prepare: the identity answers only once ListClusters has been asked.
    let listed: () => void = () => {};
    const listing = new Promise<void>((resolve) => {
      listed = resolve;
    });
    const clients = freshClients();
    mockClient(clients.sts)
      .on(GetCallerIdentityCommand)
      .callsFake(async () => {
        await listing;
        return { Account: '123456789012' };
      });
    mockClient(clients.eks)
      .on(ListClustersCommand)
      .callsFake(async () => {
        listed();
        return { clusters: [] };
      });

    // Act
    const report = await runScan({ regions: ['us-west-2'], clientsFor: () => clients });

    // Assess
    expect(report.scope.accounts).toEqual(['123456789012']);
    expect(report.complete).toBe(true);
  });

  it('still ends the scan with the error of GetCallerIdentity when it fails', async () => {
    // Prepare
    const clients = freshClients();
    mockClient(clients.sts)
      .on(GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error('The security token is invalid'), { name: 'InvalidClientTokenId' }),
      );
    mockClient(clients.eks).on(ListClustersCommand).resolves({ clusters: [] });

    // Act
    const scanning = runScan({ regions: ['us-west-2', 'eu-west-1'], clientsFor: () => clients });

    // Assess
    await expect(scanning).rejects.toThrow('The security token is invalid');
  });
});

describe('Function: runScan, with a region named twice', () => {
  it('scans it once', async () => {
    // Prepare
    let listings = 0;
    const clients = regionClients(
      async () => {},
      () => {
        listings += 1;
      },
    );

    // Act
    const report = await runScan({
      regions: ['us-west-2', 'us-west-2'],
      clientsFor: () => clients,
    });

    // Assess
    expect(report.scope.regions).toEqual(['us-west-2']);
    expect(listings).toBe(1);
  });
});

describe('Function: runScan, limited to some clusters', () => {
  it('names them in the scope, and a scan of every cluster names none', async () => {
    // Prepare
    const clients = regionClients(
      async () => {},
      () => {},
    );

    // Act
    const limited = await runScan({
      regions: ['us-west-2'],
      clusters: ['prod', 'dev', 'prod'],
      clientsFor: () => clients,
    });
    const every = await runScan({ regions: ['us-west-2'], clientsFor: () => clients });

    // Assess
    expect(limited.scope).toEqual({
      accounts: ['123456789012'],
      regions: ['us-west-2'],
      clusters: ['prod', 'dev'],
    });
    expect(every.scope).not.toHaveProperty('clusters');
  });
});

describe('Function: runScan, with a target version', () => {
  it('refuses a malformed target before any AWS call', async () => {
    // Prepare
    let listings = 0;
    const clients = regionClients(
      async () => {},
      () => {
        listings += 1;
      },
    );

    // Act
    const scanning = runScan({
      regions: ['us-west-2'],
      targetVersion: '1.36.2',
      clientsFor: () => clients,
    });

    // Assess
    await expect(scanning).rejects.toThrow(TargetVersionError);
    expect(listings).toBe(0);
  });
});
