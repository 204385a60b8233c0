/**
 * The rate-limit model of the fake transport: token buckets per account and region, with
 * the sizes AWS documents where it documents them, and stated choices where it does not.
 *
 * A bucket holds at most `capacity` tokens and gains `refillPerSecond` tokens a second
 * (continuously). Each request takes one token; a request that finds the bucket empty is
 * answered with the service's throttling error — which the SDK's retry strategy classifies
 * as throttling and backs off from.
 */

export type Service = 'eks' | 'ec2' | 'autoScaling' | 'ssm' | 'sts';

export interface BucketRule {
  service: Service;
  /** The operations the rule covers; all of the service's when absent. */
  operations?: readonly string[];
  /** One bucket per operation (EC2), or one for all the rule's operations. */
  scope: 'operation' | 'shared';
  capacity: number;
  refillPerSecond: number;
  /** Where the figures come from, or that they are our choice. */
  source: string;
}

/**
 * The defaults, first matching rule wins.
 *
 * - EC2: "each API is evaluated individually … the token bucket size for DescribeHosts, a
 *   non-mutating API action, is 100 tokens and the refill rate is 20 tokens per second"
 *   (Amazon EC2 Developer Guide, "Request throttling for the Amazon EC2 API",
 *   https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html). Every call the
 *   scanner makes is a non-mutating Describe*, so each gets its own 100 / 20 per second bucket.
 * - Auto Scaling: "Amazon EC2 Auto Scaling throttles API requests based on a shared API
 *   bucket" (Amazon EC2 Auto Scaling API Reference, "API request rate",
 *   https://docs.aws.amazon.com/autoscaling/ec2/APIReference/Welcome.html); its size is not
 *   published. Our choice: 20 tokens, 10 per second.
 * - EKS: no published rate (the API Reference only documents ThrottlingException, HTTP 429).
 *   Our choice: one bucket for the account's EKS calls, 20 tokens, 10 per second.
 * - SSM Parameter Store: "Max throughput (transactions per second): default throughput 40,
 *   shared by GetParameter, GetParameters, GetParametersByPath" (AWS General Reference,
 *   "AWS Systems Manager endpoints and quotas", https://docs.aws.amazon.com/general/latest/gr/ssm.html):
 *   40 tokens, 40 per second.
 * - Other SSM calls (DescribeInstanceInformation): not published. Our choice: 20 tokens,
 *   10 per second.
 * - STS: one call a scan; not limited.
 */
export const DEFAULT_RATE_LIMITS: readonly BucketRule[] = [
  {
    service: 'ec2',
    scope: 'operation',
    capacity: 100,
    refillPerSecond: 20,
    source: 'EC2 Developer Guide, request throttling: non-mutating actions, per API',
  },
  {
    service: 'autoScaling',
    scope: 'shared',
    capacity: 20,
    refillPerSecond: 10,
    source: 'our choice (Auto Scaling documents one shared bucket, not its size)',
  },
  {
    service: 'eks',
    scope: 'shared',
    capacity: 20,
    refillPerSecond: 10,
    source: 'our choice (EKS publishes no API rate)',
  },
  {
    service: 'ssm',
    operations: ['GetParameter', 'GetParameters', 'GetParametersByPath'],
    scope: 'shared',
    capacity: 40,
    refillPerSecond: 40,
    source: 'AWS General Reference, SSM quotas: Parameter Store default throughput 40 TPS',
  },
  {
    service: 'ssm',
    scope: 'shared',
    capacity: 20,
    refillPerSecond: 10,
    source: 'our choice (SSM publishes no rate for DescribeInstanceInformation)',
  },
];

/**
 * Requests one client keeps in flight at most: the SDK's NodeHttpHandler gives each client a
 * keep-alive agent with `maxSockets: 50` and queues the requests beyond them.
 */
export const SOCKETS_PER_CLIENT = 50;

/** The bucket an operation draws from: a key unique within a region, and its figures. */
export interface BucketOf {
  key: string;
  capacity: number;
  refillPerSecond: number;
}

export function bucketOf(
  rules: readonly BucketRule[],
  service: Service,
  operation: string,
): BucketOf | undefined {
  const index = rules.findIndex(
    (rule) =>
      rule.service === service &&
      (rule.operations === undefined || rule.operations.includes(operation)),
  );
  const rule = rules[index];
  if (rule === undefined) return undefined;
  return {
    key: rule.scope === 'operation' ? `${service}:${operation}` : `${service}:rule${index}`,
    capacity: rule.capacity,
    refillPerSecond: rule.refillPerSecond,
  };
}

/** The error each service answers past its bucket, as the real service sends it. */
export const THROTTLING_ERRORS: Record<Service, { code: string; status: number; message: string }> =
  {
    ec2: { code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' },
    autoScaling: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
    eks: { code: 'ThrottlingException', status: 429, message: 'Rate exceeded' },
    ssm: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
    sts: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  };

/** A token bucket with continuous refill, full at the start. */
export class TokenBucket {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  #tokens: number;
  #last: number;

  constructor(capacity: number, refillPerSecond: number, now: number) {
    this.#capacity = capacity;
    this.#refillPerMs = refillPerSecond / 1000;
    this.#tokens = capacity;
    this.#last = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#refillPerMs);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
