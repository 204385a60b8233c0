/**
 * The fault matrix, collection rows whose calls are throttled (docs/reliability.md): the SDK's
 * own retries and back-off, which take most of the matrix's time, so they have a file of their
 * own. runScan then publishReport with the real SDK clients through the fault proxy
 * (test/support/fault-matrix.ts).
 */

import { describe, expect, it } from 'vitest';
import {
  expectIncomplete,
  expectNodeNotVouchedFor,
  matrix,
  ROW_TIMEOUT_MS,
  rulesOf,
  scanAndPublish,
  useFaultMatrix,
} from '../support/fault-matrix.ts';

useFaultMatrix();

describe('Fault matrix: collection, throttled', () => {
  it(
    'row C2, SSM DescribeInstanceInformation throttled on every attempt: retried, then an error',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'ssm', operation: 'DescribeInstanceInformation', action: { kind: 'throttle' } },
      ]);

      await expectIncomplete(outcome, 'DescribeInstanceInformation', 'ThrottlingException');
      expectNodeNotVouchedFor(outcome.report);
      // The SDK's adaptive retries: 8 attempts per call.
      const attempts = matrix.proxy
        .calls()
        .filter((call) => call.operation === 'DescribeInstanceInformation');
      expect(attempts.length).toBeGreaterThanOrEqual(8);
    },
    ROW_TIMEOUT_MS,
  );

  it(
    'row C6, EKS ListClusters throttled three times, then answers: retried, complete',
    async () => {
      const outcome = await scanAndPublish([
        { service: 'eks', operation: 'ListClusters', times: 3, action: { kind: 'throttle' } },
      ]);

      expect(outcome.report.errors).toEqual([]);
      expect(outcome.report.complete).toBe(true);
      expect(rulesOf(outcome.report, matrix.node1909)).toContain('windows-server-end-of-support');
      expect(matrix.proxy.calls().filter((call) => call.operation === 'ListClusters')).toHaveLength(
        4,
      );
    },
    ROW_TIMEOUT_MS,
  );

  it(
    "row C13, a --cluster scan's ListClusters throttled on every attempt: cut short, complete",
    async () => {
      const outcome = await scanAndPublish(
        [{ service: 'eks', operation: 'ListClusters', action: { kind: 'throttle' } }],
        ['prod'],
      );

      // The listing only lends the region's other names to the findings' text.
      expect(outcome.report.errors).toEqual([]);
      expect(outcome.report.complete).toBe(true);
      expect(outcome.report.warnings ?? []).not.toContainEqual(
        expect.objectContaining({ code: 'node-source-owners-unchecked' }),
      );
      expect(rulesOf(outcome.report, matrix.node1909)).toContain('windows-server-end-of-support');
    },
    ROW_TIMEOUT_MS,
  );
});
