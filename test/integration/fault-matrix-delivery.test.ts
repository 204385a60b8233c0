/**
 * The fault matrix, delivery rows (docs/reliability.md): publishing, and the Lambda handler
 * under a deadline, with the real SDK clients through the fault proxy
 * (test/support/fault-matrix.ts).
 */

import { describe, expect, it } from 'vitest';
import {
  held,
  invokeScheduled,
  matrix,
  ROW_TIMEOUT_MS,
  scanAndPublish,
  stale,
  useFaultMatrix,
} from '../support/fault-matrix.ts';

useFaultMatrix();

describe('Fault matrix: delivery', () => {
  it(
    'row D1, SNS Publish refused (Lambda handler, scheduled event): the invocation fails, Security Hub is not written',
    async () => {
      // Act
      const { error } = await invokeScheduled([
        { service: 'sns', operation: 'Publish', action: { kind: 'access-denied' } },
      ]);

      // Assess
      expect(error).toMatchObject({ name: 'NotificationPublishError' });
      expect(matrix.proxy.calls().filter((call) => call.operation === 'Publish')).toHaveLength(1);
      expect(
        matrix.proxy.calls().filter((call) => call.operation === 'BatchImportFindings'),
      ).toEqual([]);
      expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
      expect((await held()).size).toBe(1);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D1b, EC2 DescribeImages never answers (Lambda handler, 8 s left, 20 s request timeout): the call is cut at the collection deadline and the report still published',
    async () => {
      // Act: the handler's clients keep the default 20 s request timeout.
      const { report, deadline } = await invokeScheduled(
        [{ service: 'ec2', operation: 'DescribeImages', action: { kind: 'hang' } }],
        8_000,
      );

      // Assess
      expect(Date.now()).toBeLessThan(deadline);
      expect(report?.complete).toBe(false);
      expect(report?.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ operation: 'DescribeImages', code: 'AbortError' }),
          expect.objectContaining({ operation: 'Scan', code: 'DeadlineReached' }),
        ]),
      );
      expect(matrix.proxy.calls().filter((call) => call.operation === 'Publish')).toHaveLength(1);
      expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D1c, Security Hub BatchImportFindings never answers (Lambda handler, 8 s left): the write is cut a second before the deadline, after the notification',
    async () => {
      // Act
      const { report, deadline } = await invokeScheduled(
        [{ service: 'securityhub', operation: 'BatchImportFindings', action: { kind: 'hang' } }],
        8_000,
      );

      // Assess
      expect(Date.now()).toBeLessThan(deadline);
      expect(report?.findings.length).toBeGreaterThan(0);
      expect(matrix.proxy.calls().filter((call) => call.operation === 'Publish')).toHaveLength(1);
      expect(
        matrix.proxy.calls().filter((call) => call.operation === 'BatchImportFindings'),
      ).toHaveLength(1);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D1d, Security Hub GetFindings never answers (Lambda handler, 10 s left): the reading is cut at half the publish reserve, the notification still goes out, nothing is written',
    async () => {
      // Act
      const { report, deadline } = await invokeScheduled(
        [{ service: 'securityhub', operation: 'GetFindings', action: { kind: 'hang' } }],
        10_000,
      );

      // Assess
      expect(Date.now()).toBeLessThan(deadline);
      expect(report?.findings.length).toBeGreaterThan(0);
      expect(matrix.proxy.calls().filter((call) => call.operation === 'GetFindings')).toHaveLength(
        1,
      );
      expect(matrix.proxy.calls().filter((call) => call.operation === 'Publish')).toHaveLength(1);
      expect(
        matrix.proxy.calls().filter((call) => call.operation === 'BatchImportFindings'),
      ).toEqual([]);
      expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D2, SNS Publish HTTP 500 twice, then accepted: retried, sent',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'sns', operation: 'Publish', times: 2, action: { kind: 'http-500' } },
      ]);

      expect(outcome.publishError).toBeUndefined();
      expect(outcome.published?.notification.sent).toBe(true);
      expect(matrix.proxy.calls().filter((call) => call.operation === 'Publish')).toHaveLength(3);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D3, Security Hub lists a finding in FailedFindings every time (a transient code): sent once more, then reported failed',
    async () => {
      let refused: string | undefined;
      const outcome = await scanAndPublish([
        {
          service: 'securityhub',
          operation: 'BatchImportFindings',
          action: {
            kind: 'rewrite',
            body: (answer, request) => {
              const ids = ((request.Findings as Array<{ Id: string }> | undefined) ?? []).map(
                (f) => f.Id,
              );
              refused ??= ids.find((id) => id !== stale.id);
              if (refused === undefined || !ids.includes(refused)) return answer;
              return {
                ...answer,
                SuccessCount: ids.length - 1,
                FailedCount: 1,
                FailedFindings: [
                  { Id: refused, ErrorCode: 'InternalException', ErrorMessage: 'Finding refused' },
                ],
              };
            },
          },
        },
      ]);

      const [result] = outcome.published?.securityHub ?? [];
      expect(result?.failed).toEqual([
        { id: refused, code: 'InternalException', message: 'Finding refused' },
      ]);
      expect(result?.imported).toBe(outcome.report.findings.length - 1);
      // The refused finding was sent twice: the first import and its one retry.
      const imports = matrix.proxy
        .calls()
        .filter((call) => call.operation === 'BatchImportFindings');
      expect(imports.length).toBe(3); // findings, the refused one again, the archived stale one
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D4, Security Hub refuses a finding once (FailedFindings), then accepts it: nothing failed',
    async () => {
      let refusedOnce = false;
      const outcome = await scanAndPublish([
        {
          service: 'securityhub',
          operation: 'BatchImportFindings',
          times: 1,
          action: {
            kind: 'rewrite',
            body: (answer, request) => {
              const [first] = (request.Findings as Array<{ Id: string }> | undefined) ?? [];
              refusedOnce = first !== undefined;
              return first === undefined
                ? answer
                : {
                    ...answer,
                    FailedCount: 1,
                    FailedFindings: [
                      { Id: first.Id, ErrorCode: 'InternalFailure', ErrorMessage: 'try again' },
                    ],
                  };
            },
          },
        },
      ]);

      const [result] = outcome.published?.securityHub ?? [];
      expect(refusedOnce).toBe(true);
      expect(result).toMatchObject({
        failed: [],
        imported: outcome.report.findings.length,
        archived: 1,
      });
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D5, BatchImportFindings throttled twice, then accepted: retried by the SDK, nothing failed',
    async () => {
      const outcome = await scanAndPublish([
        {
          service: 'securityhub',
          operation: 'BatchImportFindings',
          times: 2,
          action: { kind: 'throttle' },
        },
      ]);

      const [result] = outcome.published?.securityHub ?? [];
      expect(result).toMatchObject({
        failed: [],
        imported: outcome.report.findings.length,
        archived: 1,
      });
      expect(
        matrix.proxy
          .calls()
          .filter((call) => call.operation === 'BatchImportFindings' && call.fault === 'throttle'),
      ).toHaveLength(2);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row D6, BatchImportFindings HTTP 500 on every attempt: every finding reported failed, nothing archived, the notification sent',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'securityhub', operation: 'BatchImportFindings', action: { kind: 'http-500' } },
      ]);

      const [result] = outcome.published?.securityHub ?? [];
      expect(outcome.published?.notification.sent).toBe(true);
      expect(result?.imported).toBe(0);
      expect(result?.archived).toBe(0);
      expect(result?.resolvedFindingIds).toEqual([]);
      expect(result?.failed.map((failure) => failure.id).sort()).toEqual(
        [...outcome.report.findings.map((finding) => finding.id), stale.id].sort(),
      );
      expect(new Set(result?.failed.map((failure) => failure.code))).toEqual(
        new Set(['InternalFailure']),
      );
      expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
    },
    ROW_TIMEOUT_MS,
  );
});
