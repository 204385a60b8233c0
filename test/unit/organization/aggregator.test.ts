import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import type { Finding } from '../../../src/evaluate/types.ts';
import { StreamingReportBucket } from '../../../src/lambda/report-bucket-upload.ts';
import {
  type AggregateOptions,
  aggregateOrganizationScan,
  mergeChanges,
} from '../../../src/organization/aggregator.ts';
import { partKey, planKey, reportKey, type ScanPart } from '../../../src/organization/run.ts';
import { createPublishClients } from '../../../src/publish/clients.ts';
import type { Report } from '../../../src/report/types.ts';
import { aRunWhoseWorkersAllFailed } from '../../support/organization-run.ts';
import { makeFinding, makeReport } from '../report/fixtures.ts';

/** One account's part in us-west-2: its report's findings are that account's. */
function part(
  accountId: string,
  changes: ScanPart['changes'],
  finding: Partial<Finding> = {},
): ScanPart {
  const report = makeReport({ findings: [makeFinding({ accountId, ...finding })] });
  const findings = report.findings.map((finding) => ({ ...finding, accountId }));
  return { accountId, region: 'us-west-2', report: { ...report, findings }, changes };
}

describe('Function: mergeChanges', () => {
  it("joins what every account's Security Hub says changed", () => {
    // Act
    const changes = mergeChanges([
      part('111122223333', {
        newFindingIds: ['a'],
        resolvedFindingIds: ['b'],
        resolvedSeverities: { b: 'HIGH' },
        resolvedTitles: { b: 'B' },
      }),
      part('444455556666', {
        newFindingIds: ['c'],
        resolvedFindingIds: [],
        resolvedSeverities: {},
        resolvedTitles: {},
      }),
    ]);

    // Assess
    expect(changes).toEqual({
      newFindingIds: ['a', 'c'],
      resolvedFindingIds: ['b'],
      resolvedSeverities: { b: 'HIGH' },
      resolvedTitles: { b: 'B' },
    });
  });

  it("counts an unread account and region's findings as new and says how many hubs were not read", () => {
    // Prepare
    const unread = part('444455556666', null);
    const unreadIds = unread.report.findings.map((finding) => finding.id);

    // Act
    const changes = mergeChanges([
      part('111122223333', {
        newFindingIds: ['a'],
        resolvedFindingIds: [],
        resolvedSeverities: {},
        resolvedTitles: {},
      }),
      unread,
    ]);

    // Assess
    expect(unreadIds.length).toBeGreaterThan(0);
    expect(changes).toEqual({
      newFindingIds: ['a', ...unreadIds],
      resolvedFindingIds: [],
      resolvedSeverities: {},
      resolvedTitles: {},
      unreadHubs: { count: 1, of: 2 },
    });
  });

  it('counts every finding as new when no account and region could be read, and says so', () => {
    // Prepare
    const parts = [part('111122223333', null), part('444455556666', null)];
    const ids = parts.flatMap(({ report }) => report.findings.map((finding) => finding.id));

    // Act
    const changes = mergeChanges(parts);

    // Assess: not "no previous run known", which would hide that the hubs failed
    expect(ids.length).toBeGreaterThan(0);
    expect(changes).toEqual({
      newFindingIds: ids,
      resolvedFindingIds: [],
      resolvedSeverities: {},
      resolvedTitles: {},
      unreadHubs: { count: 2, of: 2 },
    });
  });
});

describe('Function: aggregateOrganizationScan', () => {
  const s3 = mockClient(S3Client);
  const run = { id: 'nightly-1', scannedAt: '2026-11-25T12:00:00.000Z' };
  const bucket = new StreamingReportBucket('scanner-reports', 'us-west-2');
  const plan = { bucket: bucket.name, key: planKey(run) };
  const targets = [
    { accountId: '111122223333', region: 'us-west-2' },
    { accountId: '444455556666', region: 'us-west-2' },
  ];

  /** Every worker failed: the plan is there, no part is. */
  beforeEach(() => {
    s3.reset();
    aRunWhoseWorkersAllFailed(s3, plan.key, targets);
  });

  afterEach(() => {
    s3.reset();
  });

  function aggregate(overrides: Partial<AggregateOptions> = {}) {
    return aggregateOrganizationScan({
      run,
      plan,
      bucket,
      config: { notifyMinimumSeverity: 'HIGH', notifyPolicy: 'always' },
      publishClients: createPublishClients(),
      ...overrides,
    });
  }

  /** The report.json the aggregator wrote. */
  function writtenReport(): Report {
    const put = s3
      .commandCalls(PutObjectCommand)
      .find((call) => call.args[0].input.Key === reportKey(run, 'json'));
    const body = put?.args[0].input.Body;
    if (body === undefined) throw new Error('no report.json written');
    return JSON.parse(Buffer.from(body as Uint8Array).toString('utf8'));
  }

  it("names the plan's clusters in the report's scope when every worker failed", async () => {
    // Act
    const result = await aggregate({ clusters: ['prod', 'staging'] });

    // Assess
    const report = writtenReport();
    expect(result.complete).toBe(false);
    expect(report.findings).toEqual([]);
    expect(report.errors.map((error) => error.code)).toEqual(['NoReport', 'NoReport']);
    expect(report.scope).toEqual({
      accounts: ['111122223333', '444455556666'],
      regions: ['us-west-2'],
      clusters: ['prod', 'staging'],
    });
  });

  it('says where to find why the workers failed when the map failed, as its results are not handed over then', async () => {
    // Act: the failure path of the state machine, which passes the map's error alone
    await aggregate({
      mapFailure: {
        Error: 'States.ExceedToleratedFailureThreshold',
        Cause: 'The specified tolerated failure threshold was exceeded',
      },
    });

    // Assess
    const missing = writtenReport().errors.filter((error) => error.code === 'NoReport');
    expect(missing).toHaveLength(2);
    for (const error of missing) {
      expect(error.message).toContain('the map failed before saying why');
      expect(error.message).toContain("see the Map Run's failed child executions");
    }
    expect(writtenReport().errors).toContainEqual({
      operation: 'DistributedMap',
      code: 'States.ExceedToleratedFailureThreshold',
      message: 'The specified tolerated failure threshold was exceeded',
    });
  });

  it('counts apart the errors and the scopes no worker counted, so that metrics summed over the functions count each once', async () => {
    // Prepare: one worker wrote an incomplete part with two errors of its own; the other none.
    const scanned = part('111122223333', null);
    const ownError = {
      accountId: '111122223333',
      region: 'us-west-2',
      operation: 'DescribeNodegroup',
      code: 'AccessDeniedException',
      message: 'denied',
    };
    const incomplete = {
      ...scanned,
      report: { ...scanned.report, complete: false, errors: [ownError, ownError] },
    };
    const key = partKey(run, scanned);
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: key }] });
    s3.on(GetObjectCommand, { Key: key }).resolves({
      Body: {
        transformToString: async () => JSON.stringify(incomplete),
      } as unknown as GetObjectCommandOutput['Body'],
    });

    // Act
    const result = await aggregate();

    // Assess
    expect(result.errors).toBe(3);
    expect(result.ownErrors).toBe(1);
    expect(result.unreportedScopes).toBe(1);
    expect(writtenReport().errors.map((error) => error.code)).toEqual([
      'AccessDeniedException',
      'AccessDeniedException',
      'NoReport',
    ]);
  });

  it.each([
    ['not a scan part', { hello: 'world' }],
    [
      'a part whose finding has a severity of no scan',
      part('444455556666', null, { severity: 'SEVERE' as Finding['severity'] }),
    ],
  ])("reports %s as that account and region's error, and keeps the other part", async (_, bad) => {
    // Prepare
    const good = part('111122223333', null);
    const stored = [
      { key: partKey(run, good), body: good },
      { key: partKey(run, { accountId: '444455556666', region: 'us-west-2' }), body: bad },
    ];
    s3.on(ListObjectsV2Command).resolves({ Contents: stored.map(({ key }) => ({ Key: key })) });
    for (const { key, body } of stored) {
      s3.on(GetObjectCommand, { Key: key }).resolves({
        Body: {
          transformToString: async () => JSON.stringify(body),
        } as unknown as GetObjectCommandOutput['Body'],
      });
    }

    // Act
    const result = await aggregate();

    // Assess
    const report = writtenReport();
    expect(result.complete).toBe(false);
    expect(report.findings.map((finding) => finding.accountId)).toEqual(['111122223333']);
    expect(report.errors).toEqual([
      expect.objectContaining({
        accountId: '444455556666',
        region: 'us-west-2',
        code: 'NotAScanPart',
      }),
    ]);
  });

  it.each([
    ['a plan of every cluster', []],
    ["an older state machine's event, without the plan's clusters", undefined],
  ])('leaves the scope without clusters for %s', async (_, clusters) => {
    // Act
    await aggregate(clusters === undefined ? {} : { clusters });

    // Assess
    expect(writtenReport().scope).toEqual({
      accounts: ['111122223333', '444455556666'],
      regions: ['us-west-2'],
    });
  });

  it.each([
    ['kept, prod being named by ARN in each account', true, ['DescribeCluster']],
    ['forgiven, prod being named by its name', false, []],
  ])(
    'a part\'s "not found" of prod, which the other account\'s part found, is %s',
    async (_, byArn, kept) => {
      // Prepare: both accounts' parts looked for prod; the second says it is not there.
      const [found, gone] = targets.map((target) => {
        const report = makeReport();
        return {
          ...target,
          changes: null,
          report: {
            ...report,
            scope: { accounts: [target.accountId], regions: [target.region], clusters: ['prod'] },
          },
        };
      });
      if (found === undefined || gone === undefined) throw new Error('two targets expected');
      gone.report.errors = [
        {
          accountId: gone.accountId,
          region: gone.region,
          cluster: 'prod',
          operation: 'DescribeCluster',
          code: 'ResourceNotFoundException',
          message: 'No cluster found for name: prod.',
        },
      ];
      gone.report.complete = false;
      s3.on(ListObjectsV2Command).resolves({
        Contents: [found, gone].map((part) => ({ Key: partKey(run, part) })),
      });
      for (const part of [found, gone]) {
        s3.on(GetObjectCommand, { Key: partKey(run, part) }).resolves({
          Body: {
            transformToString: async () => JSON.stringify(part),
          } as unknown as GetObjectCommandOutput['Body'],
        });
      }

      // Act
      await aggregate({
        clusters: ['prod'],
        ...(byArn ? { clusterArns: targets.map((target) => ({ ...target, name: 'prod' })) } : {}),
      });

      // Assess
      expect(writtenReport().errors.map((error) => error.operation)).toEqual(kept);
    },
  );
});
