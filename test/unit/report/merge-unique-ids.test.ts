/**
 * A finding is listed once and counted once, however often its scope was scanned: a region
 * named twice, an account named twice, an account and region planned twice.
 */
import { ListClustersCommand } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../src/collect/clients.ts';
import { buildReport } from '../../../src/report/build.ts';
import { mergeReports } from '../../../src/report/merge.ts';
import type { Report } from '../../../src/report/types.ts';
import { scanAccounts } from '../../../src/scan-accounts.ts';
import { clients as freshClients } from '../collect/aws-responses.ts';
import {
  ACCOUNT_ID,
  makeEvaluated,
  makeFinding,
  makeReport,
  SCANNED_AT,
  sampleFindings,
} from './fixtures.ts';

const OTHER_ACCOUNT = '444455556666';

function ids(report: Report): string[] {
  return report.findings.map((finding) => finding.id);
}

describe('Function: buildReport, given a region evaluated twice', () => {
  it('lists each finding once and counts the region once', () => {
    // Prepare
    const evaluated = makeEvaluated({ clusters: ['a', 'b'], findings: sampleFindings() });

    // Act
    const report = buildReport({
      scannedAt: SCANNED_AT,
      accountIds: [ACCOUNT_ID, ACCOUNT_ID],
      regions: ['us-west-2', 'us-west-2'],
      evaluated: [evaluated, evaluated],
    });

    // Assess
    const once = makeReport({ clusters: ['a', 'b'], findings: sampleFindings() });
    expect(new Set(ids(report)).size).toBe(report.findings.length);
    expect(ids(report)).toEqual(ids(once));
    expect(report.summary).toEqual(once.summary);
    expect(report.scope).toEqual({ accounts: [ACCOUNT_ID], regions: ['us-west-2'] });
  });
});

describe('Function: mergeReports, given a scope twice', () => {
  it('counts a part of the same accounts and regions once', () => {
    // Prepare
    const part = makeReport({ clusters: ['a', 'b'], findings: sampleFindings() });

    // Act
    const merged = mergeReports([part, part, structuredClone(part)], { scannedAt: SCANNED_AT });

    // Assess
    expect(ids(merged)).toEqual(ids(part));
    expect(merged.summary).toEqual(part.summary);
    expect(merged.errors).toEqual(part.errors);
  });

  it('lists a finding two parts reached once, and counts it once', () => {
    // Prepare: the same finding in two parts of different scopes (one names both regions).
    const shared = makeFinding({ id: `${ACCOUNT_ID}/us-west-2/prod/ami-unavailable/lt-1` });
    const west = makeReport({ findings: [shared] });
    const both = {
      ...makeReport({ findings: [shared, makeFinding({ id: 'east', severity: 'LOW' })] }),
      scope: { accounts: [ACCOUNT_ID], regions: ['us-west-2', 'us-east-1'] },
    };

    // Act
    const merged = mergeReports([west, both], { scannedAt: SCANNED_AT });

    // Assess
    expect(ids(merged)).toEqual([shared.id, 'east']);
    expect(merged.summary.findings).toEqual({
      CRITICAL: 0,
      HIGH: 1,
      MEDIUM: 0,
      LOW: 1,
      INFORMATIONAL: 0,
    });
  });

  it('lists each account and region of the scope asked for once', () => {
    // Act
    const merged = mergeReports([makeReport()], {
      scannedAt: SCANNED_AT,
      scope: {
        accounts: [ACCOUNT_ID, OTHER_ACCOUNT, ACCOUNT_ID],
        regions: ['us-west-2', 'us-west-2'],
      },
    });

    // Assess
    expect(merged.scope).toEqual({ accounts: [ACCOUNT_ID, OTHER_ACCOUNT], regions: ['us-west-2'] });
  });
});

describe('Function: scanAccounts, given an account and a region named twice', () => {
  it('scans the account once, in each region once', async () => {
    // Prepare
    const listed: string[] = [];
    const clientsFor = (region: string): AwsClients => {
      const clients = freshClients();
      mockClient(clients.eks)
        .on(ListClustersCommand)
        .callsFake(() => {
          listed.push(region);
          return { clusters: [] };
        });
      return clients;
    };

    const credentials = async () => ({ accessKeyId: 'ASIA', secretAccessKey: 'secret' });

    // Act
    const report = await scanAccounts(
      [
        { accountId: ACCOUNT_ID, credentials, stsRegion: 'us-west-2', clientsFor },
        { accountId: ACCOUNT_ID, credentials, stsRegion: 'us-west-2', clientsFor },
      ],
      { regions: ['us-west-2', 'us-west-2', 'eu-west-1'], now: SCANNED_AT },
    );

    // Assess
    expect(listed.sort()).toEqual(['eu-west-1', 'us-west-2']);
    expect(report.scope).toEqual({ accounts: [ACCOUNT_ID], regions: ['us-west-2', 'eu-west-1'] });
  });
});

describe('Fixture: the report fixtures', () => {
  it('give every sample finding an id of its own', () => {
    const sample = sampleFindings().map((finding) => finding.id);
    expect(new Set(sample).size).toBe(sample.length);
  });
});
