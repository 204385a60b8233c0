import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { assumedRoleCredentials } from '../../../src/organization/accounts.ts';

const CALLER = { accessKeyId: 'AKIDCALLER', secretAccessKey: 'caller-secret' };

const ASSUME_ROLE_ANSWER = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAMEMBER</AccessKeyId>
      <SecretAccessKey>member-secret</SecretAccessKey>
      <SessionToken>member-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::111122223333:assumed-role/Audit/eks-windows-scanner</Arn>
      <AssumedRoleId>AROAMEMBER:eks-windows-scanner</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>request-1</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;

/** STS as far as AssumeRole goes: answers every request, keeps what each one asked. */
function startSts(): Promise<{ server: Server; endpoint: string; asked: URLSearchParams[] }> {
  const asked: URLSearchParams[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      asked.push(new URLSearchParams(body));
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(ASSUME_ROLE_ANSWER);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, endpoint: `http://127.0.0.1:${port}`, asked });
    });
  });
}

describe('Function: assumedRoleCredentials', () => {
  let sts: Awaited<ReturnType<typeof startSts>>;

  beforeEach(async () => {
    sts = await startSts();
    vi.stubEnv('AWS_ENDPOINT_URL', sts.endpoint);
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => sts.server.close(resolve));
  });

  it("presents the role's external id when one is given", async () => {
    // Act
    const credentials = await assumedRoleCredentials(
      '111122223333',
      { name: 'Audit', externalId: 'scanner-ext-1234' },
      'us-west-2',
      { credentials: CALLER },
    )();

    // Assess
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAMEMBER' });
    expect(sts.asked).toHaveLength(1);
    expect(sts.asked[0]?.get('Action')).toBe('AssumeRole');
    expect(sts.asked[0]?.get('RoleArn')).toBe('arn:aws:iam::111122223333:role/Audit');
    expect(sts.asked[0]?.get('ExternalId')).toBe('scanner-ext-1234');
  });

  it('sends no external id without one, and asks STS once however often it is called', async () => {
    // Prepare
    const provider = assumedRoleCredentials('111122223333', { name: 'Audit' }, 'us-west-2', {
      credentials: CALLER,
    });

    // Act
    await provider();
    await provider();

    // Assess
    expect(sts.asked).toHaveLength(1);
    expect(sts.asked[0]?.get('RoleSessionName')).toBe('eks-windows-scanner');
    expect(sts.asked[0]?.has('ExternalId')).toBe(false);
  });
});
