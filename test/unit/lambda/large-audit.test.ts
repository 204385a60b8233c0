import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  auditReportKey,
  auditResponse,
  MAX_RETURNED_REPORT_BYTES,
  MAX_SUMMARY_BLOCKERS,
  MAX_SUMMARY_ERRORS,
  MAX_SUMMARY_WARNINGS,
} from '../../../src/lambda/large-audit.ts';
import { ReportBucket } from '../../../src/lambda/report-bucket.ts';
import type { Report } from '../../../src/report/types.ts';
import { verdict } from '../publish/sns/fixtures.ts';
import { makeFinding, makeReport } from '../report/fixtures.ts';

const KEY = 'audits/2026-11-25T12-00-00Z_request-1.json';

/** A report of more than `bytes` as JSON: many findings, and more errors than a summary keeps. */
function reportLargerThan(bytes: number): Report {
  const finding = makeFinding();
  const count = Math.ceil((1.2 * bytes) / JSON.stringify(finding).length);
  const findings = Array.from({ length: count }, (_, index) =>
    makeFinding({ resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${index}`, name: 'win' } }),
  );
  const errors = Array.from({ length: MAX_SUMMARY_ERRORS + 5 }, (_, index) => ({
    region: 'us-west-2',
    operation: 'DescribeNodegroup',
    code: 'AccessDeniedException',
    message: `denied ${index}`,
  }));
  return makeReport({ findings, errors, complete: false });
}

describe('Function: auditResponse', () => {
  const s3 = mockClient(S3Client);

  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
  });

  it('returns a report that fits the response as it is', async () => {
    // Prepare
    const report = makeReport({ findings: [makeFinding()] });

    // Act
    const response = await auditResponse(report, {
      bucket: new ReportBucket('scanner-reports', 'us-west-2'),
      key: KEY,
    });

    // Assess
    expect(response).toBe(report);
    expect(s3).not.toHaveReceivedAnyCommand();
  });

  it('writes a report too large for the response to the bucket and returns its summary and location', async () => {
    // Prepare
    const report = reportLargerThan(MAX_RETURNED_REPORT_BYTES);

    // Act
    const response = await auditResponse(report, {
      bucket: new ReportBucket('scanner-reports', 'us-west-2'),
      key: KEY,
    });

    // Assess
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'scanner-reports',
      Key: KEY,
      Body: JSON.stringify(report),
      ContentType: 'application/json',
    });
    expect(response).not.toHaveProperty('findings');
    expect(response).toMatchObject({
      schemaVersion: '1',
      complete: false,
      scope: report.scope,
      summary: report.summary,
      reportTooLarge: {
        bytes: Buffer.byteLength(JSON.stringify(report)),
        limitBytes: MAX_RETURNED_REPORT_BYTES,
        errorsOmitted: 5,
        message: expect.stringContaining(`s3://scanner-reports/${KEY}`),
      },
      reportLocation: {
        bucket: 'scanner-reports',
        key: KEY,
        s3Uri: `s3://scanner-reports/${KEY}`,
        consoleUrl: `https://s3.console.aws.amazon.com/s3/object/scanner-reports?region=us-west-2&prefix=${encodeURIComponent(KEY)}`,
      },
    });
    expect(response.errors).toHaveLength(MAX_SUMMARY_ERRORS);
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThan(100_000);
  });

  it('bounds the summary: a hundred warnings, five blockers a verdict, the counts left out', async () => {
    // Prepare: 1,200 blockers in one verdict, as 1,200 stand-alone nodes on Docker make
    const report: Report = {
      ...reportLargerThan(MAX_RETURNED_REPORT_BYTES),
      warnings: Array.from({ length: 150 }, (_, index) => ({
        code: 'suppression-unused',
        message: `warning ${index}`,
      })),
      readiness: [verdict('bulk', 'blocked', 1200), verdict('prod', 'blocked', 2)],
    };

    // Act
    const response = await auditResponse(report, { key: KEY });

    // Assess
    expect(response).toHaveProperty('reportTooLarge');
    if (!('reportTooLarge' in response)) throw new Error('not a summary');
    expect(response.warnings).toHaveLength(MAX_SUMMARY_WARNINGS);
    expect(
      response.readiness?.map((verdict) => [
        verdict.cluster,
        verdict.status,
        verdict.blockers.length,
      ]),
    ).toEqual([
      ['bulk', 'blocked', MAX_SUMMARY_BLOCKERS],
      ['prod', 'blocked', 2],
    ]);
    expect(response.reportTooLarge).toMatchObject({
      warningsOmitted: 50,
      blockersOmitted: 1200 - MAX_SUMMARY_BLOCKERS,
    });
    expect(response.reportTooLarge).not.toHaveProperty('readinessOmitted');
  });

  it('leaves every verdict out when even five blockers each would not fit the response', async () => {
    // Prepare: thousands of clusters, each blocked
    const verdicts = Array.from({ length: 6000 }, (_, index) =>
      verdict(`cluster-${index}`, 'blocked', MAX_SUMMARY_BLOCKERS),
    );
    const report: Report = { ...reportLargerThan(MAX_RETURNED_REPORT_BYTES), readiness: verdicts };

    // Act
    const response = await auditResponse(report, { key: KEY });

    // Assess
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(
      MAX_RETURNED_REPORT_BYTES,
    );
    expect(response).not.toHaveProperty('readiness');
    expect(response).toMatchObject({ reportTooLarge: { readinessOmitted: 6000 } });
  });

  it('says, without a bucket, that the report was too large and how to get it', async () => {
    // Act
    const response = await auditResponse(reportLargerThan(MAX_RETURNED_REPORT_BYTES), { key: KEY });

    // Assess
    expect(response).not.toHaveProperty('findings');
    expect(response).not.toHaveProperty('reportLocation');
    expect(response).toMatchObject({
      reportTooLarge: {
        message: expect.stringMatching(/no report bucket is configured.*CreateReportBucket=true/),
      },
    });
  });

  it.each([
    ['audit', true],
    ['scheduled', false],
  ] as const)(
    'after a failed write, advises narrowing only an audit (trigger %s: %s)',
    async (trigger, advised) => {
      // Prepare
      s3.on(PutObjectCommand).rejects(
        Object.assign(new Error('No bucket'), { name: 'NoSuchBucket' }),
      );

      // Act
      const response = await auditResponse(reportLargerThan(MAX_RETURNED_REPORT_BYTES), {
        bucket: new ReportBucket('scanner-reports', 'us-west-2'),
        key: KEY,
        trigger,
      });

      // Assess
      if (!('reportTooLarge' in response)) throw new Error('not a summary');
      expect(response.reportTooLarge.message).toContain('failed (NoSuchBucket)');
      expect(response.reportTooLarge.message.includes('narrow the audit')).toBe(advised);
    },
  );

  it('says that writing failed when the bucket refuses the report', async () => {
    // Prepare
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    s3.on(PutObjectCommand).rejects(denied);
    const onWriteError = vi.fn();

    // Act
    const response = await auditResponse(reportLargerThan(MAX_RETURNED_REPORT_BYTES), {
      bucket: new ReportBucket('scanner-reports', 'us-west-2'),
      key: KEY,
      onWriteError,
    });

    // Assess
    expect(onWriteError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Access Denied' }),
    );
    expect(response).not.toHaveProperty('reportLocation');
    expect(response).toMatchObject({
      reportTooLarge: {
        message: expect.stringContaining(
          `writing it to s3://scanner-reports/${KEY} failed (AccessDenied): check the bucket`,
        ),
      },
    });
  });
});

describe('Function: auditReportKey', () => {
  it('names the object by the scan time and the request, under audits/', () => {
    expect(auditReportKey('2026-11-25T12:00:00.000Z', 'c6af9ac6-7b61')).toBe(
      'audits/2026-11-25T12-00-00Z_c6af9ac6-7b61.json',
    );
  });
});
