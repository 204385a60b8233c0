import {
  type AutoScalingGroup,
  type Filter,
  type LaunchTemplateSpecification,
  paginateDescribeAutoScalingGroups,
} from '@aws-sdk/client-auto-scaling';
import type { NodeSource, RunningInstance } from '../inventory/types.ts';
import {
  GROUP_CLUSTER_NAME_TAG_KEYS,
  MANAGED_NODE_GROUP_TAG_KEY,
  ownershipTagKeys,
  owningCluster,
  taggedClusterNames,
} from './cluster-tags.ts';
import type { CollectContext } from './context.ts';
import { type NodeSourceDraft, normaliseVersion, type SiteRequest, templateKey } from './drafts.ts';
import { chunk, collectPages } from './pagination.ts';
import { assignDefined, tagRecord } from './records.ts';

/**
 * Tag keys per listing. All in one filter, so that a group carrying several of them (a
 * managed node group's has `eks:cluster-name` and `kubernetes.io/cluster/<name>`) comes back
 * once. Auto Scaling documents no cap here (DescribeTags allows 1,000 values a filter); 200 is
 * EC2's documented limit on filter values per call.
 */
const TAG_KEYS_PER_CALL = 200;
/** The maximum page size of DescribeAutoScalingGroups. */
const PAGE_SIZE = 100;
/** Names per call: 50 by default, up to MaxRecords when it is passed (the API reference). */
const NAMES_PER_CALL = PAGE_SIZE;

export interface AutoScalingGroupListing {
  /** Self-managed groups of the scanned clusters. */
  drafts: NodeSourceDraft[];
  /** The groups behind managed node groups, by group name. */
  managedGroups: Map<string, ManagedGroup>;
}

export interface ManagedGroup {
  /** The scanned cluster its tags name, if any. */
  cluster?: string;
  instanceIds: string[];
  /** The same instances, with what Auto Scaling says they were launched from. */
  runningInstances: RunningInstance[];
}

/**
 * The Auto Scaling groups of the scanned clusters, found with one region-wide listing
 * filtered on the cluster tag keys (more above 99 clusters) and assigned to clusters from
 * their tags. A failing call
 * is recorded; the others still count.
 */
export async function listClusterAutoScalingGroups(
  context: CollectContext,
  clusterNames: readonly string[],
  onTemplates?: (templateKeysOf: () => readonly string[]) => void,
): Promise<AutoScalingGroupListing> {
  const tagKeyBatches = chunk(
    [...GROUP_CLUSTER_NAME_TAG_KEYS, ...ownershipTagKeys(clusterNames)],
    TAG_KEYS_PER_CALL,
  );
  const scanned = new Set(clusterNames);
  // The launch templates of each page's self-managed groups, as the pages come in.
  const onPage =
    onTemplates &&
    ((groups: readonly AutoScalingGroup[]) =>
      onTemplates(() => groups.flatMap((group) => selfManagedTemplateKeys(group, scanned))));
  const results = await Promise.all(
    tagKeyBatches.map((keys) =>
      describeGroups(context, { Filters: [{ Name: 'tag-key', Values: keys }] }, onPage),
    ),
  );

  const seen = new Set<string>();
  const listing: AutoScalingGroupListing = { drafts: [], managedGroups: new Map() };
  for (const group of results.flat()) {
    const name = group.AutoScalingGroupName;
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    const tags = tagRecord(group.Tags);
    const cluster = owningCluster(tags, scanned);
    if (tags[MANAGED_NODE_GROUP_TAG_KEY] !== undefined) {
      listing.managedGroups.set(
        name,
        assignDefined(
          { instanceIds: liveInstanceIds(group), runningInstances: liveInstances(group) },
          { cluster },
        ),
      );
      continue;
    }
    if (cluster !== undefined) listing.drafts.push(toDraft(name, cluster, group, tags));
  }
  return listing;
}

/** The instances of named groups (managed node groups whose group the tag search missed). */
export async function describeGroupInstances(
  context: CollectContext,
  groupNames: readonly string[],
): Promise<Map<string, RunningInstance[]>> {
  const batches = await Promise.all(
    chunk(groupNames, NAMES_PER_CALL).map((names) =>
      describeGroups(context, { AutoScalingGroupNames: names }),
    ),
  );
  const instances = new Map<string, RunningInstance[]>();
  for (const group of batches.flat()) {
    if (group.AutoScalingGroupName !== undefined) {
      instances.set(group.AutoScalingGroupName, liveInstances(group));
    }
  }
  return instances;
}

/**
 * The launch templates a group of the listing names when it is a self-managed group of a
 * scanned cluster (a node source), keyed by `templateKey`.
 */
function selfManagedTemplateKeys(group: AutoScalingGroup, scanned: ReadonlySet<string>): string[] {
  const tags = tagRecord(group.Tags);
  if (tags[MANAGED_NODE_GROUP_TAG_KEY] !== undefined) return [];
  if (owningCluster(tags, scanned) === undefined) return [];
  return siteRequestsOf(group).flatMap((request) =>
    request.kind === 'launch-template' ? [templateKey(request.template)] : [],
  );
}

async function describeGroups(
  context: CollectContext,
  input: { Filters?: Filter[]; AutoScalingGroupNames?: string[] },
  onPage?: (groups: readonly AutoScalingGroup[]) => void,
): Promise<AutoScalingGroup[]> {
  if (context.stop.requested) return [];
  const { autoScaling } = context.clients;
  try {
    return await context.limits.autoScaling(() =>
      collectPages(
        paginateDescribeAutoScalingGroups({ client: autoScaling, pageSize: PAGE_SIZE }, input),
        (page) => page.AutoScalingGroups,
        context.stop,
        onPage,
      ),
    );
  } catch (error) {
    context.errors.record('DescribeAutoScalingGroups', error);
    return [];
  }
}

function liveInstanceIds(group: AutoScalingGroup): string[] {
  return liveInstances(group).map((instance) => instance.instanceId);
}

/**
 * The group's instances that are not being terminated, with the launch template (version as
 * Auto Scaling reports it) or launch configuration each was launched from.
 */
export function liveInstances(group: AutoScalingGroup): RunningInstance[] {
  return (group.Instances ?? []).flatMap((instance): RunningInstance[] => {
    if (instance.InstanceId === undefined || instance.LifecycleState?.startsWith('Terminat'))
      return [];
    const running: RunningInstance = { instanceId: instance.InstanceId };
    const template = instance.LaunchTemplate;
    if (template?.LaunchTemplateId !== undefined || template?.LaunchTemplateName !== undefined) {
      running.launchTemplate = assignDefined(
        {},
        {
          id: template.LaunchTemplateId,
          name: template.LaunchTemplateName,
          version: template.Version,
        },
      );
    }
    if (instance.LaunchConfigurationName !== undefined) {
      running.launchConfigurationName = instance.LaunchConfigurationName;
    }
    return [running];
  });
}

function toDraft(
  name: string,
  cluster: string,
  group: AutoScalingGroup,
  tags: Record<string, string>,
): NodeSourceDraft {
  const source: NodeSource = {
    kind: 'auto-scaling-group',
    ref: assignDefined(
      { type: 'AwsAutoScalingAutoScalingGroup', id: name, name },
      { arn: group.AutoScalingGroupARN },
    ),
    cluster,
    sites: [],
    instanceIds: liveInstanceIds(group),
    runningInstances: liveInstances(group),
    tags,
  };
  const tagged = taggedClusterNames(tags);
  if (tagged.length > 1) source.ownerCandidates = tagged;
  return { source, requests: siteRequestsOf(group) };
}

/**
 * Where a group's AMI and user data come from: its launch template, the templates of its
 * mixed instances policy (overrides may name other templates, or another AMI), or its launch
 * configuration.
 */
export function siteRequestsOf(group: AutoScalingGroup): SiteRequest[] {
  if (group.LaunchTemplate !== undefined) {
    return templateRequest(group.LaunchTemplate) ?? [];
  }
  const mixed = group.MixedInstancesPolicy?.LaunchTemplate;
  if (mixed !== undefined) {
    const requests = new Map<string, SiteRequest>();
    const add = (spec: LaunchTemplateSpecification | undefined, imageId?: string) => {
      for (const request of templateRequest(spec, imageId) ?? []) {
        requests.set(JSON.stringify(request), request);
      }
    };
    add(mixed.LaunchTemplateSpecification);
    for (const override of mixed.Overrides ?? []) {
      if (override.LaunchTemplateSpecification !== undefined || override.ImageId !== undefined) {
        add(
          override.LaunchTemplateSpecification ?? mixed.LaunchTemplateSpecification,
          override.ImageId,
        );
      }
    }
    return [...requests.values()];
  }
  if (group.LaunchConfigurationName !== undefined) {
    return [{ kind: 'launch-configuration', name: group.LaunchConfigurationName }];
  }
  return [];
}

function templateRequest(
  spec: LaunchTemplateSpecification | undefined,
  imageId?: string,
): SiteRequest[] | undefined {
  if (spec?.LaunchTemplateId === undefined && spec?.LaunchTemplateName === undefined) {
    return undefined;
  }
  const request: SiteRequest = {
    kind: 'launch-template',
    template: assignDefined(
      { version: normaliseVersion(spec.Version) },
      { id: spec.LaunchTemplateId, name: spec.LaunchTemplateName },
    ),
  };
  if (imageId !== undefined) request.imageId = imageId;
  return [request];
}
