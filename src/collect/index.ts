/**
 * The `collect` stage: one account and region of EKS clusters, their Windows-capable node
 * sources (managed node groups, self-managed Auto Scaling groups, Karpenter and stand-alone
 * instances), the launch templates, launch configurations and user data those use, the AMIs
 * they reference (`resolve:ssm:` parameters read), the clusters' VPC CIDR blocks, the latest
 * EKS Windows AMIs and what Systems Manager knows of the instances. Batched and paginated
 * throughout, bounded in concurrency, stopping at the deadline with what it has.
 */
import pLimit from 'p-limit';
import type { Cluster, Inventory, NodeSource } from '../inventory/types.ts';
import type { ScanProgress } from '../scan.ts';
import { describeGroupInstances, listClusterAutoScalingGroups } from './auto-scaling-groups.ts';
import type { AwsClients } from './clients.ts';
import { describeCluster, listClusterNames } from './clusters.ts';
import { type CollectContext, createServiceLimits, StopSignal } from './context.ts';
import type { LaunchTemplateRef, NodeSourceDraft } from './drafts.ts';
import { ErrorLog } from './errors.ts';
import { resolveImageParameters } from './image-parameters.ts';
import { lookupImages } from './images.ts';
import { describeInstanceOs } from './instance-os.ts';
import {
  type ClusterInstance,
  instanceDraft,
  listClusterInstances,
  mayRunWindows,
  readInstanceUserData,
} from './instances.ts';
import {
  getLatestImageIds,
  kubernetesVersionOfImageName,
  latestImageParameterNames,
} from './latest-images.ts';
import { describeLaunchConfigurations } from './launch-configurations.ts';
import {
  attachSiteTags,
  describeLaunchTemplateTags,
  launchTemplateIdsOf,
} from './launch-template-tags.ts';
import { resolveLaunchTemplateVersions } from './launch-templates.ts';
import { collectNodeGroups, type NodeGroupDraft } from './node-groups.ts';
import { assembleNodeSource, imageParametersNamedBy, instancesNeedingUserData } from './sites.ts';
import { collectClusterVpcs } from './vpcs.ts';

export interface CollectRegionOptions {
  clients: AwsClients;
  accountId: string;
  region: string;
  /** Clusters to scan; empty scans every cluster of the region. */
  clusterNames: string[];
  /** The deadline: once true, no new work starts and the inventory comes back incomplete. */
  shouldStop: () => boolean;
  onProgress: (progress: ScanProgress) => void;
}

/** Clusters described and listed at the same time. */
const CLUSTER_CONCURRENCY = 4;

export async function collectRegion(options: CollectRegionOptions): Promise<Inventory> {
  const context: CollectContext = {
    clients: options.clients,
    accountId: options.accountId,
    region: options.region,
    errors: new ErrorLog(options.accountId, options.region),
    limits: createServiceLimits(),
    stop: new StopSignal(options.shouldStop),
    onProgress: options.onProgress,
  };
  const inventory: Inventory = {
    accountId: options.accountId,
    region: options.region,
    clusters: [],
    nodeSources: [],
    images: {},
    latestImageIds: {},
    instanceOs: {},
    errors: [],
    complete: true,
  };
  const finish = (regionFailed: boolean): Inventory => ({
    ...inventory,
    errors: context.errors.entries,
    complete: !regionFailed && !context.stop.observed,
  });

  let clusterNames: string[];
  if (options.clusterNames.length > 0) {
    clusterNames = [...new Set(options.clusterNames)];
  } else {
    try {
      clusterNames = await listClusterNames(context);
    } catch (error) {
      context.errors.record('ListClusters', error);
      return finish(true);
    }
  }
  if (clusterNames.length === 0 || context.stop.requested) return finish(false);

  // Auto Scaling groups and instances are listed region-wide, alongside the clusters.
  const regionWide: RegionWideListings = Promise.all([
    listClusterAutoScalingGroups(context, clusterNames),
    listClusterInstances(context, clusterNames),
  ]).then(([groups, instances]) => ({ groups, instances }));
  const found = await collectClusters(context, clusterNames, regionWide);
  inventory.clusters = found.map((entry) => entry.cluster);
  // The clusters' VPC CIDR blocks, in one call, alongside everything below (never rejects).
  const vpcs = collectClusterVpcs(context, inventory.clusters);
  const { groups, instances } = await regionWide;

  // Instances' AMIs first: they tell which instances can run Windows and need their user data.
  const instancesInScope = instances.filter((instance) =>
    found.some((entry) => entry.cluster.name === instance.cluster),
  );
  await lookupImages(
    context,
    instancesInScope.map((instance) => instance.imageId),
    inventory.images,
  );

  const drafts = draftsByCluster(context, found, groups.drafts, instancesInScope, inventory);
  await fillManagedGroupInstances(context, found, groups.managedGroupInstances);

  const templateRefs: LaunchTemplateRef[] = [];
  const configurationNames: string[] = [];
  for (const draft of drafts) {
    for (const request of draft.requests) {
      if (request.kind === 'launch-template') templateRefs.push(request.template);
      if (request.kind === 'launch-configuration') configurationNames.push(request.name);
    }
  }
  progress(context, 'resolving launch templates and launch configurations');
  const [templates, configurations] = await Promise.all([
    resolveLaunchTemplateVersions(context, templateRefs),
    describeLaunchConfigurations(context, configurationNames),
  ]);
  // `resolve:ssm:` images are resolved before the sites' AMIs are looked up.
  const [userData, imageParameters] = await Promise.all([
    readInstanceUserData(context, instancesNeedingUserData(drafts, templates)),
    resolveImageParameters(context, imageParametersNamedBy(drafts, templates)),
  ]);
  const nodeSources = drafts.map((draft) =>
    assembleNodeSource(context, draft, { templates, configurations, userData, imageParameters }),
  );

  const siteImageIds = nodeSources.flatMap((source) => source.sites.map((site) => site.imageId));
  progress(context, `looking up ${new Set(siteImageIds).size} AMIs`);
  // Launch template tags only serve suppressions: fetched alongside the AMIs.
  const [templateTags] = await Promise.all([
    describeLaunchTemplateTags(context, launchTemplateIdsOf(nodeSources)),
    lookupImages(context, siteImageIds, inventory.images),
  ]);
  inventory.nodeSources = attachSiteTags(nodeSources, templateTags);

  await collectLatestImages(context, inventory);
  inventory.instanceOs = await describeInstanceOs(
    context,
    inventory.nodeSources.flatMap((source) => source.instanceIds),
  );
  await vpcs;
  return finish(false);
}

interface CollectedCluster {
  cluster: Cluster;
  nodeGroups: NodeGroupDraft[];
}

type RegionWideListings = Promise<{
  groups: Awaited<ReturnType<typeof listClusterAutoScalingGroups>>;
  instances: ClusterInstance[];
}>;

/**
 * DescribeCluster and the managed node groups of each cluster. Reports progress per cluster
 * once its node sources are known, which takes the region-wide listings too.
 */
async function collectClusters(
  context: CollectContext,
  clusterNames: string[],
  regionWide: RegionWideListings,
): Promise<CollectedCluster[]> {
  const limit = pLimit(CLUSTER_CONCURRENCY);
  let done = 0;
  const collected = await Promise.all(
    clusterNames.map((name) =>
      limit(async (): Promise<CollectedCluster | undefined> => {
        if (context.stop.requested) return undefined;
        const cluster = await describeCluster(context, name);
        const nodeGroups = cluster === undefined ? [] : await collectNodeGroups(context, name);
        const { groups, instances } = await regionWide;
        done += 1;
        const count =
          nodeGroups.length +
          groups.drafts.filter((draft) => draft.source.cluster === name).length +
          instances.filter((instance) => instance.cluster === name).length;
        context.onProgress({
          region: context.region,
          message:
            cluster === undefined
              ? `cluster ${name}: not found`
              : `cluster ${name}: ${count} node sources`,
          done,
          total: clusterNames.length,
        });
        return cluster === undefined ? undefined : { cluster, nodeGroups };
      }),
    ),
  );
  return collected.filter((entry) => entry !== undefined);
}

/** Node sources in a stable order: per cluster, node groups, then Auto Scaling groups, then instances. */
function draftsByCluster(
  context: CollectContext,
  clusters: readonly CollectedCluster[],
  groupDrafts: readonly NodeSourceDraft[],
  instances: readonly ClusterInstance[],
  inventory: Inventory,
): NodeSourceDraft[] {
  return clusters.flatMap(({ cluster, nodeGroups }) => [
    ...nodeGroups,
    ...groupDrafts.filter((draft) => draft.source.cluster === cluster.name),
    ...instances
      .filter((instance) => instance.cluster === cluster.name)
      .map((instance) =>
        instanceDraft(context, instance, mayRunWindows(instance, inventory.images)),
      ),
  ]);
}

/** Managed node groups' instances come from the Auto Scaling groups EKS runs them in. */
async function fillManagedGroupInstances(
  context: CollectContext,
  clusters: readonly CollectedCluster[],
  known: Map<string, string[]>,
): Promise<void> {
  const nodeGroups = clusters.flatMap((entry) => entry.nodeGroups);
  const missing = nodeGroups
    .flatMap((nodeGroup) => nodeGroup.autoScalingGroupNames)
    .filter((name) => !known.has(name));
  const instances = new Map(known);
  if (missing.length > 0) {
    for (const [name, ids] of await describeGroupInstances(context, missing)) {
      instances.set(name, ids);
    }
  }
  for (const nodeGroup of nodeGroups) {
    nodeGroup.source.instanceIds = nodeGroup.autoScalingGroupNames.flatMap(
      (name) => instances.get(name) ?? [],
    );
  }
}

/**
 * The latest EKS Windows AMI ids for every Kubernetes version in play (control planes,
 * node groups, and the versions the referenced AMIs were built for), and those AMIs.
 */
async function collectLatestImages(context: CollectContext, inventory: Inventory): Promise<void> {
  const versions = [
    ...inventory.clusters.map((cluster) => cluster.version),
    ...inventory.nodeSources.map((source: NodeSource) => source.kubernetesVersion),
    ...Object.values(inventory.images).map((lookup) =>
      lookup.status === 'available' ? kubernetesVersionOfImageName(lookup.image.name) : undefined,
    ),
  ];
  const names = latestImageParameterNames(versions);
  if (names.length === 0 || context.stop.requested) return;
  progress(context, 'looking up the latest EKS Windows AMIs');
  inventory.latestImageIds = await getLatestImageIds(context, names);
  await lookupImages(context, Object.values(inventory.latestImageIds), inventory.images);
}

function progress(context: CollectContext, message: string): void {
  context.onProgress({ region: context.region, message });
}
