import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEstate, type Estate, expectedCounts, REGIONS } from '../../../bench/api/estate.ts';
import type { BucketRule } from '../../../bench/api/limits.ts';
import { minimumOf } from '../../../bench/api/minimum.ts';
import { useFakeCredentials } from '../../../bench/api/scan-run.ts';
import { FakeAws } from '../../../bench/api/transport.ts';
import type { AwsClients } from '../../../src/collect/clients.ts';
import { runScan } from '../../../src/scan.ts';

const REGION = 'us-west-2';
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'bench' };
/** One token and (almost) no refill: the second call of each service is throttled. */
const ONE_CALL: BucketRule[] = (['eks', 'ec2', 'autoScaling', 'ssm'] as const).map((service) => ({
  service,
  scope: 'shared',
  capacity: 1,
  refillPerSecond: 0.001,
  source: 'test',
}));

let estate: Estate;

beforeAll(() => {
  useFakeCredentials();
  estate = buildEstate('small');
});

describe('Benchmark: the fake AWS behind the real SDK clients', () => {
  it('serves a whole scan of the small estate: every cluster and node source, every call counted', async () => {
    // Prepare: count each command as the SDK sends it, independently of the transport.
    const fake = new FakeAws(estate, { latencyMs: 0 });
    const sent = new Map<string, number>();
    const clientsFor = (region: string): AwsClients => {
      const clients = fake.clientsFor(region);
      const count: InitializeMiddleware<object, MetadataBearer> = (next, context) => (args) => {
        const operation = String(context.commandName).replace(/Command$/, '');
        sent.set(operation, (sent.get(operation) ?? 0) + 1);
        return next(args);
      };
      for (const client of Object.values(clients) as AwsClients[keyof AwsClients][]) {
        (client.middlewareStack as MiddlewareStack<object, MetadataBearer>).add(count, {
          step: 'initialize',
        });
      }
      return clients;
    };

    // Act
    const report = await runScan({ regions: [...REGIONS], clientsFor });

    // Assess
    const expected = estate.regions.map(expectedCounts);
    expect(report.complete).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.summary.clusters).toBe(
      expected.reduce((sum, counts) => sum + counts.clusters, 0),
    );
    expect(report.summary.nodeSources).toBe(
      expected.reduce((sum, counts) => sum + counts.nodeSources, 0),
    );
    expect(report.summary.windowsNodeSources).toBeGreaterThan(0);
    const counted = Object.fromEntries(
      [...fake.counters].map(([operation, counter]) => [operation, counter.calls]),
    );
    expect(counted).toEqual(Object.fromEntries(sent));
    // No operation can take fewer calls than the minimum says the APIs allow.
    const minimum = minimumOf(estate);
    for (const [operation, calls] of Object.entries(minimum.calls)) {
      expect({ operation, calls: counted[operation] ?? 0 }).toEqual({
        operation,
        calls: expect.toSatisfy((n: number) => n >= calls),
      });
    }
  });

  it('pages as AWS does: NextToken until the last page, at most the page size each', async () => {
    // Prepare
    const fake = new FakeAws(estate, { latencyMs: 0 });
    const eks = new EKSClient({
      region: REGION,
      credentials,
      requestHandler: fake.requestHandler('eks', REGION),
    });
    const ec2 = new EC2Client({
      region: REGION,
      credentials,
      requestHandler: fake.requestHandler('ec2', REGION),
    });
    const region = estate.regions[0];

    // Act
    const clusterPages: string[][] = [];
    for await (const page of paginateListClusters({ client: eks, pageSize: 1 }, {})) {
      clusterPages.push(page.clusters ?? []);
    }
    let instances = 0;
    let instancePages = 0;
    for await (const page of paginateDescribeInstances(
      { client: ec2, pageSize: 50 },
      { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] },
    )) {
      instancePages += 1;
      instances += (page.Reservations ?? []).flatMap(
        (reservation) => reservation.Instances ?? [],
      ).length;
    }

    // Assess
    expect(clusterPages).toEqual(region?.clusters.map((cluster) => [cluster.name]));
    const running =
      region?.instances.filter((instance) => instance.state === 'running').length ?? 0;
    expect(instances).toBe(running);
    expect(instancePages).toBe(Math.ceil(running / 50));
  });

  it("answers past the bucket with each service's own throttling error and status", async () => {
    // Prepare: clients that do not retry, so the throttling error comes back as sent.
    const fake = new FakeAws(estate, { latencyMs: 0, rateLimits: ONE_CALL });
    const config = { region: REGION, credentials, maxAttempts: 1 };
    const calls = [
      () =>
        new EKSClient({ ...config, requestHandler: fake.requestHandler('eks', REGION) }).send(
          new DescribeClusterCommand({ name: estate.regions[0]?.clusters[0]?.name ?? '' }),
        ),
      () =>
        new EC2Client({ ...config, requestHandler: fake.requestHandler('ec2', REGION) }).send(
          new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }),
        ),
      () =>
        new AutoScalingClient({
          ...config,
          requestHandler: fake.requestHandler('autoScaling', REGION),
        }).send(new DescribeAutoScalingGroupsCommand({})),
      () =>
        new SSMClient({ ...config, requestHandler: fake.requestHandler('ssm', REGION) }).send(
          new DescribeInstanceInformationCommand({}),
        ),
    ];

    // Act
    const outcomes: unknown[] = [];
    for (const call of calls) {
      await call();
      outcomes.push(
        await call().then(
          () => 'answered',
          (error: Error & { $metadata?: { httpStatusCode?: number } }) => [
            error.name,
            error.$metadata?.httpStatusCode,
          ],
        ),
      );
    }

    // Assess
    expect(outcomes).toEqual([
      ['ThrottlingException', 429],
      ['RequestLimitExceeded', 503],
      ['Throttling', 400],
      ['ThrottlingException', 400],
    ]);
    expect(fake.totals()).toMatchObject({ calls: 8, throttled: 4 });
  });

  it('never answers a hanging operation, until the caller aborts or the client times out', async () => {
    // Prepare
    const fake = new FakeAws(estate, {
      latencyMs: 0,
      hang: new Set(['DescribeImages']),
      requestTimeoutMs: 100,
    });
    const ec2 = new EC2Client({
      region: REGION,
      credentials,
      requestHandler: fake.requestHandler('ec2', REGION),
    });
    const production = fake.clientsFor(REGION).ec2;

    // Act
    const aborted = ec2
      .send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }), {
        abortSignal: AbortSignal.timeout(50),
      })
      .catch((error: Error) => error.name);
    const timedOut = production
      .send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }))
      .catch((error: Error) => error.name);

    // Assess
    expect(await aborted).toBe('AbortError');
    expect(await timedOut).toBe('TimeoutError');
    expect(fake.counters.get('DescribeImages')).toMatchObject({
      calls: 2,
      hung: 2,
      aborted: 1,
      timedOut: 1,
    });
  });
});
