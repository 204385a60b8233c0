/**
 * The organisation-wide aggregator's refusals (an event that names another object than its
 * run's plan in the stack's bucket reads nothing) and its metrics. The merge itself is tested
 * in test/unit/organization.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { planKey } from '../../../src/organization/run.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import { captureStdStreams, expectEventRefused, jsonWritten } from '../../support/lambda-output.ts';
import { aRunWhoseWorkersAllFailed } from '../../support/organization-run.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const run = { id: 'nightly-1', scannedAt: '2026-11-25T12:00:00.000Z' };

describe('Lambda handler: organisation-wide aggregator', () => {
  const s3 = mockClient(S3Client);
  const sns = mockClient(SNSClient);

  /** The handler as a cold start loads it. */
  async function loadHandler(): Promise<Handler> {
    vi.resetModules();
    return ((await import('../../../src/lambda/aggregator-handler.ts')) as { handler: Handler })
      .handler;
  }

  beforeEach(() => {
    s3.reset();
    sns.reset();
    for (const [name, value] of Object.entries({
      AWS_REGION: 'us-west-2',
      POWERTOOLS_TRACE_ENABLED: 'false',
      REPORT_BUCKET: 'scanner-reports',
    })) {
      vi.stubEnv(name, value);
    }
    captureStdStreams();
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("refuses a plan outside the stack's bucket naming the field in its log and in RefusedEvents, reading nothing", async () => {
    // Prepare
    const handler = await loadHandler();
    const plan = {
      bucket: 'eks-windows-scanner-reportbucket-example',
      key: 'runs/2026-11-25T12-00-00Z_nightly-1/plan.json',
    };

    // Act
    const invocation = handler({ run, plan }, lambdaContext());

    // Assess
    await expect(invocation).rejects.toThrow(
      "Invalid event: plan must be this run's plan in the stack's report bucket",
    );
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expectEventRefused('plan');
  });

  it('counts only the errors and incomplete scopes no worker counted: the accounts and regions that left no report', async () => {
    // Prepare: two accounts planned, neither worker wrote its part.
    const plan = { bucket: 'scanner-reports', key: planKey(run) };
    const targets = [
      { accountId: '111122223333', region: 'us-west-2' },
      { accountId: '444455556666', region: 'us-west-2' },
    ];
    aRunWhoseWorkersAllFailed(s3, plan.key, targets);
    const handler = await loadHandler();

    // Act
    await handler({ run, plan }, lambdaContext());

    // Assess
    expect(jsonWritten()).toContainEqual(
      expect.objectContaining({ ScanErrors: 2, IncompleteScopes: 2 }),
    );
  });
});
