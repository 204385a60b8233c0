/**
 * The `collect` stage: one account and region of EKS clusters, their Windows-capable node
 * sources (managed node groups, self-managed Auto Scaling groups, Karpenter and stand-alone
 * instances), the launch templates, launch configurations and user data those use, the AMIs
 * they reference (`resolve:ssm:` parameters read), the clusters' VPC CIDR blocks, the latest
 * EKS Windows AMIs and what Systems Manager knows of the instances. Batched and paginated
 * throughout, paced at AWS's rate limits (pacing.ts), stopping at the deadline with what it has.
 *
 * No phase waits for another as a whole: each lookup starts once the results it needs are in,
 * so the region takes about as long as its longest chain of dependent calls, or as its busiest
 * service's rate limit allows.
 */

import { KUBELET_VERSION_SKEW } from '../evaluate/reference-data/kubernetes-versions.ts';
import type {
  Cluster,
  ImageLookup,
  Inventory,
  RunningInstance,
  ScanNote,
} from '../inventory/types.ts';
import type { ScanProgress } from '../scan.ts';
import { plural, someNames } from '../text.ts';
import {
  type AutoScalingGroupListing,
  describeGroupInstances,
  listClusterAutoScalingGroups,
} from './auto-scaling-groups.ts';
import type { AwsClients } from './clients.ts';
import { describeCluster, listClusterNames } from './clusters.ts';
import { type CollectContext, createServiceLimits, StopSignal } from './context.ts';
import type { NodeSourceDraft } from './drafts.ts';
import { ACCESS_DENIED_CODES, describeFailure, ErrorLog } from './errors.ts';
import { resolveImageParameters } from './image-parameters.ts';
import { lookupImages } from './images.ts';
import { collectInsights, type InsightsResult, mergeInsightNotes } from './insights.ts';
import {
  type InstanceOsLookup,
  knownOf,
  lookupInstanceOs,
  WindowsInstanceListing,
} from './instance-os.ts';
import {
  listClusterInstances,
  mayRunWindows,
  readInstanceUserData,
  type UserDataResult,
} from './instances.ts';
import {
  getLatestImages,
  kubernetesVersionOfImageName,
  type LatestImages,
  latestImageParameterNames,
} from './latest-images.ts';
import { describeLaunchConfigurations } from './launch-configurations.ts';
import { attachSiteTags, describeLaunchTemplateTags } from './launch-template-tags.ts';
import {
  describeAliasesOfAllTemplates,
  REGION_WIDE_MIN_TEMPLATES,
  resolveLaunchTemplateVersions,
  templateRefKey,
} from './launch-templates.ts';
import { collectNodeGroups, type FailureSink, type NodeGroupDraft } from './node-groups.ts';
import { paceCalls } from './pacing.ts';
import {
  clustersTaggedOutside,
  type InstanceCandidate,
  launchConfigurationNamesOf,
  OWNERS_UNCHECKED,
  type Owned,
  type RegionWideListings,
  scopeListings,
  siteDraftsForTags,
  templateRefsOf,
} from './region-listings.ts';
import {
  completeRunningInstances,
  describeInstancesById,
  type InstanceFacts,
  undescribedInstanceIds,
} from './running-instances.ts';
import {
  assembleNodeSource,
  imageParametersNamedBy,
  instancesNeedingUserData,
  type SiteLookups,
  siteImageIds,
  siteTemplateIds,
} from './sites.ts';
import { collectClusterVpcs } from './vpcs.ts';

export interface CollectRegionOptions {
  clients: AwsClients;
  /** The account, or the answer to come of who the caller is (the clusters are listed meanwhile). */
  accountId: string | Promise<string>;
  region: string;
  /** Clusters to scan; empty scans every cluster of the region. */
  clusterNames: string[];
  /** The deadline: once true, no new work starts and the inventory comes back incomplete. */
  shouldStop: () => boolean;
  onProgress: (progress: ScanProgress) => void;
  /**
   * An upgrade's target version ("1.36"): its EKS Windows "latest" parameters are asked for
   * with the others, and those that do not exist are listed in `unpublishedImageParameters`.
   */
  targetVersion?: string;
}

export async function collectRegion(options: CollectRegionOptions): Promise<Inventory> {
  paceCalls(options.clients);
  const limits = createServiceLimits();
  const stop = new StopSignal(options.shouldStop);
  // The clusters are listed while the caller's identity is still being asked for; in a scan
  // limited to some as well, alongside the rest: a bootstrap call may name one of the others,
  // and the findings should say so in the words of a scan of the whole region. There it is
  // worth no wait: one still retrying (throttled) when the rest is done is cut short.
  const limited = options.clusterNames.length > 0;
  const listingCut = new AbortController();
  const clusterListing: Promise<ClusterListing> = listClusterNames(
    { clients: options.clients, limits, stop },
    limited ? listingCut.signal : undefined,
  ).then(
    (names) => ({ names }),
    (error: unknown) => ({ error }),
  );
  // Settles when the listing is cut short, whether or not the call heeds the signal at once.
  const listingCutShort = new Promise<ClusterListing>((resolve) => {
    listingCut.signal.addEventListener(
      'abort',
      () => resolve({ error: listingCut.signal.reason }),
      { once: true },
    );
  });
  const accountId = await options.accountId;
  const context: CollectContext = {
    clients: options.clients,
    accountId,
    region: options.region,
    errors: new ErrorLog(accountId, options.region),
    limits,
    stop,
    onProgress: options.onProgress,
  };
  const inventory: Inventory = {
    accountId,
    region: options.region,
    clusters: [],
    nodeSources: [],
    images: {},
    latestImageIds: {},
    instanceOs: {},
    errors: [],
    complete: true,
  };
  const notes: ScanNote[] = [];
  const finish = (regionFailed: boolean): Inventory => {
    // Nothing waits for a listing that has not answered yet (only a limited scan's can be cut).
    listingCut.abort();
    return {
      ...inventory,
      errors: context.errors.entries,
      ...(notes.length > 0 ? { notes } : {}),
      complete: !regionFailed && !context.stop.observed,
    };
  };

  let clusterNames: string[];
  // Listed clusters exist: their node groups are listed while they are described.
  let clustersExist = false;
  if (limited) {
    clusterNames = [...new Set(options.clusterNames)];
  } else {
    const outcome = await clusterListing;
    if ('error' in outcome) {
      context.errors.record('ListClusters', outcome.error);
      return finish(true);
    }
    clusterNames = outcome.names;
    inventory.regionClusterNames = outcome.names;
    clustersExist = true;
  }
  if (clusterNames.length === 0 || context.stop.requested) return finish(false);

  // A whole region's Windows managed instances: often listed by the time the nodes are known.
  const windowsInstances = clustersExist ? new WindowsInstanceListing(context) : undefined;
  // Auto Scaling groups and instances are listed region-wide, alongside the clusters. The
  // instance listing also returns most groups' instances: what they run, kept for drift.
  const groupInstanceFacts = new Map<string, InstanceFacts>();
  const templatesListed = new TemplatesListed();
  const listings: Promise<RegionWideListings> = Promise.all([
    listClusterAutoScalingGroups(context, clusterNames, templatesListed.add),
    listClusterInstances(context, clusterNames, groupInstanceFacts, templatesListed.add),
  ]).then(([groups, instances]) => ({ groups, instances }));
  const clusterTasks = clusterNames.map((name) => collectCluster(context, name, clustersExist));
  const progressReported = reportClusterProgress(context, clusterTasks, listings);
  // From a few templates on, every template's $Default and $Latest, fetched while EKS answers,
  // and while the listings' later pages come in: their pages can only add templates.
  const regionWideTemplates = Promise.race([
    templatesListed.enough,
    listings.then(() => false),
  ]).then((enough) =>
    enough && !context.stop.requested ? describeAliasesOfAllTemplates(context) : undefined,
  );

  const described = Promise.all(clusterTasks.map((task) => task.cluster)).then((clusters) =>
    clusters.filter((cluster) => cluster !== undefined),
  );
  // The clusters' VPC CIDR blocks, in one call (never rejects).
  const vpcs = described.then((clusters) => collectClusterVpcs(context, clusters));
  const found = Promise.all(clusterTasks.map((task) => task.collected)).then((clusters) =>
    clusters.filter((entry) => entry !== undefined),
  );
  const nodeGroups = found.then((clusters) => clusters.flatMap((entry) => entry.nodeGroups));
  // The listings' node sources: of every cluster when they were listed (so they exist), else
  // of those DescribeCluster found.
  const scoped = Promise.all([
    clustersExist ? clusterNames : described.then((clusters) => clusters.map(({ name }) => name)),
    listings,
  ]).then(async ([names, listed]) => {
    const scanned = new Set(names);
    // A limited scan learns which other tagged clusters exist: they may own what it found.
    const outside = clustersExist ? [] : clustersTaggedOutside(listed, new Set(clusterNames));
    const elsewhere =
      outside.length > 0
        ? existingClusters(context, outside, await clusterListing, notes)
        : undefined;
    return scopeListings(context, scanned, listed, elsewhere);
  });

  // What Systems Manager knows, from the instances the listings found (never rejects). Only
  // Windows builds matter to the rules: an instance EC2 calls anything else is not asked for.
  const notWindows = new Set<string>();
  const mayBeWindowsInstance = (id: string) =>
    !notWindows.has(id) && groupInstanceFacts.get(id)?.windows !== false;
  const instanceOs = scoped.then((scope) => {
    for (const { instance } of scope.instances) {
      if (instance.platform !== 'windows') notWindows.add(instance.ref.id);
    }
    return lookupInstanceOs(
      context,
      scope.instanceIds.filter(mayBeWindowsInstance),
      windowsInstances,
    );
  });
  const configurations = scoped.then((scope) =>
    describeLaunchConfigurations(context, launchConfigurationNamesOf(scope.groupDrafts)),
  );
  // Stand-alone Windows nodes: their user data is all there is to read.
  const standAloneUserData = scoped.then((scope) =>
    readInstanceUserData(context, instancesNeedingUserData(scope.decidedInstanceDrafts, new Map())),
  );
  const managedGroupInstances = Promise.all([nodeGroups, listings]).then(([groups, listed]) =>
    fillManagedGroupInstances(context, groups, listed.groups),
  );
  // What the groups' instances run: the listing's, and the rest described by id (never rejects).
  const runningInstancesKnown = Promise.all([nodeGroups, scoped, managedGroupInstances]).then(
    async ([groups, scope]) => {
      const sources = [...groups, ...scope.groupDrafts].map((draft) => draft.source);
      const missing = undescribedInstanceIds(sources, groupInstanceFacts);
      const described =
        missing.length === 0 || context.stop.requested
          ? new Map<string, InstanceFacts>()
          : await describeInstancesById(context, missing);
      for (const [id, facts] of described) groupInstanceFacts.set(id, facts);
      completeRunningInstances(sources, groupInstanceFacts);
      return sources.flatMap((source) => source.runningInstances ?? []);
    },
  );

  const siteDrafts = Promise.all([nodeGroups, scoped]).then(([groups, scope]) => [
    ...groups,
    ...scope.groupDrafts,
    ...scope.instances.map((candidate) => candidate.asWindows),
  ]);
  // The listings' templates without waiting for EKS; the node groups' others alongside them,
  // not after: a second round of calls would lengthen the region's chain by one latency.
  const listedTemplateRefs = scoped.then((scope) =>
    templateRefsOf([...scope.groupDrafts, ...scope.instances.map((item) => item.asWindows)]),
  );
  const listedTemplates = listedTemplateRefs.then((refs) => {
    progress(context, 'resolving launch templates and launch configurations');
    return resolveLaunchTemplateVersions(context, refs, regionWideTemplates);
  });
  const templates = Promise.all([nodeGroups, listedTemplateRefs]).then(
    async ([groups, listedRefs]) => {
      const askedAlready = new Set(listedRefs.map(templateRefKey));
      const refs = templateRefsOf(groups).filter((ref) => !askedAlready.has(templateRefKey(ref)));
      const [listed, resolved] = await Promise.all([
        listedTemplates,
        resolveLaunchTemplateVersions(context, refs, regionWideTemplates),
      ]);
      return new Map([...listed, ...resolved]);
    },
  );
  // `resolve:ssm:` images are resolved before the sites' AMIs are looked up.
  const imageParameters = Promise.all([siteDrafts, templates]).then(([drafts, resolved]) =>
    resolveImageParameters(context, imageParametersNamedBy(drafts, resolved)),
  );
  // Karpenter nodes whose launch template is gone: their user data instead.
  const fallbackUserData = Promise.all([scoped, listedTemplates, standAloneUserData]).then(
    ([scope, resolved, read]) =>
      readInstanceUserData(
        context,
        instancesNeedingUserData(scope.decidedInstanceDrafts, resolved).filter(
          (id) => !read.has(id),
        ),
      ),
  );
  // Launch template tags only serve suppressions: fetched alongside the AMIs.
  const templateTags = Promise.all([nodeGroups, scoped, templates]).then(
    ([groups, scope, resolved]) =>
      describeLaunchTemplateTags(
        context,
        siteTemplateIds(siteDraftsForTags(groups, scope), resolved),
      ),
  );
  // The latest EKS Windows AMIs of the clusters' and node groups' versions, while templates
  // resolve. Self-managed nodes and instances declare no version: their AMIs may be built for
  // an older kubelet (the skew policy allows up to three minor versions below), which would take
  // another GetParameters and DescribeImages, one after the other, once the AMIs are looked up.
  // Their clusters' older versions are asked for here already, in the same batches.
  const knownVersions = Promise.all([found, scoped]).then(([clusters, scope]) => {
    const undeclared = new Set([
      ...scope.groupDrafts.flatMap((draft) => clustersThatMayOwn(draft.source)),
      ...scope.instances.flatMap((candidate) => clustersThatMayOwn(candidate.instance)),
    ]);
    return new Set([
      ...clusters.map((entry) => entry.cluster.version),
      ...clusters.flatMap((entry) =>
        entry.nodeGroups.map((group) => group.source.kubernetesVersion),
      ),
      // In the same GetParameters batches (10 names a call): six names more at most.
      options.targetVersion,
      ...clusters.flatMap((entry) =>
        undeclared.has(entry.cluster.name) ? olderKubeletVersions(entry.cluster.version) : [],
      ),
    ]);
  });
  const latestOfKnownVersions = knownVersions.then((versions) => latestImageIds(context, versions));
  // EKS insights of the clusters known to run Windows before any AMI is looked up (a Windows
  // amiType, an instance EC2 calls Windows), alongside the templates and AMIs.
  const earlyInsights = Promise.all([found, scoped]).then(([clusters, scope]) => {
    const existing = new Set(clusters.map((entry) => entry.cluster.name));
    return readInsights(
      context,
      [
        ...clusters.flatMap((entry) =>
          entry.nodeGroups.some((group) => group.source.amiType?.startsWith('WINDOWS_'))
            ? [entry.cluster.name]
            : [],
        ),
        ...scope.instances.flatMap((candidate) =>
          candidate.instance.platform === 'windows' ? clustersThatMayOwn(candidate.instance) : [],
        ),
      ].filter((name) => existing.has(name)),
    );
  });
  const siteLookupsSoFar = Promise.all([templates, configurations, imageParameters]).then(
    ([resolvedTemplates, resolvedConfigurations, parameters]) => ({
      templates: resolvedTemplates,
      configurations: resolvedConfigurations,
      imageParameters: parameters,
    }),
  );

  const [clusters, scope, lookups, latestIds, versionsAsked, runningInstances] = await Promise.all([
    found,
    scoped,
    siteLookupsSoFar,
    latestOfKnownVersions,
    knownVersions,
    runningInstancesKnown,
  ]);
  inventory.clusters = clusters.map((entry) => entry.cluster);
  const existing = new Set(inventory.clusters.map((cluster) => cluster.name));
  const groupDrafts = scope.groupDrafts.filter((draft) => existing.has(draft.source.cluster));
  const candidates = scope.instances.filter((candidate) =>
    existing.has(candidate.instance.cluster),
  );

  // One lookup for the AMIs of the instances, of the sites and the latest ones.
  const referencedImageIds = new Set([
    ...candidates.map((candidate) => candidate.instance.imageId),
    ...runningInstances.map((instance) => instance.imageId),
    ...siteImageIds(
      [
        ...clusters.flatMap((entry) => entry.nodeGroups),
        ...groupDrafts,
        ...candidates.map((candidate) => candidate.asWindows),
      ],
      lookups,
    ),
  ]);
  progress(context, `looking up ${plural(referencedImageIds.size, 'AMI')}`);
  await lookupImages(
    context,
    [...referencedImageIds, ...Object.values(latestIds.ids)],
    inventory.images,
  );

  // An instance EC2 does not call Windows runs it when its AMI does (or is unknown).
  const instanceDrafts = new Map(
    candidates.map((candidate) => [
      candidate.instance,
      candidate.otherwise === undefined || mayRunWindows(candidate.instance, inventory.images)
        ? candidate.asWindows
        : candidate.otherwise,
    ]),
  );
  const decidedByImage = candidates.flatMap((candidate: InstanceCandidate) => {
    const draft = instanceDrafts.get(candidate.instance);
    return candidate.otherwise === undefined || draft === undefined ? [] : [draft];
  });
  // EKS insights of the clusters with Windows nodes, while user data is read: those the early
  // ones left (only an AMI says they run Windows).
  const insights = earlyInsights.then(async (early) => {
    const late = await readInsights(
      context,
      [
        ...windowsClusterNames(
          [
            ...clusters.flatMap((entry) => entry.nodeGroups),
            ...groupDrafts,
            ...candidates.flatMap((candidate) => instanceDrafts.get(candidate.instance) ?? []),
          ],
          lookups,
          inventory.images,
        ),
        ...candidates.flatMap((candidate) =>
          candidate.instance.platform === 'windows' ? clustersThatMayOwn(candidate.instance) : [],
        ),
      ].filter((name) => existing.has(name) && !early.has(name)),
      { more: early.size > 0 },
    );
    return new Map([...early, ...late]);
  });
  const [userData, latestOfImageVersions] = await Promise.all([
    Promise.all([standAloneUserData, fallbackUserData]).then(async ([read, fallback]) => {
      const late = await readInstanceUserData(
        context,
        instancesNeedingUserData(decidedByImage, lookups.templates).filter(
          (id) => !read.has(id) && !fallback.has(id),
        ),
      );
      return new Map<string, UserDataResult>([...read, ...fallback, ...late]);
    }),
    // Versions the AMIs in use were built for that no cluster or node group runs.
    latestImageIds(
      context,
      [...referencedImageIds]
        .map((id) => kubernetesVersionOfAvailable(inventory.images, id))
        .filter((version) => !versionsAsked.has(version)),
    ).then(async (latest) => {
      await lookupImages(context, Object.values(latest.ids), inventory.images);
      return latest;
    }),
  ]);
  inventory.latestImageIds = { ...latestIds.ids, ...latestOfImageVersions.ids };
  if (options.targetVersion !== undefined) {
    const targetNames = new Set(latestImageParameterNames([options.targetVersion]));
    inventory.unpublishedImageParameters = [
      ...latestIds.unpublished,
      ...latestOfImageVersions.unpublished,
    ].filter((name) => targetNames.has(name));
  }

  await managedGroupInstances;
  const siteLookups: SiteLookups = { ...lookups, userData };
  // Grouped once: filtering every list per cluster is quadratic in a region of many clusters.
  const groupDraftsByCluster = Map.groupBy(groupDrafts, (draft) => draft.source.cluster);
  const candidatesByCluster = Map.groupBy(candidates, (candidate) => candidate.instance.cluster);
  const nodeSources = clusters.flatMap(({ cluster, nodeGroups: ownNodeGroups }) =>
    [
      ...ownNodeGroups,
      ...(groupDraftsByCluster.get(cluster.name) ?? []),
      ...(candidatesByCluster.get(cluster.name) ?? []).flatMap(
        (candidate) => instanceDrafts.get(candidate.instance) ?? [],
      ),
    ].map((draft) => assembleNodeSource(context, draft, siteLookups)),
  );
  inventory.nodeSources = attachSiteTags(nodeSources, await templateTags);
  inventory.instanceOs = await instanceOsOf(
    context,
    nodeSources.flatMap((source) => source.instanceIds).filter(mayBeWindowsInstance),
    await instanceOs,
  );
  const insightResults = await insights;
  const insightNotes: ScanNote[] = [];
  inventory.clusters = inventory.clusters.map((cluster) => {
    const result = insightResults.get(cluster.name);
    const note =
      result?.status === 'unavailable' || result?.status === 'read' ? result.note : undefined;
    if (note !== undefined) insightNotes.push(note);
    return result?.status === 'read' ? { ...cluster, insights: result.insights } : cluster;
  });
  notes.push(...mergeInsightNotes(insightNotes));
  await Promise.all([vpcs, progressReported, windowsInstances?.done]);
  // A limited scan's listing refused or cut short costs only the names of the clusters outside it.
  listingCut.abort();
  const listing = await Promise.race([clusterListing, listingCutShort]);
  if ('names' in listing) inventory.regionClusterNames = listing.names;
  return finish(false);
}

/** The region's cluster names, or why ListClusters refused them. */
type ClusterListing = { names: string[] } | { error: unknown };

interface CollectedCluster {
  cluster: Cluster;
  nodeGroups: NodeGroupDraft[];
}

/** One cluster's calls: its description, and its node groups once they are known too. */
interface ClusterTask {
  name: string;
  cluster: Promise<Cluster | undefined>;
  collected: Promise<CollectedCluster | undefined>;
}

/**
 * DescribeCluster and the managed node groups of one cluster: at the same time for a cluster
 * that exists (listed), else one after the other (a name given may be wrong, and listing the
 * node groups of a missing cluster fails).
 */
function collectCluster(context: CollectContext, name: string, exists: boolean): ClusterTask {
  const cluster = describeCluster(context, name, { listed: exists });
  if (!exists) {
    const collected = cluster.then(async (described) =>
      described === undefined
        ? undefined
        : { cluster: described, nodeGroups: await collectNodeGroups(context, name) },
    );
    return { name, cluster, collected };
  }
  // A cluster deleted meanwhile has no node groups to report, nor their failures.
  const failures: Parameters<FailureSink>[] = [];
  const nodeGroups = collectNodeGroups(context, name, (...failure) => failures.push(failure));
  const collected = Promise.all([cluster, nodeGroups]).then(([described, groups]) => {
    if (described === undefined) return undefined;
    for (const [operation, error] of failures) context.errors.record(operation, error, name);
    return { cluster: described, nodeGroups: groups };
  });
  return { name, cluster, collected };
}

/** Progress once per cluster, when its node sources are known (the listings' too). */
async function reportClusterProgress(
  context: CollectContext,
  tasks: readonly ClusterTask[],
  listings: Promise<RegionWideListings>,
): Promise<void> {
  // Nothing would await the counts, and a failed listing would be an unhandled rejection.
  if (tasks.length === 0) return;
  let done = 0;
  // Counted once for every cluster: counting the listings per cluster is quadratic.
  const listedByCluster = listings.then(({ groups, instances }) => {
    const counts = new Map<string, number>();
    const add = (cluster: string) => counts.set(cluster, (counts.get(cluster) ?? 0) + 1);
    for (const draft of groups.drafts) add(draft.source.cluster);
    for (const instance of instances) add(instance.cluster);
    return counts;
  });
  await Promise.all(
    tasks.map(async (task) => {
      const [collected, listed] = await Promise.all([task.collected, listedByCluster]);
      done += 1;
      const count = (collected?.nodeGroups.length ?? 0) + (listed.get(task.name) ?? 0);
      context.onProgress({
        region: context.region,
        message:
          collected === undefined
            ? `cluster ${task.name}: not found`
            : `cluster ${task.name}: ${plural(count, 'node source')}`,
        done,
        total: tasks.length,
      });
    }),
  );
}

/** Managed node groups' instances come from the Auto Scaling groups EKS runs them in. */
async function fillManagedGroupInstances(
  context: CollectContext,
  nodeGroups: readonly NodeGroupDraft[],
  listing: AutoScalingGroupListing,
): Promise<void> {
  const instances = new Map<string, RunningInstance[]>(
    [...listing.managedGroups].map(([name, group]) => [name, group.runningInstances]),
  );
  // Only groups the listing missed (tagged with none of the cluster keys) are asked by name.
  const missing = nodeGroups
    .flatMap((nodeGroup) => nodeGroup.autoScalingGroupNames)
    .filter((name) => !instances.has(name));
  if (missing.length > 0) {
    for (const [name, ids] of await describeGroupInstances(context, missing)) {
      instances.set(name, ids);
    }
  }
  for (const nodeGroup of nodeGroups) {
    const running = nodeGroup.autoScalingGroupNames.flatMap((name) => instances.get(name) ?? []);
    nodeGroup.source.instanceIds = running.map((instance) => instance.instanceId);
    nodeGroup.source.runningInstances = running;
  }
}

/** The latest EKS Windows AMIs of these Kubernetes versions, and the parameters that do not exist. */
async function latestImageIds(
  context: CollectContext,
  versions: Iterable<string | undefined>,
): Promise<LatestImages> {
  const names = latestImageParameterNames(versions);
  if (names.length === 0 || context.stop.requested) return { ids: {}, unpublished: [] };
  progress(context, 'looking up the latest EKS Windows AMIs');
  return getLatestImages(context, names);
}

/**
 * The versions a kubelet may run below a cluster of `version`, at the widest skew the policy
 * allows (3 minors; 2 before 1.28, where one version more is asked for in vain): "1.31" → ["1.30",
 * "1.29", "1.28"].
 */
function olderKubeletVersions(version: string | undefined): string[] {
  const match = /^(\d+)\.(\d+)$/.exec(version ?? '');
  if (match === null) return [];
  const minor = Number(match[2]);
  return Array.from(
    { length: Math.min(KUBELET_VERSION_SKEW.minorsBehind, minor) },
    (_, below) => `${match[1]}.${minor - 1 - below}`,
  );
}

function kubernetesVersionOfAvailable(
  images: Record<string, ImageLookup>,
  imageId: string | undefined,
): string | undefined {
  const lookup = imageId === undefined ? undefined : images[imageId];
  return lookup?.status === 'available'
    ? kubernetesVersionOfImageName(lookup.image.name)
    : undefined;
}

/** What Systems Manager knows of these instances: asked for the ones the first round did not cover. */
async function instanceOsOf(
  context: CollectContext,
  instanceIds: readonly string[],
  first: InstanceOsLookup,
): Promise<Inventory['instanceOs']> {
  const wanted = new Set(instanceIds);
  const rest = [...wanted].filter((id) => !first.covers(id));
  const second = rest.length === 0 ? undefined : await lookupInstanceOs(context, rest);
  return knownOf(wanted, first.found, second?.found);
}

/**
 * The clusters whose node sources run Windows as far as collection can tell (evaluation also
 * reads user data): a Windows amiType, a Windows AMI at a site or under a running instance, or
 * an instance EC2 calls Windows.
 */
function windowsClusterNames(
  drafts: readonly NodeSourceDraft[],
  lookups: Parameters<typeof siteImageIds>[1],
  images: Record<string, ImageLookup>,
): string[] {
  const windowsImage = (id: string | undefined) => {
    const lookup = id === undefined ? undefined : images[id];
    return (
      lookup?.status === 'available' &&
      (lookup.image.platform === 'windows' ||
        (lookup.image.name?.startsWith('Windows_Server-') ?? false))
    );
  };
  const isWindows = ({ source, requests }: NodeSourceDraft) =>
    source.amiType?.startsWith('WINDOWS_') === true ||
    siteImageIds([{ source, requests }], lookups).some(windowsImage) ||
    (source.runningInstances ?? []).some((instance) => windowsImage(instance.imageId));
  return [
    ...new Set(drafts.filter(isWindows).flatMap((draft) => clustersThatMayOwn(draft.source))),
  ];
}

/** Cluster names a note quotes at most. */
const MAX_NAMED = 10;

/**
 * Which of `names` exist in the region, by its listing. When the list can't be had, all are
 * taken to, as a full scan would most often find: a source that joins one of them is left to
 * its scan rather than judged here against the wrong cluster (a false mismatch, and findings
 * a full scan would file elsewhere). A note says its owner went unchecked.
 */
function existingClusters(
  context: CollectContext,
  names: readonly string[],
  listing: ClusterListing,
  notes: ScanNote[],
): Set<string> {
  if ('names' in listing) {
    const existing = new Set(listing.names);
    return new Set(names.filter((name) => existing.has(name)));
  }
  const { code } = describeFailure(listing.error);
  notes.push({
    code: OWNERS_UNCHECKED,
    message: `Node sources here are tagged for clusters this scan does not cover (${someNames(names, MAX_NAMED)}), and the region's clusters could not be listed (ListClusters: ${code}) to tell whether those exist. They are taken to exist, so a source that joins one of them is left to that cluster's scan; one of them since deleted would keep its sources from every limited scan. ${ACCESS_DENIED_CODES.has(code) ? 'Grant eks:ListClusters' : 'Scan again'} to judge them as a scan of the whole region does.`,
    accountId: context.accountId,
    region: context.region,
  });
  return new Set(names);
}

/** The cluster a node source is with, or every cluster that may turn out to own it. */
function clustersThatMayOwn(source: Owned): string[] {
  return source.ownerCandidates ?? [source.cluster];
}

/** Each cluster's insights, side by side (never rejects); `more` for a second round. */
async function readInsights(
  context: CollectContext,
  names: readonly string[],
  { more = false }: { more?: boolean } = {},
): Promise<Map<string, InsightsResult>> {
  const clusterNames = [...new Set(names)];
  if (clusterNames.length > 0) {
    progress(context, `reading EKS cluster insights${more ? ' of more clusters' : ''}`);
  }
  const results = await Promise.all(
    clusterNames.map(async (name) => [name, await collectInsights(context, name)] as const),
  );
  return new Map(results);
}

/**
 * The distinct launch templates the listings' pages name as they come in, and whether they are
 * enough for the region-wide listing of every template's $Default and $Latest
 * (REGION_WIDE_MIN_TEMPLATES). Once they are, later pages are not read for templates.
 */
class TemplatesListed {
  readonly #keys = new Set<string>();
  #enough = false;
  #resolve: (enough: true) => void = () => {};
  readonly enough = new Promise<true>((resolve) => {
    this.#resolve = resolve;
  });

  /** Counts a page's templates, `keysOf` read only while more are wanted. */
  readonly add = (keysOf: () => readonly string[]): void => {
    if (this.#enough) return;
    for (const key of keysOf()) this.#keys.add(key);
    if (this.#keys.size < REGION_WIDE_MIN_TEMPLATES) return;
    this.#enough = true;
    this.#resolve(true);
  };
}

function progress(context: CollectContext, message: string): void {
  context.onProgress({ region: context.region, message });
}
