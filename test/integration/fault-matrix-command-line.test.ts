/**
 * The fault matrix, command-line rows (docs/reliability.md): the real CLI in a process of its
 * own, through the fault proxy (test/support/fault-matrix.ts).
 */

import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.ts';
import { runScanProcess } from '../support/cli-process.ts';
import {
  matrix,
  NOW,
  REGION,
  REQUEST_TIMEOUT_MS,
  ROW_TIMEOUT_MS,
  rulesOf,
  useFaultMatrix,
} from '../support/fault-matrix.ts';

useFaultMatrix();

describe('Fault matrix: command line', () => {
  it(
    'row L1, SSM AccessDenied through the CLI: exit 3, the error in the JSON report',
    async () => {
      matrix.proxy.setRules([
        {
          service: 'ssm',
          operation: 'DescribeInstanceInformation',
          action: { kind: 'access-denied' },
        },
      ]);

      const run = await runScanProcess(
        [
          '--format',
          'json',
          '--now',
          NOW.toISOString(),
          '--request-timeout',
          String(REQUEST_TIMEOUT_MS / 1000),
        ],
        {
          AWS_ENDPOINT_URL: matrix.proxy.endpoint,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_REGION: REGION,
        },
      );

      const report = JSON.parse(run.stdout) as Report;
      expect(run.code).toBe(3);
      expect(report.complete).toBe(false);
      expect(report.errors).toContainEqual(
        expect.objectContaining({
          operation: 'DescribeInstanceInformation',
          code: 'AccessDeniedException',
        }),
      );
      expect(rulesOf(report, matrix.node1909)).not.toContain('windows-server-end-of-support');
    },
    ROW_TIMEOUT_MS,
  );
});
