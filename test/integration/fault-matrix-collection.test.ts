/**
 * The fault matrix, collection rows (docs/reliability.md): runScan then publishReport with the
 * real SDK clients through the fault proxy (test/support/fault-matrix.ts).
 */

import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.ts';
import {
  expectIncomplete,
  expectNodeNotVouchedFor,
  held,
  matrix,
  ROW_TIMEOUT_MS,
  resetAndSeed,
  rulesOf,
  scanAndPublish,
  stale,
  useFaultMatrix,
} from '../support/fault-matrix.ts';

useFaultMatrix();

describe('Fault matrix: collection', () => {
  it(
    'row C0, no fault (control): complete, the 1909 node CRITICAL, the stale finding archived',
    async () => {
      const outcome = await scanAndPublish([]);

      expect(outcome.report.errors).toEqual([]);
      expect(outcome.report.complete).toBe(true);
      expect(outcome.report.summary.clusters).toBe(2);
      expect(rulesOf(outcome.report, matrix.node1909)).toContain('windows-server-end-of-support');
      expect(outcome.published?.notification.sent).toBe(true);
      expect(outcome.published?.securityHub).toEqual([
        expect.objectContaining({
          archivingDone: true,
          archived: 1,
          resolvedFindingIds: [stale.id],
          failed: [],
        }),
      ]);
      expect((await held()).get(stale.id)?.RecordState).toBe('ARCHIVED');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C1, SSM DescribeInstanceInformation AccessDenied: an error, the 1909 node not passed as known',
    async () => {
      const outcome = await scanAndPublish([
        {
          service: 'ssm',
          operation: 'DescribeInstanceInformation',
          action: { kind: 'access-denied' },
        },
      ]);

      await expectIncomplete(outcome, 'DescribeInstanceInformation', 'AccessDeniedException');
      expectNodeNotVouchedFor(outcome.report);
      // The notification says the scan is incomplete.
      expect(outcome.published?.notification).toMatchObject({
        sent: true,
        reason: expect.stringContaining('incomplete'),
      });
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C3, SSM connection reset on every call: an error, the 1909 node not passed as known',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'ssm', operation: 'DescribeInstanceInformation', action: { kind: 'reset' } },
      ]);

      await expectIncomplete(outcome, 'DescribeInstanceInformation');
      expectNodeNotVouchedFor(outcome.report);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C4, SSM never answers: given up after the request timeout, an error',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'ssm', operation: 'DescribeInstanceInformation', action: { kind: 'hang' } },
      ]);

      await expectIncomplete(outcome, 'DescribeInstanceInformation', 'TimeoutError');
      expectNodeNotVouchedFor(outcome.report);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C5, SSM answers "unknown operation" (not available here): silent, complete, release from the AMI',
    async () => {
      const outcome = await scanAndPublish([
        {
          service: 'ssm',
          operation: 'DescribeInstanceInformation',
          action: { kind: 'error', status: 400, code: 'UnknownOperationException' },
        },
      ]);

      expect(outcome.report.errors).toEqual([]);
      expect(outcome.report.complete).toBe(true);
      expect(rulesOf(outcome.report, matrix.node1909)).toContain('windows-version-unknown');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C7, EKS ListClusters HTTP 500 on every call: the region is an error, no cluster reported clean',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'eks', operation: 'ListClusters', action: { kind: 'http-500' } },
      ]);

      await expectIncomplete(outcome, 'ListClusters', 'InternalFailure');
      expect(outcome.report.summary.clusters).toBe(0);
      expect(outcome.report.findings).toEqual([]);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C8, EKS DescribeNodegroup AccessDenied: the cluster is an error of its own',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'eks', operation: 'DescribeNodegroup', action: { kind: 'access-denied' } },
      ]);

      await expectIncomplete(outcome, 'DescribeNodegroup', 'AccessDeniedException');
      expect(outcome.report.errors).toContainEqual(expect.objectContaining({ cluster: 'dev' }));
      // The other cluster is still read.
      expect(rulesOf(outcome.report, matrix.node1909)).toContain('windows-server-end-of-support');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C9, EC2 AccessDenied on every call (one service): errors, nothing of EC2 reported clean',
    async () => {
      const outcome = await scanAndPublish([{ service: 'ec2', action: { kind: 'access-denied' } }]);

      await expectIncomplete(outcome, 'DescribeInstances', 'UnauthorizedOperation');
      expect(
        outcome.report.findings.filter((finding) => finding.resource.id === matrix.node1909),
      ).toEqual([]);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C10, every answer 300 ms late: complete, the same findings as without delay',
    async () => {
      const control = await scanAndPublish([]);
      await resetAndSeed();
      const outcome = await scanAndPublish([{ action: { kind: 'delay', ms: 300 } }]);

      expect(outcome.report.errors).toEqual([]);
      expect(outcome.report.complete).toBe(true);
      const pairs = (report: Report) =>
        report.findings.map((finding) => `${finding.ruleId} ${finding.resource.type}`).sort();
      expect(pairs(outcome.report)).toEqual(pairs(control.report));
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C11, EC2 DescribeImages never answers: given up after the request timeout, an error',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'ec2', operation: 'DescribeImages', action: { kind: 'hang' } },
      ]);

      await expectIncomplete(outcome, 'DescribeImages', 'TimeoutError');
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C12, credentials expire mid-scan (after 6 calls): errors, nothing archived, publishing fails',
    async () => {
      const outcome = await scanAndPublish([{ after: 6, action: { kind: 'expired-token' } }]);

      expect(outcome.report.complete).toBe(false);
      expect(outcome.report.errors.length).toBeGreaterThan(0);
      for (const error of outcome.report.errors) {
        expect(error.code).toMatch(/^(ExpiredTokenException|ExpiredToken|RequestExpired)$/);
      }
      // SNS refuses the expired credentials too: publishReport throws before any Security Hub write.
      expect(outcome.publishError).toBeInstanceOf(Error);
      expect(
        matrix.proxy
          .calls()
          .filter((call) => call.operation === 'BatchImportFindings' && call.fault === 'pass'),
      ).toEqual([]);
      expect((await held()).get(stale.id)?.RecordState).toBe('ACTIVE');
    },
    ROW_TIMEOUT_MS,
  );
});
