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

/**
 * `names` are the scanned clusters that exist; `existingElsewhere` the region's other
 * clusters that the node sources' tags name, when a scan limited to some clusters looked.
 */
export function scopeListings(
  context: CollectContext,
  names: ReadonlySet<string>,
  { groups, instances }: RegionWideListings,
  existingElsewhere: ReadonlySet<string> = new Set(),
): ScopedListings {
  const owned = <T extends Owned>(item: T) => ownedAmong(item, names, existingElsewhere);
  const groupDrafts = groups.drafts.flatMap((draft) => {
    const source = owned(draft.source);
    return source === undefined ? [] : [{ ...draft, source }];
  });
  const candidates = instances
    .flatMap((instance) => owned(instance) ?? [])
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

/** A listed node source or instance, as far as whom it belongs to goes. */
export interface Owned {
  cluster: string;
  ownerCandidates?: string[];
}

/**
 * A listed node source or instance kept when a scanned cluster owns it. One whose tags name
 * several clusters goes to the first scanned one for now, and keeps as candidates those that
 * exist, scanned or not (evaluate/owners.ts chooses among them).
 */
function ownedAmong<T extends Owned>(
  item: T,
  names: ReadonlySet<string>,
  existingElsewhere: ReadonlySet<string>,
): T | undefined {
  const tagged = item.ownerCandidates;
  if (tagged === undefined) return names.has(item.cluster) ? item : undefined;
  const cluster = tagged.find((name) => names.has(name));
  if (cluster === undefined) return undefined;
  const result: T = { ...item, cluster };
  const candidates = tagged.filter((name) => names.has(name) || existingElsewhere.has(name));
  if (candidates.length > 1) result.ownerCandidates = candidates;
  else delete result.ownerCandidates;
  return result;
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

/** The note for a limited scan that could not tell whether other tagged clusters exist. */
export const OWNERS_UNCHECKED = 'node-source-owners-unchecked';

/**
 * The clusters outside a limited scan that its listed sources' tags name: those that may own
 * a source the scan found. Their existence decides whether they can (clusters.ts lists it).
 */
export function clustersTaggedOutside(
  { groups, instances }: RegionWideListings,
  scanned: ReadonlySet<string>,
): string[] {
  const tagged = [
    ...groups.drafts.map((draft) => draft.source.ownerCandidates),
    ...instances.map((instance) => instance.ownerCandidates),
  ];
  return [...new Set(tagged.flatMap((names) => names ?? []))].filter((name) => !scanned.has(name));
}
