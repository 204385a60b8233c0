import pLimit, { type LimitFunction } from 'p-limit';
import type { ScanProgress } from '../scan.ts';
import type { AwsClients } from './clients.ts';
import type { ErrorLog } from './errors.ts';

/**
 * Calls in flight, per bucket AWS throttles on its own (EC2: each action). How fast calls go
 * out is pacing.ts's business; these only bound what waits: each client keeps at most 50
 * connections (the SDK's NodeHttpHandler default, maxSockets 50), and calls beyond them would
 * only queue there, their request timeout running.
 */
export interface ServiceLimits {
  eks: LimitFunction;
  ec2: Record<Ec2Action, LimitFunction>;
  autoScaling: LimitFunction;
  ssm: LimitFunction;
}

export type Ec2Action =
  | 'DescribeImages'
  | 'DescribeInstanceAttribute'
  | 'DescribeInstances'
  | 'DescribeLaunchTemplates'
  | 'DescribeLaunchTemplateVersions'
  | 'DescribeVpcs';

const CALLS_IN_FLIGHT = 50;

export function createServiceLimits(): ServiceLimits {
  const limit = () => pLimit(CALLS_IN_FLIGHT);
  return {
    eks: limit(),
    ec2: {
      DescribeImages: limit(),
      DescribeInstanceAttribute: limit(),
      DescribeInstances: limit(),
      DescribeLaunchTemplates: limit(),
      DescribeLaunchTemplateVersions: limit(),
      DescribeVpcs: limit(),
    },
    autoScaling: limit(),
    ssm: limit(),
  };
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
