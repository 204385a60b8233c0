import { NO_ACCOUNT_ID } from '../caller-identity.ts';
import { REFUSED_IN_DISABLED_REGIONS } from '../report/unreached-accounts.ts';
import { firstLine } from '../text.ts';
/** Bad usage or configuration found before anything was scanned: exit code 2. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/**
 * The caller's AWS setup stops the scan before it starts (Organizations refusing or not
 * answering, say): exit code 2, without the usage hint, which would point at the command line.
 */
export class SetupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SetupError';
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
]);
// TLS failures: the endpoint answered, but not with TLS, or with a certificate not trusted.
const TLS_FAILURES = new Set([
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * "no answer within 2 s (--request-timeout)" when the error (or a cause) is the SDK's request
 * timeout; undefined otherwise. The SDK's text ("@smithy/node-http-handler - [ERROR] a request
 * has exceeded…") is for its developers; the user needs the limit and the flag that sets it.
 */
export function describeTimeout(error: unknown): string | undefined {
  const timeout = causeChain(error).find((cause) => cause.name === 'TimeoutError');
  if (timeout === undefined) return undefined;
  const limit = /(\d+) ?ms/.exec(typeof timeout.message === 'string' ? timeout.message : '');
  const within = limit ? ` within ${Number(limit[1]) / 1000} s` : '';
  return `no answer${within} (--request-timeout)`;
}

/**
 * A one-line explanation when a scan failed because of the caller's AWS setup (credentials,
 * endpoint), which is a configuration problem (exit 2) rather than a failed scan; undefined
 * for anything else.
 */
export function describeSetupFailure(
  error: unknown,
  env: Record<string, string | undefined>,
  firstRegion?: string,
): string | undefined {
  for (const cause of causeChain(error)) {
    const name = typeof cause.name === 'string' ? cause.name : '';
    const code = typeof cause.code === 'string' ? cause.code : '';
    if (MISSING_CREDENTIALS.has(name)) {
      return `no usable AWS credentials: ${clause(firstLine(cause.message)) || name}. Configure them with AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or 'aws sso login'`;
    }
    if (REJECTED_CREDENTIALS.has(name) || REJECTED_CREDENTIALS.has(code)) {
      const said = `AWS rejected the credentials (${name || code}): ${firstLine(cause.message)}`;
      return firstRegion !== undefined && REFUSED_IN_DISABLED_REGIONS.has(name || code)
        ? `${clause(said)}. AWS answers so too in a region the account has not enabled: is ${firstRegion}, the first region named, enabled?`
        : said;
    }
    const noAnswer = name === 'TimeoutError' ? describeTimeout(cause) : undefined;
    if (noAnswer !== undefined) {
      return `cannot reach ${endpointOf(env)}: ${noAnswer}. Check the network, --region and AWS_ENDPOINT_URL`;
    }
    if (TLS_FAILURES.has(code)) {
      const message = redactUrls(typeof cause.message === 'string' ? cause.message : '');
      const why = /wrong version number|packet length too long|http request/i.test(message)
        ? 'it does not answer in TLS (an http:// endpoint named https://?)'
        : code === 'EPROTO'
          ? `the TLS handshake failed: ${tlsReason(message)}`
          : `its certificate is not trusted (${code}): ${clause(firstLine(message))}. For a private CA, set NODE_EXTRA_CA_CERTS to its PEM file`;
      return `cannot talk to ${endpointOf(env)}: ${why}`;
    }
    if (UNREACHABLE.has(code) || UNREACHABLE.has(name)) {
      const detail =
        causeChain(cause)
          .map((nested) => firstLine(nested.message))
          .find((message) => message !== '') ??
        (code || name);
      return `cannot reach ${endpointOf(env)}: ${clause(redactUrls(detail))}. Check the network, --region and AWS_ENDPOINT_URL`;
    }
    const notAws = notAwsAnswerStatus(cause);
    if (notAws === 404) {
      return `${endpointOf(env)} answered HTTP 404 without an AWS error: it does not serve the AWS APIs. Check AWS_ENDPOINT_URL`;
    }
    if (notAws !== undefined) {
      return `${endpointOf(env)} answered HTTP ${notAws} with something that is no AWS answer (a web page?): it does not serve the AWS APIs. Check AWS_ENDPOINT_URL and any proxy between`;
    }
  }
  return undefined;
}

/** An SDK sentence to be followed by one of ours: without its full stop, so none doubles. */
function clause(text: string): string {
  return text.replace(/\.+$/, '');
}

function endpointOf(env: Record<string, string | undefined>): string {
  return env.AWS_ENDPOINT_URL
    ? `the endpoint ${redactUrl(env.AWS_ENDPOINT_URL)} (AWS_ENDPOINT_URL)`
    : 'the AWS endpoint';
}

/** Names the SDK gives an answer that was no AWS error document (an HTML page, say). */
const UNMODELED_ERROR_NAMES = new Set(['NotFound', 'SyntaxError', 'UnknownError', 'Unknown']);

/**
 * The HTTP status of an answer that is not from AWS, else undefined: a 404 that is no AWS
 * error (no request id, no error code the service defines), or an answer of any status the
 * SDK could not parse at all and that has no request id (a web page, a proxy's block page).
 * AWS answers every API call on its endpoints, even a wrong one, with an error code and a
 * request id (a missing resource is `ResourceNotFoundException`, not a bare 404). An outage
 * looks different: no connection, time-outs, or 5xx answers that the SDK retries first.
 */
function notAwsAnswerStatus(error: ErrorLike): number | undefined {
  const metadata = error.$metadata as { httpStatusCode?: unknown; requestId?: unknown } | undefined;
  const status = metadata?.httpStatusCode;
  if (typeof status !== 'number') return undefined;
  const name = typeof error.name === 'string' ? error.name : '';
  if (status === 404) {
    return UNMODELED_ERROR_NAMES.has(name) ||
      (metadata?.requestId === undefined && !name.endsWith('Exception'))
      ? status
      : undefined;
  }
  // Any other status with no request id, which every AWS answer carries, and a body that was
  // no AWS answer: one the SDK could not read at all (a web server's HTML page, a proxy's
  // block page), an error it found no code in (a page that happens to be well-formed XML,
  // an empty one), or a success without what AWS always answers.
  const message = typeof error.message === 'string' ? error.message : '';
  const noAwsBody =
    DESERIALIZATION_FAILURE.test(message) ||
    UNMODELED_ERROR_NAMES.has(name) ||
    name === NO_ACCOUNT_ID;
  return metadata?.requestId === undefined && noAwsBody ? status : undefined;
}

/** The hint the SDK appends to an answer it could not parse at all. */
const DESERIALIZATION_FAILURE = /Deserialization error: to see the raw response/;

/** The endpoint variables the SDK reads: AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>. */
const ENDPOINT_VARIABLE = /^AWS_ENDPOINT_URL(?:_[A-Z0-9_]+)?$/;

/**
 * Refuses an endpoint variable the SDK could not use, naming the variable but not its value
 * (which may carry a user and password).
 */
export function checkEndpointVariables(env: Record<string, string | undefined>): void {
  for (const [variable, value] of Object.entries(env)) {
    if (!ENDPOINT_VARIABLE.test(variable) || value === undefined || value.trim() === '') continue;
    let url: URL | undefined;
    try {
      url = new URL(value.trim());
    } catch {
      url = undefined;
    }
    if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.hostname === '') {
      throw new UsageError(
        `${variable} is not an endpoint URL: ${whatIsWrong(value.trim(), url)}; expected http://HOST[:PORT] or https://HOST[:PORT]`,
      );
    }
    if (url.search !== '' || url.hash !== '') {
      throw new UsageError(`${variable} is not an endpoint URL: it has a query or a fragment`);
    }
  }
}

/** OpenSSL's reason ("…:SSL routines:…:unsupported protocol:…"), else the first line. */
function tlsReason(message: string): string {
  return /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1]?.trim() ?? firstLine(message);
}

/** Why a value is no http(s) URL, without repeating it (it may hold a password). */
function whatIsWrong(value: string, url: URL | undefined): string {
  if (url !== undefined) {
    return ['http:', 'https:'].includes(url.protocol)
      ? 'it names no host'
      : 'its scheme is not http: or https:';
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'it does not start with http:// or https://';
  if (/^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?\[[^\]/]*(?:\/|$)/i.test(value)) {
    return 'its IPv6 address has no closing ]';
  }
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?(?:\[[^\]]*\]|[^/:]*):([^/]*)/i.exec(value)?.[1];
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) <= 65535)) {
    return `its port is not a number from 0 to 65535`;
  }
  return 'it is not a valid URL';
}

/**
 * A URL fit for a message: scheme, host and path, without user, password, query or fragment.
 */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    const path = url.pathname === '/' ? '' : url.pathname;
    const user = url.username !== '' || url.password !== '' ? '***@' : '';
    return `${url.protocol}//${user}${url.host}${path}`;
  } catch {
    return redactUrls(value);
  }
}

/** Any `scheme://user:password@` inside a text, with the user and password replaced. */
function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@');
}

interface ErrorLike {
  $metadata?: unknown;
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
