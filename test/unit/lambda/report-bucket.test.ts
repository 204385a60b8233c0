import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReportBucket } from '../../../src/lambda/report-bucket.ts';

let server: Server | undefined;

/** A loopback S3 stand-in that takes every request and never answers; `onRequest` sees each. */
async function silentS3(onRequest: () => void): Promise<{ requests: () => number }> {
  let requests = 0;
  server = createServer((request) => {
    requests += 1;
    request.resume();
    onRequest();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  vi.stubEnv('AWS_ENDPOINT_URL', `http://127.0.0.1:${port}`);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  return { requests: () => requests };
}

afterEach(async () => {
  vi.unstubAllEnvs();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('Method: ReportBucket.putJson', () => {
  it('ends a write S3 leaves waiting when its abort signal fires (AbortError)', async () => {
    // Prepare: the request timeout far beyond the test's own, so only the signal can end it;
    // the signal fires once S3 has the request.
    const controller = new AbortController();
    const s3 = await silentS3(() => controller.abort());
    const bucket = new ReportBucket('scanner-reports', 'us-west-2', { requestTimeoutMs: 600_000 });

    // Act
    const writing = bucket.putJson(
      'runs/r/parts/a.json',
      { report: {} },
      { abortSignal: controller.signal },
    );

    // Assess
    await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
    expect(s3.requests()).toBe(1);
    bucket.client.destroy();
  }, 15_000);
});
