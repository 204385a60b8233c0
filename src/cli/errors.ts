import { firstLine } from '../text.ts';
/** Bad usage or configuration found before anything was scanned: exit code 2. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** The report could not be written where `--output` asked: exit code 2. */
export class OutputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OutputError';
  }
}

// Names the SDK gives credentials that are missing, expired or refused.
const MISSING_CREDENTIALS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const REJECTED_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AuthFailure',
  'InvalidSignatureException',
]);
// Socket-level failures: the endpoint (AWS or AWS_ENDPOINT_URL) cannot be reached.
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
]);

/**
 * A one-line explanation when a scan failed because of the caller's AWS setup (credentials,
 * endpoint), which is a configuration problem (exit 2) rather than a failed scan; undefined
 * for anything else.
 */
export function describeSetupFailure(
  error: unknown,
  env: Record<string, string | undefined>,
): string | undefined {
  for (const cause of causeChain(error)) {
    const name = typeof cause.name === 'string' ? cause.name : '';
    const code = typeof cause.code === 'string' ? cause.code : '';
    if (MISSING_CREDENTIALS.has(name)) {
      return `no usable AWS credentials: ${firstLine(cause.message) || name}. Configure them with AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or 'aws sso login'`;
    }
    if (REJECTED_CREDENTIALS.has(name) || REJECTED_CREDENTIALS.has(code)) {
      return `AWS rejected the credentials (${name || code}): ${firstLine(cause.message)}`;
    }
    if (UNREACHABLE.has(code) || UNREACHABLE.has(name)) {
      const endpoint = env.AWS_ENDPOINT_URL
        ? `the endpoint ${env.AWS_ENDPOINT_URL} (AWS_ENDPOINT_URL)`
        : 'the AWS endpoint';
      const detail =
        causeChain(cause)
          .map((nested) => firstLine(nested.message))
          .find((message) => message !== '') ??
        (code || name);
      return `cannot reach ${endpoint}: ${detail}. Check the network, --region and AWS_ENDPOINT_URL`;
    }
  }
  return undefined;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error, its causes, and the errors inside an AggregateError (Node's connect attempts). */
function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && chain.length < 20) {
    const next = pending.shift();
    if (typeof next !== 'object' || next === null) continue;
    const errorLike = next as ErrorLike;
    chain.push(errorLike);
    pending.push(errorLike.cause);
    if (Array.isArray(errorLike.errors)) pending.push(...errorLike.errors);
  }
  return chain;
}

export { firstLine };
