import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import type { Finding } from '../../../../src/evaluate/types.ts';
import {
  ASFF_LIMITS,
  asffIdOf,
  NOTE_AUTHOR,
  planSecurityHubSync,
  suppressionNote,
} from '../../../../src/publish/security-hub/index.ts';
import type { Report } from '../../../../src/report/types.ts';
import {
  ACCOUNT_ID,
  EARLIER,
  heldBySecurityHub,
  makeFinding,
  makeFindings,
  makeLongIdFinding,
  makeReport,
  NOW,
  PRODUCT_ARN,
  REGION,
} from './fixtures.ts';

describe('Function: planSecurityHubSync', () => {
  const hub = mockClient(SecurityHubClient);

  beforeEach(() => {
    hub.reset();
  });

  afterEach(() => {
    hub.reset();
  });

  function plan(report: Report) {
    return planSecurityHubSync({
      client: new SecurityHubClient({ region: REGION }),
      report,
      region: REGION,
      accountId: ACCOUNT_ID,
      now: NOW,
    });
  }

  it('reads every page with the abort signal it is given, so the caller can end the reading', async () => {
    // Prepare: a new finding, so both the active findings and the archive are read.
    hub.on(GetFindingsCommand).resolves({ Findings: [] });
    const reading = new AbortController();

    // Act
    await planSecurityHubSync({
      client: new SecurityHubClient({ region: REGION }),
      report: makeReport([makeFinding()]),
      region: REGION,
      accountId: ACCOUNT_ID,
      now: NOW,
      abortSignal: reading.signal,
    });

    // Assess
    const calls = hub.commandCalls(GetFindingsCommand);
    expect(calls).toHaveLength(2);
    // The mock types `send` with the command alone; the paginator passes the options after it.
    for (const call of calls)
      expect((call.args as unknown[])[1]).toEqual({ abortSignal: reading.signal });
  });

  it('plans the imports, the archive and the workflow changes and writes nothing', async () => {
    // Prepare
    const [kept, suppressed, added, gone] = makeFindings(4);
    if (!kept || !suppressed || !added || !gone) throw new Error('fixture');
    hub.on(GetFindingsCommand).resolves({
      Findings: [
        heldBySecurityHub(kept),
        heldBySecurityHub(suppressed, { Workflow: { Status: 'NEW' } }),
        heldBySecurityHub(gone, { Severity: { Label: 'CRITICAL' } }),
      ],
    });

    // Act
    const planned = await plan(makeReport([kept, { ...suppressed, suppressed: true }, added]));

    // Assess: `added` is new and unsuppressed, so the archive is read too (for one returning).
    expect(hub).toReceiveCommandTimes(GetFindingsCommand, 2);
    expect(hub).toReceiveCommandTimes(BatchImportFindingsCommand, 0);
    expect(hub).toReceiveCommandTimes(BatchUpdateFindingsCommand, 0);
    expect(planned).toMatchObject({
      region: REGION,
      newFindingIds: [added.id],
      resolvedFindingIds: [gone.id],
      resolvedSeverities: { [gone.id]: 'CRITICAL' },
      invalid: [],
      workflowChanges: [{ id: suppressed.id, productArn: PRODUCT_ARN, status: 'SUPPRESSED' }],
      archiving: true,
    });
    expect(planned.toImport.map((finding) => finding.Id)).toEqual([
      kept.id,
      suppressed.id,
      added.id,
    ]);
    expect(planned.toArchive).toMatchObject([
      { Id: gone.id, RecordState: 'ARCHIVED', UpdatedAt: NOW.toISOString() },
    ]);
  });

  it('counts a finding refused as invalid as a failure, not as new, run after run', async () => {
    // Prepare: a GeneratorId longer than the 512 characters BatchImportFindings takes.
    const [valid, tooLong] = makeFindings(2);
    if (!valid || !tooLong) throw new Error('fixture');
    hub.on(GetFindingsCommand).resolves({ Findings: [] });

    // Act
    const planned = await plan(makeReport([valid, { ...tooLong, ruleId: 'x'.repeat(600) }]));

    // Assess
    expect(planned.invalid.map((failed) => failed.code)).toEqual(['InvalidAsff']);
    expect(planned.newFindingIds).toEqual([valid.id]);
  });

  describe('a finding whose id is longer than an ASFF Id may be', () => {
    it('imports it under its shortened Id, and finds it again under that Id', async () => {
      // Prepare: an earlier run imported it; this one sees it again, now suppressed.
      const finding = makeLongIdFinding();
      const id = asffIdOf(finding.id);
      hub.on(GetFindingsCommand).resolves({ Findings: [heldBySecurityHub(finding)] });

      // Act
      const planned = await plan(makeReport([{ ...finding, suppressed: true }]));

      // Assess: an update in place (no Workflow: Security Hub's users own it), not a new one.
      expect(id).not.toBe(finding.id);
      expect(id.length).toBeLessThanOrEqual(ASFF_LIMITS.idChars);
      expect(planned.invalid).toEqual([]);
      expect(planned.toImport).toMatchObject([{ Id: id, FirstObservedAt: EARLIER.toISOString() }]);
      expect(planned.toImport[0]?.Workflow).toBeUndefined();
      expect(planned.newFindingIds).toEqual([]);
      expect(planned.resolvedFindingIds).toEqual([]);
      expect(planned.toArchive).toEqual([]);
      expect(planned.workflowChanges).toMatchObject([
        { id, productArn: PRODUCT_ARN, status: 'SUPPRESSED' },
      ]);
    });

    it('archives it under that Id when a complete scan no longer produces it', async () => {
      // Prepare
      const [kept] = makeFindings(1);
      const gone = makeLongIdFinding();
      if (!kept) throw new Error('fixture');
      const id = asffIdOf(gone.id);
      hub.on(GetFindingsCommand).resolves({
        Findings: [heldBySecurityHub(kept), heldBySecurityHub(gone)],
      });

      // Act
      const planned = await plan(makeReport([kept, makeLongIdFinding('b')]));

      // Assess: another long id alike but for its end is another finding.
      expect(planned.resolvedFindingIds).toEqual([id]);
      expect(planned.toArchive).toMatchObject([{ Id: id, RecordState: 'ARCHIVED' }]);
      expect(planned.newFindingIds).toEqual([makeLongIdFinding('b').id]);
      expect(planned.toImport.map((finding) => finding.Id)).toEqual([
        kept.id,
        asffIdOf(makeLongIdFinding('b').id),
      ]);
    });

    it('sets it back to NEW under that Id when it returns from the archive unsuppressed', async () => {
      // Prepare
      const back = makeLongIdFinding();
      hub.on(GetFindingsCommand).resolves({
        Findings: [
          heldBySecurityHub(back, {
            RecordState: 'ARCHIVED',
            Workflow: { Status: 'SUPPRESSED' },
            Note: { Text: 'suppressed', UpdatedBy: NOTE_AUTHOR, UpdatedAt: NOW.toISOString() },
          }),
        ],
      });

      // Act
      const planned = await plan(makeReport([back]));

      // Assess
      expect(planned.workflowChanges).toEqual([
        { id: asffIdOf(back.id), productArn: PRODUCT_ARN, status: 'NEW' },
      ]);
    });
  });

  it('imports no finding of an upgrade, and keeps the finding of today it shadows', async () => {
    // Prepare
    const [today] = makeFindings(1);
    if (!today) throw new Error('fixture');
    const upgrade = {
      ...today,
      id: `${today.id}/upgrade-1.36`,
      upgrade: { from: '1.35', to: '1.36' },
    };
    hub.on(GetFindingsCommand).resolves({ Findings: [heldBySecurityHub(today)] });

    // Act
    const planned = await plan(makeReport([today, upgrade]));

    // Assess
    expect(planned.toImport.map((finding) => finding.Id)).toEqual([today.id]);
    expect(planned.newFindingIds).toEqual([]);
    expect(planned.resolvedFindingIds).toEqual([]);
  });

  it('plans no archive and no resolved finding for an incomplete scan', async () => {
    // Prepare
    hub.on(GetFindingsCommand).resolves({ Findings: [heldBySecurityHub(makeFinding())] });

    // Act
    const planned = await plan(makeReport([], { complete: false }));

    // Assess
    expect(planned).toMatchObject({ toArchive: [], resolvedFindingIds: [], archiving: false });
  });

  describe('a finding Security Hub holds as the scanner last wrote it, suppressed', () => {
    /** Suppressed as applySuppressions leaves it: the flag, the detail and the evidence. */
    function suppressedOne(finding: Finding): Finding {
      return {
        ...finding,
        suppressed: true,
        suppression: { source: 'file', origin: '.eks-windows-scanner.yaml line 4' },
        evidence: { ...finding.evidence, suppressedBy: '.eks-windows-scanner.yaml line 4' },
      };
    }

    /** Imported while suppressed: SUPPRESSED under the scanner's note, `suppressed` field. */
    function heldSuppressed(finding: Finding) {
      const text = suppressionNote(suppressedOne(finding));
      return heldBySecurityHub(suppressedOne(finding), {
        Workflow: { Status: 'SUPPRESSED' },
        Note: { Text: text, UpdatedBy: NOTE_AUTHOR, UpdatedAt: EARLIER.toISOString() },
      });
    }

    it('counts one whose suppression ended as new, and sets it back to NEW', async () => {
      // Prepare: both were suppressed at the last run; only `ended` is no longer.
      const [ended, still] = makeFindings(2);
      if (!ended || !still) throw new Error('fixture');
      hub.on(GetFindingsCommand).resolves({
        Findings: [heldSuppressed(ended), heldSuppressed(still)],
      });

      // Act
      const planned = await plan(makeReport([ended, suppressedOne(still)]));

      // Assess
      expect(planned.newFindingIds).toEqual([ended.id]);
      expect(planned.workflowChanges).toEqual([
        { id: ended.id, productArn: PRODUCT_ARN, status: 'NEW' },
      ]);
    });

    it('counts one written suppressed by an older scanner (evidence suppressedBy only) as new', async () => {
      // Prepare: the ProductFields of a version without the `suppressed` field.
      const [ended] = makeFindings(1);
      if (!ended) throw new Error('fixture');
      const held = heldSuppressed(ended);
      const { 'eks-windows-scanner/suppressed': _marker, ...older } = held.ProductFields ?? {};
      hub.on(GetFindingsCommand).resolves({ Findings: [{ ...held, ProductFields: older }] });

      // Act
      const planned = await plan(makeReport([ended]));

      // Assess
      expect(older).toHaveProperty(['eks-windows-scanner/evidence/suppressedBy']);
      expect(planned.newFindingIds).toEqual([ended.id]);
    });

    it('goes by what the last run wrote, not by the workflow status people and failed updates leave', async () => {
      // Prepare: `reopened` was last written unsuppressed, but its status stayed SUPPRESSED
      // (setting it back to NEW failed); `byHand` was suppressed in Security Hub by someone.
      const [reopened, byHand] = makeFindings(2);
      if (!reopened || !byHand) throw new Error('fixture');
      hub.on(GetFindingsCommand).resolves({
        Findings: [
          heldBySecurityHub(reopened, {
            Workflow: { Status: 'SUPPRESSED' },
            Note: { Text: 'Suppressed by …', UpdatedBy: NOTE_AUTHOR, UpdatedAt: NOW.toISOString() },
          }),
          heldBySecurityHub(byHand, {
            Workflow: { Status: 'SUPPRESSED' },
            Note: { Text: 'accepted risk', UpdatedBy: 'alice', UpdatedAt: NOW.toISOString() },
          }),
        ],
      });

      // Act
      const planned = await plan(makeReport([reopened, byHand]));

      // Assess: told once, when the suppression ended; the NEW status is asked for again.
      expect(planned.newFindingIds).toEqual([]);
      expect(planned.workflowChanges).toEqual([
        { id: reopened.id, productArn: PRODUCT_ARN, status: 'NEW' },
      ]);
    });

    it('archives one that went away without calling it resolved', async () => {
      // Prepare
      const [gone, goneSuppressed] = makeFindings(2);
      if (!gone || !goneSuppressed) throw new Error('fixture');
      hub.on(GetFindingsCommand).resolves({
        Findings: [heldBySecurityHub(gone, { Title: 'Gone' }), heldSuppressed(goneSuppressed)],
      });

      // Act
      const planned = await plan(makeReport([]));

      // Assess
      expect(planned).toMatchObject({
        resolvedFindingIds: [gone.id],
        resolvedSeverities: { [gone.id]: 'HIGH' },
        resolvedTitles: { [gone.id]: 'Gone' },
      });
      expect(planned.toArchive.map((held) => [held.Id, held.RecordState])).toEqual([
        [gone.id, 'ARCHIVED'],
        [goneSuppressed.id, 'ARCHIVED'],
      ]);
    });
  });

  it('starts a new occurrence for a finding that comes back after it was archived, as Security Hub restarts its workflow', async () => {
    // Prepare: resolved and archived by an earlier run; the problem is back.
    const [back] = makeFindings(1);
    if (!back) throw new Error('fixture');
    hub.on(GetFindingsCommand).resolves({
      Findings: [heldBySecurityHub(back, { RecordState: 'ARCHIVED' })],
    });

    // Act
    const planned = await plan(makeReport([back]));

    // Assess: its age counts from today, not from the occurrence that was fixed
    expect(planned.newFindingIds).toEqual([back.id]);
    expect(planned.toImport).toMatchObject([
      {
        Id: back.id,
        RecordState: 'ACTIVE',
        CreatedAt: NOW.toISOString(),
        FirstObservedAt: NOW.toISOString(),
      },
    ]);
  });

  describe('a finding the scanner suppressed, archived, and seen again', () => {
    const ARCHIVE_READ = {
      Filters: expect.objectContaining({
        RecordState: [{ Value: 'ARCHIVED', Comparison: 'EQUALS' }],
      }),
    };

    function archivedSuppressed(
      finding: Finding,
      note = { Text: 'suppressed', UpdatedBy: NOTE_AUTHOR, UpdatedAt: NOW.toISOString() },
    ) {
      return heldBySecurityHub(finding, {
        RecordState: 'ARCHIVED',
        Workflow: { Status: 'SUPPRESSED' },
        Note: note,
      });
    }

    it('sets it back to NEW when it is no longer suppressed (an import keeps SUPPRESSED)', async () => {
      // Prepare: moto-like, the service answers every read with all it holds.
      const [back] = makeFindings(1);
      if (!back) throw new Error('fixture');
      hub.on(GetFindingsCommand).resolves({ Findings: [archivedSuppressed(back)] });

      // Act
      const planned = await plan(makeReport([back]));

      // Assess
      expect(hub).toReceiveCommandTimes(GetFindingsCommand, 2);
      expect(hub).toReceiveCommandWith(GetFindingsCommand, {
        Filters: expect.objectContaining({
          RecordState: [{ Value: 'ARCHIVED', Comparison: 'EQUALS' }],
          WorkflowStatus: [{ Value: 'SUPPRESSED', Comparison: 'EQUALS' }],
          NoteUpdatedBy: [{ Value: NOTE_AUTHOR, Comparison: 'EQUALS' }],
          AwsAccountId: [{ Value: ACCOUNT_ID, Comparison: 'EQUALS' }],
          Region: [{ Value: REGION, Comparison: 'EQUALS' }],
        }),
      });
      expect(planned.newFindingIds).toEqual([back.id]);
      expect(planned.workflowChanges).toEqual([
        { id: back.id, productArn: PRODUCT_ARN, status: 'NEW' },
      ]);
    });

    it('leaves a suppression someone set by hand, and one of another account', async () => {
      // Prepare
      const [byHand, elsewhere] = makeFindings(2);
      if (!byHand || !elsewhere) throw new Error('fixture');
      hub.on(GetFindingsCommand).resolves({
        Findings: [
          archivedSuppressed(byHand, {
            Text: 'accepted risk',
            UpdatedBy: 'alice',
            UpdatedAt: NOW.toISOString(),
          }),
          { ...archivedSuppressed(elsewhere), AwsAccountId: '210987654321' },
        ],
      });

      // Act
      const planned = await plan(makeReport([byHand, elsewhere]));

      // Assess
      expect(planned.workflowChanges).toEqual([]);
    });

    it('does not read the archive when no unsuppressed finding is new', async () => {
      // Prepare
      const [kept, quiet] = makeFindings(2);
      if (!kept || !quiet) throw new Error('fixture');
      hub.on(GetFindingsCommand).resolves({ Findings: [heldBySecurityHub(kept)] });

      // Act
      const planned = await plan(makeReport([kept, { ...quiet, suppressed: true }]));

      // Assess
      expect(hub).toReceiveCommandTimes(GetFindingsCommand, 1);
      expect(hub).not.toReceiveCommandWith(GetFindingsCommand, ARCHIVE_READ);
      expect(planned.newFindingIds).toEqual([quiet.id]);
    });
  });
});
