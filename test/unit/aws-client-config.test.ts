import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { awsClientConfig } from '../../src/aws-client-config.ts';

const EMPTY_IMAGES =
  '<DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><imagesSet/></DescribeImagesResponse>';
const THROTTLED =
  '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>';

let server: Server | undefined;

/** A loopback EC2 stand-in that answers each request as `answer` says, counting them. */
async function ec2Answering(
  answer: (attempt: number) => { status: number; body: string } | 'never',
) {
  let requests = 0;
  server = createServer((request, response) => {
    requests += 1;
    request.resume();
    const reply = answer(requests);
    if (reply === 'never') return;
    response.writeHead(reply.status, { 'content-type': 'text/xml' }).end(reply.body);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new EC2Client({
    ...awsClientConfig('us-west-2', { requestTimeoutMs: 300 }),
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return { client, requests: () => requests };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('Function: awsClientConfig', () => {
  // Without a request timeout the call would never settle and the test would time out.
  it('fails a call that never answers after its request timeout, without trying it again', async () => {
    // Prepare
    const { client, requests } = await ec2Answering(() => 'never');

    // Act
    const call = client.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }));

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(requests()).toBe(1);
  });

  it('still retries a throttled call', async () => {
    // Prepare
    const { client, requests } = await ec2Answering((attempt) =>
      attempt === 1 ? { status: 503, body: THROTTLED } : { status: 200, body: EMPTY_IMAGES },
    );

    // Act
    const { Images } = await client.send(new DescribeImagesCommand({}));

    // Assess
    expect(Images).toEqual([]);
    expect(requests()).toBe(2);
    // The SDK waits a random back-off (about a second) before retrying after throttling.
  }, 30_000);
});
