/**
 * What the instances of Auto Scaling groups and managed node groups run now: the AMI and
 * launch template version each was launched from, to compare with what its group declares.
 *
 * The region-wide DescribeInstances listing (instances.ts) already returns every group
 * instance that carries its cluster's tag (groups propagate it at launch); only the instances
 * it did not return are described by id, 1,000 a call.
 */
import { type Instance, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import type { NodeSource, RunningInstance } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { describeFailure } from './errors.ts';
import { chunk, collectPages } from './pagination.ts';
import { tagRecord } from './records.ts';

/**
 * Instance ids per DescribeInstances call: "you should not specify more than 1,000 IDs in a
 * single call" (Amazon EC2 Developer Guide, "Pagination in the Amazon EC2 API").
 */
export const INSTANCE_IDS_PER_CALL = 1000;

/** Errors by which EC2 says some ids of the request name no instance (terminated and gone). */
const UNKNOWN_ID_CODES = new Set(['InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed']);

/** EC2 adds these to every instance launched from a launch template. */
const LAUNCH_TEMPLATE_ID_TAG_KEY = 'aws:ec2launchtemplate:id';
const LAUNCH_TEMPLATE_VERSION_TAG_KEY = 'aws:ec2launchtemplate:version';

/** What EC2 says an instance was launched from. */
export interface InstanceFacts {
  imageId?: string;
  /** EC2's `Platform`: "windows" for an instance of a Windows AMI, absent for any other. */
  windows: boolean;
  /** From the `aws:ec2launchtemplate:*` tags: the version number EC2 resolved at launch. */
  launchTemplate?: { id: string; version: string };
}

/** An instance's facts as DescribeInstances describes it. */
export function instanceFactsOf(instance: Instance): InstanceFacts {
  const facts: InstanceFacts = { windows: instance.Platform?.toLowerCase() === 'windows' };
  if (instance.ImageId !== undefined) facts.imageId = instance.ImageId;
  const tags = tagRecord(instance.Tags);
  const id = tags[LAUNCH_TEMPLATE_ID_TAG_KEY];
  const version = tags[LAUNCH_TEMPLATE_VERSION_TAG_KEY];
  if (id !== undefined && version !== undefined) facts.launchTemplate = { id, version };
  return facts;
}

/**
 * DescribeInstances by id, in batches. Ids EC2 no longer knows (terminated since the group was
 * listed) are left out; a batch that fails otherwise is recorded and its instances stay
 * undescribed (their AMI unknown, never guessed).
 */
export async function describeInstancesById(
  context: CollectContext,
  instanceIds: Iterable<string>,
): Promise<Map<string, InstanceFacts>> {
  const found = new Map<string, InstanceFacts>();
  await Promise.all(
    chunk([...new Set(instanceIds)], INSTANCE_IDS_PER_CALL).map((batch) =>
      context.limits.ec2.DescribeInstances(() => describeBatch(context, batch, found)),
    ),
  );
  return found;
}

async function describeBatch(
  context: CollectContext,
  batch: string[],
  found: Map<string, InstanceFacts>,
): Promise<void> {
  let remaining = batch;
  // Every failed round removes at least one id, so this ends.
  while (remaining.length > 0) {
    if (context.stop.requested) return;
    try {
      // No page size: EC2 refuses MaxResults together with InstanceIds.
      const instances = await collectPages(
        paginateDescribeInstances({ client: context.clients.ec2 }, { InstanceIds: remaining }),
        (page) => (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []),
        context.stop,
      );
      for (const instance of instances) {
        if (instance.InstanceId !== undefined)
          found.set(instance.InstanceId, instanceFactsOf(instance));
      }
      return;
    } catch (error) {
      const { code } = describeFailure(error);
      if (!UNKNOWN_ID_CODES.has(code)) {
        context.errors.record('DescribeInstances', error);
        return;
      }
      const mentioned = new Set(
        (error instanceof Error ? error.message : '').match(/i-[0-9a-f]+/g) ?? [],
      );
      const named = remaining.filter((id) => mentioned.has(id));
      if (named.length === 0) {
        if (remaining.length === 1) return;
        // The message named no id of ours: ask for each half on its own to find the bad ones.
        const half = Math.ceil(remaining.length / 2);
        for (const part of [remaining.slice(0, half), remaining.slice(half)]) {
          await describeBatch(context, part, found);
        }
        return;
      }
      remaining = remaining.filter((id) => !mentioned.has(id));
    }
  }
}

/** The instance ids of these sources' running instances that `known` does not describe. */
export function undescribedInstanceIds(
  sources: readonly NodeSource[],
  known: ReadonlyMap<string, InstanceFacts>,
): string[] {
  return sources.flatMap((source) =>
    (source.runningInstances ?? []).flatMap((instance) =>
      known.has(instance.instanceId) ? [] : [instance.instanceId],
    ),
  );
}

/**
 * Fills in each running instance's AMI, and its launch template version from its tags (the
 * number EC2 resolved; the group's Instances[] entry may say `$Latest`). An instance EC2 did
 * not describe keeps what Auto Scaling said of it.
 */
export function completeRunningInstances(
  sources: readonly NodeSource[],
  facts: ReadonlyMap<string, InstanceFacts>,
): void {
  for (const source of sources) {
    source.runningInstances = source.runningInstances?.map((instance): RunningInstance => {
      const known = facts.get(instance.instanceId);
      if (known === undefined) return instance;
      const completed: RunningInstance = { ...instance };
      if (known.imageId !== undefined) completed.imageId = known.imageId;
      if (known.launchTemplate !== undefined) {
        // A name from Auto Scaling only where it names the same template.
        const same = instance.launchTemplate?.id === known.launchTemplate.id;
        completed.launchTemplate = {
          ...(same ? instance.launchTemplate : {}),
          id: known.launchTemplate.id,
          version: known.launchTemplate.version,
        };
      }
      return completed;
    });
  }
}
