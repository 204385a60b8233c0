import {
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  InternalException,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  applySecurityHubSync,
  planSecurityHubSync,
  RateLimiter,
  SECURITY_HUB_WRITE_LIMIT,
  type SecurityHubPlan,
} from '../../../../src/publish/security-hub/index.ts';
import {
  ACCOUNT_ID,
  FakeClock,
  heldBySecurityHub,
  makeFinding,
  makeReport,
  NOW,
  REGION,
} from './fixtures.ts';

describe('Function: applySecurityHubSync', () => {
  const hub = mockClient(SecurityHubClient);
  const client = new SecurityHubClient({ region: REGION });
  const kept = makeFinding({ resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-kept' } });
  const gone = makeFinding({ resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-gone' } });

  beforeEach(() => {
    hub.reset();
    hub.on(GetFindingsCommand).resolves({
      Findings: [heldBySecurityHub(kept), heldBySecurityHub(gone, { Title: 'Gone' })],
    });
    hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({
      SuccessCount: input.Findings?.length ?? 0,
      FailedCount: 0,
      FailedFindings: [],
    }));
    hub.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [] });
  });

  afterEach(() => {
    hub.reset();
  });

  /** The plan of a complete scan that still finds `kept` and no longer finds `gone`. */
  function planned(): Promise<SecurityHubPlan> {
    return planSecurityHubSync({
      client,
      report: makeReport([kept]),
      region: REGION,
      accountId: ACCOUNT_ID,
      now: NOW,
    });
  }

  function apply(plan: SecurityHubPlan) {
    return applySecurityHubSync(plan, {
      client,
      limiter: new RateLimiter({ ...SECURITY_HUB_WRITE_LIMIT, clock: new FakeClock() }),
    });
  }

  it('writes the plan without reading Security Hub again', async () => {
    // Prepare
    const plan = await planned();
    hub.resetHistory();

    // Act
    const result = await apply(plan);

    // Assess
    expect(hub).toReceiveCommandTimes(GetFindingsCommand, 0);
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 2);
    expect(hub).toReceiveCommandWith(BatchImportFindingsCommand, { Findings: plan.toArchive });
    expect(result).toMatchObject({
      region: REGION,
      imported: 1,
      archived: 1,
      resolvedFindingIds: [gone.id],
      resolvedTitles: { [gone.id]: 'Gone' },
      archivingDone: true,
    });
  });

  it('starts no write once the deadline is near: the findings not written are failed, the next run writes them', async () => {
    // Prepare: the deadline comes after the first write
    const plan = await planned();
    hub.resetHistory();
    let writes = 0;
    hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
      writes += 1;
      return { SuccessCount: input.Findings?.length ?? 0, FailedCount: 0, FailedFindings: [] };
    });

    // Act
    const result = await applySecurityHubSync(plan, { client, shouldStop: () => writes >= 1 });

    // Assess: the import went out; the archive did not, so nothing counts as resolved
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 1);
    expect(result).toMatchObject({ imported: 1, archived: 0, resolvedFindingIds: [] });
    expect(result.failed).toEqual([
      {
        id: gone.id,
        code: 'DeadlineReached',
        message: 'Not sent: the invocation was about to reach its deadline; the next run sends it',
      },
    ]);
  });

  it('counts as resolved only the findings Security Hub archived', async () => {
    // Prepare
    const plan = await planned();
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] })
      .rejects(new InternalException({ message: 'Internal failure', $metadata: {} }));

    // Act
    const result = await apply(plan);

    // Assess
    expect(plan.resolvedFindingIds).toEqual([gone.id]);
    expect(result).toMatchObject({
      archived: 0,
      resolvedFindingIds: [],
      resolvedSeverities: {},
      resolvedTitles: {},
      failed: [{ id: gone.id, code: 'InternalException', message: 'Internal failure' }],
    });
  });

  it('counts a suppressed finding it archived as archived, not as resolved', async () => {
    // Prepare: `gone` was last written suppressed.
    const suppressedGone = { ...gone, suppressed: true };
    hub.on(GetFindingsCommand).resolves({
      Findings: [heldBySecurityHub(kept), heldBySecurityHub(suppressedGone)],
    });
    const plan = await planned();

    // Act
    const result = await apply(plan);

    // Assess
    expect(result).toMatchObject({ archived: 1, resolvedFindingIds: [], failed: [] });
    expect(hub).toReceiveCommandWith(BatchImportFindingsCommand, {
      Findings: [expect.objectContaining({ Id: gone.id, RecordState: 'ARCHIVED' })],
    });
  });
});
