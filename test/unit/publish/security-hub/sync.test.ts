import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  InvalidAccessException,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  ASFF_LIMITS,
  asffIdOf,
  importBatchProblems,
  RateLimiter,
  SECURITY_HUB_WRITE_LIMIT,
  SecurityHubReadError,
  type SyncSecurityHubOptions,
  syncSecurityHub,
} from '../../../../src/publish/security-hub/index.ts';
import type { Report } from '../../../../src/report/types.ts';
import {
  ACCOUNT_ID,
  EARLIER,
  FakeClock,
  heldBySecurityHub,
  makeFinding,
  makeFindings,
  makeLongIdFinding,
  makeReport,
  NOW,
  PRODUCT_ARN,
  REGION,
} from './fixtures.ts';

describe('Function: syncSecurityHub', () => {
  const hub = mockClient(SecurityHubClient);
  let clock: FakeClock;

  beforeEach(() => {
    hub.reset();
    clock = new FakeClock();
    hub.on(GetFindingsCommand).resolves({ Findings: [] });
    hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({
      SuccessCount: input.Findings?.length ?? 0,
      FailedCount: 0,
      FailedFindings: [],
    }));
    hub.on(BatchUpdateFindingsCommand).callsFake((input) => ({
      ProcessedFindings: input.FindingIdentifiers,
      UnprocessedFindings: [],
    }));
  });

  afterEach(() => {
    hub.reset();
  });

  function sync(report: Report, overrides: Partial<SyncSecurityHubOptions> = {}) {
    return syncSecurityHub({
      client: new SecurityHubClient({ region: REGION }),
      report,
      region: REGION,
      accountId: ACCOUNT_ID,
      now: NOW,
      limiter: new RateLimiter({ ...SECURITY_HUB_WRITE_LIMIT, clock }),
      ...overrides,
    });
  }

  function importedFindings(call = 0): AwsSecurityFinding[] {
    return hub.commandCalls(BatchImportFindingsCommand)[call]?.args[0].input.Findings ?? [];
  }

  function holds(...findings: AwsSecurityFinding[]): void {
    hub.on(GetFindingsCommand).resolves({ Findings: findings });
  }

  it('imports 250 findings in three calls of at most 100 that meet the ASFF rules', async () => {
    // Prepare
    const report = makeReport(makeFindings(250));

    // Act
    const result = await sync(report);

    // Assess
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 3);
    const batches = hub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input);
    expect(batches.map((batch) => batch.Findings?.length)).toEqual([100, 100, 50]);
    for (const batch of batches) expect(importBatchProblems(batch.Findings ?? [])).toEqual([]);
    expect(result).toMatchObject({ region: REGION, imported: 250, failed: [], archived: 0 });
    expect(result.newFindingIds).toHaveLength(250);
  });

  it('asks Security Hub for our active findings of the account and region', async () => {
    // Act
    await sync(makeReport([makeFinding()]));

    // Assess
    expect(hub).toReceiveCommandWith(GetFindingsCommand, {
      Filters: {
        ProductArn: [{ Value: PRODUCT_ARN, Comparison: 'EQUALS' }],
        GeneratorId: [{ Value: 'eks-windows-scanner/', Comparison: 'PREFIX' }],
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
        AwsAccountId: [{ Value: ACCOUNT_ID, Comparison: 'EQUALS' }],
        Region: [{ Value: REGION, Comparison: 'EQUALS' }],
      },
    });
  });

  it('reads every page of active findings', async () => {
    // Prepare
    const [first, second, third] = makeFindings(3);
    if (!first || !second || !third) throw new Error('fixture');
    hub
      .on(GetFindingsCommand)
      .resolvesOnce({ Findings: [heldBySecurityHub(first)], NextToken: 'page-2' })
      .resolvesOnce({ Findings: [heldBySecurityHub(second)] })
      // `third` is new: the archive is read too, for a finding coming back (none here).
      .resolves({ Findings: [] });

    // Act
    const result = await sync(makeReport([third]));

    // Assess
    expect(hub).toReceiveCommandTimes(GetFindingsCommand, 3);
    expect(hub).toReceiveCommandWith(GetFindingsCommand, { NextToken: 'page-2' });
    expect(result.resolvedFindingIds.sort()).toEqual([first.id, second.id].sort());
  });

  it('updates a finding seen again under the same Id and keeps its first observation', async () => {
    // Prepare
    const finding = makeFinding();
    holds(heldBySecurityHub(finding, { Workflow: { Status: 'NOTIFIED' } }));

    // Act
    const result = await sync(makeReport([finding]));

    // Assess
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 1);
    const [sent] = importedFindings();
    expect(sent).toMatchObject({
      Id: finding.id,
      FirstObservedAt: EARLIER.toISOString(),
      CreatedAt: EARLIER.toISOString(),
      UpdatedAt: NOW.toISOString(),
      LastObservedAt: NOW.toISOString(),
      RecordState: 'ACTIVE',
    });
    // Workflow belongs to Security Hub's users once the finding exists.
    expect(sent?.Workflow).toBeUndefined();
    expect(result.newFindingIds).toEqual([]);
    expect(result.imported).toBe(1);
  });

  it('archives an active finding a complete scan no longer produces', async () => {
    // Prepare
    const [kept, gone] = makeFindings(2);
    if (!kept || !gone) throw new Error('fixture');
    const held = heldBySecurityHub(gone, { Severity: { Label: 'CRITICAL' } });
    holds(heldBySecurityHub(kept), held);

    // Act
    const result = await sync(makeReport([kept]));

    // Assess
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 2);
    const [archived] = importedFindings(1);
    const { ProcessedAt: _, Workflow: __, ...asHeld } = held;
    expect(archived).toEqual({ ...asHeld, RecordState: 'ARCHIVED', UpdatedAt: NOW.toISOString() });
    expect(importBatchProblems([archived as AwsSecurityFinding])).toEqual([]);
    expect(result).toMatchObject({
      archived: 1,
      archivingDone: true,
      resolvedFindingIds: [gone.id],
      resolvedSeverities: { [gone.id]: 'CRITICAL' },
      resolvedTitles: { [gone.id]: held.Title },
    });
  });

  it('sends a finding whose id is too long for an ASFF Id, suppresses and archives it by one Id', async () => {
    // Prepare: Security Hub holds one long-id finding that is gone and one seen again.
    const gone = makeLongIdFinding('gone');
    const seen = makeLongIdFinding('seen');
    holds(heldBySecurityHub(gone), heldBySecurityHub(seen));

    // Act
    const result = await sync(makeReport([{ ...seen, suppressed: true }]));

    // Assess
    const [updated] = importedFindings(0);
    const [archived] = importedFindings(1);
    expect(updated?.Id).toBe(asffIdOf(seen.id));
    expect(archived).toMatchObject({ Id: asffIdOf(gone.id), RecordState: 'ARCHIVED' });
    for (const sent of [updated, archived]) {
      expect(sent?.Id?.length).toBeLessThanOrEqual(ASFF_LIMITS.idChars);
    }
    expect(importBatchProblems([updated, archived] as AwsSecurityFinding[])).toEqual([]);
    expect(hub).toReceiveCommandWith(BatchUpdateFindingsCommand, {
      FindingIdentifiers: [{ Id: asffIdOf(seen.id), ProductArn: PRODUCT_ARN }],
      Workflow: { Status: 'SUPPRESSED' },
    });
    expect(result).toMatchObject({
      newFindingIds: [],
      resolvedFindingIds: [asffIdOf(gone.id)],
      archived: 1,
      workflowUpdated: 1,
      failed: [],
    });
  });

  it('archives nothing when the scan was incomplete', async () => {
    // Prepare
    const [kept, missing] = makeFindings(2);
    if (!kept || !missing) throw new Error('fixture');
    holds(heldBySecurityHub(kept), heldBySecurityHub(missing));

    // Act
    const result = await sync(makeReport([kept], { complete: false }));

    // Assess
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 1);
    expect(importedFindings().map((finding) => finding.RecordState)).toEqual(['ACTIVE']);
    expect(result).toMatchObject({ archived: 0, archivingDone: false, resolvedFindingIds: [] });
  });

  it('archives nothing when the report lists an error, even one that calls itself complete', async () => {
    // Prepare
    const [kept, missing] = makeFindings(2);
    if (!kept || !missing) throw new Error('fixture');
    holds(heldBySecurityHub(kept), heldBySecurityHub(missing));
    const report = makeReport([kept], {
      errors: [
        {
          accountId: ACCOUNT_ID,
          region: REGION,
          operation: 'DescribeInstanceInformation',
          code: 'ThrottlingException',
          message: 'Rate exceeded',
        },
      ],
    });

    // Act
    const result = await sync(report);

    // Assess
    expect(importedFindings().map((finding) => finding.RecordState)).toEqual(['ACTIVE']);
    expect(result).toMatchObject({ archived: 0, archivingDone: false, resolvedFindingIds: [] });
  });

  it('archives nothing in a region the report did not scan', async () => {
    // Prepare
    holds(heldBySecurityHub(makeFinding()));
    const report = makeReport([], { scope: { accounts: [ACCOUNT_ID], regions: ['eu-west-1'] } });

    // Act
    const result = await sync(report);

    // Assess
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 0);
    expect(result.archivingDone).toBe(false);
  });

  it('archives only the findings of the clusters a cluster-scoped scan covered', async () => {
    // Prepare
    const prodGone = makeFinding({ cluster: 'prod' });
    const stagingUnseen = makeFinding({ cluster: 'staging' });
    // moto ignores Filters: the service may return findings of every cluster.
    holds(heldBySecurityHub(prodGone), heldBySecurityHub(stagingUnseen));

    // Act
    const result = await sync(makeReport([]), { clusters: ['prod'] });

    // Assess
    expect(hub).toReceiveCommandWith(GetFindingsCommand, {
      Filters: expect.objectContaining({
        ProductFields: [
          { Key: 'eks-windows-scanner/cluster', Value: 'prod', Comparison: 'EQUALS' },
        ],
      }),
    });
    expect(importedFindings().map((finding) => finding.Id)).toEqual([prodGone.id]);
    expect(result.resolvedFindingIds).toEqual([prodGone.id]);
  });

  it('filters by cluster only up to the 20 values GetFindings takes, and keeps the scope itself past them', async () => {
    // Prepare
    const clusters = Array.from({ length: 21 }, (_, index) => `cluster-${index}`);
    const coveredGone = makeFinding({ cluster: 'cluster-20' });
    const outsideUnseen = makeFinding({ cluster: 'staging' });
    holds(heldBySecurityHub(coveredGone), heldBySecurityHub(outsideUnseen));

    // Act
    const twenty = await sync(makeReport([]), { clusters: clusters.slice(0, 20) });
    const filtered = hub.commandCalls(GetFindingsCommand)[0]?.args[0].input.Filters;
    hub.resetHistory();
    const many = await sync(makeReport([]), { clusters });
    const unfiltered = hub.commandCalls(GetFindingsCommand)[0]?.args[0].input.Filters;

    // Assess
    expect(filtered?.ProductFields).toHaveLength(20);
    expect(twenty.resolvedFindingIds).toEqual([]);
    expect(unfiltered).toBeDefined();
    expect(unfiltered?.ProductFields).toBeUndefined();
    expect(many.resolvedFindingIds).toEqual([coveredGone.id]);
  });

  it('ignores findings outside the scope that the service returned anyway', async () => {
    // Prepare
    const ours = heldBySecurityHub(makeFinding());
    holds(
      { ...ours, Id: 'guardduty-finding', GeneratorId: 'arn:aws:guardduty:detector/1' },
      {
        ...ours,
        Id: 'other-product',
        ProductArn: 'arn:aws:securityhub:us-west-2::product/aws/inspector',
      },
      { ...ours, Id: 'other-region', Region: 'eu-west-1' },
      { ...ours, Id: 'other-account', AwsAccountId: '210987654321' },
      { ...ours, Id: 'already-archived', RecordState: 'ARCHIVED' },
    );

    // Act
    const result = await sync(makeReport([]));

    // Assess
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 0);
    expect(result.resolvedFindingIds).toEqual([]);
  });

  it('only takes the findings of its own region and account from the report', async () => {
    // Prepare
    const here = makeFinding();
    const elsewhere = makeFinding({ region: 'eu-west-1' });
    const otherAccount = { ...makeFinding(), id: 'other-account', accountId: '210987654321' };

    // Act
    const result = await sync(makeReport([here, elsewhere, otherAccount]));

    // Assess
    expect(importedFindings().map((finding) => finding.Id)).toEqual([here.id]);
    expect(result.newFindingIds).toEqual([here.id]);
  });

  it('sends the findings Security Hub refused once more, unless refused as invalid, and reports what stays refused', async () => {
    // Prepare
    const [accepted, flaky, stubborn, invalid] = makeFindings(4);
    if (!accepted || !flaky || !stubborn || !invalid) throw new Error('fixture');
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        SuccessCount: 1,
        FailedCount: 3,
        FailedFindings: [
          { Id: flaky.id, ErrorCode: 'InternalFailure', ErrorMessage: 'Try again' },
          { Id: stubborn.id, ErrorCode: 'InternalFailure', ErrorMessage: 'Try again' },
          { Id: invalid.id, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding is too large' },
        ],
      })
      .resolvesOnce({
        SuccessCount: 1,
        FailedCount: 1,
        FailedFindings: [{ Id: stubborn.id, ErrorCode: 'InternalFailure', ErrorMessage: 'Again' }],
      });

    // Act
    const result = await sync(makeReport([accepted, flaky, stubborn, invalid]));

    // Assess: the invalid one is not sent again; the one refused twice is reported.
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 2);
    expect(importedFindings(1).map((finding) => finding.Id)).toEqual([flaky.id, stubborn.id]);
    expect(result.imported).toBe(2);
    expect(result.failed).toEqual([
      { id: invalid.id, code: 'InvalidInput', message: 'Finding is too large' },
      { id: stubborn.id, code: 'InternalFailure', message: 'Again' },
    ]);
  });

  it('reports the findings of a request that failed outright and goes on', async () => {
    // Prepare
    const finding = makeFinding();
    hub
      .on(BatchImportFindingsCommand)
      .rejects(
        new InvalidAccessException({ $metadata: {}, message: 'Security Hub is not enabled' }),
      );

    // Act
    const result = await sync(makeReport([finding]));

    // Assess
    expect(result.imported).toBe(0);
    expect(result.failed).toEqual([
      { id: finding.id, code: 'InvalidAccessException', message: 'Security Hub is not enabled' },
    ]);
  });

  it('sends no finding that breaks the ASFF field rules and reports it instead', async () => {
    // Prepare
    const malformed = { ...makeFinding(), id: 'malformed', accountId: '1234' };
    const report = makeReport([malformed], { scope: { accounts: ['1234'], regions: [REGION] } });

    // Act
    const result = await sync(report, { accountId: '1234' });

    // Assess
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 0);
    expect(result.failed).toEqual([
      { id: 'malformed', code: 'InvalidAsff', message: expect.stringMatching(/AwsAccountId/) },
    ]);
  });

  it('suppresses through BatchUpdateFindings a held finding that is now suppressed', async () => {
    // Prepare
    const finding = makeFinding({
      suppressed: true,
      suppression: {
        source: 'file',
        origin: '.eks-windows-scanner.yaml line 7',
        reason: 'Decommissioned in Q1',
      },
    });
    holds(heldBySecurityHub({ ...finding, suppressed: false }, { Workflow: { Status: 'NEW' } }));

    // Act
    const result = await sync(makeReport([finding]));

    // Assess
    expect(hub).toReceiveCommandTimes(BatchUpdateFindingsCommand, 1);
    expect(hub).toReceiveCommandWith(BatchUpdateFindingsCommand, {
      FindingIdentifiers: [{ Id: finding.id, ProductArn: PRODUCT_ARN }],
      Workflow: { Status: 'SUPPRESSED' },
      Note: {
        Text:
          'Suppressed by the configuration file entry at .eks-windows-scanner.yaml line 7. ' +
          'Reason: Decommissioned in Q1',
        UpdatedBy: 'eks-windows-scanner',
      },
    });
    expect(importedFindings()[0]?.Note).toBeUndefined();
    expect(result.workflowUpdated).toBe(1);
  });

  it('sends one BatchUpdateFindings per note, so each finding keeps its own source and reason', async () => {
    // Prepare
    const tag = { source: 'tag', origin: 'tag on cluster prod' } as const;
    const file = { source: 'file', origin: 'scanner.yaml line 2', reason: 'Accepted' } as const;
    const findings = makeFindings(3, { suppressed: true }).map((finding, index) => ({
      ...finding,
      suppression: index === 1 ? file : tag,
    }));
    holds(
      ...findings.map((finding) =>
        heldBySecurityHub({ ...finding, suppressed: false }, { Workflow: { Status: 'NEW' } }),
      ),
    );

    // Act
    const result = await sync(makeReport(findings));

    // Assess
    const calls = hub.commandCalls(BatchUpdateFindingsCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => [input.Note?.Text, input.FindingIdentifiers?.length])).toEqual([
      ['Suppressed by the eks-windows-scanner:suppress tag on cluster prod.', 2],
      ['Suppressed by the configuration file entry at scanner.yaml line 2. Reason: Accepted', 1],
    ]);
    expect(result.workflowUpdated).toBe(3);
  });

  it("rewrites the scanner's note on a finding it suppressed before when the suppression moved", async () => {
    // Prepare
    const finding = makeFinding({
      suppressed: true,
      suppression: { source: 'environment', origin: 'configuration' },
    });
    holds(
      heldBySecurityHub(finding, {
        Workflow: { Status: 'SUPPRESSED' },
        Note: {
          Text: 'Suppressed by the eks-windows-scanner:suppress tag',
          UpdatedBy: 'eks-windows-scanner',
          UpdatedAt: EARLIER.toISOString(),
        },
      }),
    );

    // Act
    const result = await sync(makeReport([finding]));

    // Assess
    expect(hub).toReceiveCommandTimes(BatchUpdateFindingsCommand, 1);
    expect(hub).toReceiveCommandWith(BatchUpdateFindingsCommand, {
      Workflow: { Status: 'SUPPRESSED' },
      Note: {
        Text: 'Suppressed by the SUPPRESSIONS setting of the configuration.',
        UpdatedBy: 'eks-windows-scanner',
      },
    });
    expect(result.workflowUpdated).toBe(1);
  });

  it('leaves a suppressed finding alone when its note already says the same', async () => {
    // Prepare
    const finding = makeFinding({
      suppressed: true,
      suppression: { source: 'tag', origin: 'tag on cluster prod' },
    });
    holds(heldBySecurityHub(finding));

    // Act
    const result = await sync(makeReport([finding]));

    // Assess
    expect(hub).toReceiveCommandTimes(BatchUpdateFindingsCommand, 0);
    expect(result.workflowUpdated).toBe(0);
  });

  it('sets a finding whose suppression expired back to NEW', async () => {
    // Prepare
    const finding = makeFinding({ suppressed: false });
    holds(
      heldBySecurityHub({ ...finding, suppressed: true }, { Workflow: { Status: 'SUPPRESSED' } }),
    );

    // Act
    const result = await sync(makeReport([finding]));

    // Assess
    expect(hub).toReceiveCommandWith(BatchUpdateFindingsCommand, {
      FindingIdentifiers: [{ Id: finding.id, ProductArn: PRODUCT_ARN }],
      Workflow: { Status: 'NEW' },
    });
    expect(result.workflowUpdated).toBe(1);
  });

  it('leaves alone a suppression someone set in Security Hub by hand', async () => {
    // Prepare
    const finding = makeFinding({ suppressed: false });
    holds(
      heldBySecurityHub(finding, {
        Workflow: { Status: 'SUPPRESSED' },
        Note: {
          Text: 'Accepted risk',
          UpdatedBy: 'arn:aws:iam::123456789012:user/alice',
          UpdatedAt: EARLIER.toISOString(),
        },
      }),
    );

    // Act
    const result = await sync(makeReport([finding]));

    // Assess
    expect(hub).toReceiveCommandTimes(BatchUpdateFindingsCommand, 0);
    expect(result.workflowUpdated).toBe(0);
  });

  it('creates a new suppressed finding suppressed, with no workflow update', async () => {
    // Prepare
    const finding = makeFinding({ suppressed: true });

    // Act
    const result = await sync(makeReport([finding]));

    // Assess
    expect(importedFindings()[0]?.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(hub).toReceiveCommandTimes(BatchUpdateFindingsCommand, 0);
    expect(result.workflowUpdated).toBe(0);
  });

  it('reports a workflow update the service does not know (moto: HTTP 404) as failures', async () => {
    // Prepare
    const finding = makeFinding({ suppressed: true });
    holds(heldBySecurityHub({ ...finding, suppressed: false }));
    // What the SDK throws when moto answers its HTML 404 page.
    const notFound = Object.assign(
      new SyntaxError(
        `Unexpected token '<', "<!doctype "... is not valid JSON\n  Deserialization error: see $response`,
      ),
      { $metadata: { httpStatusCode: 404 } },
    );
    hub.on(BatchUpdateFindingsCommand).rejects(notFound);

    // Act
    const result = await sync(makeReport([finding]));

    // Assess
    expect(result.imported).toBe(1);
    expect(result.workflowUpdated).toBe(0);
    expect(result.failed).toEqual([
      {
        id: finding.id,
        code: 'HTTP 404',
        message: `SyntaxError: Unexpected token '<', "<!doctype "... is not valid JSON`,
      },
    ]);
  });

  it('reports the findings BatchUpdateFindings left unprocessed', async () => {
    // Prepare
    const finding = makeFinding({ suppressed: true });
    holds(heldBySecurityHub({ ...finding, suppressed: false }));
    hub.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: finding.id, ProductArn: PRODUCT_ARN },
          ErrorCode: 'FindingNotFound',
          ErrorMessage: 'No such finding',
        },
      ],
    });

    // Act
    const result = await sync(makeReport([finding]));

    // Assess
    expect(result.workflowUpdated).toBe(0);
    expect(result.failed).toEqual([
      { id: finding.id, code: 'FindingNotFound', message: 'No such finding' },
    ]);
  });

  it('paces its requests through the rate limiter', async () => {
    // Prepare
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 1, clock });

    // Act
    await sync(makeReport(makeFindings(250)), { limiter });

    // Assess
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 3);
    expect(clock.now()).toBe(200);
  });

  it('throws a SecurityHubReadError when the active findings cannot be read', async () => {
    // Prepare
    hub
      .on(GetFindingsCommand)
      .rejects(new InvalidAccessException({ $metadata: {}, message: 'Account is not subscribed' }));

    // Act
    const syncing = sync(makeReport([makeFinding()]));

    // Assess
    await expect(syncing).rejects.toThrow(SecurityHubReadError);
    await expect(syncing).rejects.toThrow(/us-west-2: InvalidAccessException/);
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 0);
  });
});
