/**
 * How every AWS client of the scanner talks to AWS: adaptive retries that back off under
 * throttling, and timeouts, so that a call that never answers costs at most its timeout
 * instead of hanging the scan (and, in Lambda, the publishing after it).
 */
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  HttpHandlerOptions,
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
  StandardRetryToken,
} from '@smithy/types';

/** How long one call may take, from sending the request to the whole response, by default. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
/** How long opening a connection may take. */
const CONNECTION_TIMEOUT_MS = 5_000;
/** Attempts per call, the first one included. */
const MAX_ATTEMPTS = 8;

/**
 * A request or connection that ran out of time (TimeoutError), or one cut short by the
 * caller's deadline (AbortError): trying it again would only spend that time again. The SDK
 * names a dropped connection (ECONNRESET, EPIPE) TimeoutError too: that one is retried.
 */
function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError') return true;
  const { code } = error as { code?: unknown };
  return error.name === 'TimeoutError' && code !== 'ECONNRESET' && code !== 'EPIPE';
}

/**
 * Adaptive retries (client-side rate limiting after throttling), except that a call which
 * timed out is not tried again: its timeout is all it may cost. Throttling, 5xx and
 * connection resets are retried as usual.
 */
export class TimeoutBoundedRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'adaptive';
  readonly #adaptive = new AdaptiveRetryStrategy(async () => MAX_ATTEMPTS);

  acquireInitialRetryToken(retryTokenScope: string): Promise<RetryToken> {
    return this.#adaptive.acquireInitialRetryToken(retryTokenScope);
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    if (isTimeout(errorInfo.error)) return Promise.reject(errorInfo.error);
    return this.#adaptive.refreshRetryTokenForRetry(token as StandardRetryToken, errorInfo);
  }

  recordSuccess(token: RetryToken): void {
    this.#adaptive.recordSuccess(token as StandardRetryToken);
  }
}

export interface AwsClientOptions {
  /** Longest time one call may take; defaults to DEFAULT_REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
  /**
   * When it fires, every call of the clients made with these options (createAwsClients,
   * createPublishClients: see abortedBy) fails at once (AbortError) and none starts: a
   * Lambda's deadline, so a call that never answers costs the time left, not its timeout.
   */
  abortSignal?: AbortSignal;
  /** Credentials other than the standard chain's (an assumed role). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/**
 * `client` with `signal` given to every call: the SDK's own way to cut a call short
 * (`send(command, { abortSignal })`). When it fires, the request waiting for its answer, a
 * retry's backoff and the adaptive rate limiter's wait all end (AbortError), and no call
 * starts. A call that brings its own signal (reading Security Hub, which must end sooner)
 * ends at whichever fires first.
 */
export function abortedBy<C extends { send: (...args: never[]) => Promise<unknown> }>(
  client: C,
  signal: AbortSignal | undefined,
): C {
  if (signal === undefined) return client;
  const send = client.send.bind(client) as (
    command: unknown,
    options?: HttpHandlerOptions,
  ) => Promise<unknown>;
  // Async, so that whatever goes wrong with the signals is a rejected call, never a throw.
  const bounded = async (command: unknown, options?: HttpHandlerOptions) =>
    send(command, {
      ...options,
      abortSignal:
        options?.abortSignal === undefined
          ? signal
          : AbortSignal.any([options.abortSignal as AbortSignal, signal]),
    });
  client.send = bounded as unknown as C['send'];
  return client;
}

/** The configuration every client gets; `AWS_ENDPOINT_URL` is honoured by the SDK itself. */
export function awsClientConfig(region: string, options: AwsClientOptions = {}) {
  return {
    region,
    maxAttempts: MAX_ATTEMPTS,
    retryStrategy: new TimeoutBoundedRetryStrategy(),
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // Without it the SDK only warns when the request timeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
    },
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  };
}
