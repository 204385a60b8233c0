/**
 * The fewest calls per operation that the batching and paging APIs allow for a complete scan
 * of an estate, and a lower bound on the scan's wall time under a model.
 *
 * What a complete scan must read (README, SPEC): every cluster of every region, its node
 * groups, the Auto Scaling groups of its node groups and self-managed groups (their live
 * instances), the instances no group owns (Karpenter, stand-alone), the launch template
 * versions, launch configurations and user data those name, the tags of the templates, the
 * AMIs of all of them (and the `resolve:ssm:` parameters some templates name instead), the
 * latest EKS Windows AMIs of every Kubernetes version in play, Systems Manager's view of the
 * instances, the clusters' VPCs and the caller's account.
 *
 * Minimum calls, per region (AWS page sizes and id limits in brackets):
 * - ListClusters: ceil(clusters / 100) pages, at least one [maxResults ≤ 100].
 * - DescribeCluster: one per cluster. ListNodegroups: ceil(node groups / 100) pages per
 *   cluster, at least one. DescribeNodegroup: one per node group.
 * - DescribeAutoScalingGroups: ceil(groups to read / 100), the groups of the clusters' node
 *   groups and self-managed groups, selected by tag filters [MaxRecords ≤ 100]; the other
 *   groups need not be read. At least one.
 * - DescribeLaunchConfigurations: ceil(configurations named / 50) [≤ 50 names].
 * - DescribeInstances: ceil(instances carrying a cluster or Karpenter tag / 1000), filtered
 *   on tag keys and node states; at least one [MaxResults ≤ 1000]. (Instances of groups carry
 *   the cluster tag too: no filter leaves them out.)
 * - DescribeLaunchTemplateVersions: the cheaper of (a) one call per template referenced (all
 *   the versions asked of it in one call; a template that is gone costs its failing call) and
 *   (b) the region-wide `$Default`+`$Latest` listing, ceil(versions it returns / 200) pages,
 *   plus one call per template referenced by a number that is neither its default nor its
 *   latest version (a template missing from the listing is gone: no call).
 * - DescribeLaunchTemplates (tags for suppressions): ceil(templates referenced that exist /
 *   200), or the region-wide listing, ceil(templates / 200), if fewer [MaxResults ≤ 200].
 * - DescribeInstanceAttribute: one per Karpenter or stand-alone node that may run Windows
 *   and has no launch template (none, or one that is gone) — there is no batch form.
 * - GetParameters [≤ 10 names] and DescribeImages [≤ 1,000 ids: "you should not specify more
 *   than 1,000 IDs in a single call", EC2 Developer Guide, Pagination], in one round. The
 *   latest-AMI parameters are six names (2019, 2022, 2025 × Core, Full) per Kubernetes version
 *   in play: the clusters' and node groups', and those only an AMI's name reveals. A scanner
 *   can foresee the latter (a node runs at most three minor versions below its cluster; the
 *   scanner asks for those with the others), so they take no second round: the `resolve:ssm:`
 *   names and the latest-AMI names, ceil(names / 10) together; then every AMI known by then
 *   (the sites' and the latest ones), ceil(ids / 1000) together.
 * - DescribeInstanceInformation: the cheaper of ceil(node instances EC2 does not call Linux /
 *   50) calls filtered by InstanceIds [≤ 50 values, MaxResults ≤ 50] and ceil(Windows managed
 *   instances of the region / 50) pages of the region-wide PlatformTypes=Windows listing.
 * - DescribeVpcs: ceil(cluster VPCs / 1000).
 * - DescribeInstances by id (what groups' instances run, for drift): ceil(live instances of
 *   the groups that the tag listing did not return / 1000) [≤ 1,000 ids]; their AMIs join the
 *   first DescribeImages round.
 * - ListInsights: one per cluster with Windows node sources (a cluster has a handful of
 *   insights, one page) [maxResults ≤ 100]; DescribeInsight: one per insight in ERROR or
 *   WARNING (ListInsights does not return the recommendation).
 * - GetCallerIdentity: once per scan.
 */
import type { Estate, Instance, LaunchTemplate, RegionEstate } from './estate.ts';
import { type BucketRule, bucketOf, type Service, SOCKETS_PER_CLIENT } from './limits.ts';
import { clusterInsights } from './services/eks.ts';

/** The scan's work, in stages: a stage's calls can start once the stages it needs answered. */
export const STAGES = [
  'ListClusters',
  'DescribeCluster',
  'ListNodegroups',
  'DescribeNodegroup',
  'DescribeAutoScalingGroups',
  'DescribeLaunchConfigurations',
  'DescribeInstances',
  'DescribeInstances:byId',
  'DescribeLaunchTemplateVersions',
  'DescribeInstanceAttribute',
  'DescribeLaunchTemplates',
  'GetParameters',
  'DescribeImages',
  'DescribeInstanceInformation',
  'DescribeVpcs',
  'ListInsights',
  'DescribeInsight',
] as const;
export type Stage = (typeof STAGES)[number];

const SERVICE_OF: Record<string, Service> = {
  ListClusters: 'eks',
  DescribeCluster: 'eks',
  ListNodegroups: 'eks',
  DescribeNodegroup: 'eks',
  ListInsights: 'eks',
  DescribeInsight: 'eks',
  DescribeAutoScalingGroups: 'autoScaling',
  DescribeLaunchConfigurations: 'autoScaling',
  DescribeInstances: 'ec2',
  DescribeLaunchTemplateVersions: 'ec2',
  DescribeInstanceAttribute: 'ec2',
  DescribeLaunchTemplates: 'ec2',
  DescribeImages: 'ec2',
  DescribeVpcs: 'ec2',
  GetParameters: 'ssm',
  DescribeInstanceInformation: 'ssm',
  GetCallerIdentity: 'sts',
};

/** Every operation the scanner calls, e.g. for `--hang`. */
export const OPERATIONS = Object.keys(SERVICE_OF);

export function operationOf(stage: Stage): string {
  return stage.split(':')[0] as string;
}

export interface RegionMinimum {
  region: string;
  calls: Record<Stage, number>;
  /** When each stage can finish at the earliest, in call latencies (sequential pages count each). */
  finish: Record<Stage, number>;
}

export interface Minimum {
  regions: RegionMinimum[];
  /** Per operation, all regions, GetCallerIdentity included. */
  calls: Record<string, number>;
  total: number;
  /** The longest chain of dependent calls, in calls (regions run side by side). */
  chain: number;
}

const ceil = (n: number, size: number) => Math.ceil(n / size);
const NODE_STATES = new Set(['pending', 'running', 'stopping', 'stopped']);
const WINDOWS_VERSION = /-EKS_Optimized-(\d+\.\d+)-/;

/** The cheapest way to know what an instance runs: EC2's platform, else its AMI's name. */
function mayRunWindows(instance: Instance, region: RegionEstate): boolean {
  if (instance.platform === 'windows') return true;
  const image = region.imageById.get(instance.imageId);
  if (image === undefined || !image.visible) return true;
  return image.platform === 'windows' || image.name.startsWith('Windows_Server-');
}

interface Ref {
  template: LaunchTemplate | undefined;
  /** How the reference names the template (a template that is gone is known by it only). */
  identity: string;
  version: string;
  /** The AMI that wins over the template's (mixed instances override, instance's own). */
  imageId?: string;
  byNameOnly: boolean;
}

export function regionMinimum(region: RegionEstate): RegionMinimum {
  const calls = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  const clusters = region.clusters;
  calls.ListClusters = Math.max(1, ceil(clusters.length, 100));
  if (clusters.length === 0) {
    return { region: region.region, calls, finish: finishTimes(calls, {} as Depths) };
  }
  const clusterNames = new Set(clusters.map((cluster) => cluster.name));
  calls.DescribeCluster = clusters.length;
  let nodeGroupPages = 1;
  for (const cluster of clusters) {
    const count = region.nodeGroupsByCluster.get(cluster.name)?.length ?? 0;
    const pages = Math.max(1, ceil(count, 100));
    calls.ListNodegroups += pages;
    calls.DescribeNodegroup += count;
    nodeGroupPages = Math.max(nodeGroupPages, pages);
  }

  const groups = region.groups.filter(
    (group) => group.kind !== 'unrelated' && clusterNames.has(group.cluster ?? ''),
  );
  calls.DescribeAutoScalingGroups = Math.max(1, ceil(groups.length, 100));
  const selfManaged = groups.filter((group) => group.kind === 'self-managed');
  const configurationNames = new Set(
    selfManaged.flatMap((group) =>
      group.launchConfigurationName === undefined ? [] : [group.launchConfigurationName],
    ),
  );
  calls.DescribeLaunchConfigurations = ceil(configurationNames.size, 50);

  const tagged = region.instances.filter(
    (instance) =>
      NODE_STATES.has(instance.state) &&
      Object.keys(instance.tags).some(
        (key) =>
          key === 'karpenter.sh/nodepool' ||
          ((key.startsWith('kubernetes.io/cluster/') || key.startsWith('k8s.io/cluster/')) &&
            clusterNames.has(key.slice(key.indexOf('/cluster/') + 9))),
      ),
  );
  calls.DescribeInstances = Math.max(1, ceil(tagged.length, 1000));
  const nodeInstances = tagged.filter(
    (instance) => instance.tags['aws:autoscaling:groupName'] === undefined,
  );
  // What the groups' live instances run: the tag listing's, the others by id.
  const listed = new Set(tagged.map((instance) => instance.id));
  const groupsOfNodeGroups = new Set(
    clusters.flatMap((cluster) =>
      (region.nodeGroupsByCluster.get(cluster.name) ?? []).map((ng) => ng.autoScalingGroupName),
    ),
  );
  const runningGroupInstances = groups
    .filter((group) => group.kind === 'self-managed' || groupsOfNodeGroups.has(group.name))
    .flatMap((group) =>
      group.instances
        .filter((instance) => !instance.lifecycleState.startsWith('Terminat'))
        .map((instance) => ({ group, id: instance.id })),
    );
  calls['DescribeInstances:byId'] = ceil(
    runningGroupInstances.filter((instance) => !listed.has(instance.id)).length,
    1000,
  );

  // Launch template references, as the node sources make them.
  const refs: Ref[] = [];
  const refOf = (
    spec: { id?: string; name?: string; version?: string },
    imageId?: string,
  ): Ref => ({
    template:
      spec.id !== undefined
        ? region.templateById.get(spec.id)
        : region.templateByName.get(spec.name ?? ''),
    identity: spec.id !== undefined ? `id:${spec.id}` : `name:${spec.name}`,
    version: spec.version?.trim() ? spec.version.trim() : '$Default',
    ...(imageId === undefined ? {} : { imageId }),
    byNameOnly: spec.id === undefined,
  });
  for (const nodeGroup of clusters.flatMap(
    (cluster) => region.nodeGroupsByCluster.get(cluster.name) ?? [],
  )) {
    if (nodeGroup.launchTemplate !== undefined) refs.push(refOf(nodeGroup.launchTemplate));
  }
  const siteImages = new Set<string>();
  for (const { id } of runningGroupInstances) {
    const imageId = region.instanceById.get(id)?.imageId;
    if (imageId !== undefined) siteImages.add(imageId);
  }
  for (const group of selfManaged) {
    if (group.launchTemplate !== undefined) refs.push(refOf(group.launchTemplate));
    if (group.mixed !== undefined) {
      refs.push(refOf(group.mixed.template));
      for (const override of group.mixed.overrides) {
        if (override.template !== undefined || override.imageId !== undefined) {
          refs.push(refOf(override.template ?? group.mixed.template, override.imageId));
        }
      }
    }
    if (group.launchConfigurationName !== undefined) {
      const configuration = region.launchConfigurationByName.get(group.launchConfigurationName);
      if (configuration !== undefined) siteImages.add(configuration.imageId);
    }
  }
  let attributeReads = 0;
  let goneTemplateReads = 0;
  const siteTemplateIds = new Set<string>();
  for (const instance of nodeInstances) {
    siteImages.add(instance.imageId);
    const templateId = instance.tags['aws:ec2launchtemplate:id'];
    const template = templateId === undefined ? undefined : region.templateById.get(templateId);
    if (!mayRunWindows(instance, region)) {
      if (template !== undefined) siteTemplateIds.add(template.id);
      continue;
    }
    if (templateId !== undefined) {
      refs.push(
        refOf(
          { id: templateId, version: instance.tags['aws:ec2launchtemplate:version'] ?? '$Default' },
          instance.imageId,
        ),
      );
    }
    if (template === undefined) {
      attributeReads += 1;
      if (templateId !== undefined) goneTemplateReads += 1;
    }
  }
  calls.DescribeInstanceAttribute = attributeReads;

  const identities = new Set(refs.map((ref) => ref.identity));
  const uncovered = new Set<string>();
  for (const ref of refs) {
    const template = ref.template;
    if (template === undefined || ref.version.startsWith('$')) continue;
    const number = Number(ref.version);
    if (number !== template.defaultVersion && number !== template.versions.length)
      uncovered.add(template.id);
  }
  const aliasItems = region.templates.reduce(
    (sum, template) => sum + (template.defaultVersion === template.versions.length ? 1 : 2),
    0,
  );
  const aliasPages = Math.max(1, ceil(aliasItems, 200));
  const perTemplate = identities.size;
  const regionWide = aliasPages + uncovered.size;
  calls.DescribeLaunchTemplateVersions = refs.length === 0 ? 0 : Math.min(perTemplate, regionWide);

  const resolveNames = new Set<string>();
  for (const ref of refs) {
    const template = ref.template;
    if (template === undefined) continue;
    siteTemplateIds.add(template.id);
    const number =
      ref.version === '$Latest'
        ? template.versions.length
        : ref.version === '$Default'
          ? template.defaultVersion
          : Number(ref.version);
    const version = template.versions.find((candidate) => candidate.number === number);
    const imageId = ref.imageId ?? version?.imageId;
    if (imageId?.startsWith('resolve:ssm:')) {
      const name = imageId.slice('resolve:ssm:'.length);
      resolveNames.add(name);
      const parameter = region.parameterByName.get(name);
      if (parameter !== undefined) siteImages.add(parameter.value);
    } else if (imageId !== undefined) {
      siteImages.add(imageId);
    }
  }
  calls.DescribeLaunchTemplates =
    siteTemplateIds.size === 0
      ? 0
      : Math.min(ceil(siteTemplateIds.size, 200), Math.max(1, ceil(region.templates.length, 200)));
  // Kubernetes versions the clusters and node groups declare.
  const versions = new Set<string>();
  for (const cluster of clusters) versions.add(cluster.version);
  for (const nodeGroup of region.nodeGroups) {
    if (clusterNames.has(nodeGroup.cluster)) versions.add(nodeGroup.version);
  }
  const latestParameterNames = (versions: Iterable<string>) =>
    [...versions].flatMap((version) =>
      ['2019', '2022', '2025'].flatMap((release) =>
        ['Core', 'Full'].map(
          (edition) =>
            `/aws/service/ami-windows-latest/Windows_Server-${release}-English-${edition}-EKS_Optimized-${version}/image_id`,
        ),
      ),
    );
  const latestImages = (versions: Iterable<string>) =>
    latestParameterNames(versions).flatMap((name) => {
      const value = region.parameterByName.get(name)?.value;
      return value === undefined ? [] : [value];
    });
  // And those only the AMIs' names reveal, foreseeable: in the same round.
  const siteImageIds = [...siteImages].filter((id) => id.startsWith('ami-'));
  for (const id of siteImageIds) {
    const image = region.imageById.get(id);
    const version = image?.visible ? WINDOWS_VERSION.exec(image.name)?.[1] : undefined;
    if (version !== undefined) versions.add(version);
  }
  // One round: the `resolve:ssm:` names and the versions' latest-AMI names together, then
  // every AMI known by then (the sites' and those latest ones) together.
  calls.GetParameters = ceil(resolveNames.size + versions.size * 6, 10);
  const ids = new Set([...siteImageIds, ...latestImages(versions)]);
  calls.DescribeImages = ceil([...ids].filter((id) => id.startsWith('ami-')).length, 1000);

  const nodeInstanceIds = new Set<string>(nodeInstances.map((instance) => instance.id));
  for (const group of groups) {
    for (const instance of group.instances) {
      if (!instance.lifecycleState.startsWith('Terminat')) nodeInstanceIds.add(instance.id);
    }
  }
  const windowsManaged = region.instances.filter(
    (instance) => instance.ssm?.platformType === 'Windows',
  ).length;
  // Asked by id: the nodes EC2 does not call Linux (those it listed as Windows, and group
  // instances the tag listing did not return).
  const askable = [...nodeInstanceIds].filter(
    (id) => !listed.has(id) || region.instanceById.get(id)?.platform === 'windows',
  );
  const byIds = ceil(askable.length, 50);
  const listing = ceil(windowsManaged, 50);
  calls.DescribeInstanceInformation = Math.min(byIds, listing);
  calls.DescribeVpcs = ceil(new Set(clusters.map((cluster) => cluster.vpcId)).size, 1000);

  const windowsClusters = windowsClustersOf(region, clusters, runningGroupInstances, nodeInstances);
  calls.ListInsights = windowsClusters.size;
  // Known to run Windows before any AMI is: a Windows amiType, an instance EC2 calls Windows.
  const windowsEarly = new Set([
    ...region.nodeGroups
      .filter((nodeGroup) => nodeGroup.amiType.startsWith('WINDOWS_'))
      .map((nodeGroup) => nodeGroup.cluster),
    ...nodeInstances
      .filter((instance) => instance.platform === 'windows')
      .map((instance) => clusterOfInstance(instance, clusterNames)),
  ]);
  calls.DescribeInsight = [...windowsClusters].reduce(
    (sum, name) =>
      sum + clusterInsights(name, region).filter((insight) => insight.status !== 'PASSING').length,
    0,
  );

  return {
    region: region.region,
    calls,
    finish: finishTimes(calls, {
      nodeGroupPages,
      aliasPages,
      uncoveredNumbered: uncovered.size > 0,
      perTemplateCheaper: perTemplate <= regionWide,
      namedOnly: refs.some((ref) => ref.byNameOnly),
      goneTemplates: goneTemplateReads > 0,
      listingPages: listing,
      insightsWaitForImages: [...windowsClusters].some((name) => !windowsEarly.has(name)),
    }),
  };
}

/** Whether an AMI is one the account sees and names Windows. */
function windowsImage(region: RegionEstate, imageId: string | undefined): boolean {
  const image = imageId === undefined ? undefined : region.imageById.get(imageId);
  if (image === undefined || !image.visible) return false;
  return image.platform === 'windows' || image.name.startsWith('Windows_Server-');
}

/** The AMI a launch template reference launches, `resolve:ssm:` resolved. */
function templateImage(
  region: RegionEstate,
  spec: { id?: string; name?: string; version?: string },
  imageId?: string,
): string | undefined {
  const template =
    spec.id !== undefined
      ? region.templateById.get(spec.id)
      : region.templateByName.get(spec.name ?? '');
  const requested = spec.version?.trim() ? spec.version.trim() : '$Default';
  const number =
    template === undefined
      ? undefined
      : requested === '$Latest'
        ? template.versions.length
        : requested === '$Default'
          ? template.defaultVersion
          : Number(requested);
  const named = imageId ?? template?.versions.find((version) => version.number === number)?.imageId;
  if (named?.startsWith('resolve:ssm:'))
    return region.parameterByName.get(named.slice('resolve:ssm:'.length))?.value;
  return named;
}

/**
 * The clusters with Windows node sources as collection tells them (before user data): a
 * Windows amiType, a Windows AMI at a site or under a group's running instance, or an instance
 * EC2 calls Windows. Their insights are read.
 */
function windowsClustersOf(
  region: RegionEstate,
  clusters: RegionEstate['clusters'],
  runningGroupInstances: { group: RegionEstate['groups'][number]; id: string }[],
  nodeInstances: Instance[],
): Set<string> {
  const names = new Set(clusters.map((cluster) => cluster.name));
  const windows = new Set<string>();
  const add = (cluster: string | undefined) => {
    if (cluster !== undefined && names.has(cluster)) windows.add(cluster);
  };
  for (const nodeGroup of region.nodeGroups) {
    if (
      nodeGroup.amiType.startsWith('WINDOWS_') ||
      (nodeGroup.launchTemplate !== undefined &&
        windowsImage(region, templateImage(region, nodeGroup.launchTemplate)))
    )
      add(nodeGroup.cluster);
  }
  for (const group of region.groups) {
    if (group.kind !== 'self-managed') continue;
    const images: (string | undefined)[] = [];
    if (group.launchTemplate !== undefined)
      images.push(templateImage(region, group.launchTemplate));
    if (group.mixed !== undefined) {
      images.push(templateImage(region, group.mixed.template));
      for (const override of group.mixed.overrides) {
        if (override.template !== undefined || override.imageId !== undefined)
          images.push(
            templateImage(region, override.template ?? group.mixed.template, override.imageId),
          );
      }
    }
    if (group.launchConfigurationName !== undefined)
      images.push(region.launchConfigurationByName.get(group.launchConfigurationName)?.imageId);
    if (images.some((id) => windowsImage(region, id))) add(group.cluster);
  }
  for (const { group, id } of runningGroupInstances) {
    if (windowsImage(region, region.instanceById.get(id)?.imageId)) add(group.cluster);
  }
  for (const instance of nodeInstances) {
    const cluster = clusterOfInstance(instance, names);
    const templateId = instance.tags['aws:ec2launchtemplate:id'];
    if (
      instance.platform === 'windows' ||
      windowsImage(region, instance.imageId) ||
      (templateId !== undefined &&
        windowsImage(
          region,
          templateImage(
            region,
            { id: templateId, version: instance.tags['aws:ec2launchtemplate:version'] },
            instance.imageId,
          ),
        ))
    )
      add(cluster);
  }
  return windows;
}

/** The scanned cluster an instance's tags name (name-valued tags first, as the scanner reads them). */
function clusterOfInstance(instance: Instance, names: ReadonlySet<string>): string | undefined {
  for (const key of [
    'eks:cluster-name',
    'alpha.eksctl.io/cluster-name',
    'eks:eks-cluster-name',
    'karpenter.sh/managed-by',
  ]) {
    const value = instance.tags[key];
    if (value !== undefined && names.has(value)) return value;
  }
  for (const [key, value] of Object.entries(instance.tags)) {
    if (value !== 'owned' && value !== 'shared') continue;
    const match = /^(?:kubernetes\.io|k8s\.io)\/cluster\/(.+)$/.exec(key);
    if (match?.[1] !== undefined && names.has(match[1])) return match[1];
  }
  return undefined;
}

interface Depths {
  nodeGroupPages?: number;
  aliasPages?: number;
  uncoveredNumbered?: boolean;
  perTemplateCheaper?: boolean;
  namedOnly?: boolean;
  goneTemplates?: boolean;
  listingPages?: number;
  /** Some cluster runs Windows only as its AMIs say (no Windows amiType or EC2 platform). */
  insightsWaitForImages?: boolean;
}

/**
 * The earliest each stage can finish, counting one latency per call on the path and the pages
 * of a listing one after another (a NextToken needs the previous page). Where two ways exist,
 * the faster counts — so the chain is a lower bound for any way of scanning, not only for the
 * one with the fewest calls:
 * - tag-filtered listings (Auto Scaling groups, instances) can be split by tag keys into
 *   listings of one page each, side by side: one latency after the cluster names are known;
 * - launch template versions: per template, once the references are known, or the
 *   region-wide listing (from the start, its pages in sequence) and then the numbered
 *   versions it did not cover;
 * - instance information: by ids once the instances are known, or the region-wide listing's
 *   pages in sequence from the start;
 * - insights: once the node groups and instances are known, unless a cluster's AMIs alone say
 *   it runs Windows.
 * A stage with no calls adds nothing to the chains through it.
 */
function finishTimes(calls: Record<Stage, number>, depths: Depths): Record<Stage, number> {
  const finish = {} as Record<Stage, number>;
  const at = (stage: Stage) => (calls[stage] > 0 ? finish[stage] : 0);
  const after = (...stages: Stage[]) => Math.max(0, ...stages.map(at));
  const set = (stage: Stage, value: number) => {
    finish[stage] = calls[stage] > 0 ? value : after();
  };
  set('ListClusters', calls.ListClusters);
  set('DescribeCluster', after('ListClusters') + 1);
  set('ListNodegroups', after('ListClusters') + (depths.nodeGroupPages ?? 1));
  set('DescribeNodegroup', after('ListNodegroups') + 1);
  set('DescribeAutoScalingGroups', after('ListClusters') + 1);
  set('DescribeInstances', after('ListClusters') + 1);
  set(
    'DescribeInstances:byId',
    after('DescribeNodegroup', 'DescribeAutoScalingGroups', 'DescribeInstances') + 1,
  );
  set('DescribeLaunchConfigurations', after('DescribeAutoScalingGroups') + 1);
  const referencesKnown = after(
    'DescribeNodegroup',
    'DescribeAutoScalingGroups',
    'DescribeInstances',
  );
  const perTemplate = referencesKnown + 1;
  const regionWide = Math.max(
    depths.aliasPages ?? 1,
    depths.uncoveredNumbered ? referencesKnown + 1 : 0,
  );
  set('DescribeLaunchTemplateVersions', Math.min(perTemplate, regionWide));
  set(
    'DescribeInstanceAttribute',
    (depths.goneTemplates
      ? after('DescribeInstances', 'DescribeLaunchTemplateVersions')
      : after('DescribeInstances')) + 1,
  );
  set(
    'DescribeLaunchTemplates',
    (depths.namedOnly ? after('DescribeLaunchTemplateVersions') : referencesKnown) + 1,
  );
  set(
    'GetParameters',
    after('DescribeLaunchTemplateVersions', 'DescribeCluster', 'DescribeNodegroup') + 1,
  );
  set(
    'DescribeImages',
    after(
      'DescribeLaunchTemplateVersions',
      'GetParameters',
      'DescribeLaunchConfigurations',
      'DescribeInstances',
      'DescribeInstances:byId',
      'DescribeAutoScalingGroups',
    ) + 1,
  );
  set(
    'DescribeInstanceInformation',
    Math.min(
      depths.listingPages ?? Number.POSITIVE_INFINITY,
      after('DescribeAutoScalingGroups', 'DescribeInstances') + 1,
    ),
  );
  set('DescribeVpcs', after('DescribeCluster') + 1);
  // Which clusters run Windows is known from their node groups and instances, or once the
  // AMIs are; each insight once it is listed.
  set(
    'ListInsights',
    (depths.insightsWaitForImages
      ? after('DescribeImages')
      : after('DescribeNodegroup', 'DescribeInstances')) + 1,
  );
  set('DescribeInsight', after('ListInsights') + 1);
  return finish;
}

export function minimumOf(estate: Estate): Minimum {
  const regions = estate.regions.map(regionMinimum);
  const calls: Record<string, number> = { GetCallerIdentity: 1 };
  for (const region of regions) {
    for (const stage of STAGES) {
      const operation = operationOf(stage);
      calls[operation] = (calls[operation] ?? 0) + region.calls[stage];
    }
  }
  const chain = Math.max(
    1,
    ...regions.map((region) =>
      Math.max(...STAGES.map((stage) => (region.calls[stage] > 0 ? region.finish[stage] : 0))),
    ),
  );
  return {
    regions,
    calls,
    total: Object.values(calls).reduce((a, b) => a + b, 0),
    chain,
  };
}

export interface LowerBound {
  /** The largest of the terms below. */
  ms: number;
  /** The longest chain of dependent calls × the latency. */
  chainMs: number;
  /** The slowest bucket: calls beyond its burst at its refill rate, plus the last call's latency. */
  rateLimitedMs: number;
  /** The busiest client: its calls × the latency / the sockets it may keep open. */
  socketLimitedMs: number;
  /** The bucket or client that sets the rate- or socket-limited term. */
  slowest: string;
}

/**
 * A lower bound on the wall time of a complete scan under a model (latency per call, and
 * token buckets when `rules` is given). Each term is a lower bound for any way of scanning:
 * - the chain: no call can be sent before the answers it needs, each answer takes the latency;
 * - rate-limited: a bucket of capacity B refilled at r per second admits at most B + r·t
 *   calls in t seconds, so N calls need at least (N − B) / r seconds, and the last answer the
 *   latency after that (buckets are per account and region, so regions do not share them);
 * - socket-limited: one client keeps at most 50 requests in flight.
 * So is their maximum. It leaves out the scanner's own CPU time (signing, parsing, decoding,
 * evaluating), which the benchmark reports separately.
 */
export function lowerBound(
  minimum: Minimum,
  latencyMs: number,
  rules: readonly BucketRule[] | undefined,
): LowerBound {
  const chainMs = minimum.chain * latencyMs;
  let rateLimitedMs = 0;
  let socketLimitedMs = 0;
  let slowestBucket = '';
  let slowestClient = '';
  for (const region of minimum.regions) {
    const buckets = new Map<string, { calls: number; capacity: number; refill: number }>();
    const clients = new Map<Service, number>();
    for (const stage of STAGES) {
      const count = region.calls[stage];
      if (count === 0) continue;
      const operation = operationOf(stage);
      const service = SERVICE_OF[operation] as Service;
      clients.set(service, (clients.get(service) ?? 0) + count);
      const bucket = rules === undefined ? undefined : bucketOf(rules, service, operation);
      if (bucket === undefined) continue;
      const entry = buckets.get(bucket.key) ?? {
        calls: 0,
        capacity: bucket.capacity,
        refill: bucket.refillPerSecond,
      };
      entry.calls += count;
      buckets.set(bucket.key, entry);
    }
    for (const [key, bucket] of buckets) {
      const ms = (Math.max(0, bucket.calls - bucket.capacity) / bucket.refill) * 1000 + latencyMs;
      if (ms > rateLimitedMs) {
        rateLimitedMs = ms;
        slowestBucket = `${region.region} ${key} (${bucket.calls} calls, burst ${bucket.capacity}, ${bucket.refill}/s)`;
      }
    }
    for (const [service, count] of clients) {
      const ms = Math.ceil(count / SOCKETS_PER_CLIENT) * latencyMs;
      if (ms > socketLimitedMs) {
        socketLimitedMs = ms;
        slowestClient = `${region.region} ${service} client (${count} calls)`;
      }
    }
  }
  const ms = Math.max(chainMs, rateLimitedMs, socketLimitedMs);
  return {
    ms: Math.round(ms),
    chainMs: Math.round(chainMs),
    rateLimitedMs: Math.round(rateLimitedMs),
    socketLimitedMs: Math.round(socketLimitedMs),
    slowest: rateLimitedMs >= socketLimitedMs ? slowestBucket : slowestClient,
  };
}
