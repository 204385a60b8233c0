import type { ScanError } from '../inventory/types.ts';

/** AWS error messages are short; a cap keeps a misbehaving endpoint from bloating the report. */
const MAX_MESSAGE_LENGTH = 500;

/** A launch template version a node source names does not exist (any more). */
export class LaunchTemplateVersionNotFoundError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LaunchTemplateVersionNotFoundError';
  }
}

/** A launch configuration an Auto Scaling group names does not exist (any more). */
export class LaunchConfigurationNotFoundError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LaunchConfigurationNotFoundError';
  }
}

/** The code and message of a failed call, as `ScanError` carries them. */
export interface FailureDetail {
  code: string;
  message: string;
}

/** Node's code of a failed connection (ECONNREFUSED, ECONNRESET, ENOTFOUND…), if any. */
function systemCodeOf(error: Error): string | undefined {
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code) ? code : undefined;
}

/**
 * A service error's name is AWS's error code. An answer that came with an HTTP status but is
 * no service error (an HTML 500 page from a proxy or an emulator, which the SDK fails to
 * parse) is named by that status: the parser's complaint says nothing of what went wrong. A
 * plain `Error` from the network says more by its system code (ECONNREFUSED) than by its
 * name, and so does a successful answer whose body was cut off (ECONNRESET: the connection
 * dropped, or the call was aborted at the deadline), which is no failure of its status.
 */
export function describeFailure(error: unknown): FailureDetail {
  if (error instanceof Error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const systemCode = error.name === 'Error' ? systemCodeOf(error) : undefined;
    // The SDK's name for a failed answer whose body held no AWS error code (an empty or HTML
    // 5xx from a proxy, through EC2's and Auto Scaling's XML protocol): only its status tells.
    if (status !== undefined && '$fault' in error && UNNAMED_ERRORS.has(error.name)) {
      return {
        code: `HTTP ${status}`,
        message: `the answer (HTTP ${status}) held no AWS error code`,
      };
    }
    if (!('$fault' in error) && status !== undefined) {
      const firstLine = error.message.split('\n', 1)[0] ?? '';
      if (status < 300 && systemCode !== undefined) {
        return {
          code: systemCode,
          message: `the answer (HTTP ${status}) was cut off before its end: ${firstLine}`.slice(
            0,
            MAX_MESSAGE_LENGTH,
          ),
        };
      }
      return {
        code: `HTTP ${status}`,
        message: `${error.name}: ${firstLine}`.slice(0, MAX_MESSAGE_LENGTH),
      };
    }
    const timeout = error.name === 'TimeoutError' ? timeoutInPlainWords(error.message) : undefined;
    return {
      code: systemCode ?? (error.name || 'Error'),
      message: (timeout ?? error.message).slice(0, MAX_MESSAGE_LENGTH),
    };
  }
  return { code: 'UnknownError', message: String(error).slice(0, MAX_MESSAGE_LENGTH) };
}

/** The codes by which AWS says the caller may not (EKS and SSM's, EC2's, the generic one). */
export const ACCESS_DENIED_CODES: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
]);

/** What the SDK names a service error whose answer gave no code. */
const UNNAMED_ERRORS = new Set(['Unknown', 'UnknownError']);

/** The HTTP handler's timeouts, as it words them ("@smithy/node-http-handler - [ERROR] …"). */
const HANDLER_TIMEOUTS: readonly (readonly [RegExp, (seconds: number) => string])[] = [
  [
    /exceeded the configured (\d+) ms requestTimeout/,
    (s) => `no answer within ${s} s (the request timeout)`,
  ],
  [
    /did not establish a connection .* timeout of (\d+) ms/,
    (s) => `no connection within ${s} s (the connection timeout)`,
  ],
  [
    /timed out after (\d+) ms of inactivity/,
    (s) => `the connection stayed silent for ${s} s (the socket timeout)`,
  ],
];

/** A timeout of the SDK's HTTP handler in plain words; undefined for any other message. */
function timeoutInPlainWords(message: string): string | undefined {
  for (const [pattern, words] of HANDLER_TIMEOUTS) {
    const milliseconds = pattern.exec(message)?.[1];
    if (milliseconds !== undefined) return words(Number(milliseconds) / 1000);
  }
  return undefined;
}

/**
 * The errors of one region's collection. Messages come from AWS or from this module's own
 * error classes, never from user data. The same failure reported twice (one launch template
 * used by two groups of a cluster) is kept once.
 */
export class ErrorLog {
  readonly #entries: ScanError[] = [];
  readonly #seen = new Set<string>();
  readonly #accountId: string;
  readonly #region: string;

  constructor(accountId: string, region: string) {
    this.#accountId = accountId;
    this.#region = region;
  }

  /** Records a failed call; `cluster` is absent for region-wide calls. */
  record(operation: string, error: unknown, cluster?: string): void {
    this.add(operation, describeFailure(error), cluster);
  }

  add(operation: string, failure: FailureDetail, cluster?: string): void {
    const key = JSON.stringify([operation, failure.code, failure.message, cluster]);
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#entries.push({
      accountId: this.#accountId,
      region: this.#region,
      ...(cluster === undefined ? {} : { cluster }),
      operation,
      code: failure.code,
      message: failure.message,
    });
  }

  get entries(): ScanError[] {
    return [...this.#entries];
  }
}
