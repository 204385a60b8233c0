import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { describeFailure } from '../../../src/collect/errors.ts';

/** A loopback server answering every request with `answer`; closed after each test. */
const servers: http.Server[] = [];
async function serve(answer: http.RequestListener): Promise<string> {
  const server = http.createServer(answer);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What the real SDK throws for DescribeInstances against `endpoint`. */
async function failureOfCall(endpoint: string): Promise<unknown> {
  const client = new EC2Client({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  try {
    await client.send(new DescribeInstancesCommand({}));
  } catch (error) {
    return error;
  } finally {
    client.destroy();
  }
  throw new Error('the call succeeded');
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(resolve);
        }),
    ),
  );
});

describe('Function: describeFailure', () => {
  it('names an AWS error by its code', () => {
    // Prepare
    const error = Object.assign(new Error('Request limit exceeded.'), {
      name: 'RequestLimitExceeded',
      $fault: 'client',
      $metadata: { httpStatusCode: 503 },
    });

    // Act
    const failure = describeFailure(error);

    // Assess
    expect(failure).toEqual({ code: 'RequestLimitExceeded', message: 'Request limit exceeded.' });
  });

  it.each([
    [
      '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 20000 ms requestTimeout.',
      'no answer within 20 s (the request timeout)',
    ],
    [
      '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.',
      'no connection within 5 s (the connection timeout)',
    ],
    [
      '@smithy/node-http-handler - the request socket timed out after 1500 ms of inactivity (configured by client requestHandler).',
      'the connection stayed silent for 1.5 s (the socket timeout)',
    ],
    [
      'Stream timed out because of no activity for 20000 ms',
      'Stream timed out because of no activity for 20000 ms',
    ],
  ])('says a timeout of the HTTP handler in plain words: %s', (raw, said) => {
    // Prepare
    const error = Object.assign(new Error(raw), { name: 'TimeoutError' });

    // Act
    const failure = describeFailure(error);

    // Assess
    expect(failure).toEqual({ code: 'TimeoutError', message: said });
  });

  it('names a refused connection by its system code, not as a bare Error', async () => {
    // Prepare: a port nothing listens on
    const endpoint = await serve(() => {});
    const closed = servers.pop() as http.Server;
    await new Promise((resolve) => closed.close(resolve));

    // Act
    const failure = describeFailure(await failureOfCall(endpoint));

    // Assess
    expect(failure.code).toBe('ECONNREFUSED');
    expect(failure.message).toContain('ECONNREFUSED');
  });

  it('names an answer cut off after HTTP 200 by the reset, not as a failure of HTTP 200', async () => {
    // Prepare: the headers and half a body, then the connection drops
    const endpoint = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.write('<DescribeInstancesResponse><reservationSet><item>');
      setTimeout(() => response.socket?.destroy(), 20);
    });

    // Act
    const failure = describeFailure(await failureOfCall(endpoint));

    // Assess
    expect(failure).toEqual({
      code: 'ECONNRESET',
      message: 'the answer (HTTP 200) was cut off before its end: aborted',
    });
  });

  it('still names a whole answer that is no AWS answer (a web page) by its status', async () => {
    // Prepare
    const endpoint = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body><p>Blocked by proxy</body></html>');
    });

    // Act
    const failure = describeFailure(await failureOfCall(endpoint));

    // Assess
    expect(failure.code).toBe('HTTP 200');
  });

  it.each([
    ['an HTML page', 500, 'text/html', '<html><body><h1>Internal Server Error</h1></body></html>'],
    ['an empty body', 503, 'text/plain', ''],
  ])(
    'names a failed answer holding %s, which the SDK calls Unknown, by its status',
    async (_, status, type, body) => {
      // Prepare
      const endpoint = await serve((_request, response) => {
        response.writeHead(status, { 'content-type': type });
        response.end(body);
      });

      // Act
      const failure = describeFailure(await failureOfCall(endpoint));

      // Assess
      expect(failure).toEqual({
        code: `HTTP ${status}`,
        message: `the answer (HTTP ${status}) held no AWS error code`,
      });
    },
  );
});
