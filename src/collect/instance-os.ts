import {
  type DescribeInstanceInformationRequest,
  paginateDescribeInstanceInformation,
} from '@aws-sdk/client-ssm';
import type { InstanceOsInfo } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { chunk } from './pagination.ts';
import { assignDefined } from './records.ts';

/** Instance ids per call (the filter's limit) and the largest page. */
const IDS_PER_CALL = 50;
const PAGE_SIZE = 50;
/**
 * Above this many instances, listing every Windows managed instance of the region costs
 * fewer calls than asking for the ids in batches.
 */
const MAX_IDS_FOR_BATCHES = 500;

/** What one round of DescribeInstanceInformation answered. */
export interface InstanceOsLookup {
  /** By instance id; every Windows instance of the region when it listed them all. */
  found: Record<string, InstanceOsInfo>;
  /** Whether the round answered for an instance: asked for it, or listed every Windows one. */
  covers: (instanceId: string) => boolean;
}

/**
 * What Systems Manager knows of the instances' operating system (Windows build numbers).
 * Optional knowledge: without permission, or with Systems Manager not in use, the result is
 * simply empty and nothing is reported as an error.
 */
export async function describeInstanceOs(
  context: CollectContext,
  instanceIds: readonly string[],
): Promise<Record<string, InstanceOsInfo>> {
  const wanted = new Set(instanceIds);
  const { found } = await lookupInstanceOs(context, wanted);
  return Object.fromEntries(Object.entries(found).filter(([id]) => wanted.has(id)));
}

/**
 * One round of `describeInstanceOs`, unfiltered, so that several rounds can share a listing:
 * every Windows managed instance of the region (the one `started` already, when it is done or
 * there are many instances), else the instances by id.
 */
export async function lookupInstanceOs(
  context: CollectContext,
  instanceIds: Iterable<string>,
  started?: WindowsInstanceListing,
): Promise<InstanceOsLookup> {
  const wanted = new Set(instanceIds);
  if (started?.complete === true || wanted.size > MAX_IDS_FOR_BATCHES) {
    const listing = started ?? new WindowsInstanceListing(context);
    await listing.done;
    return { found: listing.found, covers: () => true };
  }
  // Few instances: asking for them by id costs fewer calls than the rest of the listing.
  started?.abandon();
  const seen = { ...started?.found };
  const asked = new Set([...wanted].filter((id) => seen[id] === undefined));
  const found = await describeByIds(context, [...asked]);
  return {
    found: { ...seen, ...found },
    covers: (id) => seen[id] !== undefined || asked.has(id),
  };
}

async function describeByIds(
  context: CollectContext,
  instanceIds: readonly string[],
): Promise<Record<string, InstanceOsInfo>> {
  const found: Record<string, InstanceOsInfo> = {};
  await Promise.all(
    chunk(instanceIds, IDS_PER_CALL).map((ids) =>
      context.limits.ssm(() =>
        describePages(context, { Filters: [{ Key: 'InstanceIds', Values: ids }] }, found),
      ),
    ),
  );
  return found;
}

/**
 * Every Windows managed instance of the region, page after page from the moment it is
 * created: a whole-region scan starts it before it knows its nodes, and often has it done by
 * then. `abandon()` stops it after the page under way.
 */
export class WindowsInstanceListing {
  readonly found: Record<string, InstanceOsInfo> = {};
  readonly done: Promise<void>;
  #complete = false;
  #abandoned = false;

  constructor(context: CollectContext) {
    this.done = context.limits.ssm(async () => {
      this.#complete = await describePages(
        context,
        { Filters: [{ Key: 'PlatformTypes', Values: ['Windows'] }] },
        this.found,
        () => this.#abandoned,
      );
    });
  }

  /** Whether it listed them all. */
  get complete(): boolean {
    return this.#complete;
  }

  abandon(): void {
    this.#abandoned = true;
  }
}

/** Adds what the pages of one request answer to `found`; says whether it read them all. */
async function describePages(
  context: CollectContext,
  request: DescribeInstanceInformationRequest,
  found: Record<string, InstanceOsInfo>,
  abandoned: () => boolean = () => false,
): Promise<boolean> {
  if (context.stop.requested) return false;
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
      if (abandoned() || context.stop.requested) return false;
    }
    return true;
  } catch {
    // Deliberately silent (see describeInstanceOs): the Windows version then comes from the AMI.
    return false;
  }
}
