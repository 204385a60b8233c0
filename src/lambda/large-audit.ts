/**
 * Lambda refuses a synchronous response above 6 MB: the caller would get an error instead of
 * the report. An audit whose report is larger is written to the report bucket, and the
 * invocation returns its summary and where it is. Without a bucket the summary says why the
 * findings are missing; it never returns a report with findings silently dropped.
 */
import type { ScanError } from '../inventory/types.ts';
import type { Report } from '../report/types.ts';
import { errorName } from '../text.ts';
import type { ScannerEvent } from './events.ts';
import type { ObjectLocation, ReportBucket } from './report-bucket.ts';

/** Lambda's limit on a synchronous response (6 MB, in bytes). */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;
/** The largest report returned as is: 1 MiB below the limit, for the runtime's own framing. */
export const MAX_RETURNED_REPORT_BYTES = LAMBDA_RESPONSE_LIMIT_BYTES - 1024 * 1024;
/** Errors kept in the summary; the report in the bucket holds them all. */
export const MAX_SUMMARY_ERRORS = 100;
/** Warnings kept in the summary. */
export const MAX_SUMMARY_WARNINGS = 100;
/** Blockers kept in each cluster's upgrade verdict of the summary. */
export const MAX_SUMMARY_BLOCKERS = 5;

/**
 * What an audit returns instead of a report that is too large: the report's fields without
 * `findings` (so no reader mistakes it for a clean report), its errors and warnings up to a
 * hundred, each cluster's upgrade verdict with five of its blockers (every verdict left out
 * if even that would not fit), `reportTooLarge`, and `reportLocation` when the report was
 * written. The summary is bounded too: it must fit the response it stands in for.
 */
export interface OversizedAuditResponse extends Omit<Report, 'findings'> {
  reportTooLarge: {
    /** The report's size as JSON. */
    bytes: number;
    limitBytes: number;
    /** Errors left out of this summary's `errors`. */
    errorsOmitted: number;
    /** Warnings left out of this summary's `warnings`. */
    warningsOmitted?: number;
    /** Blockers left out of the verdicts in this summary's `readiness`. */
    blockersOmitted?: number;
    /** Verdicts left out: all of `readiness`, which would not fit even cut short. */
    readinessOmitted?: number;
    message: string;
  };
  reportLocation?: ObjectLocation;
}

export interface AuditResponseOptions {
  /** The stack's report bucket; undefined when none is configured. */
  bucket?: ReportBucket;
  /** The object's key, unique per invocation. */
  key: string;
  /** Told when the bucket refused the report. */
  onWriteError?: (error: unknown) => void;
  /** Ends a write S3 leaves waiting (the invocation's end): the summary then says it failed. */
  abortSignal?: AbortSignal;
  /**
   * What asked for the report, for the advice in the message: an audit can be narrowed; a
   * scheduled scan has published its findings already, and only its response is cut short.
   */
  trigger?: ScannerEvent['kind'];
}

export function auditReportKey(scannedAt: string, requestId: string): string {
  const when = new Date(scannedAt)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
  return `audits/${when}_${requestId.replace(/[^A-Za-z0-9-]/g, '-')}.json`;
}

/** The report itself when it fits the response, else the summary (and the report written). */
export async function auditResponse(
  report: Report,
  options: AuditResponseOptions,
): Promise<Report | OversizedAuditResponse> {
  const json = JSON.stringify(report);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= MAX_RETURNED_REPORT_BYTES) return report;

  const size = `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const scheduled = options.trigger === 'scheduled';
  let reportLocation: ObjectLocation | undefined;
  let message: string;
  if (options.bucket === undefined) {
    message = scheduled
      ? `The report (${size}) is larger than a Lambda response may be, and no report bucket is configured (deploy with CreateReportBucket=true to keep it): this response holds its summary; the findings went only where the function publishes them (its SNS topic and Security Hub, when configured).`
      : `The report (${size}) is larger than a Lambda response may be, and no report bucket is configured (deploy with CreateReportBucket=true): narrow the audit with "regions" or "clusters", or run the command line.`;
  } else {
    try {
      reportLocation = await options.bucket.put(
        options.key,
        json,
        'application/json',
        options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal },
      );
      message = `The report (${size}) is larger than a Lambda response may be: it was written to ${reportLocation.s3Uri}.`;
    } catch (error) {
      options.onWriteError?.(error);
      // The failure's kind (AccessDenied, NoSuchBucket) tells the caller what to fix.
      message = `The report (${size}) is larger than a Lambda response may be, and writing it to s3://${options.bucket.name}/${options.key} failed (${errorName(error)}): check the bucket and the function's access to it (the log has the whole error)${scheduled ? '' : ', or narrow the audit with "regions" or "clusters"'}.`;
    }
  }
  const { findings: _findings, errors, warnings, readiness, ...summary } = report;
  const shown: ScanError[] = errors.slice(0, MAX_SUMMARY_ERRORS);
  const response: OversizedAuditResponse = {
    ...summary,
    errors: shown,
    reportTooLarge: {
      bytes,
      limitBytes: MAX_RETURNED_REPORT_BYTES,
      errorsOmitted: errors.length - shown.length,
      message,
    },
    ...(reportLocation ? { reportLocation } : {}),
  };
  if (warnings !== undefined) {
    response.warnings = warnings.slice(0, MAX_SUMMARY_WARNINGS);
    response.reportTooLarge.warningsOmitted = warnings.length - response.warnings.length;
  }
  if (readiness !== undefined) {
    response.readiness = readiness.map((verdict) =>
      verdict.blockers.length > MAX_SUMMARY_BLOCKERS
        ? { ...verdict, blockers: verdict.blockers.slice(0, MAX_SUMMARY_BLOCKERS) }
        : verdict,
    );
    response.reportTooLarge.blockersOmitted = readiness.reduce(
      (omitted, verdict) => omitted + Math.max(0, verdict.blockers.length - MAX_SUMMARY_BLOCKERS),
      0,
    );
    // Thousands of clusters' verdicts: their counts are in the report written.
    if (Buffer.byteLength(JSON.stringify(response), 'utf8') > MAX_RETURNED_REPORT_BYTES) {
      delete response.readiness;
      response.reportTooLarge.readinessOmitted = readiness.length;
    }
  }
  return response;
}
