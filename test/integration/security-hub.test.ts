/**
 * The Security Hub sync against moto_server: real SDK requests over HTTP. moto's GetFindings
 * ignores Filters and it has no BatchUpdateFindings, so this checks the round trip — import,
 * update, archive — and that the sync survives the missing operation; the ASFF rules and the
 * lifecycle details are the unit tests' job.
 */
import {
  type AwsSecurityFinding,
  EnableSecurityHubCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/evaluate/types.ts';
import { planSecurityHubSync, syncSecurityHub } from '../../src/publish/security-hub/index.ts';
import type { Report } from '../../src/report/types.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
// The fixtures' account is moto's default account.
import { ACCOUNT_ID, makeFinding, makeReport } from '../unit/publish/security-hub/fixtures.ts';

const REGION = 'eu-west-1';
const FIRST_RUN = new Date('2026-11-24T12:00:00.000Z');
const SECOND_RUN = new Date('2026-11-25T12:00:00.000Z');
const THIRD_RUN = new Date('2026-11-26T12:00:00.000Z');

/** An ami-unavailable finding on launch template `templateId`, in the emulator's region. */
function finding(templateId: string, suppressed = false): Finding {
  return makeFinding({
    region: REGION,
    resource: { type: 'AwsEc2LaunchTemplate', id: templateId, name: `win-${templateId}` },
    suppressed,
  });
}

function report(findings: Finding[], scannedAt: Date): Report {
  return makeReport(findings, {
    scannedAt: scannedAt.toISOString(),
    scope: { accounts: [ACCOUNT_ID], regions: [REGION] },
  });
}

describe('Function: syncSecurityHub (against moto_server)', () => {
  let emulator: Emulator;
  let client: SecurityHubClient;

  async function held(): Promise<Map<string, AwsSecurityFinding>> {
    const { Findings = [] } = await client.send(new GetFindingsCommand({ MaxResults: 100 }));
    return new Map(Findings.map((entry) => [entry.Id ?? '', entry]));
  }

  beforeAll(async () => {
    emulator = await startEmulator({ amis: false });
    client = new SecurityHubClient({
      region: REGION,
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    await client.send(new EnableSecurityHubCommand({}));
  });

  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  const kept = finding('lt-0000000000000001');
  const gone = finding('lt-0000000000000002');

  it('plans a first scan from an empty Security Hub without writing to it', async () => {
    // Act
    const plan = await planSecurityHubSync({
      client,
      report: report([kept, gone], FIRST_RUN),
      region: REGION,
      accountId: ACCOUNT_ID,
      now: FIRST_RUN,
    });

    // Assess
    expect(plan.newFindingIds.sort()).toEqual([kept.id, gone.id].sort());
    expect(plan.toImport).toHaveLength(2);
    expect((await held()).size).toBe(0);
  });

  it('imports the findings of a first scan as new and active', async () => {
    // Act
    const result = await syncSecurityHub({
      client,
      report: report([kept, gone], FIRST_RUN),
      region: REGION,
      accountId: ACCOUNT_ID,
      now: FIRST_RUN,
    });

    // Assess
    expect(result).toMatchObject({ imported: 2, archived: 0, failed: [], archivingDone: true });
    expect(result.newFindingIds.sort()).toEqual([kept.id, gone.id].sort());
    const stored = await held();
    expect(stored.get(kept.id)).toMatchObject({
      RecordState: 'ACTIVE',
      GeneratorId: 'eks-windows-scanner/ami-unavailable',
      Workflow: { Status: 'NEW' },
    });
  });

  it('archives the finding a complete second scan no longer produces and updates the other', async () => {
    // Act
    const result = await syncSecurityHub({
      client,
      report: report([kept], SECOND_RUN),
      region: REGION,
      accountId: ACCOUNT_ID,
      now: SECOND_RUN,
    });

    // Assess
    expect(result).toMatchObject({
      imported: 1,
      archived: 1,
      newFindingIds: [],
      resolvedFindingIds: [gone.id],
      resolvedSeverities: { [gone.id]: 'HIGH' },
      failed: [],
    });
    const stored = await held();
    expect(stored.size).toBe(2);
    expect(stored.get(gone.id)).toMatchObject({
      RecordState: 'ARCHIVED',
      UpdatedAt: SECOND_RUN.toISOString(),
    });
    expect(stored.get(kept.id)).toMatchObject({
      RecordState: 'ACTIVE',
      FirstObservedAt: FIRST_RUN.toISOString(),
      UpdatedAt: SECOND_RUN.toISOString(),
    });
  });

  it('reports the workflow update moto cannot do as a failure and finishes the sync', async () => {
    // Act
    const result = await syncSecurityHub({
      client,
      report: report([finding('lt-0000000000000001', true)], THIRD_RUN),
      region: REGION,
      accountId: ACCOUNT_ID,
      now: THIRD_RUN,
    });

    // Assess: the archived finding is no longer active, so nothing more is archived.
    expect(result).toMatchObject({ imported: 1, archived: 0, workflowUpdated: 0 });
    expect(result.failed).toEqual([{ id: kept.id, code: 'HTTP 404', message: expect.any(String) }]);
    const stored = await held();
    expect(stored.get(kept.id)?.LastObservedAt).toBe(THIRD_RUN.toISOString());
    expect(stored.get(gone.id)?.RecordState).toBe('ARCHIVED');
  });

  describe('a suppression that ends, a suppressed finding that goes away', () => {
    // A region of their own: the runs above hold findings of REGION, which a complete scan
    // here would archive.
    const OTHER_REGION = 'eu-central-1';
    let other: SecurityHubClient;

    function findingHere(templateId: string, suppressed = false): Finding {
      return makeFinding({
        region: OTHER_REGION,
        resource: { type: 'AwsEc2LaunchTemplate', id: templateId, name: `win-${templateId}` },
        suppressed,
      });
    }

    function sync(findings: Finding[], now: Date) {
      return syncSecurityHub({
        client: other,
        report: makeReport(findings, {
          scannedAt: now.toISOString(),
          scope: { accounts: [ACCOUNT_ID], regions: [OTHER_REGION] },
        }),
        region: OTHER_REGION,
        accountId: ACCOUNT_ID,
        now,
      });
    }

    beforeAll(async () => {
      other = new SecurityHubClient({
        region: OTHER_REGION,
        endpoint: emulator.endpoint,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      await other.send(new EnableSecurityHubCommand({}));
    });

    afterAll(() => {
      other?.destroy();
    });

    const ended = 'lt-0000000000000011';
    const removed = 'lt-0000000000000012';
    const present = 'lt-0000000000000013';

    it('counts a finding whose suppression ended as new once, from what the last import wrote', async () => {
      // Prepare: imported suppressed (SUPPRESSED at creation), then seen suppressed again.
      await sync([findingHere(ended, true)], FIRST_RUN);
      const stillSuppressed = await sync([findingHere(ended, true)], SECOND_RUN);

      // Act
      const unsuppressed = await sync([findingHere(ended)], THIRD_RUN);
      const next = await sync([findingHere(ended)], new Date('2026-11-27T12:00:00.000Z'));

      // Assess: moto can't set the status back to NEW, yet the next run does not tell it again,
      // since the import replaced the ProductFields that said it was suppressed.
      const id = findingHere(ended).id;
      expect(stillSuppressed.newFindingIds).toEqual([]);
      expect(unsuppressed.newFindingIds).toEqual([id]);
      expect(unsuppressed.failed).toEqual([{ id, code: 'HTTP 404', message: expect.any(String) }]);
      expect(next.newFindingIds).toEqual([]);
      const { Findings = [] } = await other.send(new GetFindingsCommand({ MaxResults: 100 }));
      const stored = Findings.find((entry) => entry.Id === id);
      expect(stored?.Workflow?.Status).toBe('SUPPRESSED');
      expect(stored?.ProductFields).not.toHaveProperty(['eks-windows-scanner/suppressed']);
    });

    it('archives a suppressed finding that went away without calling it resolved', async () => {
      // Prepare
      await sync(
        [findingHere(present), findingHere(removed, true)],
        new Date('2026-11-28T12:00:00.000Z'),
      );

      // Act
      const result = await sync([findingHere(present)], new Date('2026-11-29T12:00:00.000Z'));

      // Assess
      expect(result).toMatchObject({ archived: 1, resolvedFindingIds: [], failed: [] });
      const { Findings = [] } = await other.send(new GetFindingsCommand({ MaxResults: 100 }));
      const stored = Findings.find((entry) => entry.Id === findingHere(removed).id);
      expect(stored?.RecordState).toBe('ARCHIVED');
    });
  });
});
