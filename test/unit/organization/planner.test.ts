import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { ReportBucket } from '../../../src/lambda/report-bucket.ts';
import { planOrganizationScan } from '../../../src/organization/planner.ts';

const run = { id: 'nightly-1', scannedAt: '2026-11-25T12:00:00.000Z' };
const KEY = 'runs/2026-11-25T12-00-00Z_nightly-1/plan.json';

describe('Function: planOrganizationScan', () => {
  const s3 = mockClient(S3Client);

  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
  });

  it('writes every account times every region, account by account, and returns where', async () => {
    // Act
    const plan = await planOrganizationScan({
      run,
      regions: ['us-west-2', 'eu-west-1', 'us-west-2'],
      accounts: async () => ['111122223333', '444455556666', '111122223333'],
      bucket: new ReportBucket('scanner-reports', 'us-west-2'),
    });

    // Assess
    expect(plan).toEqual({
      run,
      plan: { bucket: 'scanner-reports', key: KEY },
      accounts: 2,
      regions: ['us-west-2', 'eu-west-1'],
      clusters: [],
      clusterArns: [],
      targetVersion: null,
      targets: 4,
    });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'scanner-reports',
      Key: KEY,
      ContentType: 'application/json',
      Body: JSON.stringify([
        { accountId: '111122223333', region: 'us-west-2' },
        { accountId: '111122223333', region: 'eu-west-1' },
        { accountId: '444455556666', region: 'us-west-2' },
        { accountId: '444455556666', region: 'eu-west-1' },
      ]),
    });
  });

  it('writes 1,000 accounts × 17 regions as a list of under 1 MB, what the README states (about 880 KB)', async () => {
    // Prepare
    const regions = [
      ...['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1'],
      ...['eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'ap-south-1'],
      ...['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2'],
    ];
    const accounts = Array.from({ length: 1_000 }, (_, index) => String(100_000_000_000 + index));

    // Act
    const plan = await planOrganizationScan({
      run,
      regions,
      accounts: async () => accounts,
      bucket: new ReportBucket('scanner-reports', 'us-west-2'),
    });

    // Assess
    expect(plan.targets).toBe(17_000);
    const body = String(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Body);
    expect(Buffer.byteLength(body) / 1_000).toBeCloseTo(883, -1);
  });

  it('returns the cluster filter with the plan, once, and keeps it out of the items', async () => {
    // Act
    const plan = await planOrganizationScan({
      run,
      regions: ['us-west-2'],
      clusters: ['prod', 'dev', 'prod'],
      accounts: async () => ['111122223333'],
      bucket: new ReportBucket('scanner-reports', 'us-west-2'),
    });

    // Assess
    expect(plan.clusters).toEqual(['prod', 'dev']);
    expect(plan.targetVersion).toBeNull();
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Body: JSON.stringify([{ accountId: '111122223333', region: 'us-west-2' }]),
    });
  });

  it("plans a cluster ARN's account and region alone for its cluster, the other names everywhere", async () => {
    // Prepare: the file lists legacy, and prod by the ARN of one account's us-west-2 cluster.
    const arn = 'arn:aws:eks:us-west-2:444455556666:cluster/prod';

    // Act
    const plan = await planOrganizationScan({
      run,
      regions: ['us-west-2', 'eu-west-1'],
      clusters: ['prod', 'legacy'],
      clusterArns: [
        { arn, partition: 'aws', region: 'us-west-2', accountId: '444455556666', name: 'prod' },
      ],
      accounts: async () => ['111122223333', '444455556666'],
      bucket: new ReportBucket('scanner-reports', 'us-west-2'),
    });

    // Assess: every item looks for legacy; the ARN travels with the plan, once.
    expect(plan).toMatchObject({ clusters: ['prod', 'legacy'], clusterArns: [arn], targets: 4 });
  });

  it('plans no account and region where the run looks for none of its clusters', async () => {
    // Prepare: the file names two clusters, each by its ARN.
    const prod = 'arn:aws:eks:us-west-2:444455556666:cluster/prod';
    const legacy = 'arn:aws:eks:eu-west-1:111122223333:cluster/legacy';

    // Act
    const plan = await planOrganizationScan({
      run,
      regions: ['us-west-2', 'eu-west-1'],
      clusters: ['prod', 'legacy'],
      clusterArns: [
        {
          arn: prod,
          partition: 'aws',
          region: 'us-west-2',
          accountId: '444455556666',
          name: 'prod',
        },
        {
          arn: legacy,
          partition: 'aws',
          region: 'eu-west-1',
          accountId: '111122223333',
          name: 'legacy',
        },
      ],
      accounts: async () => ['111122223333', '444455556666', '777788889999'],
      bucket: new ReportBucket('scanner-reports', 'us-west-2'),
    });

    // Assess
    expect(plan).toMatchObject({ accounts: 3, clusterArns: [prod, legacy], targets: 2 });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Body: JSON.stringify([
        { accountId: '111122223333', region: 'eu-west-1' },
        { accountId: '444455556666', region: 'us-west-2' },
      ]),
    });
  });

  it("returns the run's upgrade target with the plan, and keeps it out of the items", async () => {
    // Act
    const plan = await planOrganizationScan({
      run,
      regions: ['us-west-2'],
      targetVersion: '1.35',
      accounts: async () => ['111122223333'],
      bucket: new ReportBucket('scanner-reports', 'us-west-2'),
    });

    // Assess
    expect(plan.targetVersion).toBe('1.35');
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Body: JSON.stringify([{ accountId: '111122223333', region: 'us-west-2' }]),
    });
  });

  it('refuses to plan an empty run, which would report a clean organisation', async () => {
    // Act
    const planning = planOrganizationScan({
      run,
      regions: ['us-west-2'],
      accounts: async () => [],
      bucket: new ReportBucket('scanner-reports', 'us-west-2'),
    });

    // Assess
    await expect(planning).rejects.toThrow('No account to scan');
    expect(s3).not.toHaveReceivedAnyCommand();
  });
});
