import type { FailedFinding } from '../types.ts';

/** The findings of ours that Security Hub holds could not be read: nothing can be compared. */
export class SecurityHubReadError extends Error {
  readonly region: string;

  constructor(region: string, options: { cause: unknown }) {
    const { code, message } = failureOf(options.cause);
    super(
      `Could not read the active eks-windows-scanner findings from Security Hub in ${region}: ${code}: ${message}`,
      options,
    );
    this.name = 'SecurityHubReadError';
    this.region = region;
  }
}

/**
 * Code and message of a failed call. A service error's name is Security Hub's error code.
 * Anything else that came with an HTTP status (an endpoint without the operation, such as
 * moto's BatchUpdateFindings answering an HTML 404 the SDK can't parse) is named by that
 * status, which says more than the parser's complaint.
 */
export function failureOf(error: unknown): { code: string; message: string } {
  if (!(error instanceof Error)) return { code: 'Error', message: String(error) };
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const fromService = '$fault' in error;
  if (fromService || status === undefined) return { code: error.name, message: error.message };
  const firstLine = error.message.split('\n', 1)[0] ?? '';
  return { code: `HTTP ${status}`, message: `${error.name}: ${firstLine}` };
}

/** One failure entry per finding a whole call failed for. */
export function failedByError(ids: string[], error: unknown): FailedFinding[] {
  const { code, message } = failureOf(error);
  return ids.map((id) => ({ id, code, message }));
}
