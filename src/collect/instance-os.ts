import {
  type DescribeInstanceInformationRequest,
  paginateDescribeInstanceInformation,
} from '@aws-sdk/client-ssm';
import type { InstanceOsInfo } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { chunk, collectPages } from './pagination.ts';
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

/** One round of `describeInstanceOs`, unfiltered: several rounds can share one listing. */
export async function lookupInstanceOs(
  context: CollectContext,
  instanceIds: Iterable<string>,
): Promise<InstanceOsLookup> {
  const wanted = new Set(instanceIds);
  const found: Record<string, InstanceOsInfo> = {};
  if (wanted.size === 0) return { found, covers: () => false };

  const listsAll = wanted.size > MAX_IDS_FOR_BATCHES;
  const requests: DescribeInstanceInformationRequest[] = listsAll
    ? [{ Filters: [{ Key: 'PlatformTypes', Values: ['Windows'] }] }]
    : chunk([...wanted], IDS_PER_CALL).map((ids) => ({
        Filters: [{ Key: 'InstanceIds', Values: ids }],
      }));

  const { ssm } = context.clients;
  await Promise.all(
    requests.map((request) =>
      context.limits.ssm(async () => {
        if (context.stop.requested) return;
        try {
          const list = await collectPages(
            paginateDescribeInstanceInformation({ client: ssm, pageSize: PAGE_SIZE }, request),
            (page) => page.InstanceInformationList,
            context.stop,
          );
          for (const info of list) {
            if (info.InstanceId === undefined) continue;
            if (!listsAll && !wanted.has(info.InstanceId)) continue;
            found[info.InstanceId] = assignDefined(
              { instanceId: info.InstanceId },
              { platformName: info.PlatformName, platformVersion: info.PlatformVersion },
            );
          }
        } catch {
          // Deliberately silent (see above): the Windows version then comes from the AMI.
        }
      }),
    ),
  );
  return { found, covers: (id) => listsAll || wanted.has(id) };
}
