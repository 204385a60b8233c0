import pLimit, { type LimitFunction } from 'p-limit';
import type { ScanProgress } from '../scan.ts';
import type { AwsClients } from './clients.ts';
import type { ErrorLog } from './errors.ts';

/**
 * Concurrent calls per service. Adaptive retries in the clients absorb throttling; these
 * limits keep one scan from producing it in the first place.
 */
export interface ServiceLimits {
  eks: LimitFunction;
  ec2: LimitFunction;
  autoScaling: LimitFunction;
  ssm: LimitFunction;
}

export function createServiceLimits(): ServiceLimits {
  return { eks: pLimit(4), ec2: pLimit(4), autoScaling: pLimit(2), ssm: pLimit(2) };
}

/** Latches the deadline: once `shouldStop()` said yes, collection stays stopped. */
export class StopSignal {
  readonly #shouldStop: () => boolean;
  #stopped = false;

  constructor(shouldStop: () => boolean) {
    this.#shouldStop = shouldStop;
  }

  /** Polls the deadline. */
  get requested(): boolean {
    if (!this.#stopped && this.#shouldStop()) this.#stopped = true;
    return this.#stopped;
  }

  /** Whether a poll ever saw the deadline, i.e. whether some work was actually skipped. */
  get observed(): boolean {
    return this.#stopped;
  }
}

/** Everything one region's collectors share. */
export interface CollectContext {
  clients: AwsClients;
  accountId: string;
  region: string;
  errors: ErrorLog;
  limits: ServiceLimits;
  stop: StopSignal;
  onProgress: (progress: ScanProgress) => void;
}
