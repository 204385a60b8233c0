/**
 * Synthetic estates of named sizes for the API benchmark: EKS clusters, managed node groups,
 * self-managed and unrelated Auto Scaling groups, launch templates and configurations, AMIs,
 * instances, SSM parameters and instance information, VPCs — in two regions. Deterministic:
 * the same size always yields the same estate, so runs compare.
 *
 * Counts are totals over both regions (resources alternate between them). User data is not
 * stored: each holder carries a recipe and the text is built when a response needs it, so the
 * fake AWS adds little to the peak RSS the benchmark reports.
 */
import { gzipSync } from 'node:zlib';
import {
  awsLaunchTemplateExampleUserData,
  cloudFormationSampleUserData,
  eksctlUserData,
  eksManagedUserData,
  karpenterUserData,
  literalPathUserData,
  terraformUserData,
  variableClusterNameUserData,
} from '../../test/support/estate-user-data.ts';

export const ACCOUNT_ID = '123456789012';
export const REGIONS = ['us-west-2', 'eu-west-1'] as const;

export const ESTATE_NAMES = ['small', 'large', 'xl'] as const;
export type EstateName = (typeof ESTATE_NAMES)[number];

export interface EstateSize {
  clusters: number;
  managedNodeGroups: number;
  selfManagedGroups: number;
  /** Auto Scaling groups that belong to no cluster. */
  unrelatedGroups: number;
  launchTemplates: number;
  images: number;
  instances: number;
}

const LARGE: EstateSize = {
  clusters: 60,
  managedNodeGroups: 240,
  selfManagedGroups: 300,
  unrelatedGroups: 500,
  launchTemplates: 600,
  images: 250,
  instances: 6000,
};

function scaled(size: EstateSize, factor: number): EstateSize {
  const entries = Object.entries(size).map(([key, value]) => [key, Math.round(value * factor)]);
  return Object.fromEntries(entries) as unknown as EstateSize;
}

export const ESTATE_SIZES: Record<EstateName, EstateSize> = {
  small: scaled(LARGE, 0.1),
  large: LARGE,
  xl: scaled(LARGE, 4),
};

export const KUBERNETES_VERSIONS = ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34'] as const;
const WINDOWS_RELEASES = ['2019', '2022'] as const;
const EDITIONS = ['Core', 'Full'] as const;
/** Owner of the EKS-optimized Windows AMIs, and of the EKS-optimized Linux ones. */
const WINDOWS_AMI_OWNER = '801119661308';
const LINUX_AMI_OWNER = '602401143452';

// ---------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------

/** How a holder's user data is written; the text is built on demand by `userDataText`. */
export type UserDataRecipe =
  | { style: 'eksctl' | 'karpenter' | 'terraform' | 'aws-example' | 'eks-managed'; cluster: string }
  | { style: 'cloudformation'; cluster: string; stack: string; runtime: string }
  | { style: 'literal-path' | 'variable-name'; cluster: string }
  | { style: 'linux'; cluster: string };

export interface TemplateSpec {
  id?: string;
  name?: string;
  version?: string;
}

export interface EksCluster {
  name: string;
  arn: string;
  version: string;
  endpoint: string;
  certificateAuthority: string;
  serviceIpv4Cidr?: string;
  serviceIpv6Cidr?: string;
  ipFamily: 'ipv4' | 'ipv6';
  vpcId: string;
  tags: Record<string, string>;
}

export interface NodeGroup {
  cluster: string;
  name: string;
  arn: string;
  version: string;
  releaseVersion: string;
  amiType: string;
  launchTemplate?: { id: string; name: string; version: string };
  autoScalingGroupName: string;
  tags: Record<string, string>;
}

export interface AutoScalingGroup {
  name: string;
  arn: string;
  kind: 'managed' | 'self-managed' | 'unrelated';
  /** The cluster a managed or self-managed group belongs to. */
  cluster?: string;
  tags: Record<string, string>;
  launchTemplate?: TemplateSpec;
  launchConfigurationName?: string;
  mixed?: {
    template: TemplateSpec;
    overrides: { instanceType: string; template?: TemplateSpec; imageId?: string }[];
  };
  instances: { id: string; lifecycleState: string }[];
}

export interface TemplateVersion {
  number: number;
  imageId?: string;
  userData?: UserDataRecipe;
  /** Every seventh body is gzip-compressed, as Terraform users often do. */
  gzip?: boolean;
  instanceType: string;
}

export interface LaunchTemplate {
  id: string;
  name: string;
  defaultVersion: number;
  versions: TemplateVersion[];
  tags: Record<string, string>;
}

export interface LaunchConfiguration {
  name: string;
  arn: string;
  imageId: string;
  userData?: UserDataRecipe;
  instanceType: string;
}

export interface Image {
  id: string;
  name: string;
  ownerId: string;
  ownerAlias?: string;
  platform?: 'windows';
  public: boolean;
  creationDate: string;
  deprecationTime?: string;
  /** False for AMIs made private by their owner or deregistered: DescribeImages omits them. */
  visible: boolean;
}

export interface Instance {
  id: string;
  imageId: string;
  platform?: 'windows';
  state: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
  instanceType: string;
  tags: Record<string, string>;
  userData?: UserDataRecipe;
  /** What Systems Manager reports of the instance, when its agent runs. */
  ssm?: { platformType: 'Windows' | 'Linux'; platformName: string; platformVersion: string };
}

export interface Parameter {
  name: string;
  value: string;
}

export interface Vpc {
  id: string;
  cidrs: string[];
}

export interface RegionEstate {
  region: string;
  clusters: EksCluster[];
  nodeGroups: NodeGroup[];
  groups: AutoScalingGroup[];
  templates: LaunchTemplate[];
  launchConfigurations: LaunchConfiguration[];
  images: Image[];
  instances: Instance[];
  parameters: Parameter[];
  vpcs: Vpc[];
  clusterByName: Map<string, EksCluster>;
  nodeGroupsByCluster: Map<string, NodeGroup[]>;
  groupByName: Map<string, AutoScalingGroup>;
  templateById: Map<string, LaunchTemplate>;
  templateByName: Map<string, LaunchTemplate>;
  launchConfigurationByName: Map<string, LaunchConfiguration>;
  imageById: Map<string, Image>;
  instanceById: Map<string, Instance>;
  parameterByName: Map<string, Parameter>;
  vpcById: Map<string, Vpc>;
}

export interface Estate {
  name: string;
  size: EstateSize;
  accountId: string;
  regions: RegionEstate[];
}

// ---------------------------------------------------------------------------------------
// User data
// ---------------------------------------------------------------------------------------

const DNS_IPS: Record<string, string> = {
  '172.20.0.0/16': '172.20.0.10',
  '10.100.0.0/16': '10.100.0.10',
};

/** The base64 user data a recipe stands for, built from the cluster it names. */
export function userDataText(recipe: UserDataRecipe, region: RegionEstate, gzip = false): string {
  const cluster = region.clusterByName.get(recipe.cluster);
  const access = {
    clusterName: recipe.cluster,
    endpoint: cluster?.endpoint ?? 'https://0000.gr7.example.eks.amazonaws.com',
    certificateAuthority: cluster?.certificateAuthority ?? 'LS0tLS1CRUdJTg==',
  };
  const dnsClusterIp = DNS_IPS[cluster?.serviceIpv4Cidr ?? ''] ?? '172.20.0.10';
  let text: string;
  switch (recipe.style) {
    case 'eksctl':
      text = eksctlUserData({ ...access, nodeGroup: 'windows-ng', dnsClusterIp });
      break;
    case 'karpenter':
      text = karpenterUserData({ ...access, nodePool: 'windows', dnsClusterIp });
      break;
    case 'terraform':
      text = terraformUserData(access);
      break;
    case 'aws-example':
      text = awsLaunchTemplateExampleUserData({ ...access, dnsClusterIp });
      break;
    case 'eks-managed':
      text = eksManagedUserData(access);
      break;
    case 'cloudformation':
      text = cloudFormationSampleUserData({
        clusterName: recipe.cluster,
        stackName: recipe.stack,
        containerRuntime: recipe.runtime,
        region: region.region,
      });
      break;
    case 'literal-path':
      text = literalPathUserData(recipe.cluster);
      break;
    case 'variable-name':
      text = variableClusterNameUserData(recipe.cluster, 'workload=windows');
      break;
    case 'linux':
      text = [
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="//"',
        '',
        '--//',
        'Content-Type: application/node.eks.aws',
        '',
        '---',
        'apiVersion: node.eks.aws/v1alpha1',
        'kind: NodeConfig',
        'spec:',
        '  cluster:',
        `    name: ${recipe.cluster}`,
        `    apiServerEndpoint: ${access.endpoint}`,
        `    certificateAuthority: ${access.certificateAuthority}`,
        '--//--',
      ].join('\n');
      break;
  }
  const bytes = gzip ? gzipSync(text) : Buffer.from(text, 'utf8');
  return bytes.toString('base64');
}

// ---------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------

/** A deterministic 17-hex-digit id, spread like real ones. */
function hexId(prefix: string, kind: number, n: number): string {
  let a = Math.imul(n + 1, 0x9e3779b1) ^ Math.imul(kind + 7, 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 15), 0x2c1b3c6d);
  let b = Math.imul(a ^ (n + 0x27d4eb2f), 0x165667b1);
  b ^= b >>> 13;
  const hex = (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  return `${prefix}-${(n % 16).toString(16)}${hex}`;
}

/** `total` split over `count` holders with weights 1..5, summing exactly to `total`. */
function spread(total: number, count: number): number[] {
  if (count === 0) return [];
  const weights = Array.from({ length: count }, (_, i) => 1 + ((i * 7) % 5));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((weight) => Math.floor((total * weight) / sum));
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % count, left--) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

/** The share of `total` that region `r` of `regions` holds (items alternate between regions). */
function regionShare(total: number, r: number, regions: number): number {
  return Math.floor(total / regions) + (r < total % regions ? 1 : 0);
}

function pick<T>(items: readonly T[], n: number): T {
  const item = items[((n % items.length) + items.length) % items.length];
  if (item === undefined) throw new Error('pick from an empty pool');
  return item;
}

interface ImagePools {
  /** Latest EKS Windows AMI of each release, edition and Kubernetes version. */
  latest: Map<string, Image>;
  olderWindows: Image[];
  linux: Image[];
  golden: Image[];
  invisible: Image[];
}

function latestKey(release: string, edition: string, version: string): string {
  return `${release}-${edition}-${version}`;
}

export function latestParameterName(release: string, edition: string, version: string): string {
  return `/aws/service/ami-windows-latest/Windows_Server-${release}-English-${edition}-EKS_Optimized-${version}/image_id`;
}

const GOLDEN_PARAMETER = '/golden/windows-2022/ami';
/** A parameter templates name that nobody created. */
const MISSING_PARAMETER = '/golden/windows-2019/ami';

class RegionBuilder {
  readonly region: RegionEstate;
  readonly #r: number;
  #idCounter = 0;
  images!: ImagePools;

  constructor(name: string, r: number) {
    this.#r = r;
    this.region = {
      region: name,
      clusters: [],
      nodeGroups: [],
      groups: [],
      templates: [],
      launchConfigurations: [],
      images: [],
      instances: [],
      parameters: [],
      vpcs: [],
      clusterByName: new Map(),
      nodeGroupsByCluster: new Map(),
      groupByName: new Map(),
      templateById: new Map(),
      templateByName: new Map(),
      launchConfigurationByName: new Map(),
      imageById: new Map(),
      instanceById: new Map(),
      parameterByName: new Map(),
      vpcById: new Map(),
    };
  }

  id(prefix: string, kind: number): string {
    this.#idCounter += 1;
    return hexId(prefix, kind * 10 + this.#r, this.#idCounter);
  }

  arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.region.region}:${ACCOUNT_ID}:${resource}`;
  }

  addImage(image: Image): Image {
    this.region.images.push(image);
    this.region.imageById.set(image.id, image);
    return image;
  }

  buildImages(total: number): void {
    const latest = new Map<string, Image>();
    const pools: ImagePools = { latest, olderWindows: [], linux: [], golden: [], invisible: [] };
    for (const version of KUBERNETES_VERSIONS) {
      for (const release of WINDOWS_RELEASES) {
        for (const edition of EDITIONS) {
          const image = this.addImage({
            id: this.id('ami', 1),
            name: `Windows_Server-${release}-English-${edition}-EKS_Optimized-${version}-2026.01.14`,
            ownerId: WINDOWS_AMI_OWNER,
            ownerAlias: 'amazon',
            platform: 'windows',
            public: true,
            creationDate: '2026-01-14T00:00:00.000Z',
            visible: true,
          });
          latest.set(latestKey(release, edition, version), image);
        }
      }
    }
    const rest = Math.max(8, total - latest.size);
    const linux = Math.max(2, Math.round(rest * 0.16));
    const golden = Math.max(1, Math.round(rest * 0.06));
    const invisible = Math.max(1, Math.round(rest * 0.06));
    const older = Math.max(2, rest - linux - golden - invisible);
    for (let i = 0; i < older; i++) {
      const version = pick(KUBERNETES_VERSIONS, i);
      const release = pick(WINDOWS_RELEASES, i >> 1);
      const edition = i % 5 === 4 ? 'Full' : 'Core';
      const month = 1 + (i % 12);
      const year = 2025 - Math.floor(i / 24);
      const date = `${year}.${String(month).padStart(2, '0')}.${String(10 + (i % 15)).padStart(2, '0')}`;
      pools.olderWindows.push(
        this.addImage({
          id: this.id('ami', 2),
          name: `Windows_Server-${release}-English-${edition}-EKS_Optimized-${version}-${date}`,
          ownerId: WINDOWS_AMI_OWNER,
          ownerAlias: 'amazon',
          platform: 'windows',
          public: true,
          creationDate: `${date.replaceAll('.', '-')}T00:00:00.000Z`,
          ...(i % 9 === 0 ? { deprecationTime: '2026-03-01T00:00:00.000Z' } : {}),
          visible: true,
        }),
      );
    }
    for (let i = 0; i < linux; i++) {
      const version = pick(KUBERNETES_VERSIONS, i);
      pools.linux.push(
        this.addImage({
          id: this.id('ami', 3),
          name: `amazon-eks-node-al2023-x86_64-standard-${version}-v2025${String(1 + (i % 12)).padStart(2, '0')}10`,
          ownerId: LINUX_AMI_OWNER,
          ownerAlias: 'amazon',
          public: true,
          creationDate: '2025-10-10T00:00:00.000Z',
          visible: true,
        }),
      );
    }
    for (let i = 0; i < golden; i++) {
      pools.golden.push(
        this.addImage({
          id: this.id('ami', 4),
          name: `golden-windows-2022-eks-1.3${i % 5}-2025.${String(1 + (i % 12)).padStart(2, '0')}`,
          ownerId: ACCOUNT_ID,
          platform: 'windows',
          public: false,
          creationDate: '2025-09-01T00:00:00.000Z',
          visible: true,
        }),
      );
    }
    for (let i = 0; i < invisible; i++) {
      pools.invisible.push(
        this.addImage({
          id: this.id('ami', 5),
          name: `Windows_Server-2019-English-Core-EKS_Optimized-1.2${i % 10}-2023.01.10`,
          ownerId: WINDOWS_AMI_OWNER,
          platform: 'windows',
          public: false,
          creationDate: '2023-01-10T00:00:00.000Z',
          visible: false,
        }),
      );
    }
    this.images = pools;
    const goldenImage = pools.golden[0];
    for (const [key, image] of latest) {
      const [release, edition, version] = key.split('-') as [string, string, string];
      this.addParameter({ name: latestParameterName(release, edition, version), value: image.id });
    }
    if (goldenImage !== undefined)
      this.addParameter({ name: GOLDEN_PARAMETER, value: goldenImage.id });
  }

  addParameter(parameter: Parameter): void {
    this.region.parameters.push(parameter);
    this.region.parameterByName.set(parameter.name, parameter);
  }

  /** A Windows AMI for the n-th site: mostly older EKS AMIs, some the latest, some golden, a few gone. */
  windowsImage(n: number, version: string): string {
    const slot = n % 20;
    if (slot < 4) {
      const release = pick(WINDOWS_RELEASES, n);
      return this.images.latest.get(latestKey(release, 'Core', version))?.id ?? '';
    }
    if (slot === 4) return pick(this.images.golden, n).id;
    if (slot === 5) return pick(this.images.invisible, n).id;
    return pick(this.images.olderWindows, n).id;
  }

  linuxImage(n: number): string {
    return pick(this.images.linux, n).id;
  }

  addTemplate(
    name: string,
    versionCount: number,
    versionOf: (number: number) => Omit<TemplateVersion, 'number'>,
    options: { defaultVersion?: number; tags?: Record<string, string> } = {},
  ): LaunchTemplate {
    const template: LaunchTemplate = {
      id: this.id('lt', 6),
      name,
      defaultVersion: options.defaultVersion ?? versionCount,
      versions: Array.from({ length: versionCount }, (_, i) => ({
        number: i + 1,
        ...versionOf(i + 1),
      })),
      tags: options.tags ?? {},
    };
    this.region.templates.push(template);
    this.region.templateById.set(template.id, template);
    this.region.templateByName.set(template.name, template);
    return template;
  }

  addGroup(group: AutoScalingGroup): void {
    this.region.groups.push(group);
    this.region.groupByName.set(group.name, group);
  }

  addInstance(instance: Instance): Instance {
    this.region.instances.push(instance);
    this.region.instanceById.set(instance.id, instance);
    return instance;
  }

  /** An instance launched by an Auto Scaling group, with the tags it propagates. */
  groupInstance(
    group: AutoScalingGroup,
    n: number,
    image: { imageId: string; windows: boolean },
    template: TemplateSpec | undefined,
  ): void {
    const terminating = n % 40 === 39;
    const tags: Record<string, string> = { 'aws:autoscaling:groupName': group.name };
    // Group tags propagate at launch (aws: ones are reserved and do not).
    for (const [key, value] of Object.entries(group.tags)) {
      if (!key.startsWith('aws:')) tags[key] = value;
    }
    const templateId =
      template?.id ??
      (template?.name === undefined
        ? undefined
        : this.region.templateByName.get(template.name)?.id);
    if (templateId !== undefined) {
      const resolved = this.region.templateById.get(templateId);
      tags['aws:ec2launchtemplate:id'] = templateId;
      tags['aws:ec2launchtemplate:version'] = String(resolved?.defaultVersion ?? 1);
    }
    const instance = this.addInstance({
      id: this.id('i', 7),
      imageId: image.imageId,
      ...(image.windows ? { platform: 'windows' as const } : {}),
      state: terminating ? 'shutting-down' : 'running',
      instanceType: image.windows ? 'm5.xlarge' : 'm6i.large',
      tags,
      ...ssmInfo(image.windows, n, !terminating),
    });
    group.instances.push({
      id: instance.id,
      lifecycleState: terminating ? 'Terminating' : 'InService',
    });
  }
}

function ssmInfo(windows: boolean, n: number, running: boolean): Pick<Instance, 'ssm'> {
  if (!running || n % 5 === 4) return {};
  return windows
    ? {
        ssm: {
          platformType: 'Windows',
          platformName:
            n % 3 === 0
              ? 'Microsoft Windows Server 2019 Datacenter'
              : 'Microsoft Windows Server 2022 Datacenter',
          platformVersion: n % 3 === 0 ? '10.0.17763' : '10.0.20348',
        },
      }
    : { ssm: { platformType: 'Linux', platformName: 'Amazon Linux', platformVersion: '2023' } };
}

const WINDOWS_AMI_TYPES = [
  'WINDOWS_CORE_2022_x86_64',
  'WINDOWS_CORE_2022_x86_64',
  'WINDOWS_CORE_2019_x86_64',
  'WINDOWS_FULL_2022_x86_64',
] as const;

/** Builds the estate of a named size. */
export function buildEstate(name: EstateName): Estate {
  const size = ESTATE_SIZES[name];
  const regionCount = REGIONS.length;
  const regions = REGIONS.map((region, r) => buildRegion(region, r, regionCount, size));
  return { name, size, accountId: ACCOUNT_ID, regions: regions.map((builder) => builder.region) };
}

function buildRegion(
  regionName: string,
  r: number,
  regionCount: number,
  size: EstateSize,
): RegionBuilder {
  const b = new RegionBuilder(regionName, r);
  const share = (total: number) => regionShare(total, r, regionCount);
  b.buildImages(share(size.images));
  const region = b.region;

  // Clusters: global index c lives in region c % regionCount.
  const clusterCount = share(size.clusters);
  for (let i = 0; i < clusterCount; i++) {
    const c = i * regionCount + r;
    const teams = ['payments', 'retail', 'identity', 'search', 'media', 'ledger'];
    const name = `${pick(teams, c)}-${c % 4 === 0 ? 'staging' : 'prod'}-${c}`;
    const ipv6 = c % 30 === 29;
    const vpc: Vpc = {
      id: b.id('vpc', 8),
      cidrs: c % 4 === 1 ? [`10.${c % 250}.0.0/16`, '100.64.0.0/16'] : [`10.${c % 250}.0.0/16`],
    };
    region.vpcs.push(vpc);
    region.vpcById.set(vpc.id, vpc);
    const cluster: EksCluster = {
      name,
      arn: b.arn('eks', `cluster/${name}`),
      version: pick(KUBERNETES_VERSIONS, c),
      endpoint: `https://${hexId('x', 9, c).slice(2).toUpperCase()}.gr7.${regionName}.eks.amazonaws.com`,
      certificateAuthority: Buffer.from(
        `-----BEGIN CERTIFICATE-----\nMIIC${name}\n-----END CERTIFICATE-----\n`,
      ).toString('base64'),
      ...(ipv6
        ? { serviceIpv6Cidr: 'fd00:ec2::/108', ipFamily: 'ipv6' as const }
        : {
            serviceIpv4Cidr: c % 5 === 2 ? '10.100.0.0/16' : '172.20.0.0/16',
            ipFamily: 'ipv4' as const,
          }),
      vpcId: vpc.id,
      tags: {
        team: pick(teams, c),
        ...(c % 12 === 7 ? { 'eks-windows-scanner:suppress': 'ami-outdated' } : {}),
      },
    };
    region.clusters.push(cluster);
    region.clusterByName.set(name, cluster);
    region.nodeGroupsByCluster.set(name, []);
  }
  const clusters = region.clusters;
  const clusterAt = (n: number): EksCluster => pick(clusters, n);

  // Instance budget of the region, by kind of holder.
  const instanceTotal = share(size.instances);
  const budget = {
    managed: Math.round(instanceTotal * 0.24),
    selfManaged: Math.round(instanceTotal * 0.3),
    unrelatedGroups: Math.round(instanceTotal * 0.25),
    karpenter: Math.round(instanceTotal * 0.13),
    standalone: Math.round(instanceTotal * 0.015),
  };
  const unrelatedStandalone =
    instanceTotal -
    budget.managed -
    budget.selfManaged -
    budget.unrelatedGroups -
    budget.karpenter -
    budget.standalone;

  // Managed node groups, each with the launch template and Auto Scaling group EKS creates.
  const nodeGroupCount = share(size.managedNodeGroups);
  const managedCounts = spread(budget.managed, nodeGroupCount);
  for (let j = 0; j < nodeGroupCount; j++) {
    const cluster = clusterAt(j);
    const slot = j % 10;
    const amiType =
      slot < 2 ? 'CUSTOM' : slot < 4 ? 'AL2023_x86_64_STANDARD' : pick(WINDOWS_AMI_TYPES, j);
    const windows = amiType !== 'AL2023_x86_64_STANDARD';
    const name = `${windows ? 'win' : 'linux'}-${amiType === 'CUSTOM' ? 'custom' : 'ng'}-${j}`;
    const image = windows
      ? { imageId: b.windowsImage(j, cluster.version), windows: true }
      : { imageId: b.linuxImage(j), windows: false };
    let launchTemplate: NodeGroup['launchTemplate'];
    // CUSTOM node groups always bring a template with their AMI; half of the Windows ones one
    // without (instance type and tags only); Linux ones none.
    if (amiType === 'CUSTOM' || (windows && j % 2 === 0)) {
      const versions = 1 + (j % 4) + (j % 5 === 0 ? 2 : 0);
      const defaultVersion = j % 3 === 0 && versions > 1 ? versions - 1 : versions;
      const template = b.addTemplate(
        `${cluster.name}-${name}`,
        versions,
        () =>
          amiType === 'CUSTOM'
            ? {
                imageId: image.imageId,
                userData: { style: 'aws-example', cluster: cluster.name },
                instanceType: 'm5.2xlarge',
              }
            : { instanceType: 'm5.2xlarge' },
        { defaultVersion, tags: j % 15 === 3 ? { 'eks-windows-scanner:suppress': 'all' } : {} },
      );
      // EKS stores the version as a number: mostly the default, some the latest, some older.
      const version =
        j % 5 === 0 && versions >= 3 ? 1 : j % 5 === 1 ? versions : template.defaultVersion;
      launchTemplate = { id: template.id, name: template.name, version: String(version) };
    }
    const eksTemplate = b.addTemplate(
      `eks-${hexId('x', 10, j * regionCount + r).slice(2, 14)}`,
      1,
      () => ({
        imageId: image.imageId,
        userData: windows
          ? { style: 'eks-managed', cluster: cluster.name }
          : { style: 'linux', cluster: cluster.name },
        instanceType: 'm5.xlarge',
      }),
      { tags: { 'eks:cluster-name': cluster.name, 'eks:nodegroup-name': name } },
    );
    const groupName = `eks-${name}-${hexId('x', 11, j).slice(2, 10)}`;
    const nodeGroup: NodeGroup = {
      cluster: cluster.name,
      name,
      arn: b.arn('eks', `nodegroup/${cluster.name}/${name}/${hexId('x', 12, j).slice(2, 10)}`),
      version: j % 7 === 3 ? pick(KUBERNETES_VERSIONS, j + 5) : cluster.version,
      releaseVersion: windows ? `${cluster.version}.0-20260114` : `${cluster.version}.0-20251010`,
      amiType,
      ...(launchTemplate === undefined ? {} : { launchTemplate }),
      autoScalingGroupName: groupName,
      tags: { team: cluster.tags.team ?? 'platform' },
    };
    region.nodeGroups.push(nodeGroup);
    region.nodeGroupsByCluster.get(cluster.name)?.push(nodeGroup);
    const group: AutoScalingGroup = {
      name: groupName,
      arn: b.arn(
        'autoscaling',
        `autoScalingGroup:${hexId('x', 13, j).slice(2)}:autoScalingGroupName/${groupName}`,
      ),
      kind: 'managed',
      cluster: cluster.name,
      tags: {
        'eks:cluster-name': cluster.name,
        'eks:nodegroup-name': name,
        [`kubernetes.io/cluster/${cluster.name}`]: 'owned',
        'k8s.io/cluster-autoscaler/enabled': 'true',
      },
      launchTemplate: { id: eksTemplate.id, name: eksTemplate.name, version: '1' },
      instances: [],
    };
    b.addGroup(group);
    for (let n = 0; n < (managedCounts[j] ?? 0); n++) {
      b.groupInstance(group, j * 31 + n, image, group.launchTemplate);
    }
  }

  // Self-managed groups: launch templates (some shared, some named, some on numbered
  // versions), mixed instances policies and launch configurations.
  const selfManagedCount = share(size.selfManagedGroups);
  const selfManagedCounts = spread(budget.selfManaged, selfManagedCount);
  let lastTemplate: LaunchTemplate | undefined;
  for (let k = 0; k < selfManagedCount; k++) {
    const cluster = clusterAt(k + 1);
    const windows = k % 7 !== 6;
    const style = k % 3;
    const name =
      style === 1
        ? `eksctl-${cluster.name}-nodegroup-win-${k}-NodeGroup-${hexId('x', 14, k).slice(2, 12).toUpperCase()}`
        : `${cluster.name}-${windows ? 'windows' : 'linux'}-${k}`;
    const tags: Record<string, string> =
      style === 1
        ? {
            'alpha.eksctl.io/cluster-name': cluster.name,
            'alpha.eksctl.io/nodegroup-name': `win-${k}`,
            'eksctl.cluster.k8s.io/v1alpha1/cluster-name': cluster.name,
            [`kubernetes.io/cluster/${cluster.name}`]: 'owned',
            Name: `${cluster.name}-win-${k}-Node`,
          }
        : style === 2
          ? {
              [`k8s.io/cluster/${cluster.name}`]: 'owned',
              'aws:cloudformation:stack-name': `${cluster.name}-nodes-${k}`,
              Name: `${cluster.name}-nodes-${k}`,
            }
          : {
              [`kubernetes.io/cluster/${cluster.name}`]: 'owned',
              Name: `${cluster.name}-windows-${k}`,
              ...(k % 25 === 9 ? { 'eks-windows-scanner:suppress': 'docker-runtime' } : {}),
            };
    const imageId = windows ? b.windowsImage(k * 3 + 1, cluster.version) : b.linuxImage(k);
    const recipe = (): UserDataRecipe => {
      if (!windows) return { style: 'linux', cluster: cluster.name };
      switch (k % 6) {
        case 0:
          return { style: 'terraform', cluster: cluster.name };
        case 1:
          return { style: 'eksctl', cluster: cluster.name };
        case 2:
          return {
            style: 'cloudformation',
            cluster: cluster.name,
            stack: `${cluster.name}-nodes-${k}`,
            runtime: k % 12 === 2 ? 'docker' : 'containerd',
          };
        case 3:
          return { style: 'aws-example', cluster: cluster.name };
        case 4:
          return { style: 'literal-path', cluster: cluster.name };
        default:
          return { style: 'variable-name', cluster: cluster.name };
      }
    };
    const group: AutoScalingGroup = {
      name,
      arn: b.arn(
        'autoscaling',
        `autoScalingGroup:${hexId('x', 15, k).slice(2)}:autoScalingGroupName/${name}`,
      ),
      kind: 'self-managed',
      cluster: cluster.name,
      tags,
      instances: [],
    };
    const kind = k % 20;
    if (kind < 3) {
      // Launch configurations: the Docker-era CloudFormation sample.
      const configuration: LaunchConfiguration = {
        name: `${name}-lc-2023${String(1 + (k % 12)).padStart(2, '0')}`,
        arn: b.arn(
          'autoscaling',
          `launchConfiguration:${hexId('x', 16, k).slice(2)}:launchConfigurationName/${name}-lc`,
        ),
        imageId,
        userData: windows
          ? { style: 'cloudformation', cluster: cluster.name, stack: name, runtime: 'docker' }
          : { style: 'linux', cluster: cluster.name },
        instanceType: 'm5.xlarge',
      };
      region.launchConfigurations.push(configuration);
      region.launchConfigurationByName.set(configuration.name, configuration);
      group.launchConfigurationName = configuration.name;
    } else {
      // One template per group, except every fourth group, which shares the previous one.
      let template = lastTemplate;
      if (template === undefined || k % 4 !== 0) {
        const versions = k % 5 === 3 ? 3 + (k % 3) : 1 + (k % 4);
        const defaultVersion = k % 3 === 0 && versions > 1 ? versions - 1 : versions;
        const resolveSsm =
          k % 40 === 11
            ? `resolve:ssm:${latestParameterName('2022', 'Core', cluster.version)}`
            : k % 40 === 21
              ? `resolve:ssm:${GOLDEN_PARAMETER}`
              : k % 40 === 31
                ? `resolve:ssm:${MISSING_PARAMETER}`
                : undefined;
        template = b.addTemplate(
          `${name}-lt`,
          versions,
          (number) => ({
            imageId:
              resolveSsm ??
              (number === versions
                ? imageId
                : windows
                  ? b.windowsImage(k + number, cluster.version)
                  : imageId),
            userData: recipe(),
            gzip: k % 7 === 5,
            instanceType: 'm5.xlarge',
          }),
          { defaultVersion, tags: k % 30 === 17 ? { 'eks-windows-scanner:suppress': 'all' } : {} },
        );
        lastTemplate = template;
      }
      const versionSlot = k % 5;
      const version =
        versionSlot === 0
          ? '$Default'
          : versionSlot === 1
            ? '$Latest'
            : versionSlot === 2
              ? undefined
              : versionSlot === 3 && template.versions.length >= 3
                ? '1'
                : String(template.defaultVersion);
      const spec: TemplateSpec =
        k % 4 === 1 ? { name: template.name } : { id: template.id, name: template.name };
      if (version !== undefined) spec.version = version;
      if (kind < 7) {
        const overrides: NonNullable<AutoScalingGroup['mixed']>['overrides'] = [
          { instanceType: 'm5.xlarge' },
          { instanceType: 'm5a.xlarge' },
        ];
        const other = region.templates.at(-2);
        if (k % 4 === 2 && other !== undefined) {
          overrides.push({
            instanceType: 'm6i.xlarge',
            template: { name: other.name, version: '$Default' },
          });
        }
        if (k % 6 === 5 && windows) {
          overrides.push({
            instanceType: 'm6a.xlarge',
            imageId: b.windowsImage(k + 11, cluster.version),
          });
        }
        group.mixed = { template: spec, overrides };
      } else {
        group.launchTemplate = spec;
      }
    }
    b.addGroup(group);
    for (let n = 0; n < (selfManagedCounts[k] ?? 0); n++) {
      b.groupInstance(
        group,
        k * 17 + n,
        { imageId, windows },
        group.launchTemplate ?? group.mixed?.template,
      );
    }
  }

  // Karpenter: a third of the clusters, Windows and Linux node pools. Karpenter deletes the
  // templates it no longer needs, so many instances name a template that is gone.
  const karpenterClusters = clusters.filter((_, i) => i % 3 === 0);
  const karpenterTemplates = new Map<string, { windows: LaunchTemplate; linux: LaunchTemplate }>();
  for (const cluster of karpenterClusters) {
    const versionImage = b.images.latest.get(latestKey('2022', 'Core', cluster.version))?.id ?? '';
    karpenterTemplates.set(cluster.name, {
      windows: b.addTemplate(
        `karpenter.k8s.aws/${hexId('x', 17, cluster.name.length + region.templates.length).slice(2)}`,
        1,
        () => ({
          imageId: versionImage,
          userData: { style: 'karpenter', cluster: cluster.name },
          instanceType: 'm5.2xlarge',
        }),
        { tags: { 'karpenter.sh/nodepool': 'windows', 'eks:eks-cluster-name': cluster.name } },
      ),
      linux: b.addTemplate(
        `karpenter.k8s.aws/${hexId('x', 18, cluster.name.length + region.templates.length).slice(2)}`,
        1,
        () => ({
          imageId: b.linuxImage(cluster.name.length),
          userData: { style: 'linux', cluster: cluster.name },
          instanceType: 'm6i.large',
        }),
        { tags: { 'karpenter.sh/nodepool': 'default', 'eks:eks-cluster-name': cluster.name } },
      ),
    });
  }
  const goneTemplateIds = karpenterClusters.map(() => b.id('lt', 19));
  for (let n = 0; n < budget.karpenter && karpenterClusters.length > 0; n++) {
    const c = n % karpenterClusters.length;
    const cluster = karpenterClusters[c] as EksCluster;
    const templates = karpenterTemplates.get(cluster.name);
    const windows = n % 5 < 3;
    const gone = windows ? n % 4 === 0 : n % 10 < 3;
    const templateId = gone
      ? (goneTemplateIds[c] as string)
      : ((windows ? templates?.windows.id : templates?.linux.id) ?? '');
    const state = n % 50 === 7 ? 'stopped' : n % 50 === 8 ? 'terminated' : 'running';
    b.addInstance({
      id: b.id('i', 20),
      imageId: windows
        ? (b.images.latest.get(latestKey('2022', 'Core', cluster.version))?.id ?? '')
        : b.linuxImage(n),
      ...(windows ? { platform: 'windows' as const } : {}),
      state,
      instanceType: windows ? 'm5.2xlarge' : 'm6i.large',
      tags: {
        Name: `${windows ? 'windows' : 'default'}-${hexId('x', 21, n).slice(2, 7)}`,
        'karpenter.sh/nodepool': windows ? 'windows' : 'default',
        'karpenter.sh/nodeclaim': `${windows ? 'windows' : 'default'}-${hexId('x', 22, n).slice(2, 7)}`,
        'karpenter.k8s.aws/ec2nodeclass': windows ? 'windows2022' : 'default',
        'eks:eks-cluster-name': cluster.name,
        [`kubernetes.io/cluster/${cluster.name}`]: 'owned',
        'aws:ec2launchtemplate:id': templateId,
        'aws:ec2launchtemplate:version': '1',
      },
      userData: windows
        ? { style: 'karpenter', cluster: cluster.name }
        : { style: 'linux', cluster: cluster.name },
      ...ssmInfo(windows, n, state === 'running'),
    });
  }

  // Stand-alone Windows nodes launched by hand: user data in the instance attribute only.
  for (let n = 0; n < budget.standalone; n++) {
    const cluster = clusterAt(n * 7 + 3);
    const state = n % 20 === 5 ? 'stopped' : n % 20 === 6 ? 'terminated' : 'running';
    b.addInstance({
      id: b.id('i', 23),
      imageId: b.windowsImage(n * 5 + 2, cluster.version),
      platform: 'windows',
      state,
      instanceType: 'm5.large',
      tags: { Name: `win-standalone-${n}`, [`kubernetes.io/cluster/${cluster.name}`]: 'owned' },
      userData:
        n % 2 === 0
          ? { style: 'literal-path', cluster: cluster.name }
          : { style: 'variable-name', cluster: cluster.name },
      ...ssmInfo(true, n, state === 'running'),
    });
  }

  // Unrelated groups (web tiers, batch): launch configurations or their own few templates.
  const unrelatedCount = share(size.unrelatedGroups);
  const unrelatedCounts = spread(budget.unrelatedGroups, unrelatedCount);
  const templatesLeft = Math.max(1, share(size.launchTemplates) - region.templates.length);
  const unrelatedTemplates = Array.from({ length: templatesLeft }, (_, t) =>
    b.addTemplate(`web-tier-${t}`, 1 + (t % 3), () => ({
      imageId: b.linuxImage(t),
      instanceType: 'c6i.large',
    })),
  );
  const unrelatedConfigurations = Array.from(
    { length: Math.max(1, Math.round(unrelatedCount / 10)) },
    (_, t) => {
      const configuration: LaunchConfiguration = {
        name: `batch-lc-${t}`,
        arn: b.arn(
          'autoscaling',
          `launchConfiguration:${hexId('x', 24, t).slice(2)}:launchConfigurationName/batch-lc-${t}`,
        ),
        imageId: b.linuxImage(t + 3),
        instanceType: 'c5.large',
      };
      region.launchConfigurations.push(configuration);
      region.launchConfigurationByName.set(configuration.name, configuration);
      return configuration;
    },
  );
  for (let u = 0; u < unrelatedCount; u++) {
    const name = `${pick(['web', 'api', 'batch', 'queue', 'cache'], u)}-${u}`;
    const group: AutoScalingGroup = {
      name,
      arn: b.arn(
        'autoscaling',
        `autoScalingGroup:${hexId('x', 25, u).slice(2)}:autoScalingGroupName/${name}`,
      ),
      kind: 'unrelated',
      tags: { Name: name, app: pick(['web', 'api', 'batch'], u), team: 'apps' },
      instances: [],
    };
    if (u % 2 === 0) {
      const template = pick(unrelatedTemplates, u);
      group.launchTemplate = { id: template.id, name: template.name, version: '$Latest' };
    } else {
      group.launchConfigurationName = pick(unrelatedConfigurations, u).name;
    }
    b.addGroup(group);
    const imageId = b.linuxImage(u);
    for (let n = 0; n < (unrelatedCounts[u] ?? 0); n++) {
      b.groupInstance(group, u * 13 + n, { imageId, windows: false }, group.launchTemplate);
    }
  }
  for (let n = 0; n < unrelatedStandalone; n++) {
    b.addInstance({
      id: b.id('i', 26),
      imageId: n % 4 === 0 ? pick(b.images.invisible, n).id : b.linuxImage(n),
      state: n % 10 === 3 ? 'stopped' : 'running',
      instanceType: 't3.medium',
      tags: { Name: `bastion-${n}`, app: 'ops' },
      ...ssmInfo(false, n, true),
    });
  }
  return b;
}

/** What a complete scan of a region should report, from the scanner's documented rules. */
export function expectedCounts(region: RegionEstate): { clusters: number; nodeSources: number } {
  const nodeStates = new Set(['pending', 'running', 'stopping', 'stopped']);
  const clusterInstances = region.instances.filter(
    (instance) =>
      nodeStates.has(instance.state) &&
      instance.tags['aws:autoscaling:groupName'] === undefined &&
      Object.keys(instance.tags).some(
        (key) => key.startsWith('kubernetes.io/cluster/') || key === 'karpenter.sh/nodepool',
      ),
  );
  const selfManaged = region.groups.filter((group) => group.kind === 'self-managed');
  return {
    clusters: region.clusters.length,
    nodeSources: region.nodeGroups.length + selfManaged.length + clusterInstances.length,
  };
}
