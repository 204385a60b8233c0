import {
  type DescribeInstanceInformationRequest,
  paginateDescribeInstanceInformation,
} from '@aws-sdk/client-ssm';
import type { InstanceOsInfo } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { describeFailure } from './errors.ts';
import { chunk } from './pagination.ts';
import { assignDefined } from './records.ts';

/** Instance ids per call (the filter's limit) and the largest page. */
const IDS_PER_CALL = 50;
const PAGE_SIZE = 50;

const OPERATION = 'DescribeInstanceInformation';

/**
 * Error codes that mean Systems Manager is not there to ask, so it knows nothing of the
 * instances and nothing was lost: the endpoint does not have the operation
 * (`UnknownOperationException` in SSM's JSON protocol, `InvalidAction` in the query
 * protocol's wording), or the account is not signed up for the service in this region or
 * partition (`SubscriptionRequiredException`, `OptInRequired`). "No managed instances" is
 * not an error at all: an empty list. Every other failure (throttled after the retries,
 * AccessDenied, expired credentials, 5xx, a lost connection, a timeout) hides what Systems
 * Manager knows, which can be the only source of a node's Windows build: it is an error of
 * the scan, never "not in use".
 */
export const SSM_NOT_IN_USE_CODES: ReadonlySet<string> = new Set([
  'UnknownOperationException',
  'InvalidAction',
  'SubscriptionRequiredException',
  'OptInRequired',
]);

/** Whether a failed DescribeInstanceInformation means "Systems Manager is not in use here". */
export function meansSsmNotInUse(error: unknown): boolean {
  return SSM_NOT_IN_USE_CODES.has(describeFailure(error).code);
}

/** What one round of DescribeInstanceInformation answered. */
export interface InstanceOsLookup {
  /** By instance id; every Windows instance of the region when it listed them all. */
  found: Record<string, InstanceOsInfo>;
  /** Whether the round answered for an instance: asked for it, or listed every Windows one. */
  covers: (instanceId: string) => boolean;
}

/**
 * What Systems Manager knows of the instances' operating system (Windows build numbers).
 * With Systems Manager not in use (no managed instances, or the service not there: see
 * SSM_NOT_IN_USE_CODES) the result is simply empty. Any other failure is recorded in the
 * context's errors, which makes the scan incomplete: a node whose build only Systems Manager
 * knows must not pass for one whose build nobody knows.
 */
export async function describeInstanceOs(
  context: CollectContext,
  instanceIds: readonly string[],
): Promise<Record<string, InstanceOsInfo>> {
  const wanted = new Set(instanceIds);
  const { found } = await lookupInstanceOs(context, wanted);
  return knownOf(wanted, found);
}

/**
 * What `rounds` know of these instances, a later round's answer over an earlier one's. Goes
 * by the instances wanted, not by what the rounds found: a region-wide listing can hold
 * thousands of Windows instances that are no node.
 */
export function knownOf(
  instanceIds: Iterable<string>,
  ...rounds: readonly (Record<string, InstanceOsInfo> | undefined)[]
): Record<string, InstanceOsInfo> {
  const known: Record<string, InstanceOsInfo> = {};
  for (const id of instanceIds) {
    for (let round = rounds.length - 1; round >= 0; round -= 1) {
      const info = rounds[round]?.[id];
      if (info !== undefined) {
        known[id] = info;
        break;
      }
    }
  }
  return known;
}

/**
 * One round of `describeInstanceOs`, unfiltered, so that several rounds can share a listing:
 * every Windows managed instance of the region when the one `started` is done, else what it
 * has found so far and the other instances by id.
 *
 * Asked by id, 50 instances a call, the calls go out side by side; the listing's pages can
 * only come one after the other (each needs the previous one's token), so a region with
 * thousands of Windows instances would wait on it for a hundred round trips. Asking by id
 * costs about as many calls where most Windows managed instances are nodes, and far fewer
 * where the region also runs other Windows servers.
 */
export async function lookupInstanceOs(
  context: CollectContext,
  instanceIds: Iterable<string>,
  started?: WindowsInstanceListing,
): Promise<InstanceOsLookup> {
  const wanted = new Set(instanceIds);
  if (started?.complete === true) return { found: started.found, covers: () => true };
  started?.abandon();
  // A copy: the abandoned listing may still add its page under way.
  const found = { ...started?.found };
  const asked = new Set([...wanted].filter((id) => found[id] === undefined));
  await describeByIds(context, [...asked], found);
  // What it found was listed or asked for.
  return { found, covers: (id) => found[id] !== undefined || asked.has(id) };
}

/** Adds what Systems Manager answers for these instances to `found`. */
async function describeByIds(
  context: CollectContext,
  instanceIds: readonly string[],
  found: Record<string, InstanceOsInfo>,
): Promise<void> {
  await Promise.all(
    chunk(instanceIds, IDS_PER_CALL).map((ids) =>
      context.limits.ssm(async () => {
        const outcome = await describePages(
          context,
          { Filters: [{ Key: 'InstanceIds', Values: ids }] },
          found,
        );
        if (outcome.failure !== undefined) context.errors.record(OPERATION, outcome.failure);
      }),
    ),
  );
}

/**
 * Every Windows managed instance of the region, page after page from the moment it is
 * created: a whole-region scan starts it before it knows its nodes, and a small region has it
 * done by then. `abandon()` stops it after the page under way. `done` never rejects: a listing
 * that fails is only incomplete, and the round that wanted it asks for its instances by id.
 */
export class WindowsInstanceListing {
  readonly found: Record<string, InstanceOsInfo> = {};
  readonly done: Promise<void>;
  #answered = false;
  #abandoned = false;

  constructor(context: CollectContext) {
    this.done = context.limits.ssm(async () => {
      const outcome = await describePages(
        context,
        { Filters: [{ Key: 'PlatformTypes', Values: ['Windows'] }] },
        this.found,
        () => this.#abandoned,
      );
      this.#answered = outcome.complete || outcome.notInUse === true;
    });
  }

  /**
   * Whether it has the whole answer: every page read, or Systems Manager not in use here
   * (nothing to know, see SSM_NOT_IN_USE_CODES).
   */
  get complete(): boolean {
    return this.#answered;
  }

  abandon(): void {
    this.#abandoned = true;
  }
}

interface PagesOutcome {
  /** Every page was read. */
  complete: boolean;
  /** Systems Manager said it is not in use here (see SSM_NOT_IN_USE_CODES). */
  notInUse?: boolean;
  /** The error that stopped it, unless it only said "Systems Manager is not in use". */
  failure?: unknown;
}

/** Adds what the pages of one request answer to `found`; says whether it read them all. */
async function describePages(
  context: CollectContext,
  request: DescribeInstanceInformationRequest,
  found: Record<string, InstanceOsInfo>,
  abandoned: () => boolean = () => false,
): Promise<PagesOutcome> {
  if (context.stop.requested) return { complete: false };
  try {
    for await (const page of paginateDescribeInstanceInformation(
      { client: context.clients.ssm, pageSize: PAGE_SIZE },
      request,
    )) {
      for (const info of page.InstanceInformationList ?? []) {
        if (info.InstanceId === undefined) continue;
        found[info.InstanceId] = assignDefined(
          { instanceId: info.InstanceId },
          { platformName: info.PlatformName, platformVersion: info.PlatformVersion },
        );
      }
      if (abandoned() || context.stop.requested) return { complete: false };
    }
    return { complete: true };
  } catch (error) {
    // Not in use: nothing to know, the Windows version comes from the AMI. Anything else was lost.
    return meansSsmNotInUse(error)
      ? { complete: false, notInUse: true }
      : { complete: false, failure: error };
  }
}
