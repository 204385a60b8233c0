/**
 * How every AWS client of the scanner talks to AWS: adaptive retries that back off under
 * throttling, and timeouts, so that a call that never answers costs at most its timeout
 * instead of hanging the scan (and, in Lambda, the publishing after it).
 */
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
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
 * caller's deadline (AbortError): trying it again would only spend that time again.
 */
function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
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
   * When it fires, every call still waiting fails at once (AbortError) and none starts: a
   * Lambda's collection deadline, so a call that never answers costs the time left, not its
   * whole timeout.
   */
  abortSignal?: AbortSignal;
  /** Credentials other than the standard chain's (an assumed role). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** The SDK's HTTP handler, each request also aborted when `signal` fires. */
class AbortableHttpHandler extends NodeHttpHandler {
  readonly #signal: AbortSignal;

  constructor(options: ConstructorParameters<typeof NodeHttpHandler>[0], signal: AbortSignal) {
    super(options);
    this.#signal = signal;
  }

  override handle(
    request: Parameters<NodeHttpHandler['handle']>[0],
    options: HttpHandlerOptions = {},
  ) {
    const own = options.abortSignal as AbortSignal | undefined;
    const abortSignal = own === undefined ? this.#signal : AbortSignal.any([own, this.#signal]);
    return super.handle(request, { ...options, abortSignal });
  }
}

/**
 * A client's HTTP handler: its options, from which the SDK makes one per client, or with an
 * abort signal a handler made here. One client's own: a handler shared by several clients
 * would share one pool of connections (and one client's destroy() would close the others').
 */
export function requestHandlerOf(options: AwsClientOptions) {
  const handlerOptions = {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // Without it the SDK only warns when the request timeout passes, and keeps waiting.
    throwOnRequestTimeout: true,
  };
  return options.abortSignal === undefined
    ? handlerOptions
    : new AbortableHttpHandler(handlerOptions, options.abortSignal);
}

/** The configuration every client gets; `AWS_ENDPOINT_URL` is honoured by the SDK itself. */
export function awsClientConfig(region: string, options: AwsClientOptions = {}) {
  return {
    region,
    maxAttempts: MAX_ATTEMPTS,
    retryStrategy: new TimeoutBoundedRetryStrategy(),
    requestHandler: requestHandlerOf(options),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  };
}
