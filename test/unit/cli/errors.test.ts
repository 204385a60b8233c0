import { describe, expect, it } from 'vitest';
import { checkEndpointVariables, describeSetupFailure } from '../../../src/cli/errors.ts';

describe('Function: describeSetupFailure', () => {
  it('finds missing credentials behind a wrapping error', () => {
    // Prepare
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const wrapped = new Error('scan failed', { cause: missing });

    // Act
    const message = describeSetupFailure(wrapped, {});

    // Assess
    expect(message).toMatch(/^no usable AWS credentials: Could not load credentials/);
  });

  it.each([
    'Profile expired credential_process returned expired credentials.',
    'The SSO session associated with this profile is invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
  ])("ends the SDK's own sentence with one full stop, not two: %s", (said) => {
    // Prepare
    const missing = Object.assign(new Error(said), { name: 'CredentialsProviderError' });

    // Act
    const message = describeSetupFailure(missing, {});

    // Assess
    expect(message).toBe(
      `no usable AWS credentials: ${said} Configure them with AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or 'aws sso login'`,
    );
  });

  it("ends an unreachable endpoint's cause with one full stop", () => {
    // Prepare
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566.'), {
      code: 'ECONNREFUSED',
    });

    // Act
    const message = describeSetupFailure(refused, {});

    // Assess
    expect(message).toBe(
      'cannot reach the AWS endpoint: connect ECONNREFUSED 127.0.0.1:4566. Check the network, --region and AWS_ENDPOINT_URL',
    );
  });

  it('names an unknown host without AWS_ENDPOINT_URL as the AWS endpoint', () => {
    // Prepare
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND sts.us-west-9.amazonaws.com'), {
      code: 'ENOTFOUND',
    });

    // Act
    const message = describeSetupFailure(notFound, {});

    // Assess
    expect(message).toBe(
      'cannot reach the AWS endpoint: getaddrinfo ENOTFOUND sts.us-west-9.amazonaws.com. Check the network, --region and AWS_ENDPOINT_URL',
    );
  });

  it('returns undefined for an error that is not about credentials or the endpoint', () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });

    // Act & assess
    expect(describeSetupFailure(denied, {})).toBeUndefined();
    expect(describeSetupFailure('a string', {})).toBeUndefined();
  });

  it('stops on an error whose cause points back at itself', () => {
    // Prepare
    const loop: Error & { cause?: unknown } = new Error('loop');
    loop.cause = loop;

    // Act & assess
    expect(describeSetupFailure(loop, {})).toBeUndefined();
  });
});

describe('Function: describeSetupFailure, endpoints that answer badly or never', () => {
  const ENV = { AWS_ENDPOINT_URL: 'https://user:secret@127.0.0.1:4566' };

  it("says a request timed out in the user's terms: the limit and the flag that sets it", () => {
    // Prepare
    const timedOut = Object.assign(
      new Error(
        '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 20000 ms requestTimeout.',
      ),
      { name: 'TimeoutError' },
    );

    // Act
    const message = describeSetupFailure(new Error('scan failed', { cause: timedOut }), ENV);

    // Assess
    expect(message).toBe(
      'cannot reach the endpoint https://***@127.0.0.1:4566 (AWS_ENDPOINT_URL): no answer within 20 s (--request-timeout). Check the network, --region and AWS_ENDPOINT_URL',
    );
  });

  it("tells an https:// endpoint that answers in plain HTTP from OpenSSL's words", () => {
    // Prepare
    const plain = Object.assign(
      new Error(
        'write EPROTO 80BC2E5C9A7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:',
      ),
      { code: 'EPROTO' },
    );

    // Act
    const message = describeSetupFailure(plain, ENV);

    // Assess
    expect(message).toBe(
      'cannot talk to the endpoint https://***@127.0.0.1:4566 (AWS_ENDPOINT_URL): it does not answer in TLS (an http:// endpoint named https://?)',
    );
    expect(message).not.toContain('secret');
  });

  it('names a certificate that is not trusted, and how to trust a private CA', () => {
    // Prepare
    const selfSigned = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });

    // Act
    const message = describeSetupFailure(selfSigned, ENV);

    // Assess
    expect(message).toContain(
      'its certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT): self-signed certificate',
    );
    expect(message).toContain('NODE_EXTRA_CA_CERTS');
  });
});

describe('Function: describeSetupFailure, a web server that is not AWS', () => {
  // What the SDK throws when the body is no AWS answer: its parser's error, the hint it
  // appends, the HTTP status and no request id (every AWS answer carries one).
  const htmlAnswer = (status: number, requestId?: string) =>
    Object.assign(
      new Error(
        '@aws-sdk XML parse error: mismatched tags <meta> and </head>.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      ),
      { $metadata: { httpStatusCode: status, requestId, attempts: 1, totalRetryDelay: 0 } },
    );

  it.each([200, 403, 405, 500])(
    'is a setup failure when it answers HTTP %i with a web page',
    (status) => {
      // Act
      const message = describeSetupFailure(htmlAnswer(status), {
        AWS_ENDPOINT_URL: 'http://user:secret@127.0.0.1:8080',
      });

      // Assess
      expect(message).toBe(
        `the endpoint http://***@127.0.0.1:8080 (AWS_ENDPOINT_URL) answered HTTP ${status} with something that is no AWS answer (a web page?): it does not serve the AWS APIs. Check AWS_ENDPOINT_URL and any proxy between`,
      );
    },
  );

  it('leaves an unreadable answer that AWS did send (it has a request id) to the scan', () => {
    // Act & assess
    expect(describeSetupFailure(htmlAnswer(500, 'b6f2c4e0-request-id'), {})).toBeUndefined();
  });
});

describe('Function: describeSetupFailure, a TLS handshake that fails otherwise', () => {
  it("names OpenSSL's reason, not a certificate", () => {
    // Prepare
    const handshake = Object.assign(
      new Error(
        'write EPROTO 80BC:error:0A000102:SSL routines:ssl_choose_client_version:unsupported protocol:../deps/openssl/ssl/statem/statem_lib.c:1960:',
      ),
      { code: 'EPROTO' },
    );

    // Act
    const message = describeSetupFailure(handshake, {});

    // Assess
    expect(message).toBe(
      'cannot talk to the AWS endpoint: the TLS handshake failed: unsupported protocol',
    );
  });
});

describe('Function: checkEndpointVariables', () => {
  it.each([
    ['http://127.0.0.1:99999', 'its port is not a number from 0 to 65535'],
    ['http://admin:hunter2@127.0.0.1:70000', 'its port is not a number from 0 to 65535'],
    ['ftp://x', 'its scheme is not http: or https:'],
    // A scheme left out: the user name stands where the scheme should be, and is not repeated.
    ['hunter2:secret@localhost:4566', 'its scheme is not http: or https:'],
    ['not-a-url', 'it does not start with http:// or https://'],
    ['http://', 'it is not a valid URL'],
    ['http://hunter2:secret@[::1', 'its IPv6 address has no closing ]'],
    ['http://[::1:4566/', 'its IPv6 address has no closing ]'],
  ])('says what is wrong with %j, without repeating it', (value, problem) => {
    // Act
    let message = '';
    try {
      checkEndpointVariables({ AWS_ENDPOINT_URL: value });
    } catch (error) {
      message = (error as Error).message;
    }

    // Assess
    expect(message).toBe(
      `AWS_ENDPOINT_URL is not an endpoint URL: ${problem}; expected http://HOST[:PORT] or https://HOST[:PORT]`,
    );
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('secret');
  });
});
