import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AwsClientOptions, abortedBy, awsClientConfig } from '../../src/aws-client-config.ts';

const EMPTY_IMAGES =
  '<DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><imagesSet/></DescribeImagesResponse>';
const THROTTLED =
  '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>';

let server: Server | undefined;

/** A loopback EC2 stand-in that answers each request as `answer` says, counting them. */
async function ec2Answering(
  answer: (attempt: number) => { status: number; body: string } | 'never' | 'drop',
  options: AwsClientOptions = { requestTimeoutMs: 300 },
) {
  let requests = 0;
  server = createServer((request, response) => {
    requests += 1;
    request.resume();
    const reply = answer(requests);
    if (reply === 'never') return;
    if (reply === 'drop') {
      request.socket.destroy();
      return;
    }
    response.writeHead(reply.status, { 'content-type': 'text/xml' }).end(reply.body);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = abortedBy(
    new EC2Client({
      ...awsClientConfig('us-west-2', options),
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
    options.abortSignal,
  );
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

  it('fails a call still waiting when the abort signal fires, at once and without trying it again', async () => {
    // Prepare: a request timeout far beyond the test's own.
    const controller = new AbortController();
    const { client, requests } = await ec2Answering(() => 'never', {
      requestTimeoutMs: 600_000,
      abortSignal: controller.signal,
    });

    // Act
    const call = client.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }));
    setTimeout(() => controller.abort(), 200);

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests()).toBe(1);
  });

  it('starts no call once the abort signal has fired', async () => {
    // Prepare
    const { client, requests } = await ec2Answering(() => 'never', {
      abortSignal: AbortSignal.abort(),
    });

    // Act
    const call = client.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }));

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests()).toBe(0);
  });

  it("ends a call at its own abort signal as well as at the client's, whichever fires first", async () => {
    // Prepare: the client's signal never fires; the second call's own fires at once.
    const { client, requests } = await ec2Answering(() => 'never', {
      requestTimeoutMs: 600_000,
      abortSignal: new AbortController().signal,
    });
    const own = new AbortController();

    // Act
    const call = client.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }), {
      abortSignal: own.signal,
    });
    await vi.waitFor(() => expect(requests()).toBe(1));
    own.abort();

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it("ends a call that brings its own signal at the client's signal too", async () => {
    // Prepare: the call's own signal never fires; the client's does.
    const controller = new AbortController();
    const { client, requests } = await ec2Answering(() => 'never', {
      requestTimeoutMs: 600_000,
      abortSignal: controller.signal,
    });

    // Act
    const call = client.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }), {
      abortSignal: new AbortController().signal,
    });
    await vi.waitFor(() => expect(requests()).toBe(1));
    controller.abort();

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('ends a throttled call at the abort signal during its backoff, not after it', async () => {
    // Prepare: every attempt throttled, and a minute between attempts, beyond the test's time.
    const controller = new AbortController();
    const { client, requests } = await ec2Answering(() => ({ status: 503, body: THROTTLED }), {
      abortSignal: controller.signal,
    });
    client.config.retryStrategy = async () => new ConfiguredRetryStrategy(8, () => 60_000);
    const call = client.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }));

    // Act: abort once the first attempt was answered, while the retry waits.
    await vi.waitFor(() => expect(requests()).toBe(1));
    controller.abort();

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests()).toBe(1);
  });

  it('tries a dropped connection again (the SDK names it TimeoutError too)', async () => {
    // Prepare: the first connection dropped before any answer.
    const { client, requests } = await ec2Answering((attempt) =>
      attempt === 1 ? 'drop' : { status: 200, body: EMPTY_IMAGES },
    );

    // Act
    const answer = await client.send(
      new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }),
    );

    // Assess
    expect(answer.Images).toEqual([]);
    expect(requests()).toBe(2);
  });
});
