/**
 * Facts derived from the inventory that several rules share: which node sources are
 * Windows, which Windows Server release and Kubernetes version a site's AMI carries.
 * Pure functions; "unknown" is returned as undefined, never guessed.
 */

import { editDistance } from '../close-matches.ts';
import type { BootstrapCall, BootstrapParameter, UserDataAnalysis } from '../decode/types.ts';
import type {
  Cluster,
  DecodedConfigSite,
  DecodedInventory,
  DecodedNodeSource,
  Image,
  ResourceType,
} from '../inventory/types.ts';
import { capitalised } from '../text.ts';
import { launchSiteOf, MAX_QUOTED_INSTANCES } from './drift.ts';
import { UNKNOWN_PART } from './kubelet-arguments.ts';
import { memoised } from './memo.ts';
import { AMAZON_OWNER_ALIAS, windowsAmiPublishersIn } from './reference-data/ami-owners.ts';
import {
  CONTAINER_RUNTIMES,
  LAST_KUBERNETES_VERSION_WITH_DOCKER,
} from './reference-data/container-runtimes.ts';
import {
  KUBELET_VERSION_SKEW,
  KUBERNETES_VERSIONS,
  type KubernetesVersionLifecycle,
} from './reference-data/kubernetes-versions.ts';
import {
  WINDOWS_RELEASES,
  type WindowsReleaseLifecycle,
} from './reference-data/windows-releases.ts';
import type { AffectedRef, Evidence, RuleHit } from './types.ts';

const WINDOWS_AMI_TYPE = /^WINDOWS_(CORE|FULL)_(\d{4})_x86_64$/;
const EKS_WINDOWS_AMI_NAME =
  /^Windows_Server-(\w+)-English-(Core|Full)-EKS_Optimized-(\d+\.\d+)-(\d{4})\.(\d{2})\.(\d{2})$/;

/** Windows Server build number (third part of the SSM PlatformVersion) → release. */
const WINDOWS_BUILDS: ReadonlyMap<string, string> = new Map(
  Object.entries(WINDOWS_RELEASES).map(([release, lifecycle]) => [lifecycle.build, release]),
);

export type Edition = 'Core' | 'Full';

export interface WindowsRelease {
  /** "2019", "2022", "2025", "1909", "2004", "20H2". */
  release: string;
  edition?: Edition;
  /** Where the release was read from, most exact first. */
  basis: 'ssm' | 'amiType' | 'amiName';
}

export interface EksWindowsAmiName {
  release: string;
  edition: Edition;
  kubernetesVersion: string;
  /** The build date in the name, YYYY-MM-DD. */
  buildDate: string;
}

/** Parses `Windows_Server-2019-English-Core-EKS_Optimized-1.29-2024.05.14`. */
export function parseEksWindowsAmiName(name: string | undefined): EksWindowsAmiName | undefined {
  return name === undefined ? undefined : eksWindowsAmiNameOf(name);
}

const eksWindowsAmiNameOf = memoised((name: string): EksWindowsAmiName | undefined => {
  const match = EKS_WINDOWS_AMI_NAME.exec(name);
  if (!match) return undefined;
  const [, release, edition, kubernetesVersion, year, month, day] = match;
  if (!release || !kubernetesVersion || (edition !== 'Core' && edition !== 'Full'))
    return undefined;
  return { release, edition, kubernetesVersion, buildDate: `${year}-${month}-${day}` };
});

/** Parses `WINDOWS_CORE_2019_x86_64`. */
export function parseWindowsAmiType(
  amiType: string | undefined,
): { release: string; edition: Edition } | undefined {
  return amiType === undefined ? undefined : windowsAmiTypeOf(amiType);
}

const windowsAmiTypeOf = memoised((amiType: string) => {
  const match = WINDOWS_AMI_TYPE.exec(amiType);
  if (!match?.[1] || !match[2]) return undefined;
  const edition: Edition = match[1] === 'CORE' ? 'Core' : 'Full';
  return { release: match[2], edition };
});

/** "14393" of "10.0.14393": the build, whether the release calendar knows it or not. */
const buildOfPlatformVersion = memoised(
  (platformVersion: string) => /^\d+\.\d+\.(\d+)/.exec(platformVersion)?.[1],
);

/** The Windows build Systems Manager reports for a node, known to the release calendar or not. */
export function reportedWindowsBuildOf(
  inventory: DecodedInventory,
  instanceId: string,
): string | undefined {
  const platformVersion = Object.hasOwn(inventory.instanceOs, instanceId)
    ? inventory.instanceOs[instanceId]?.platformVersion
    : undefined;
  return platformVersion === undefined ? undefined : buildOfPlatformVersion(platformVersion);
}

/** The Windows release Systems Manager reports for a node, when the calendar knows its build. */
export function reportedWindowsReleaseOf(
  inventory: DecodedInventory,
  instanceId: string,
): string | undefined {
  const build = reportedWindowsBuildOf(inventory, instanceId);
  return build === undefined ? undefined : WINDOWS_BUILDS.get(build);
}

export function imageOf(
  inventory: DecodedInventory,
  imageId: string | undefined,
): Image | undefined {
  if (imageId === undefined) return undefined;
  const lookup = inventory.images[imageId];
  return lookup?.status === 'available' ? lookup.image : undefined;
}

/**
 * A site's AMI the scan never read: its lookup failed or the deadline came first
 * (collect/images.ts leaves such ids absent), or so did that of the SSM parameter its
 * `resolve:ssm:` image names (status unknown). What it would tell is unread, not unknown.
 */
export function isImageUnread(
  inventory: DecodedInventory,
  site: Pick<DecodedConfigSite, 'imageId' | 'imageParameter'>,
): boolean {
  const { imageId, imageParameter } = site;
  if (imageParameter?.status === 'unknown') return true;
  return imageId?.startsWith('ami-') === true && inventory.images[imageId] === undefined;
}

function hasWindowsBootstrap(userData: UserDataAnalysis): boolean {
  return userData.status === 'decoded' && userData.powershell && userData.bootstrap !== undefined;
}

function isWindowsImage(image: Image | undefined): boolean {
  return (
    image?.platform?.toLowerCase() === 'windows' ||
    (image?.name?.startsWith('Windows_Server-') ?? false)
  );
}

/**
 * Whether a source's running instances run a Windows AMI, whatever its sites say: a node
 * group whose launch template is gone still has Windows nodes.
 */
export function runsWindowsImages(inventory: DecodedInventory, source: DecodedNodeSource): boolean {
  return (source.runningInstances ?? []).some((instance) =>
    isWindowsImage(imageOf(inventory, instance.imageId)),
  );
}

/**
 * SPEC section 3: Windows by amiType, AMI platform, AMI name, or a PowerShell bootstrap call;
 * also a resolve:ssm: image naming one of the public Windows AMI parameters
 * (/aws/service/ami-windows-latest/Windows_Server-…), whether or not it resolved.
 */
export function isWindowsSite(inventory: DecodedInventory, site: DecodedConfigSite): boolean {
  return (
    isWindowsImage(imageOf(inventory, site.imageId)) ||
    hasWindowsBootstrap(site.userData) ||
    /\/Windows_Server-/.test(site.imageParameter?.name ?? '')
  );
}

export function isWindowsSource(inventory: DecodedInventory, source: DecodedNodeSource): boolean {
  return perSource(
    windowsSourceFacts,
    inventory,
    source,
    () =>
      parseWindowsAmiType(source.amiType) !== undefined ||
      source.sites.some((site) => isWindowsSite(inventory, site)),
  );
}

/**
 * What was derived from one node source or site, and from the parts of the inventory it was
 * read with: an upgrade's projected inventory (a copy holding the same sources, images and
 * instances) and a rule re-run cluster by cluster find it again instead of deriving it anew.
 */
interface Derived<T> {
  images: DecodedInventory['images'];
  instanceOs: DecodedInventory['instanceOs'];
  source: DecodedNodeSource;
  value: T;
}

function perSource<K extends object, T>(
  cache: WeakMap<K, Derived<T>>,
  inventory: DecodedInventory,
  key: K,
  compute: () => T,
  source = key as unknown as DecodedNodeSource,
): T {
  const known = cache.get(key);
  if (
    known !== undefined &&
    known.images === inventory.images &&
    known.instanceOs === inventory.instanceOs &&
    known.source === source
  )
    return known.value;
  const value = compute();
  cache.set(key, { images: inventory.images, instanceOs: inventory.instanceOs, source, value });
  return value;
}

const windowsSourceFacts = new WeakMap<DecodedNodeSource, Derived<boolean>>();
const siteReleases = new WeakMap<DecodedConfigSite, Derived<WindowsReleaseJudgement>>();
const siteRuntimes = new WeakMap<DecodedConfigSite, Derived<ContainerRuntimeUse | undefined>>();

/**
 * Managed node groups on an EKS Windows amiType get their bootstrap from EKS; every other
 * source (self-managed, Karpenter, `CUSTOM` node groups) must call Start-EKSBootstrap itself.
 */
export function mustBootstrapItself(source: DecodedNodeSource): boolean {
  return source.kind !== 'managed-node-group' || source.amiType === 'CUSTOM';
}

/**
 * The Windows Server release a site declares, without asking its nodes: the node group's
 * amiType, then the EKS AMI name.
 */
export function declaredWindowsReleaseOf(
  inventory: DecodedInventory,
  source: DecodedNodeSource,
  site: DecodedConfigSite,
): WindowsRelease | undefined {
  if (source.amiType !== 'CUSTOM') {
    const fromType = parseWindowsAmiType(source.amiType);
    if (fromType) return { ...fromType, basis: 'amiType' };
  }
  const fromName = parseEksWindowsAmiName(imageOf(inventory, site.imageId)?.name);
  if (fromName) return { release: fromName.release, edition: fromName.edition, basis: 'amiName' };
  return undefined;
}

/** One Windows release a site's nodes run, as judged. */
export interface SiteRelease {
  release: WindowsRelease;
  /** The running nodes Systems Manager reports it on (basis `ssm`), sorted. */
  instanceIds?: string[];
  /**
   * `windows-<release>` when this is not the release the site declares (or, declaring none,
   * one of several its nodes report): keeps its findings apart from the declared release's.
   */
  qualifier?: string;
}

/**
 * The Windows Server releases one site of a source runs, most exact first. Each running node
 * counts with the build Systems Manager reports for it; the nodes it knows nothing of (and a
 * site without running nodes) with the release the site declares (amiType, then AMI name).
 * So a site whose nodes all report one build runs that release; a site whose nodes report
 * several runs each of them, every one naming its nodes. A source with one site counts all
 * its nodes there. A source with several (a mixed instances group whose overrides name other
 * templates) counts at each site the nodes launched from it, as the launch template, version
 * and AMI, or the launch configuration, each node was launched from tell (`launchSiteOf`); a
 * node whose site can't be told counts at none. Empty when nothing tells the release.
 */
export function windowsReleasesOf(
  inventory: DecodedInventory,
  source: DecodedNodeSource,
  site: DecodedConfigSite,
): SiteRelease[] {
  return windowsReleaseJudgementOf(inventory, source, site).releases;
}

/** A Windows build that running nodes of a site report and the release calendar does not know. */
export interface UnknownWindowsBuild {
  /** "14393", the third part of the PlatformVersion. */
  build: string;
  /** The running nodes that report it, sorted. */
  instanceIds: string[];
}

/** What a site's nodes tell of the Windows Server release they run. */
export interface WindowsReleaseJudgement {
  /** The releases judged (see windowsReleasesOf). */
  releases: SiteRelease[];
  /**
   * Builds the calendar does not know: their nodes count for no release, not even the one
   * the site declares, since their build says they don't run it. Sorted by build.
   */
  unknownBuilds: UnknownWindowsBuild[];
  /** True when the site has nodes Systems Manager reports no build for, or none running. */
  anyUnreported: boolean;
  /** What the site declares (declaredWindowsReleaseOf), whether or not its nodes run it. */
  declared?: WindowsRelease;
}

export function windowsReleaseJudgementOf(
  inventory: DecodedInventory,
  source: DecodedNodeSource,
  site: DecodedConfigSite,
): WindowsReleaseJudgement {
  return perSource(
    siteReleases,
    inventory,
    site,
    () => judgeWindowsReleases(inventory, source, site),
    source,
  );
}

function judgeWindowsReleases(
  inventory: DecodedInventory,
  source: DecodedNodeSource,
  site: DecodedConfigSite,
): WindowsReleaseJudgement {
  const declared = declaredWindowsReleaseOf(inventory, source, site);
  const reported = new Map<string, string[]>();
  const unknown = new Map<string, string[]>();
  let unreported = false;
  const nodes = nodesLaunchedFrom(source, site);
  for (const id of nodes) {
    const build = reportedWindowsBuildOf(inventory, id);
    const release = build === undefined ? undefined : WINDOWS_BUILDS.get(build);
    if (build === undefined) unreported = true;
    else if (release === undefined) appendTo(unknown, build, id);
    else appendTo(reported, release, id);
  }
  const unknownBuilds = [...unknown.keys()]
    .sort()
    .map((build) => ({ build, instanceIds: (unknown.get(build) ?? []).sort() }));
  const anyUnreported = unreported || nodes.size === 0;
  return {
    releases: releasesJudged(inventory, source, site, declared, reported, anyUnreported),
    unknownBuilds,
    anyUnreported,
    ...(declared ? { declared } : {}),
  };
}

function appendTo(groups: Map<string, string[]>, key: string, id: string): void {
  const ids = groups.get(key);
  if (ids === undefined) groups.set(key, [id]);
  else ids.push(id);
}

function releasesJudged(
  inventory: DecodedInventory,
  source: DecodedNodeSource,
  site: DecodedConfigSite,
  declared: WindowsRelease | undefined,
  reported: ReadonlyMap<string, string[]>,
  unreported: boolean,
): SiteRelease[] {
  if (reported.size === 0) return declared && unreported ? [{ release: declared }] : [];
  const fromType = parseWindowsAmiType(source.amiType);
  const edition =
    fromType?.edition ?? parseEksWindowsAmiName(imageOf(inventory, site.imageId)?.name)?.edition;
  const releases = [...reported.keys()].sort().map((release): SiteRelease => {
    const qualified = declared ? release !== declared.release : reported.size > 1;
    return {
      release: edition ? { release, edition, basis: 'ssm' } : { release, basis: 'ssm' },
      instanceIds: (reported.get(release) ?? []).sort(),
      ...(qualified ? { qualifier: `windows-${release}` } : {}),
    };
  });
  // The nodes Systems Manager does not know run what the site declares.
  if (declared && unreported && !reported.has(declared.release)) {
    releases.unshift({ release: declared });
  }
  return releases;
}

/**
 * The running nodes of a source whose builds count for one of its sites: all of them when it
 * has one site, else those launched from this one.
 */
function nodesLaunchedFrom(source: DecodedNodeSource, site: DecodedConfigSite): Set<string> {
  const ids = new Set(source.instanceIds);
  if (source.sites.length === 1) return ids;
  return new Set(
    (source.runningInstances ?? [])
      .filter((instance) => ids.has(instance.instanceId) && launchSiteOf(source, instance) === site)
      .map((instance) => instance.instanceId),
  );
}

/**
 * The Kubernetes version the site's node software was built for: the EKS AMI name, else the
 * managed node group's release version (`1.29-2024.05.14` or `1.29.3-20240514`) or version.
 */
export function nodeKubernetesVersionOf(
  inventory: DecodedInventory,
  source: DecodedNodeSource,
  site: DecodedConfigSite,
): string | undefined {
  const fromName = parseEksWindowsAmiName(imageOf(inventory, site.imageId)?.name);
  if (fromName) return fromName.kubernetesVersion;
  if (source.kind === 'managed-node-group' && source.amiType !== 'CUSTOM') {
    const fromRelease = /^(\d+\.\d+)/.exec(source.releaseVersion ?? '')?.[1];
    return fromRelease ?? source.kubernetesVersion;
  }
  return undefined;
}

export interface KubernetesVersion {
  major: number;
  minor: number;
}

export function parseKubernetesVersion(version: string | undefined): KubernetesVersion | undefined {
  return version === undefined ? undefined : kubernetesVersionOf(version);
}

const kubernetesVersionOf = memoised((version: string): KubernetesVersion | undefined => {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
});

/** Negative when a < b, 0 when equal, positive when a > b (major.minor only). */
export function compareKubernetesVersions(a: KubernetesVersion, b: KubernetesVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** A Windows node source together with one of its config sites and its cluster. */
export interface WindowsSite {
  cluster: Cluster | undefined;
  source: DecodedNodeSource;
  site: DecodedConfigSite;
}

// Every rule asks for the same Windows view of an inventory it may not change: build it once.
const windowsSourcesCache = new WeakMap<DecodedInventory, DecodedNodeSource[]>();
const windowsSitesCache = new WeakMap<DecodedInventory, WindowsSite[]>();

/** The node sources that are Windows (SPEC section 3); the rest are counted, not evaluated. */
export function windowsSourcesOf(inventory: DecodedInventory): DecodedNodeSource[] {
  let sources = windowsSourcesCache.get(inventory);
  if (sources === undefined) {
    sources = inventory.nodeSources.filter((source) => isWindowsSource(inventory, source));
    windowsSourcesCache.set(inventory, sources);
  }
  return sources;
}

/**
 * A site known to be Linux: its AMI was read and is no Windows one, and it makes no Windows
 * bootstrap call. A mixed instances group of Windows nodes may name such a template in an
 * override; it is not one of the group's Windows sites.
 */
function isKnownLinuxSite(inventory: DecodedInventory, site: DecodedConfigSite): boolean {
  const image = imageOf(inventory, site.imageId);
  return image !== undefined && !isWindowsImage(image) && !hasWindowsBootstrap(site.userData);
}

/** Every Windows site of every Windows node source: the unit most rules iterate over. */
export function windowsSitesOf(inventory: DecodedInventory): WindowsSite[] {
  let sites = windowsSitesCache.get(inventory);
  if (sites === undefined) {
    const clusters = new Map(inventory.clusters.map((cluster) => [cluster.name, cluster]));
    sites = windowsSourcesOf(inventory).flatMap((source) =>
      source.sites.flatMap((site) =>
        isKnownLinuxSite(inventory, site)
          ? []
          : [{ cluster: clusters.get(source.cluster), source, site }],
      ),
    );
    windowsSitesCache.set(inventory, sites);
  }
  return sites;
}

// --- Bootstrap and AMI facts (bootstrap-rules) ---

/** The Start-EKSBootstrap.ps1 call of a site's user data, when it decoded and makes one. */
export function bootstrapCallOf(site: DecodedConfigSite): BootstrapCall | undefined {
  // Gzip-compressed user data runs nothing on Windows (bootstrap-missing says so): its call's
  // arguments are no one's to judge.
  return site.userData.status === 'decoded' && !site.userData.gzip
    ? site.userData.bootstrap
    : undefined;
}

/**
 * Whether the call gives `parameter` by name (or by splatting), not by position: then the
 * words after its value that bind by position are not its own.
 */
export function givenByName(call: BootstrapCall, parameter: BootstrapParameter): boolean {
  const value = call.args[parameter];
  if (value === undefined || (value.kind !== 'unresolved' && value.byPosition === true)) {
    return false;
  }
  return !(call.positional ?? []).some((argument) => argument.parameter === parameter);
}

/**
 * The value of a bootstrap argument when the script text fixes it; undefined when the
 * argument is absent, unresolved or a list (rules never judge what can't be known).
 */
export function literalArgumentOf(
  call: BootstrapCall | undefined,
  parameter: BootstrapParameter,
): string | undefined {
  const value = call?.args[parameter];
  return value?.kind === 'literal' ? value.value : undefined;
}

/**
 * An Amazon-published EKS optimized Windows AMI in `region`: its name says `EKS_Optimized`
 * Windows and Amazon owns it (alias `amazon`, or the Windows AMI publisher of the region or
 * its partition; an unknown owner counts too). A copy in the customer's own account keeps
 * the name but is never made private by AWS, so it is not one.
 */
export function isEksWindowsAmi(image: Image | undefined, region: string): boolean {
  if (!image?.name || !/^Windows_Server-.+-EKS_Optimized-/.test(image.name)) return false;
  if (image.ownerAlias === AMAZON_OWNER_ALIAS || image.ownerId === undefined) return true;
  return windowsAmiPublishersIn(region).includes(image.ownerId);
}

/** When an AMI was created (epoch ms): its creation date, else the build date in its EKS name. */
export function creationTimeOf(image: Image): number | undefined {
  const created = Date.parse(image.creationDate ?? '');
  if (!Number.isNaN(created)) return created;
  const built = Date.parse(parseEksWindowsAmiName(image.name)?.buildDate ?? '');
  return Number.isNaN(built) ? undefined : built;
}

/**
 * The text of a bootstrap argument the script writes, each unknown part of it (a variable it
 * can't read) marked by UNKNOWN_PART: `"--log-dir=$env:LogRoot\x --v=2"` still tells its
 * flags' names. Undefined when the argument is absent, a list, or unknown in all its text.
 */
export function writtenArgumentOf(
  call: BootstrapCall | undefined,
  parameter: BootstrapParameter,
): string | undefined {
  const value = call?.args[parameter];
  if (value?.kind === 'literal') return value.value;
  return value?.kind === 'unresolved' ? value.knownParts?.join(UNKNOWN_PART) : undefined;
}

/** A Windows site whose bootstrap call writes an argument's text (see sitesPassing, sitesWriting). */
export interface PassingSite extends WindowsSite {
  call: BootstrapCall;
  /**
   * The value as the script writes it (not trimmed); from sitesWriting, with its unknown parts
   * marked (writtenArgumentOf).
   */
  value: string;
  /** Bound by position: judged, never quoted (see BootstrapValue). */
  byPosition: boolean;
  /** Bound through an abbreviated name: judged, never quoted (see BootstrapValue). */
  abbreviated: boolean;
}

/**
 * The Windows sites whose bootstrap call passes `parameter` as a literal: the only ones a
 * rule can compare with the cluster (absent, unresolved or list values are never judged).
 */
export function sitesPassing(
  inventory: DecodedInventory,
  parameter: BootstrapParameter,
): PassingSite[] {
  return sitesWriting(inventory, parameter).filter(
    (passing) => passing.call.args[parameter]?.kind === 'literal',
  );
}

/**
 * As sitesPassing, and the sites whose value holds unknown parts too, `value` marking each by
 * UNKNOWN_PART (writtenArgumentOf): for rules that judge only what the known text tells, such
 * as flag names around `$env:LogRoot`. The decoder keeps the text of such a value only when
 * it is given by name.
 */
export function sitesWriting(
  inventory: DecodedInventory,
  parameter: BootstrapParameter,
): PassingSite[] {
  return windowsSitesOf(inventory).flatMap((windowsSite) => {
    const call = bootstrapCallOf(windowsSite.site);
    const value = writtenArgumentOf(call, parameter);
    if (call === undefined || value === undefined) return [];
    // Only a literal keeps its text when bound by position or through an abbreviated name.
    const argument = call.args[parameter];
    const literal = argument?.kind === 'literal' ? argument : undefined;
    return [
      {
        ...windowsSite,
        call,
        value,
        byPosition: literal?.byPosition === true,
        abbreviated: literal?.abbreviated === true,
      },
    ];
  });
}

/** How a finding names a node source: the report's `affected` entry. */
export function affectedRefOf(source: DecodedNodeSource): AffectedRef {
  const { type, id, name, arn } = source.ref;
  const ref: AffectedRef = { type, name: name ?? id, id };
  if (arn !== undefined) ref.arn = arn;
  return ref;
}

/** A hit on the site (what an operator edits to fix it), naming its source as affected. */
export function siteHit(windowsSite: WindowsSite, evidence: Evidence, detail?: string): RuleHit {
  const { source, site } = windowsSite;
  const hit: RuleHit = {
    cluster: source.cluster,
    resource: site.ref,
    affected: [affectedRefOf(source)],
    evidence,
  };
  return detail === undefined ? hit : { ...hit, detail };
}

/** How a sentence names each resource type: "launch template lt-…". */
export const RESOURCE_NOUNS: Readonly<Record<ResourceType, string>> = {
  AwsEksCluster: 'cluster',
  AwsEksNodegroup: 'managed node group',
  AwsAutoScalingAutoScalingGroup: 'Auto Scaling group',
  AwsAutoScalingLaunchConfiguration: 'launch configuration',
  AwsEc2LaunchTemplate: 'launch template',
  AwsEc2Instance: 'instance',
};

export function labelOf(ref: { type: ResourceType; id: string; name?: string }): string {
  const noun = RESOURCE_NOUNS[ref.type];
  return ref.name && ref.name !== ref.id ? `${noun} ${ref.name} (${ref.id})` : `${noun} ${ref.id}`;
}

/**
 * "Launch template win-nodes (lt-…) version 3 used by Auto Scaling group win-asg": names
 * the site and its source for a finding's detail sentence. Never quotes user data.
 */
export function describeWindowsSite({ source, site }: WindowsSite): string {
  const version = site.launchTemplateVersion ? ` version ${site.launchTemplateVersion}` : '';
  const where = `${labelOf(site.ref)}${version}`;
  const sameResource = site.ref.type === source.ref.type && site.ref.id === source.ref.id;
  const text = sameResource ? where : `${where} used by ${labelOf(source.ref)}`;
  return capitalised(text);
}

/** Longest bootstrap value quoted as evidence: a garbled value must not flood a finding. */
const MAX_QUOTED_ARGUMENT = 64;

/** A bootstrap argument value fit for evidence: cut to a bounded length. */
export function quotedArgument(value: string): string {
  return value.length > MAX_QUOTED_ARGUMENT ? `${value.slice(0, MAX_QUOTED_ARGUMENT)}…` : value;
}

/** Prefixes of the tokens services issue: GitHub, GitLab, Slack, AWS access key ids. */
const TOKEN_PREFIX = /^(?:gh[pousr]_|github_pat_|glpat-|xox[abeprs]-|A(?:KI|SI)A[A-Z0-9]{16})/;
/** Runs of letters and digits, between any other characters. */
const ALPHANUMERIC_RUNS = /[A-Za-z0-9]+/g;

/**
 * Whether a value shaped like a name may be a secret all the same: a service's token, or a
 * long random run that no one writes as a name (20 or more letters and digits mixing both
 * cases and digits, or 32 or more hex digits, letters and digits both). A template that wires
 * the wrong variable into an argument would otherwise put its token into a finding. A name
 * taken for one is only not quoted.
 */
export function mayBeSecret(value: string): boolean {
  if (TOKEN_PREFIX.test(value)) return true;
  for (const [run] of value.matchAll(ALPHANUMERIC_RUNS)) {
    if (run.length >= 32 && /^[0-9a-f]+$/i.test(run) && /[a-f]/i.test(run) && /\d/.test(run)) {
      return true;
    }
    if (run.length >= 20 && /[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run)) return true;
  }
  return false;
}

/**
 * How IPv4 addresses and CIDR blocks are written, typos included ("10.100.0.300", a missing
 * or extra group): groups of one to three digits with dots between them. A PIN has no dot.
 */
export const ADDRESS_SHAPE = /^\d{1,3}(?:\.\d{1,3}){1,4}(?:\/\d{1,3})?$/;

/** The runtimes people write for -ContainerRuntime: the Windows script's, eksctl's, others. */
const RUNTIME_NAMES = ['docker', 'dockerd', 'containerd', 'cri-o', 'crio', 'moby'];
/** Edits a runtime name may be from the nearest one and still be quoted. */
const RUNTIME_NAME_EDITS = 3;

/**
 * A container runtime's name or a near miss of one ("Docker-CE", "contianerd"): letters and
 * hyphens, a few edits from a runtime the script or eksctl names. A passphrase is further.
 */
export function isRuntimeNameShaped(value: string): boolean {
  const lower = value.toLowerCase();
  return (
    /^[a-z][a-z-]*$/.test(lower) &&
    RUNTIME_NAMES.some((name) => editDistance(lower, name) <= RUNTIME_NAME_EDITS)
  );
}

/**
 * An invalid bootstrap argument fit for evidence: quoted (and cut) only when it is written
 * in the characters of the values it should hold, so that a typo ("10.100.0.300") is shown.
 * Anything else stays out of the finding: it may be a word the call caught from another
 * statement (after a stray line continuation, `net user Administrator <password>` binds the
 * password to the next free parameter), and user data may hold secrets. A value bound by
 * position or through an abbreviated name is never quoted (unquotedBecause): that is how such
 * a word binds, and a PIN is written in digits.
 */
export function quotedIfWrittenAs(
  value: string,
  shape: RegExp | ((value: string) => boolean),
  binding: ValueBinding = {},
): string | undefined {
  const shaped = typeof shape === 'function' ? shape(value) : shape.test(value);
  return unquotedBecause(binding) === undefined && shaped && !mayBeSecret(value)
    ? quotedArgument(value)
    : undefined;
}

/** How a bootstrap value was bound, as far as quoting it goes (see BootstrapValue). */
export interface ValueBinding {
  byPosition?: boolean;
  abbreviated?: boolean;
}

/**
 * Why a bound value is judged but never quoted, when it is not: it may be another command's
 * word that a stray line continuation pulled into the call, by position (`net user
 * Administrator <password>`) or through an abbreviated name (`sqlcmd -d <PIN>` binds to
 * -DNSClusterIP). Said in a finding's detail in place of the value.
 */
export function unquotedBecause({ byPosition, abbreviated }: ValueBinding): string | undefined {
  if (byPosition) return 'bound by position';
  return abbreviated ? 'given through an abbreviated name' : undefined;
}

// --- Lifecycle facts: support dates, Kubernetes versions, container runtime (lifecycle-rules) ---

const DAY_MS = 86_400_000;

/**
 * Whole days from `now` until the start (00:00 UTC) of a reference-data calendar day,
 * rounded up: 0 or less once the day has begun. Pass the first day without support
 * (`unsupportedFrom`), not a publisher's last supported day.
 */
export function daysUntil(now: Date, isoDate: string): number {
  return Math.ceil((startOfDay(isoDate) - now.getTime()) / DAY_MS);
}

/** Epoch ms of 00:00 UTC of an ISO date (NaN when it is none). */
const startOfDay = memoised((isoDate: string) => Date.parse(`${isoDate}T00:00:00.000Z`));

/** The calendar day after an ISO date. */
export const dayAfter: (isoDate: string) => string = memoised((isoDate) =>
  new Date(startOfDay(isoDate) + DAY_MS).toISOString().slice(0, 10),
);

/**
 * The first day without support for an end date as its publisher means it: Microsoft lists
 * the last supported day (its lifecycle data ends support at 23:59:59 Pacific time that
 * day), while EKS's end dates begin at 00:00 UTC of the day named.
 */
export function unsupportedFrom(isoDate: string, basis: 'eks' | 'microsoft'): string {
  return basis === 'microsoft' ? dayAfter(isoDate) : isoDate;
}

export interface WindowsSupport {
  release: string;
  lifecycle: WindowsReleaseLifecycle;
  /**
   * The end of support as published, whichever comes first: the EKS end of support (the
   * first unsupported day) or Microsoft's extended end (the last supported day); undefined if
   * neither is set.
   */
  endOfSupport?: string;
  endOfSupportBasis?: 'eks' | 'microsoft';
  /** The first day without support: `endOfSupport`, or the day after a Microsoft date. */
  unsupportedFrom?: string;
}

/** Support dates of a Windows release; undefined when the release table does not know it. */
export function windowsSupportOf(release: string): WindowsSupport | undefined {
  return supportOfRelease(release);
}

const supportOfRelease = memoised((release: string): WindowsSupport | undefined => {
  if (!Object.hasOwn(WINDOWS_RELEASES, release)) return undefined;
  const lifecycle = WINDOWS_RELEASES[release];
  if (!lifecycle) return undefined;
  const { eksEndOfSupport, extendedEnd } = lifecycle;
  const microsoftFrom = extendedEnd && unsupportedFrom(extendedEnd, 'microsoft');
  // ISO dates compare correctly as strings; EKS wins a tie because it is the operator's vendor.
  if (
    eksEndOfSupport !== undefined &&
    (microsoftFrom === undefined || eksEndOfSupport <= microsoftFrom)
  )
    return {
      release,
      lifecycle,
      endOfSupport: eksEndOfSupport,
      endOfSupportBasis: 'eks',
      unsupportedFrom: eksEndOfSupport,
    };
  if (extendedEnd !== undefined)
    return {
      release,
      lifecycle,
      endOfSupport: extendedEnd,
      endOfSupportBasis: 'microsoft',
      unsupportedFrom: microsoftFrom,
    };
  return { release, lifecycle };
});

/**
 * A Windows site with one Windows Server release it runs, known and in the release calendar.
 * A site whose nodes report several releases is one of these per release.
 */
export interface WindowsReleaseSite extends WindowsSite, SiteRelease {
  support: WindowsSupport;
}

const windowsReleaseSitesCache = new WeakMap<DecodedInventory, WindowsReleaseSite[]>();

/**
 * The Windows sites with a known, calendared release and its support dates: what the
 * Windows Server lifecycle rules judge (the rest is windows-version-unknown's).
 */
export function windowsReleaseSitesOf(inventory: DecodedInventory): WindowsReleaseSite[] {
  let sites = windowsReleaseSitesCache.get(inventory);
  if (sites === undefined) {
    sites = windowsSitesOf(inventory).flatMap((windowsSite) =>
      windowsReleasesOf(inventory, windowsSite.source, windowsSite.site).flatMap((siteRelease) => {
        const support = windowsSupportOf(siteRelease.release.release);
        return support ? [{ ...windowsSite, ...siteRelease, support }] : [];
      }),
    );
    windowsReleaseSitesCache.set(inventory, sites);
  }
  return sites;
}

/**
 * A hit on a release site: the release and the AMI frame the rule's own evidence; a release
 * Systems Manager reports names its nodes (at most MAX_QUOTED_INSTANCES, and how many).
 */
export function releaseHit(
  releaseSite: WindowsReleaseSite,
  evidence: Evidence,
  detail: string,
): RuleHit {
  const { release, site, instanceIds, qualifier } = releaseSite;
  const nodes: Evidence =
    instanceIds === undefined
      ? {}
      : {
          reportingInstances: instanceIds.length,
          instanceIds: instanceIds.slice(0, MAX_QUOTED_INSTANCES),
        };
  const hit = siteHit(
    releaseSite,
    {
      release: release.release,
      ...(release.edition ? { edition: release.edition } : {}),
      basis: release.basis,
      ...evidence,
      ...imageEvidenceOf(site),
      ...nodes,
    },
    instanceIds === undefined ? detail : `${detail} ${reportedOn(release.release, instanceIds)}`,
  );
  return qualifier === undefined ? hit : { ...hit, qualifier };
}

/** "Systems Manager reports Windows Server 2019 on 2 running nodes: i-…, i-…." (bounded). */
function reportedOn(release: string, instanceIds: readonly string[]): string {
  const nodes = `${instanceIds.length} running node${instanceIds.length === 1 ? '' : 's'}`;
  return `Systems Manager reports Windows Server ${release} on ${nodes}: ${quotedInstances(instanceIds)}.`;
}

/** "i-…, i-… and 5 more": at most MAX_QUOTED_INSTANCES ids. */
export function quotedInstances(instanceIds: readonly string[]): string {
  const quoted = instanceIds.slice(0, MAX_QUOTED_INSTANCES).join(', ');
  const more =
    instanceIds.length > MAX_QUOTED_INSTANCES
      ? ` and ${instanceIds.length - MAX_QUOTED_INSTANCES} more`
      : '';
  return `${quoted}${more}`;
}

/** "1.29" for any spelling parseKubernetesVersion accepts ("v1.29.3-eks-…"). */
export function kubernetesMinorOf(version: string | undefined): string | undefined {
  return version === undefined ? undefined : minorOf(version);
}

const minorOf = memoised((version: string) => {
  const parsed = parseKubernetesVersion(version);
  return parsed && `${parsed.major}.${parsed.minor}`;
});

/**
 * " after the upgrade" for a cluster of an upgrade's projected inventory, whose version is
 * the target it does not run yet; "" for today's: a sentence about its control plane then
 * says which one it means.
 */
export function afterTheUpgrade(cluster: Pick<Cluster, 'upgradingFrom'> | undefined): string {
  return cluster?.upgradingFrom === undefined ? '' : ' after the upgrade';
}

/** "runs Kubernetes 1.24" today; "will run Kubernetes 1.25 after the upgrade" for an upgrade. */
export function controlPlaneRuns(
  cluster: Pick<Cluster, 'upgradingFrom'> | undefined,
  version: string,
): string {
  const after = afterTheUpgrade(cluster);
  return after === '' ? `runs ${version}` : `will run ${version}${after}`;
}

export type KubernetesSupport =
  | {
      status: 'standard' | 'extended' | 'ended';
      version: string;
      lifecycle: KubernetesVersionLifecycle;
    }
  /** Older than the version table: EKS gave no extended support before 1.23. */
  | { status: 'older-than-table'; version: string; oldestKnown: string }
  /** Newer than the table, or a gap in it: treated as supported, reported as unknown. */
  | { status: 'not-in-table'; version: string; newestKnown: string };

/** Where a cluster's Kubernetes version stands in the EKS calendar at `now`. */
export function kubernetesSupportOf(
  version: string | undefined,
  now: Date,
): KubernetesSupport | undefined {
  const minor = kubernetesMinorOf(version);
  const parsed = parseKubernetesVersion(minor);
  if (minor === undefined || parsed === undefined) return undefined;
  // The table is oldest first (its test checks the versions are consecutive).
  const known = Object.keys(KUBERNETES_VERSIONS);
  const oldestKnown = known[0];
  const newestKnown = known.at(-1);
  if (oldestKnown === undefined || newestKnown === undefined) return undefined;
  const lifecycle = Object.hasOwn(KUBERNETES_VERSIONS, minor)
    ? KUBERNETES_VERSIONS[minor]
    : undefined;
  if (lifecycle) {
    if (daysUntil(now, lifecycle.endOfExtendedSupport) <= 0)
      return { status: 'ended', version: minor, lifecycle };
    if (daysUntil(now, lifecycle.endOfStandardSupport) <= 0)
      return { status: 'extended', version: minor, lifecycle };
    return { status: 'standard', version: minor, lifecycle };
  }
  const oldest = parseKubernetesVersion(oldestKnown);
  if (oldest && compareKubernetesVersions(parsed, oldest) < 0)
    return { status: 'older-than-table', version: minor, oldestKnown };
  return { status: 'not-in-table', version: minor, newestKnown };
}

/** Minor versions a kubelet may lag a control plane of this version (skew policy). */
export function allowedKubeletLag(controlPlane: KubernetesVersion): number {
  const widerSince = parseKubernetesVersion(KUBELET_VERSION_SKEW.widerSkewSince);
  return widerSince && compareKubernetesVersions(controlPlane, widerSince) >= 0
    ? KUBELET_VERSION_SKEW.minorsBehind
    : KUBELET_VERSION_SKEW.minorsBehindBefore;
}

export type ContainerRuntime = 'docker' | 'containerd';

export type ContainerRuntimeUse =
  /** `-ContainerRuntime` names a runtime the bootstrap script accepts. */
  | { runtime: ContainerRuntime; basis: 'argument'; value: string }
  /** `-ContainerRuntime` names something else: the bootstrap fails. */
  | {
      runtime: 'invalid';
      basis: 'argument';
      value: string;
      byPosition?: true;
      abbreviated?: true;
    }
  /** No `-ContainerRuntime`: the default of the EKS AMI built for `nodeKubernetesVersion`. */
  | { runtime: ContainerRuntime; basis: 'default'; nodeKubernetesVersion: string };

/** Classifies a `-ContainerRuntime` literal, case-insensitively as PowerShell compares. */
export function containerRuntimeNamed(value: string): ContainerRuntime | 'invalid' {
  // ValidateSet ignores case but not spaces: "containerd " fails to bind.
  const name = value.toLowerCase();
  if ((CONTAINER_RUNTIMES.docker as readonly string[]).includes(name)) return 'docker';
  if ((CONTAINER_RUNTIMES.containerd as readonly string[]).includes(name)) return 'containerd';
  return 'invalid';
}

/**
 * The container runtime a Windows site's nodes start with, or undefined when it can't be
 * known: user data unreadable, the argument unresolved or a list, no bootstrap at all on a
 * source that must bootstrap itself, or no EKS AMI whose default could apply.
 */
export function containerRuntimeOf(
  inventory: DecodedInventory,
  windowsSite: WindowsSite,
): ContainerRuntimeUse | undefined {
  const { source, site } = windowsSite;
  return perSource(
    siteRuntimes,
    inventory,
    site,
    () => judgeContainerRuntime(inventory, source, site),
    source,
  );
}

function judgeContainerRuntime(
  inventory: DecodedInventory,
  source: DecodedNodeSource,
  site: DecodedConfigSite,
): ContainerRuntimeUse | undefined {
  const call = bootstrapCallOf(site);
  const argument = call?.args.ContainerRuntime;
  if (argument !== undefined) {
    if (argument.kind !== 'literal') return undefined;
    const runtime = containerRuntimeNamed(argument.value);
    if (runtime === 'invalid' && (argument.byPosition || argument.abbreviated)) {
      return {
        runtime,
        basis: 'argument',
        value: argument.value,
        ...(argument.byPosition ? { byPosition: true } : {}),
        ...(argument.abbreviated ? { abbreviated: true } : {}),
      };
    }
    return { runtime, basis: 'argument', value: argument.value };
  }
  // Without the argument the default applies only if a bootstrap runs: the script's own
  // call, or the one EKS adds for managed node groups on an EKS Windows amiType.
  const bootstraps =
    call !== undefined || (site.userData.status !== 'unreadable' && !mustBootstrapItself(source));
  if (!bootstraps) return undefined;
  const nodeKubernetesVersion = kubernetesMinorOf(nodeKubernetesVersionOf(inventory, source, site));
  const node = parseKubernetesVersion(nodeKubernetesVersion);
  const lastWithDocker = parseKubernetesVersion(LAST_KUBERNETES_VERSION_WITH_DOCKER);
  if (nodeKubernetesVersion === undefined || !node || !lastWithDocker) return undefined;
  const runtime = compareKubernetesVersions(node, lastWithDocker) <= 0 ? 'docker' : 'containerd';
  return { runtime, basis: 'default', nodeKubernetesVersion };
}

/** A Windows site whose nodes start with Docker, on a control plane of known version. */
export interface DockerSite extends WindowsSite {
  /** The control plane's minor version, "1.29". */
  kubernetesVersion: string;
  /** The control plane is on a version EKS still runs Docker nodes on (1.23 or earlier). */
  clusterSupportsDocker: boolean;
  runtime: Exclude<ContainerRuntimeUse, { runtime: 'invalid' }>;
}

/** The Windows sites that start with Docker, explicitly or by their EKS AMI's default. */
export function dockerSitesOf(inventory: DecodedInventory): DockerSite[] {
  let sites = dockerSitesCache.get(inventory);
  if (sites === undefined) {
    sites = findDockerSites(inventory);
    dockerSitesCache.set(inventory, sites);
  }
  return sites;
}

const dockerSitesCache = new WeakMap<DecodedInventory, DockerSite[]>();

function findDockerSites(inventory: DecodedInventory): DockerSite[] {
  const lastWithDocker = parseKubernetesVersion(LAST_KUBERNETES_VERSION_WITH_DOCKER);
  if (!lastWithDocker) return [];
  return windowsSitesOf(inventory).flatMap((windowsSite) => {
    const kubernetesVersion = kubernetesMinorOf(windowsSite.cluster?.version);
    const controlPlane = parseKubernetesVersion(kubernetesVersion);
    if (!kubernetesVersion || !controlPlane) return [];
    const runtime = containerRuntimeOf(inventory, windowsSite);
    if (runtime?.runtime !== 'docker') return [];
    const clusterSupportsDocker = compareKubernetesVersions(controlPlane, lastWithDocker) <= 0;
    return [{ ...windowsSite, kubernetesVersion, clusterSupportsDocker, runtime }];
  });
}

/** A hit on a Docker site, its evidence saying how Docker was chosen. */
export function dockerHit(dockerSite: DockerSite, detail: string): RuleHit {
  const { kubernetesVersion, runtime, site } = dockerSite;
  return siteHit(
    dockerSite,
    {
      kubernetesVersion,
      containerRuntime: 'docker',
      runtimeBasis: runtime.basis,
      ...(runtime.basis === 'argument'
        ? { containerRuntimeArgument: runtime.value }
        : { nodeKubernetesVersion: runtime.nodeKubernetesVersion }),
      ...imageEvidenceOf(site),
    },
    detail,
  );
}

/** A cluster that has at least one Windows node source: the scope of cluster-level rules. */
export interface WindowsCluster {
  cluster: Cluster;
  windowsSources: DecodedNodeSource[];
}

/** Clusters with Windows nodes; Linux-only clusters are counted, not evaluated. */
export function windowsClustersOf(inventory: DecodedInventory): WindowsCluster[] {
  const byCluster = Map.groupBy(windowsSourcesOf(inventory), (source) => source.cluster);
  return inventory.clusters.flatMap((cluster) => {
    const windowsSources = byCluster.get(cluster.name);
    return windowsSources ? [{ cluster, windowsSources }] : [];
  });
}

export type KubernetesSupportStatus = KubernetesSupport['status'];

/**
 * Kubernetes support at one of the statuses `S`. An intersection, not Extract: standard,
 * extended and ended share one member, which Extract would drop.
 */
export type KubernetesSupportAt<S extends KubernetesSupportStatus> = KubernetesSupport & {
  status: S;
};

/** A Windows cluster whose Kubernetes version stands at one of the statuses `S`. */
export type WindowsClusterAt<S extends KubernetesSupportStatus> = WindowsCluster & {
  support: KubernetesSupportAt<S>;
};

function hasStatus<S extends KubernetesSupportStatus>(
  support: KubernetesSupport,
  statuses: readonly S[],
): support is KubernetesSupportAt<S> {
  return (statuses as readonly KubernetesSupportStatus[]).includes(support.status);
}

/**
 * The clusters with Windows nodes whose Kubernetes version stands at one of these statuses
 * at `now`; a cluster without a readable version is at none.
 */
export function windowsClustersAt<S extends KubernetesSupportStatus>(
  inventory: DecodedInventory,
  now: Date,
  ...statuses: S[]
): WindowsClusterAt<S>[] {
  return windowsClustersOf(inventory).flatMap((windowsCluster) => {
    const support = kubernetesSupportOf(windowsCluster.cluster.version, now);
    return support && hasStatus(support, statuses) ? [{ ...windowsCluster, support }] : [];
  });
}

/** A hit on the cluster itself, naming its Windows node sources as affected. */
export function clusterHit(
  { cluster, windowsSources }: WindowsCluster,
  evidence: Evidence,
  detail: string,
): RuleHit {
  return {
    cluster: cluster.name,
    resource: {
      type: 'AwsEksCluster',
      id: cluster.name,
      name: cluster.name,
      ...(cluster.arn === undefined ? {} : { arn: cluster.arn }),
    },
    affected: windowsSources.map(affectedRefOf),
    evidence,
    detail,
  };
}

/** The AMI id of a site as evidence, when it has one. */
export function imageEvidenceOf(site: DecodedConfigSite): Evidence {
  return site.imageId === undefined ? {} : { imageId: site.imageId };
}
