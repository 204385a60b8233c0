/**
 * Facts derived from the inventory that several rules share: which node sources are
 * Windows, which Windows Server release and Kubernetes version a site's AMI carries.
 * Pure functions; "unknown" is returned as undefined, never guessed.
 */
import type { UserDataAnalysis } from '../decode/types.ts';
import type {
  Cluster,
  DecodedConfigSite,
  DecodedInventory,
  DecodedNodeSource,
  Image,
} from '../inventory/types.ts';

/** Account that publishes the EKS-optimized Windows AMIs (alias `amazon`). */
export const EKS_WINDOWS_AMI_OWNER = '801119661308';

const WINDOWS_AMI_TYPE = /^WINDOWS_(CORE|FULL)_(\d{4})_x86_64$/;
const EKS_WINDOWS_AMI_NAME =
  /^Windows_Server-(\w+)-English-(Core|Full)-EKS_Optimized-(\d+\.\d+)-(\d{4})\.(\d{2})\.(\d{2})$/;

/** Windows Server build number (third part of the SSM PlatformVersion) → release. */
const WINDOWS_BUILDS: Record<string, string> = {
  '17763': '2019',
  '18363': '1909',
  '19041': '2004',
  '19042': '20H2',
  '20348': '2022',
  '26100': '2025',
};

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
  const match = name === undefined ? null : EKS_WINDOWS_AMI_NAME.exec(name);
  if (!match) return undefined;
  const [, release, edition, kubernetesVersion, year, month, day] = match;
  if (!release || !kubernetesVersion || (edition !== 'Core' && edition !== 'Full')) return undefined;
  return { release, edition, kubernetesVersion, buildDate: `${year}-${month}-${day}` };
}

/** Parses `WINDOWS_CORE_2019_x86_64`. */
export function parseWindowsAmiType(
  amiType: string | undefined,
): { release: string; edition: Edition } | undefined {
  const match = amiType === undefined ? null : WINDOWS_AMI_TYPE.exec(amiType);
  if (!match?.[1] || !match[2]) return undefined;
  return { release: match[2], edition: match[1] === 'CORE' ? 'Core' : 'Full' };
}

/** The Windows release of an SSM PlatformVersion such as "10.0.17763". */
export function windowsReleaseOfBuild(platformVersion: string | undefined): string | undefined {
  const build = platformVersion?.split('.')[2];
  return build === undefined ? undefined : WINDOWS_BUILDS[build];
}

export function imageOf(inventory: DecodedInventory, imageId: string | undefined): Image | undefined {
  if (imageId === undefined) return undefined;
  const lookup = inventory.images[imageId];
  return lookup?.status === 'available' ? lookup.image : undefined;
}

function hasWindowsBootstrap(userData: UserDataAnalysis): boolean {
  return userData.status === 'decoded' && userData.powershell && userData.bootstrap !== undefined;
}

function isWindowsImage(image: Image | undefined): boolean {
  return image?.platform?.toLowerCase() === 'windows' || (image?.name?.startsWith('Windows_Server-') ?? false);
}

/** SPEC section 3: Windows by amiType, AMI platform, AMI name, or a PowerShell bootstrap call. */
export function isWindowsSite(inventory: DecodedInventory, site: DecodedConfigSite): boolean {
  return isWindowsImage(imageOf(inventory, site.imageId)) || hasWindowsBootstrap(site.userData);
}

export function isWindowsSource(inventory: DecodedInventory, source: DecodedNodeSource): boolean {
  return (
    parseWindowsAmiType(source.amiType) !== undefined ||
    source.sites.some((site) => isWindowsSite(inventory, site))
  );
}

/**
 * Managed node groups on an EKS Windows amiType get their bootstrap from EKS; every other
 * source (self-managed, Karpenter, `CUSTOM` node groups) must call Start-EKSBootstrap itself.
 */
export function mustBootstrapItself(source: DecodedNodeSource): boolean {
  return source.kind !== 'managed-node-group' || source.amiType === 'CUSTOM';
}

/**
 * The Windows Server release of one site of a source, most exact first: SSM inventory of
 * the source's instances (only when the source has a single site, so builds map to it),
 * the node group's amiType, then the EKS AMI name.
 */
export function windowsReleaseOf(
  inventory: DecodedInventory,
  source: DecodedNodeSource,
  site: DecodedConfigSite,
): WindowsRelease | undefined {
  if (source.sites.length <= 1) {
    const releases = new Set(
      source.instanceIds
        .map((id) => windowsReleaseOfBuild(inventory.instanceOs[id]?.platformVersion))
        .filter((release): release is string => release !== undefined),
    );
    const [only] = releases;
    if (releases.size === 1 && only !== undefined) {
      const fromName = parseEksWindowsAmiName(imageOf(inventory, site.imageId)?.name);
      const fromType = parseWindowsAmiType(source.amiType);
      const edition = fromType?.edition ?? fromName?.edition;
      return edition ? { release: only, edition, basis: 'ssm' } : { release: only, basis: 'ssm' };
    }
  }
  if (source.amiType !== 'CUSTOM') {
    const fromType = parseWindowsAmiType(source.amiType);
    if (fromType) return { ...fromType, basis: 'amiType' };
  }
  const fromName = parseEksWindowsAmiName(imageOf(inventory, site.imageId)?.name);
  if (fromName) return { release: fromName.release, edition: fromName.edition, basis: 'amiName' };
  return undefined;
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
  const match = version === undefined ? null : /^v?(\d+)\.(\d+)/.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

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

/** Every site of every Windows node source: the unit most rules iterate over. */
export function windowsSitesOf(inventory: DecodedInventory): WindowsSite[] {
  const clusters = new Map(inventory.clusters.map((cluster) => [cluster.name, cluster]));
  return inventory.nodeSources
    .filter((source) => isWindowsSource(inventory, source))
    .flatMap((source) =>
      source.sites.map((site) => ({ cluster: clusters.get(source.cluster), source, site })),
    );
}
