/**
 * Builders for decoded inventories, for rule tests: a healthy default that each test
 * overrides one field of (eksup's test-double style).
 */
import { parseBootstrapCall } from '../../src/decode/parse-bootstrap-call.ts';
import type { BootstrapCall, BootstrapValue, UserDataAnalysis } from '../../src/decode/types.ts';
import type { EvaluationOptions, RuleInput } from '../../src/evaluate/types.ts';
import type {
  Cluster,
  DecodedConfigSite,
  DecodedInventory,
  DecodedNodeSource,
  Image,
  RunningInstance,
} from '../../src/inventory/types.ts';

export const NOW = new Date('2026-11-25T12:00:00Z');

export function aCluster(overrides: Partial<Cluster> = {}): Cluster {
  return {
    name: 'prod',
    arn: 'arn:aws:eks:us-west-2:123456789012:cluster/prod',
    version: '1.33',
    endpoint: 'https://ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com',
    certificateAuthority:
      'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcw',
    serviceIpv4Cidr: '172.20.0.0/16',
    ipFamily: 'ipv4',
    status: 'ACTIVE',
    tags: {},
    ...overrides,
  };
}

export function anEksWindowsImage(overrides: Partial<Image> = {}): Image {
  return {
    imageId: 'ami-0windows2022a',
    name: 'Windows_Server-2022-English-Core-EKS_Optimized-1.33-2026.11.10',
    ownerId: '801119661308',
    platform: 'windows',
    public: true,
    creationDate: '2026-11-10T08:00:00.000Z',
    state: 'available',
    ...overrides,
  };
}

export function literal(value: string): BootstrapValue {
  return { kind: 'literal', value };
}

/** User data that decoded, with the given bootstrap arguments (EKSClusterName defaults to prod). */
export function decodedUserData(
  args: BootstrapCall['args'] | undefined = { EKSClusterName: literal('prod') },
): UserDataAnalysis {
  return {
    status: 'decoded',
    gzip: false,
    mime: false,
    powershell: true,
    bootstrap: args === undefined ? undefined : { args, unknownParameters: [] },
  };
}

export function aLaunchTemplateSite(overrides: Partial<DecodedConfigSite> = {}): DecodedConfigSite {
  return {
    ref: {
      type: 'AwsEc2LaunchTemplate',
      id: 'lt-0123456789abcdef0',
      name: 'win-nodes',
      arn: 'arn:aws:ec2:us-west-2:123456789012:launch-template/lt-0123456789abcdef0',
    },
    launchTemplateVersion: '1',
    requestedVersion: '$Default',
    imageId: 'ami-0windows2022a',
    userData: decodedUserData(),
    ...overrides,
  };
}

/** A self-managed Windows Auto Scaling group on a launch template, in cluster prod. */
export function aSelfManagedSource(overrides: Partial<DecodedNodeSource> = {}): DecodedNodeSource {
  return {
    kind: 'auto-scaling-group',
    ref: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-asg', name: 'win-asg' },
    cluster: 'prod',
    sites: [aLaunchTemplateSite()],
    instanceIds: [],
    tags: { 'kubernetes.io/cluster/prod': 'owned' },
    ...overrides,
  };
}

/** The second launch template of `aMixedInstancesSource()`, named by an override. */
export const OVERRIDE_TEMPLATE = {
  type: 'AwsEc2LaunchTemplate' as const,
  id: 'lt-0override00000000',
  name: 'win-nodes-m6i',
  arn: 'arn:aws:ec2:us-west-2:123456789012:launch-template/lt-0override00000000',
};

/**
 * A self-managed Windows group with a mixed instances policy whose override names a second
 * launch template (`OVERRIDE_TEMPLATE`, version 4): two sites, both on the 2022 AMI of
 * `anEksWindowsImage()`. Its running instances are the caller's.
 */
export function aMixedInstancesSource(
  overrides: Partial<DecodedNodeSource> = {},
): DecodedNodeSource {
  return aSelfManagedSource({
    ref: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-mixed', name: 'win-mixed' },
    sites: [
      aLaunchTemplateSite(),
      aLaunchTemplateSite({ ref: OVERRIDE_TEMPLATE, launchTemplateVersion: '4' }),
    ],
    ...overrides,
  });
}

/**
 * A group's instance launched from this launch template version, running the AMI of
 * `anEksWindowsImage()` unless told another.
 */
export function anInstanceLaunchedFrom(
  instanceId: string,
  template: { id: string; version: string },
  imageId = 'ami-0windows2022a',
): RunningInstance {
  return { instanceId, imageId, launchTemplate: { ...template } };
}

/** A managed node group on an EKS Windows amiType without a launch template. */
export function aManagedWindowsSource(
  overrides: Partial<DecodedNodeSource> = {},
): DecodedNodeSource {
  const name = overrides.ref?.name ?? 'win-ng';
  return {
    kind: 'managed-node-group',
    ref: {
      type: 'AwsEksNodegroup',
      id: name,
      name,
      arn: `arn:aws:eks:us-west-2:123456789012:nodegroup/prod/${name}/0`,
    },
    cluster: 'prod',
    amiType: 'WINDOWS_CORE_2022_x86_64',
    releaseVersion: '1.33-2026.11.10',
    kubernetesVersion: '1.33',
    sites: [
      {
        ref: { type: 'AwsEksNodegroup', id: name, name },
        userData: { status: 'absent' },
      },
    ],
    instanceIds: [],
    tags: {},
    ...overrides,
  };
}

export function anInventory(overrides: Partial<DecodedInventory> = {}): DecodedInventory {
  const image = anEksWindowsImage();
  return {
    accountId: '123456789012',
    region: 'us-west-2',
    clusters: [aCluster()],
    nodeSources: [aSelfManagedSource()],
    images: { [image.imageId]: { status: 'available', image } },
    latestImageIds: {},
    instanceOs: {},
    errors: [],
    complete: true,
    ...overrides,
  };
}

export function ruleInput(
  inventory: DecodedInventory = anInventory(),
  options: Partial<EvaluationOptions> = {},
): RuleInput {
  return {
    inventory,
    options: { now: NOW, endOfSupportWarningDays: 180, amiExpiryWarningDays: 30, ...options },
  };
}

/** The `images` record of an inventory holding these AMIs, all available. */
export function imagesOf(...images: Image[]): DecodedInventory['images'] {
  return Object.fromEntries(images.map((image) => [image.imageId, { status: 'available', image }]));
}

/** An EKS optimized Amazon Linux AMI: no `platform`, so not Windows. */
export function aLinuxImage(overrides: Partial<Image> = {}): Image {
  return {
    imageId: 'ami-0linux2023a',
    name: 'amazon-eks-node-al2023-x86_64-standard-1.33-v20261110',
    ownerId: '602401143452',
    public: true,
    creationDate: '2026-11-10T08:00:00.000Z',
    state: 'available',
    ...overrides,
  };
}

/** A self-managed Linux Auto Scaling group in cluster prod, on `aLinuxImage()`. */
export function aLinuxSource(overrides: Partial<DecodedNodeSource> = {}): DecodedNodeSource {
  return aSelfManagedSource({
    ref: { type: 'AwsAutoScalingAutoScalingGroup', id: 'linux-asg', name: 'linux-asg' },
    sites: [
      aLaunchTemplateSite({
        ref: { type: 'AwsEc2LaunchTemplate', id: 'lt-0linux000000000000', name: 'linux-nodes' },
        imageId: 'ami-0linux2023a',
        userData: { status: 'absent' },
      }),
    ],
    ...overrides,
  });
}

/**
 * An inventory whose single Windows node source is the self-managed group, its launch
 * template site changed by `site`: the arrangement most rule tests start from.
 */
export function anInventoryWithSite(
  site: Partial<DecodedConfigSite>,
  overrides: Partial<DecodedInventory> = {},
): DecodedInventory {
  return anInventory({
    nodeSources: [aSelfManagedSource({ sites: [aLaunchTemplateSite(site)] })],
    ...overrides,
  });
}

/** An inventory whose single self-managed Windows group runs this AMI (and no other). */
export function anInventoryOnImage(
  image: Image,
  overrides: Partial<DecodedInventory> = {},
): DecodedInventory {
  return anInventoryWithSite({ imageId: image.imageId }, { images: imagesOf(image), ...overrides });
}

/**
 * An inventory whose single self-managed Windows group runs this AMI (the 2022 EKS AMI by
 * default) on these nodes, each reporting its PlatformVersion to Systems Manager (undefined:
 * Systems Manager knows nothing of it).
 */
export function anInventoryOfNodesReporting(
  builds: Record<string, string | undefined>,
  image: Image = anEksWindowsImage(),
): DecodedInventory {
  const ids = Object.keys(builds);
  return anInventory({
    images: imagesOf(image),
    nodeSources: [
      aSelfManagedSource({
        sites: [aLaunchTemplateSite({ imageId: image.imageId })],
        instanceIds: ids,
        runningInstances: ids.map((instanceId) => ({ instanceId, imageId: image.imageId })),
      }),
    ],
    instanceOs: Object.fromEntries(
      Object.entries(builds).flatMap(([instanceId, platformVersion]) =>
        platformVersion === undefined ? [] : [[instanceId, { instanceId, platformVersion }]],
      ),
    ),
  });
}

/** An inventory whose cluster prod runs this Kubernetes version (undefined: DescribeCluster gave none). */
export function anInventoryOnKubernetes(
  version: string | undefined,
  overrides: Partial<DecodedInventory> = {},
): DecodedInventory {
  return anInventory({ clusters: [aCluster({ version })], ...overrides });
}

/**
 * An inventory whose only node source is a Linux group (the Windows AMI is still described):
 * the Windows rules must say nothing about it.
 */
export function aLinuxOnlyInventory(overrides: Partial<DecodedInventory> = {}): DecodedInventory {
  return anInventory({
    nodeSources: [aLinuxSource()],
    images: imagesOf(anEksWindowsImage(), aLinuxImage()),
    ...overrides,
  });
}

// --- Builders added for the bootstrap and AMI rules ---

export function unresolved(variable = 'Unknown'): BootstrapValue {
  return { kind: 'unresolved', variable };
}

/**
 * A string the script writes with variables it can't read in it, as the decoder keeps one:
 * the text around them (`writtenAround('--log-dir=', '\\x')` for "--log-dir=$env:LogRoot\x").
 */
export function writtenAround(...knownParts: string[]): BootstrapValue {
  return { kind: 'unresolved', variable: 'env:LogRoot', knownParts };
}

export function list(...values: string[]): BootstrapValue {
  return { kind: 'list', values };
}

/** User data whose bootstrap call passes -EKSClusterName prod and these arguments. */
export function bootstrapUserData(args: BootstrapCall['args'] = {}): UserDataAnalysis {
  return decodedUserData({ EKSClusterName: literal('prod'), ...args });
}

/**
 * An inventory whose self-managed Windows group bootstraps with these arguments (and
 * -EKSClusterName prod unless they name another cluster).
 */
export function anInventoryBootstrapping(
  args: BootstrapCall['args'],
  overrides: Partial<DecodedInventory> = {},
): DecodedInventory {
  return anInventoryWithSite({ userData: bootstrapUserData(args) }, overrides);
}

/**
 * A site bootstrapping with `args` on a cluster of `version` whose nodes run the EKS Windows
 * AMI built for that version (its kubelet and kube-proxy are of that version).
 */
export function anInventoryBootstrappingOn(
  version: string,
  args: BootstrapCall['args'],
): DecodedInventory {
  return anInventoryBootstrapping(args, {
    clusters: [aCluster({ version })],
    images: imagesOf(
      anEksWindowsImage({
        name: `Windows_Server-2022-English-Core-EKS_Optimized-${version}-2026.11.10`,
      }),
    ),
  });
}

/**
 * User data that decoded but never calls Start-EKSBootstrap.ps1. (`decodedUserData(undefined)`
 * can't express this: passing undefined selects its default arguments.)
 */
export function userDataWithoutBootstrap(powershell = true): UserDataAnalysis {
  return { status: 'decoded', gzip: false, mime: false, powershell, bootstrap: undefined };
}

/** A launch configuration site (self-managed groups that predate launch templates). */
export function aLaunchConfigurationSite(
  overrides: Partial<DecodedConfigSite> = {},
): DecodedConfigSite {
  return {
    ref: {
      type: 'AwsAutoScalingLaunchConfiguration',
      id: 'win-lc',
      name: 'win-lc',
      arn: 'arn:aws:autoscaling:us-west-2:123456789012:launchConfiguration:0:launchConfigurationName/win-lc',
    },
    imageId: 'ami-0windows2022a',
    userData: decodedUserData(),
    ...overrides,
  };
}

/** A Karpenter or stand-alone Windows instance whose user data came from DescribeInstanceAttribute. */
export function anInstanceSource(overrides: Partial<DecodedNodeSource> = {}): DecodedNodeSource {
  const ref = { type: 'AwsEc2Instance' as const, id: 'i-0123456789abcdef0' };
  return {
    kind: 'instance',
    ref,
    cluster: 'prod',
    sites: [{ ref, imageId: 'ami-0windows2022a', userData: decodedUserData() }],
    instanceIds: [ref.id],
    tags: { 'karpenter.sh/nodepool': 'windows', 'kubernetes.io/cluster/prod': 'owned' },
    ...overrides,
  };
}

/** A managed node group with amiType CUSTOM on a launch template naming a Windows AMI. */
export function aCustomManagedSource(
  overrides: Partial<DecodedNodeSource> = {},
): DecodedNodeSource {
  const { releaseVersion: _releaseVersion, ...managed } = aManagedWindowsSource({
    ref: {
      type: 'AwsEksNodegroup',
      id: 'win-custom',
      name: 'win-custom',
      arn: 'arn:aws:eks:us-west-2:123456789012:nodegroup/prod/win-custom/0',
    },
    amiType: 'CUSTOM',
    sites: [
      aLaunchTemplateSite({
        ref: { type: 'AwsEc2LaunchTemplate', id: 'lt-0custom00000000000', name: 'win-custom' },
      }),
    ],
  });
  return { ...managed, ...overrides };
}

// --- Builders for how the script picks its service range ---

/** -APIServerEndpoint and -Base64ClusterCA of `aCluster()`: the script then skips its lookup. */
export function endpointAndCaOf(cluster: Cluster = aCluster()): BootstrapCall['args'] {
  return {
    APIServerEndpoint: literal(cluster.endpoint ?? ''),
    Base64ClusterCA: literal(cluster.certificateAuthority ?? ''),
  };
}

/**
 * User data whose bootstrap call passes -EKSClusterName prod and `args`, after setting
 * what `settings` says (machine variables, a preset $EKSCluster).
 */
export function bootstrapUserDataWith(
  args: BootstrapCall['args'],
  settings: Pick<BootstrapCall, 'machineEnvironment' | 'presetsEksCluster'>,
): UserDataAnalysis {
  const userData = bootstrapUserData(args);
  return userData.status === 'decoded' && userData.bootstrap !== undefined
    ? { ...userData, bootstrap: { ...userData.bootstrap, ...settings } }
    : userData;
}

/** PowerShell user data whose bootstrap call is what our parser makes of `script`. */
export function userDataParsedFrom(script: string): UserDataAnalysis {
  return {
    status: 'decoded',
    gzip: false,
    mime: false,
    powershell: true,
    bootstrap: parseBootstrapCall(script),
  };
}
