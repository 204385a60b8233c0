import { describe, expect, it } from 'vitest';
import { describeSetupFailure } from '../../../src/cli/errors.ts';

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
