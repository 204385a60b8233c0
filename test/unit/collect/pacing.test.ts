import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BucketLimit, Pacer, paceCalls } from '../../../src/collect/pacing.ts';

/** Resolves each acquire() into `order` as it is granted. */
function acquireAll(pacer: Pacer, count: number, order: number[]) {
  return Array.from({ length: count }, (_, index) =>
    pacer.acquire().then((ticket) => {
      order.push(index);
      return ticket;
    }),
  );
}

describe('Class: Pacer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets the burst go at once, then one probe; answered, everything after goes at once', async () => {
    // Prepare
    vi.useFakeTimers();
    const pacer = new Pacer({ capacity: 3, refillPerSecond: 1 }, () => Date.now());
    const order: number[] = [];

    // Act
    const tickets = acquireAll(pacer, 6, order);
    await vi.advanceTimersByTimeAsync(0);
    const beforeProbeAnswered = [...order];
    pacer.answered(await (tickets[3] as Promise<{ probe: boolean }>), false);
    await vi.advanceTimersByTimeAsync(0);

    // Assess
    expect(beforeProbeAnswered).toEqual([0, 1, 2, 3]);
    expect((await Promise.all(tickets)).map((ticket) => ticket.probe)).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(order).toHaveLength(6);
    expect(pacer.paced).toBe(false);
  });

  it('waits for its tokens, one per 1/refill, once AWS throttled the probe', async () => {
    // Prepare
    vi.useFakeTimers();
    const pacer = new Pacer({ capacity: 2, refillPerSecond: 10 }, () => Date.now());
    const order: number[] = [];
    const tickets = acquireAll(pacer, 6, order);
    await vi.advanceTimersByTimeAsync(0);

    // Act
    pacer.answered(await (tickets[2] as Promise<{ probe: boolean }>), true);
    const granted: number[] = [];
    for (const _ of [1, 2, 3, 4]) {
      await vi.advanceTimersByTimeAsync(100);
      granted.push(order.length);
    }

    // Assess
    expect(pacer.paced).toBe(true);
    expect(granted).toEqual([4, 5, 6, 6]);
  });

  it('goes back to waiting for tokens when AWS throttles a call after all', async () => {
    // Prepare
    vi.useFakeTimers();
    const pacer = new Pacer({ capacity: 1, refillPerSecond: 10 }, () => Date.now());
    await pacer.acquire();
    const probe = await pacer.acquire();
    pacer.answered(probe, false);
    const free = await pacer.acquire();

    // Act
    pacer.answered(free, true);
    const order: number[] = [];
    acquireAll(pacer, 2, order);
    await vi.advanceTimersByTimeAsync(50);
    const early = order.length;
    await vi.advanceTimersByTimeAsync(60);

    // Assess
    expect(early).toBe(0);
    expect(order).toEqual([0]);
  });
});

/** A fake EKS endpoint with AWS's kind of token bucket: past it, ThrottlingException (429). */
function eksEndpoint(limit: BucketLimit | undefined) {
  const answered = { ok: 0, throttled: 0 };
  let tokens = limit?.capacity ?? 0;
  let last = performance.now();
  const handler = {
    metadata: { handlerProtocol: 'http/1.1' },
    handle: async () => {
      const now = performance.now();
      if (limit !== undefined) {
        tokens = Math.min(limit.capacity, tokens + ((now - last) / 1000) * limit.refillPerSecond);
        last = now;
      }
      const throttled = limit !== undefined && tokens < 1;
      if (!throttled) tokens -= 1;
      if (throttled) answered.throttled += 1;
      else answered.ok += 1;
      const body = throttled ? { message: 'Rate exceeded' } : { cluster: { name: 'prod' } };
      return {
        response: {
          statusCode: throttled ? 429 : 200,
          headers: {
            'content-type': 'application/json',
            ...(throttled ? { 'x-amzn-errortype': 'ThrottlingException' } : {}),
          },
          body: new TextEncoder().encode(JSON.stringify(body)),
        },
      };
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  };
  return { handler, answered };
}

function pacedEks(limit: BucketLimit, endpoint: ReturnType<typeof eksEndpoint>): EKSClient {
  const config = {
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 5,
  };
  const eks = new EKSClient({ ...config, requestHandler: endpoint.handler });
  paceCalls(
    {
      eks,
      ec2: new EC2Client(config),
      autoScaling: new AutoScalingClient(config),
      ssm: new SSMClient(config),
    },
    {
      eks: limit,
      ec2Action: limit,
      autoScaling: limit,
      parameterStore: limit,
      systemsManager: limit,
    },
  );
  return eks;
}

describe('Function: paceCalls', () => {
  it('keeps a client at the rate limit: one throttled probe past the burst, then none', async () => {
    // Prepare
    const limit = { capacity: 5, refillPerSecond: 20 };
    const endpoint = eksEndpoint(limit);
    const eks = pacedEks(limit, endpoint);

    // Act
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 20 }, () => eks.send(new DescribeClusterCommand({ name: 'prod' }))),
    );
    const elapsed = performance.now() - started;

    // Assess
    expect(endpoint.answered).toEqual({ ok: 20, throttled: 1 });
    // 15 calls past the burst at 20 a second.
    expect(elapsed).toBeGreaterThanOrEqual(700);
  });

  it('goes at full speed where AWS does not throttle past the documented burst', async () => {
    // Prepare
    const endpoint = eksEndpoint(undefined);
    const eks = pacedEks({ capacity: 5, refillPerSecond: 1 }, endpoint);

    // Act
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 20 }, () => eks.send(new DescribeClusterCommand({ name: 'prod' }))),
    );
    const elapsed = performance.now() - started;

    // Assess
    expect(endpoint.answered).toEqual({ ok: 20, throttled: 0 });
    expect(elapsed).toBeLessThan(500);
  });
});
