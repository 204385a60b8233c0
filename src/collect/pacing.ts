/**
 * Paces one account and region's calls at AWS's request rate limits, so that a scan runs as
 * fast as the API allows without being throttled, and no faster than it allows once AWS says
 * so. AWS throttles with token buckets per account and region: a burst, then a refill rate.
 *
 * Each bucket is mirrored here. Within its burst, calls go out at once. Past it, one call
 * probes AWS: answered, AWS evidently has tokens to spare (a larger bucket, or no such limit)
 * and calls go out freely until AWS throttles one; throttled, calls wait for the mirror's
 * tokens from then on. A throttled call empties the mirror, as it did AWS's bucket. The SDK's
 * retries pass through here too, so they are paced like first attempts.
 */
import { isThrottlingError } from '@smithy/core/retry';
import type { AwsClients } from './clients.ts';

/** A token bucket: `capacity` calls at once, then `refillPerSecond`. */
export interface BucketLimit {
  capacity: number;
  refillPerSecond: number;
}

/**
 * AWS's limits, per account and region:
 * - EC2: every non-mutating action (each Describe* the scanner sends) has its own bucket of
 *   100 tokens refilled at 20 a second (Amazon EC2 Developer Guide, "Request throttling for
 *   the Amazon EC2 API").
 * - Parameter Store: GetParameters shares the default throughput of 40 transactions a second
 *   (AWS General Reference, "AWS Systems Manager endpoints and quotas").
 * - EKS, Auto Scaling, and Systems Manager's other calls: AWS publishes no figures (Auto
 *   Scaling only that its calls share one bucket). Assumed: 10 a second (issue 7's model)
 *   after a burst of 20. A larger bucket only costs a probe; a smaller one, throttled calls
 *   that the SDK retries and that set the mirror back to empty.
 */
export const AWS_LIMITS = {
  ec2Action: { capacity: 100, refillPerSecond: 20 },
  parameterStore: { capacity: 40, refillPerSecond: 40 },
  eks: { capacity: 20, refillPerSecond: 10 },
  autoScaling: { capacity: 20, refillPerSecond: 10 },
  systemsManager: { capacity: 20, refillPerSecond: 10 },
} as const satisfies Record<string, BucketLimit>;

/** How a call went out, for `Pacer.answered`. */
interface Ticket {
  probe: boolean;
}

export class Pacer {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;
  /** `burst` until the mirror's tokens run out, then `free` or `paced` as the probe says. */
  #state: 'burst' | 'free' | 'paced' = 'burst';
  #probe: Promise<void> | undefined;
  #endProbe: () => void = () => {};

  constructor(limit: BucketLimit, now: () => number = () => performance.now()) {
    this.#capacity = limit.capacity;
    this.#refillPerMs = limit.refillPerSecond / 1000;
    this.#now = now;
    this.#tokens = limit.capacity;
    this.#last = now();
  }

  /** Whether calls wait for tokens (AWS throttled one). */
  get paced(): boolean {
    return this.#state === 'paced';
  }

  /** Waits until a call may go out. */
  async acquire(): Promise<Ticket> {
    for (;;) {
      this.#refill();
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return { probe: false };
      }
      if (this.#state === 'free') return { probe: false };
      if (this.#state === 'burst' && this.#probe === undefined) {
        this.#probe = new Promise((resolve) => {
          this.#endProbe = resolve;
        });
        return { probe: true };
      }
      const nextToken = sleep((1 - this.#tokens) / this.#refillPerMs);
      await (this.#probe === undefined ? nextToken : Promise.race([nextToken, this.#probe]));
    }
  }

  /** What AWS answered a call: a throttled one means its bucket is empty. */
  answered(ticket: Ticket, throttled: boolean): void {
    if (throttled) {
      this.#refill();
      this.#tokens = 0;
      this.#state = 'paced';
    } else if (ticket.probe && this.#state === 'burst') {
      this.#state = 'free';
    }
    if (ticket.probe) {
      this.#probe = undefined;
      this.#endProbe();
    }
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#refillPerMs);
    this.#last = now;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms))));
}

/** The pacers of one client's buckets, by operation ("DescribeImages"). */
type PacerOf = (operation: string) => Pacer;

/** The part of a client's middleware stack pacing uses. */
interface MiddlewareStack {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'finalizeRequest'; priority: 'low'; name: string; override: boolean },
  ): void;
}

const PACERS = new WeakMap<object, PacerOf>();

/**
 * Paces every call of these clients (one account and region). A client is paced once, however
 * often it is passed: its buckets are AWS's, which last as long as the account and region.
 */
export function paceCalls(
  clients: Omit<AwsClients, 'sts'>,
  limits: Record<keyof typeof AWS_LIMITS, BucketLimit> = AWS_LIMITS,
): void {
  pace(clients.eks, sharedBucket(limits.eks));
  pace(clients.autoScaling, sharedBucket(limits.autoScaling));
  pace(clients.ec2, bucketPerOperation(limits.ec2Action));
  const parameterStore = new Pacer(limits.parameterStore);
  const systemsManager = new Pacer(limits.systemsManager);
  pace(clients.ssm, (operation) =>
    operation === 'GetParameters' ? parameterStore : systemsManager,
  );
}

function sharedBucket(limit: BucketLimit): PacerOf {
  const pacer = new Pacer(limit);
  return () => pacer;
}

function bucketPerOperation(limit: BucketLimit): PacerOf {
  const pacers = new Map<string, Pacer>();
  return (operation) => {
    let pacer = pacers.get(operation);
    if (pacer === undefined) {
      pacer = new Pacer(limit);
      pacers.set(operation, pacer);
    }
    return pacer;
  };
}

function pace(client: { middlewareStack: object }, pacerOf: PacerOf): void {
  if (PACERS.has(client)) return;
  PACERS.set(client, pacerOf);
  // Inside the retry loop (finalizeRequest, after the retry middleware): every attempt waits.
  (client.middlewareStack as MiddlewareStack).add(
    (next, context) => async (args) => {
      const pacer = pacerOf(context.commandName?.replace(/Command$/, '') ?? '');
      const ticket = await pacer.acquire();
      try {
        const output = await next(args);
        pacer.answered(ticket, false);
        return output;
      } catch (error) {
        pacer.answered(ticket, isThrottlingError(error as Parameters<typeof isThrottlingError>[0]));
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'paceAtAwsRateLimits', override: true },
  );
}
