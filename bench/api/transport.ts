/**
 * A fake AWS behind the real SDK v3 clients: each client's `requestHandler` is replaced by
 * one that decodes the signed HTTP request as the service would (EKS: REST-JSON method and
 * path; EC2: EC2 query form with `Action=`; Auto Scaling and STS: AWS query form; SSM: JSON
 * 1.1 with `X-Amz-Target`), answers from the in-memory estate in that service's wire format,
 * after a latency, within token buckets, or never (for operations chosen to hang). Like the
 * real handler, each client keeps at most 50 requests in flight and queues the others.
 *
 * Everything else is the production client: `createAwsClients` builds the clients, so their
 * retry strategy, attempts and timeouts are the scanner's own. A request that hangs is ended
 * only the way the real `NodeHttpHandler` would end it: the caller's `abortSignal`, or the
 * handler's own request or socket timeout read from the configuration it was built with.
 */
import { type AwsClients, createAwsClients } from '../../src/collect/clients.ts';
import type { Estate, RegionEstate } from './estate.ts';
import {
  type BucketRule,
  bucketOf,
  type Service,
  SOCKETS_PER_CLIENT,
  THROTTLING_ERRORS,
  TokenBucket,
} from './limits.ts';
import { AUTO_SCALING_NAMESPACE, autoScaling } from './services/auto-scaling.ts';
import { ec2 } from './services/ec2.ts';
import { eks, eksOperation } from './services/eks.ts';
import { ssm } from './services/ssm.ts';
import { STS_NAMESPACE, sts } from './services/sts.ts';
import {
  ec2Error,
  jsonError,
  parseForm,
  queryError,
  ServiceError,
  type WireResponse,
} from './wire.ts';

type SdkRequestHandler = AwsClients['ec2']['config']['requestHandler'];

/** The parts of the SDK's HttpRequest the fake reads. */
interface WireRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

interface HandlerOptions {
  abortSignal?: {
    aborted: boolean;
    reason?: unknown;
    addEventListener?: (type: 'abort', listener: () => void, options?: { once?: boolean }) => void;
    removeEventListener?: (type: 'abort', listener: () => void) => void;
  };
  requestTimeout?: number;
}

/** The timeouts of the `NodeHttpHandler` the client was built with. */
interface HandlerTimeouts {
  requestTimeout?: number;
  throwOnRequestTimeout?: boolean;
  socketTimeout?: number;
  defaultSocketTimeout?: number;
}

/** What the fake reads of the SDK's own NodeHttpHandler (`configProvider` is its resolved configuration). */
interface NodeHandlerLike {
  configProvider?: Promise<HandlerTimeouts>;
  httpHandlerConfigs?: () => HandlerTimeouts;
  updateHttpClientConfig?: (key: never, value: never) => void;
}

export interface OperationCounters {
  service: Service;
  operation: string;
  /** Every request, retries included. */
  requests: number;
  /** First attempts: the calls the scanner made. */
  calls: number;
  /** Requests the SDK sent again (attempt 2 and later). */
  retries: number;
  /** Requests answered with the throttling error. */
  throttled: number;
  /** Other error answers, by code. */
  errors: Record<string, number>;
  /** Requests that never answered, and how they ended. */
  hung: number;
  aborted: number;
  timedOut: number;
}

export interface FakeAwsOptions {
  /** Added to every answer, errors included. */
  latencyMs: number;
  /** Token buckets; none: latency only. */
  rateLimits?: readonly BucketRule[];
  /** Operations that never answer. */
  hang?: ReadonlySet<string>;
  /** `requestTimeoutMs` for `createAwsClients`, when given. */
  requestTimeoutMs?: number;
  /** Keep every command the clients send (for a replay: see bench/api/cpu-floor.ts). */
  record?: boolean;
}

/** One command as a client sent it: enough to send it again. */
export interface SentCommand {
  client: keyof AwsClients;
  region: string;
  /** The command's class name, e.g. `DescribeInstancesCommand`. */
  commandName: string;
  input: unknown;
}

const CLIENT_SERVICES: readonly (readonly [keyof AwsClients, Service])[] = [
  ['eks', 'eks'],
  ['ec2', 'ec2'],
  ['autoScaling', 'autoScaling'],
  ['ssm', 'ssm'],
  ['sts', 'sts'],
];

const SSM_JSON = 'application/x-amz-json-1.1';
const EKS_JSON = 'application/json';

function abortError(signal: HandlerOptions['abortSignal']): Error {
  const reason = signal?.reason;
  const error = new Error(
    reason instanceof Error ? 'Request aborted' : String(reason ?? 'Request aborted'),
  );
  error.name = 'AbortError';
  if (reason instanceof Error) error.cause = reason;
  return error;
}

export class FakeAws {
  readonly estate: Estate;
  readonly options: FakeAwsOptions;
  readonly counters = new Map<string, OperationCounters>();
  /** The commands sent, in order, when `record` is set. */
  readonly sent: SentCommand[] = [];
  readonly #buckets = new Map<string, TokenBucket>();
  #servingMs = 0;
  readonly #regions: Map<string, RegionEstate>;

  constructor(estate: Estate, options: FakeAwsOptions) {
    this.estate = estate;
    this.options = options;
    this.#regions = new Map(estate.regions.map((region) => [region.region, region]));
  }

  /** `runScan`'s `clientsFor`: the production clients of a region, over this fake. */
  readonly clientsFor = (region: string): AwsClients => {
    const clients =
      this.options.requestTimeoutMs === undefined
        ? createAwsClients(region)
        : createAwsClients(region, { requestTimeoutMs: this.options.requestTimeoutMs });
    for (const [key, service] of CLIENT_SERVICES) {
      const client = clients[key];
      const original = client.config.requestHandler;
      client.config.requestHandler = this.requestHandler(
        service,
        region,
        original,
      ) as SdkRequestHandler;
      if (this.options.record) this.#recordCommands(key, region, client);
    }
    return clients;
  };

  // At the initialize step: once per call, before retries.
  #recordCommands(key: keyof AwsClients, region: string, client: AwsClients[keyof AwsClients]) {
    const stack = client.middlewareStack as unknown as {
      add(
        middleware: (
          next: (args: { input: unknown }) => Promise<unknown>,
          context: { commandName?: string },
        ) => (args: { input: unknown }) => Promise<unknown>,
        options: { step: 'initialize'; name: string },
      ): void;
    };
    stack.add(
      (next, context) => (args) => {
        this.sent.push({
          client: key,
          region,
          commandName: context.commandName ?? '',
          // A copy: the SDK's paginators reuse one input object and set each page's token on
          // it. Only its own fields change, so a shallow one does (a deep copy of every call
          // cost the scan tens of milliseconds that are not the scanner's).
          input: { ...(args.input as object) },
        });
        return next(args);
      },
      { step: 'initialize', name: 'benchCommandRecorder' },
    );
  }

  /**
   * Time the fake spent building answers (decoding requests, filtering the estate, writing
   * XML or JSON, user data): CPU on this process that real AWS would spend on its side.
   */
  get servingMs(): number {
    return this.#servingMs;
  }

  /** Counters summed over operations. */
  totals(): Omit<OperationCounters, 'service' | 'operation' | 'errors'> & { errors: number } {
    const totals = {
      requests: 0,
      calls: 0,
      retries: 0,
      throttled: 0,
      errors: 0,
      hung: 0,
      aborted: 0,
      timedOut: 0,
    };
    for (const counter of this.counters.values()) {
      totals.requests += counter.requests;
      totals.calls += counter.calls;
      totals.retries += counter.retries;
      totals.throttled += counter.throttled;
      totals.errors += Object.values(counter.errors).reduce((a, b) => a + b, 0);
      totals.hung += counter.hung;
      totals.aborted += counter.aborted;
      totals.timedOut += counter.timedOut;
    }
    return totals;
  }

  #counter(service: Service, operation: string): OperationCounters {
    let counter = this.counters.get(operation);
    if (counter === undefined) {
      counter = {
        service,
        operation,
        requests: 0,
        calls: 0,
        retries: 0,
        throttled: 0,
        errors: {},
        hung: 0,
        aborted: 0,
        timedOut: 0,
      };
      this.counters.set(operation, counter);
    }
    return counter;
  }

  /**
   * A request handler answering as `service` in `regionName`, for a client of any
   * configuration; `original`, the handler the SDK built, lends its timeouts.
   */
  requestHandler(service: Service, regionName: string, original?: SdkRequestHandler) {
    const region = this.#regions.get(regionName);
    if (region === undefined) throw new Error(`The estate has no region ${regionName}`);
    // The resolved configuration of the NodeHttpHandler the SDK built (its timeouts).
    const node = (original ?? {}) as unknown as NodeHandlerLike;
    const timeouts: Promise<HandlerTimeouts> = Promise.resolve(
      node.configProvider ?? node.httpHandlerConfigs?.() ?? {},
    );
    const sockets = new Sockets(SOCKETS_PER_CLIENT);
    const handle = async (request: WireRequest, options: HandlerOptions = {}) => {
      await sockets.acquire(options.abortSignal);
      try {
        return await exchange(request, options);
      } finally {
        sockets.release();
      }
    };
    const exchange = async (request: WireRequest, options: HandlerOptions) => {
      const serving = performance.now();
      const { operation, respond } = this.#decode(service, request, region);
      const counter = this.#counter(service, operation);
      const attempt = Number(
        /attempt=(\d+)/.exec(request.headers['amz-sdk-request'] ?? '')?.[1] ?? 1,
      );
      counter.requests += 1;
      if (attempt > 1) counter.retries += 1;
      else counter.calls += 1;

      let response: WireResponse | undefined;
      if (this.options.hang?.has(operation)) {
        counter.hung += 1;
      } else {
        const bucket =
          this.options.rateLimits === undefined
            ? undefined
            : bucketOf(this.options.rateLimits, service, operation);
        if (bucket !== undefined && !this.#take(regionName, bucket)) {
          counter.throttled += 1;
          const throttling = THROTTLING_ERRORS[service];
          response = this.#error(
            service,
            new ServiceError(throttling.code, throttling.message, throttling.status),
          );
        } else {
          try {
            response = respond();
          } catch (error) {
            if (!(error instanceof ServiceError)) throw error;
            counter.errors[error.code] = (counter.errors[error.code] ?? 0) + 1;
            response = this.#error(service, error);
          }
        }
      }
      const body = response === undefined ? undefined : new TextEncoder().encode(response.body);
      this.#servingMs += performance.now() - serving;
      const configured = await timeouts;
      try {
        await this.#wait(
          response === undefined ? undefined : this.options.latencyMs,
          options,
          configured,
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'AbortError') counter.aborted += 1;
        if (error instanceof Error && error.name === 'TimeoutError') counter.timedOut += 1;
        throw error;
      }
      const answer = response as WireResponse;
      return { response: { statusCode: answer.statusCode, headers: answer.headers, body } };
    };
    return {
      metadata: { handlerProtocol: 'http/1.1' },
      handle,
      updateHttpClientConfig: (key: never, value: never) =>
        node.updateHttpClientConfig?.(key, value),
      httpHandlerConfigs: () => node.httpHandlerConfigs?.() ?? {},
      destroy: () => original?.destroy?.(),
    };
  }

  #take(
    region: string,
    bucket: { key: string; capacity: number; refillPerSecond: number },
  ): boolean {
    const key = `${region}/${bucket.key}`;
    const now = performance.now();
    let tokens = this.#buckets.get(key);
    if (tokens === undefined) {
      tokens = new TokenBucket(bucket.capacity, bucket.refillPerSecond, now);
      this.#buckets.set(key, tokens);
    }
    return tokens.take(now);
  }

  /**
   * Waits `latencyMs` (undefined: for ever), unless the caller aborts first (AbortError) or
   * the handler's timeouts run out first (TimeoutError), as NodeHttpHandler would: the
   * request timeout when it is set to throw, else the socket inactivity timeout.
   */
  #wait(
    latencyMs: number | undefined,
    options: HandlerOptions,
    timeouts: HandlerTimeouts,
  ): Promise<void> {
    const signal = options.abortSignal;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const requestTimeout = options.requestTimeout ?? timeouts.requestTimeout;
    const limits: { ms: number; message: string }[] = [];
    if (requestTimeout !== undefined && requestTimeout > 0 && timeouts.throwOnRequestTimeout) {
      limits.push({
        ms: requestTimeout,
        message: `@smithy/node-http-handler - [ERROR] a request has exceeded the configured ${requestTimeout} ms requestTimeout.`,
      });
    }
    const socketTimeout = timeouts.socketTimeout ?? timeouts.defaultSocketTimeout;
    if (socketTimeout !== undefined && socketTimeout > 0) {
      limits.push({
        ms: socketTimeout,
        message: `@smithy/node-http-handler - the request socket timed out after ${socketTimeout} ms of inactivity.`,
      });
    }
    const timeout = limits.sort((a, b) => a.ms - b.ms)[0];
    if (latencyMs === 0 && (timeout === undefined || timeout.ms > 0)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timers: ReturnType<typeof setTimeout>[] = [];
      const onAbort = () => finish(() => reject(abortError(signal)));
      const finish = (settle: () => void) => {
        for (const timer of timers) clearTimeout(timer);
        signal?.removeEventListener?.('abort', onAbort);
        settle();
      };
      if (latencyMs !== undefined && (timeout === undefined || latencyMs < timeout.ms)) {
        timers.push(setTimeout(() => finish(resolve), latencyMs));
      } else if (timeout !== undefined) {
        timers.push(
          setTimeout(
            () =>
              finish(() =>
                reject(
                  Object.assign(new Error(timeout.message), {
                    name: 'TimeoutError',
                    code: 'ETIMEDOUT',
                  }),
                ),
              ),
            timeout.ms,
          ),
        );
      }
      signal?.addEventListener?.('abort', onAbort, { once: true });
    });
  }

  /** The operation a request names, and how to answer it. */
  #decode(
    service: Service,
    request: WireRequest,
    region: RegionEstate,
  ): { operation: string; respond: () => WireResponse } {
    const body = bodyText(request.body);
    switch (service) {
      case 'eks': {
        const operation = eksOperation(request.method, request.path);
        return {
          operation,
          respond: () => eks(operation, request.path, request.query ?? {}, region),
        };
      }
      case 'ssm': {
        const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
        const operation = target.replace(/^AmazonSSM\./, '');
        return {
          operation,
          respond: () =>
            ssm(
              operation,
              body === '' ? {} : (JSON.parse(body) as Record<string, unknown>),
              region,
            ),
        };
      }
      default: {
        const form = parseForm(body);
        const operation = form.get('Action') ?? 'Unknown';
        if (service === 'ec2') return { operation, respond: () => ec2(operation, form, region) };
        if (service === 'autoScaling')
          return { operation, respond: () => autoScaling(operation, form, region) };
        return { operation, respond: () => sts(operation) };
      }
    }
  }

  #error(service: Service, error: ServiceError): WireResponse {
    switch (service) {
      case 'ec2':
        return ec2Error(error);
      case 'autoScaling':
        return queryError(AUTO_SCALING_NAMESPACE, error);
      case 'sts':
        return queryError(STS_NAMESPACE, error);
      case 'ssm':
        return jsonError(error, SSM_JSON);
      case 'eks':
        return jsonError(error, EKS_JSON);
    }
  }
}

/**
 * The sockets of one client: NodeHttpHandler's keep-alive agent opens at most `maxSockets`
 * (50 by default) and queues the requests beyond them.
 */
class Sockets {
  readonly #max: number;
  #inUse = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number) {
    this.#max = max;
  }

  acquire(signal: HandlerOptions['abortSignal']): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.#inUse < this.#max) {
      this.#inUse += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.#waiting.indexOf(grant);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(abortError(signal));
      };
      const grant = () => {
        signal?.removeEventListener?.('abort', onAbort);
        this.#inUse += 1;
        resolve();
      };
      this.#waiting.push(grant);
      signal?.addEventListener?.('abort', onAbort, { once: true });
    });
  }

  release(): void {
    this.#inUse -= 1;
    this.#waiting.shift()?.();
  }
}

/** Query and REST bodies arrive as strings, JSON 1.1 bodies as bytes. */
function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return String(body);
}
