import { describe, expect, it } from 'vitest';
import { assumedRoleSessions } from '../../../src/organization/accounts.ts';
import { createPublishClients } from '../../../src/publish/clients.ts';

const CALLER = { accessKeyId: 'AKIDCALLER', secretAccessKey: 'caller-secret' };

function identityOf(accountId: string) {
  return { accessKeyId: `AKID${accountId}`, secretAccessKey: 'member-secret' };
}

describe('Function: createPublishClients', () => {
  it("reaches every account's hub with the caller's credentials without member credentials", async () => {
    // Act
    const clients = createPublishClients(undefined, { credentials: CALLER });

    // Assess
    const hub = clients.securityHub('us-west-2', '111122223333');
    expect(clients.securityHub('us-west-2', '444455556666')).toBe(hub);
    expect(await hub.config.credentials()).toMatchObject(CALLER);
  });

  it("reaches each account's hub with its own credentials, and SNS with the caller's", async () => {
    // Prepare
    const instrumented: unknown[] = [];

    // Act
    const clients = createPublishClients(
      (client) => instrumented.push(client),
      { credentials: CALLER },
      (accountId) => async () => identityOf(accountId),
    );

    // Assess
    const prod = clients.securityHub('us-west-2', '111122223333');
    const dev = clients.securityHub('us-west-2', '444455556666');
    expect(await prod.config.credentials()).toMatchObject(identityOf('111122223333'));
    expect(await dev.config.credentials()).toMatchObject(identityOf('444455556666'));
    expect(await prod.config.region()).toBe('us-west-2');
    expect(clients.securityHub('us-west-2', '111122223333')).toBe(prod);
    expect(clients.securityHub('eu-west-1', '111122223333')).not.toBe(prod);
    expect(await clients.sns('us-east-1').config.credentials()).toMatchObject(CALLER);
    expect(instrumented).toHaveLength(4);
  });
});

describe('Function: assumedRoleSessions', () => {
  it('gives one session per account, shared by every client of that account', () => {
    // Act
    const sessions = assumedRoleSessions({ name: 'Audit' }, 'us-west-2', { credentials: CALLER });

    // Assess
    expect(sessions('111122223333')).toBe(sessions('111122223333'));
    expect(sessions('444455556666')).not.toBe(sessions('111122223333'));
  });
});
