/**
 * The node sources the region-wide listings found (self-managed Auto Scaling groups, Karpenter
 * and stand-alone instances), kept to the clusters that exist, and what they ask to be fetched.
 */
import type { AutoScalingGroupListing } from './auto-scaling-groups.ts';
import type { CollectContext } from './context.ts';
import type { LaunchTemplateRef, NodeSourceDraft } from './drafts.ts';
import { type ClusterInstance, instanceDraft } from './instances.ts';

export interface RegionWideListings {
  groups: AutoScalingGroupListing;
  instances: ClusterInstance[];
}

/**
 * An instance's node source as a Windows node, and, when EC2 does not call it Windows,
 * `otherwise` as one that is not: its AMI decides, once it is looked up. The launch template
 * of the Windows form is resolved either way, so that the lookup waits for nothing.
 */
export interface InstanceCandidate {
  instance: ClusterInstance;
  asWindows: NodeSourceDraft;
  otherwise?: NodeSourceDraft;
}

/** What the listings found for the clusters that exist. */
export interface ScopedListings {
  groupDrafts: NodeSourceDraft[];
  instances: InstanceCandidate[];
  /** The drafts of instances EC2 calls Windows. */
  decidedInstanceDrafts: NodeSourceDraft[];
  /** Every instance of the node sources found so far. */
  instanceIds: string[];
}

export function scopeListings(
  context: CollectContext,
  names: ReadonlySet<string>,
  { groups, instances }: RegionWideListings,
): ScopedListings {
  const groupDrafts = groups.drafts.filter((draft) => names.has(draft.source.cluster));
  const candidates = instances
    .filter((instance) => names.has(instance.cluster))
    .map((instance): InstanceCandidate => {
      const asWindows = instanceDraft(context, instance, true);
      return instance.platform === 'windows'
        ? { instance, asWindows }
        : { instance, asWindows, otherwise: instanceDraft(context, instance, false) };
    });
  const managedInstanceIds = [...groups.managedGroups.values()].flatMap((group) =>
    group.cluster !== undefined && names.has(group.cluster) ? group.instanceIds : [],
  );
  return {
    groupDrafts,
    instances: candidates,
    decidedInstanceDrafts: candidates.flatMap((candidate) =>
      candidate.otherwise === undefined ? [candidate.asWindows] : [],
    ),
    instanceIds: [
      ...managedInstanceIds,
      ...groupDrafts.flatMap((draft) => draft.source.instanceIds),
      ...candidates.map((candidate) => candidate.instance.ref.id),
    ],
  };
}

export function templateRefsOf(drafts: readonly NodeSourceDraft[]): LaunchTemplateRef[] {
  return drafts.flatMap((draft) =>
    draft.requests.flatMap((request) =>
      request.kind === 'launch-template' ? [request.template] : [],
    ),
  );
}

export function launchConfigurationNamesOf(drafts: readonly NodeSourceDraft[]): string[] {
  return drafts.flatMap((draft) =>
    draft.requests.flatMap((request) =>
      request.kind === 'launch-configuration' ? [request.name] : [],
    ),
  );
}

/**
 * The sites whose launch template may carry tags. An instance EC2 does not call Windows
 * counts with its launch template as named by its tags (its site, unless its AMI is Windows
 * and the template is gone).
 */
export function siteDraftsForTags(
  nodeGroups: readonly NodeSourceDraft[],
  scope: ScopedListings,
): NodeSourceDraft[] {
  return [
    ...nodeGroups,
    ...scope.groupDrafts,
    ...scope.instances.map((candidate) => candidate.otherwise ?? candidate.asWindows),
  ];
}
