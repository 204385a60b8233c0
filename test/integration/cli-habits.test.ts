/**
 * The real command-line process against endpoints that are not AWS: a web server that answers
 * 404 or a web page to everything, a port nobody listens on, a malformed AWS_ENDPOINT_URL, and
 * a profile that does not exist. No emulator needed: each must end before any scan, with exit 2 (or, when
 * interrupted, as the signal ends it, leaving no empty report behind).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScanProcess } from '../support/cli-process.ts';

const KEYS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-west-2' };

describe('Command: eks-windows-scanner scan against an endpoint that is not AWS', () => {
  let server: Server;
  let endpoint: string;
  let requests = 0;
  /** What the web server answers every request with. */
  let page = { status: 404, body: '<html><body><h1>Not Found</h1></body></html>' };

  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(page.status, { 'content-type': 'text/html' });
      response.end(page.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('exits 2 when every call is answered HTTP 404, saying it is not an AWS endpoint', async () => {
    // Act
    const run = await runScanProcess(['--format', 'json'], { ...KEYS, AWS_ENDPOINT_URL: endpoint });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `the endpoint ${endpoint} (AWS_ENDPOINT_URL) answered HTTP 404 without an AWS error`,
    );
    expect(requests).toBeGreaterThan(0);
  });

  const BLOCK_PAGE =
    '<html><head><meta charset="utf-8"><title>Blocked</title></head><body>Access to this site is blocked</body></html>';

  // Whatever the status, an answer with no request id that is no AWS answer: HTML that is no
  // XML (a proxy's block page), or a page the SDK does read, well-formed XML or nothing at all,
  // as an error without a code or, at 200, as an answer without the caller's account.
  it.each([
    [200, 'a block page', BLOCK_PAGE],
    [403, 'a block page', BLOCK_PAGE],
    [
      401,
      'a page that is well-formed XML',
      '<html><body><h1>401 Authorization Required</h1></body></html>',
    ],
    [200, 'a page that is well-formed XML', '<html><body><h1>Welcome</h1></body></html>'],
    [200, 'nothing', ''],
  ])(
    'exits 2 when every call is answered HTTP %i with %s, saying it is not an AWS endpoint',
    async (status, _, body) => {
      // Prepare
      page = { status, body };

      try {
        // Act
        const run = await runScanProcess(['--format', 'json'], {
          ...KEYS,
          AWS_ENDPOINT_URL: endpoint,
        });

        // Assess
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain(
          `the endpoint ${endpoint} (AWS_ENDPOINT_URL) answered HTTP ${status} with something that is no AWS answer`,
        );
      } finally {
        page = { status: 404, body: '<html><body><h1>Not Found</h1></body></html>' };
      }
    },
  );

  it('never prints the user and password of an endpoint it cannot reach', async () => {
    // Prepare: a port that was free a moment ago.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    // Act
    const run = await runScanProcess(['--format', 'json', '--request-timeout', '2'], {
      ...KEYS,
      AWS_ENDPOINT_URL: `http://scanuser:pa55-w0rd@127.0.0.1:${port}`,
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot reach the endpoint http://***@127.0.0.1:${port}`);
    expect(run.stderr).not.toContain('pa55-w0rd');
    expect(run.stderr).not.toContain('scanuser');
  }, 60_000);

  it('exits 2 with --role-name --accounts when the caller cannot reach AWS, instead of failing each account', async () => {
    // Prepare: a port that was free a moment ago.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    // Act
    const run = await runScanProcess(
      [
        '--format',
        'json',
        '--request-timeout',
        '2',
        '--role-name',
        'Audit',
        '--accounts',
        '111122223333,444455556666',
      ],
      { ...KEYS, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` },
    );

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`cannot reach the endpoint http://127.0.0.1:${port}`);
    expect(run.stderr).not.toContain('AssumeRole');
  }, 60_000);

  it('exits 2 when an https:// endpoint answers in plain HTTP, saying so', async () => {
    // Act
    const run = await runScanProcess(['--format', 'json', '--request-timeout', '10'], {
      ...KEYS,
      AWS_ENDPOINT_URL: endpoint.replace('http://', 'https://'),
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('it does not answer in TLS (an http:// endpoint named https://?)');
    expect(run.stderr).not.toContain('SSL routines');
  }, 60_000);

  it('exits 2 within its request timeout when the endpoint never answers, naming the limit', async () => {
    // Prepare: a server that takes every request and never answers.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;

    // Act
    const run = await runScanProcess(['--format', 'json', '--request-timeout', '2'], {
      ...KEYS,
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    }).finally(() => {
      silent.closeAllConnections();
      silent.close();
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `cannot reach the endpoint http://127.0.0.1:${port} (AWS_ENDPOINT_URL): no answer within 2 s (--request-timeout)`,
    );
    expect(run.stderr).not.toContain('@smithy');
  }, 60_000);

  /**
   * A scan with `args` against a server that never answers, sent `signal` once its first
   * call arrives (its report files are opened before it).
   */
  async function interruptedScan(args: string[], signal: NodeJS.Signals) {
    let child: ChildProcess | undefined;
    const silent = createServer(() => {
      child?.kill(signal);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    return runScanProcess(
      [...args, '--request-timeout', '60'],
      { ...KEYS, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` },
      (started) => {
        child = started;
      },
    ).finally(() => {
      silent.closeAllConnections();
      silent.close();
    });
  }

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'removes the report file it created when %s interrupts the scan, and ends as the signal would',
    async (signal) => {
      // Prepare
      const directory = mkdtempSync(join(tmpdir(), 'interrupt-'));
      const output = join(directory, 'report.json');

      // Act
      const run = await interruptedScan(['--format', 'json', '--output', output], signal);

      // Assess
      expect(run.signal).toBe(signal);
      expect(existsSync(output)).toBe(false);
      rmSync(directory, { recursive: true, force: true });
    },
    60_000,
  );

  it('removes the --output-dir it made, files and all, when SIGINT interrupts the scan', async () => {
    // Prepare: the reports go to a folder the scan has to make.
    const directory = mkdtempSync(join(tmpdir(), 'interrupt-dir-'));
    const reports = join(directory, 'reports', 'ci');

    // Act
    const run = await interruptedScan(['--format', 'json,html', '--output-dir', reports], 'SIGINT');

    // Assess
    expect(run.signal).toBe('SIGINT');
    expect(existsSync(join(directory, 'reports'))).toBe(false);
    rmSync(directory, { recursive: true, force: true });
  }, 60_000);

  it('exits 2 naming AWS_ENDPOINT_URL when it is no URL, without quoting it', async () => {
    // Act
    const run = await runScanProcess(['--format', 'json'], {
      ...KEYS,
      AWS_ENDPOINT_URL: 'admin:pa55-w0rd@127.0.0.1 4566',
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('AWS_ENDPOINT_URL is not an endpoint URL');
    expect(run.stderr).not.toContain('pa55-w0rd');
  });

  it('exits 2 naming an AWS_PROFILE that does not exist, not "no credentials"', async () => {
    // Act
    const run = await runScanProcess(['--format', 'json'], {
      AWS_REGION: 'us-west-2',
      AWS_PROFILE: 'does-not-exist',
      AWS_CONFIG_FILE: '/nonexistent/eks-windows-scanner/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/eks-windows-scanner/credentials',
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("AWS_PROFILE 'does-not-exist': no such profile");
    expect(run.stderr).not.toContain('no usable AWS credentials');
  });
});
