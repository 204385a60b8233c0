/**
 * A token bucket: `burst` calls at once, then `ratePerSecond`. Security Hub allows
 * BatchImportFindings and BatchUpdateFindings 10 requests a second with bursts of 30 per
 * account and region; staying under that keeps adaptive retries for the rare throttle.
 */

/** Time as the limiter sees it; tests pass a fake one so nothing really sleeps. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};

export interface RateLimiterOptions {
  ratePerSecond: number;
  burst: number;
  clock?: Clock;
  /** True once no request may start any more (the invocation's deadline): `acquire` refuses. */
  shouldStop?: () => boolean;
}

/** The code of a finding not written because the deadline came first. */
export const WRITE_DEADLINE_CODE = 'DeadlineReached';

/** A write not started because the deadline came first; the next run makes it. */
export class WriteDeadlineError extends Error {
  constructor() {
    super('Not sent: the invocation was about to reach its deadline; the next run sends it');
    this.name = WRITE_DEADLINE_CODE;
  }
}

const TOLERANCE = 1e-9;

export const SECURITY_HUB_WRITE_LIMIT = { ratePerSecond: 10, burst: 30 } as const;

export class RateLimiter {
  readonly #ratePerMillisecond: number;
  readonly #burst: number;
  readonly #clock: Clock;
  readonly #shouldStop: () => boolean;
  #tokens: number;
  #refilledAt: number;
  /** Callers are served one after another, in the order they asked. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) {
      throw new RangeError('A rate limiter needs a positive rate and a burst of at least 1');
    }
    this.#ratePerMillisecond = options.ratePerSecond / 1000;
    this.#burst = options.burst;
    this.#clock = options.clock ?? systemClock;
    this.#shouldStop = options.shouldStop ?? (() => false);
    this.#tokens = options.burst;
    this.#refilledAt = this.#clock.now();
  }

  /** Resolves when the caller may send one request; rejects (WriteDeadlineError) past the deadline. */
  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#take());
    // One failed wait (a rejected sleep) must not block the callers after it.
    this.#queue = turn.catch(() => {});
    return turn;
  }

  async #take(): Promise<void> {
    for (;;) {
      if (this.#shouldStop()) throw new WriteDeadlineError();
      this.#refill();
      // The tolerance absorbs floating-point dust: 100 ms at 10/s is exactly one token.
      if (this.#tokens >= 1 - TOLERANCE) {
        this.#tokens = Math.max(0, this.#tokens - 1);
        return;
      }
      await this.#clock.sleep(Math.ceil((1 - this.#tokens) / this.#ratePerMillisecond));
    }
  }

  #refill(): void {
    const now = this.#clock.now();
    const earned = (now - this.#refilledAt) * this.#ratePerMillisecond;
    this.#tokens = Math.min(this.#burst, this.#tokens + earned);
    this.#refilledAt = now;
  }
}
