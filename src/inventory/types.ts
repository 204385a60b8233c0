/**
 * The typed inventory: what `collect` produces, `decode` enriches and `evaluate` reads.
 *
 * User data appears here in exactly one encoded form (`EncodedUserData`, the base64 text
 * EC2 returns). `decode` replaces it with a `UserDataAnalysis`, which holds only parsed,
 * non-secret bootstrap arguments; nothing after `decode` ever sees the raw text.
 */
import type { UserDataAnalysis } from '../decode/types.ts';

/** Resource types as they appear in the report; ASFF-compatible names where one exists. */
export type ResourceType =
  | 'AwsEksCluster'
  | 'AwsEksNodegroup'
  | 'AwsAutoScalingAutoScalingGroup'
  | 'AwsAutoScalingLaunchConfiguration'
  | 'AwsEc2LaunchTemplate'
  | 'AwsEc2Instance';

export interface ResourceRef {
  type: ResourceType;
  /** Node group name, ASG name, launch template id (lt-…), launch configuration name, instance id. */
  id: string;
  name?: string;
  arn?: string;
}

export interface Cluster {
  name: string;
  arn?: string;
  /** Kubernetes minor version, e.g. "1.29". */
  version?: string;
  /**
   * Only in an upgrade's projected inventory (evaluate/upgrade.ts): the version the cluster
   * runs today, `version` being the target it is judged for.
   */
  upgradingFrom?: string;
  endpoint?: string;
  /** Base64 cluster CA as DescribeCluster returns it (public, not a secret). */
  certificateAuthority?: string;
  serviceIpv4Cidr?: string;
  serviceIpv6Cidr?: string;
  ipFamily?: string;
  status?: string;
  /** What EKS reports wrong with the cluster (health.issues); absent when nothing. */
  healthIssues?: EksHealthIssue[];
  /** The cluster's VPC (resourcesVpcConfig.vpcId). */
  vpcId?: string;
  /**
   * The IPv4 CIDR blocks associated with the cluster's VPC (DescribeVpcs), primary first;
   * absent when unknown. Start-EKSBootstrap.ps1 picks its default service range from them.
   */
  vpcIpv4Cidrs?: string[];
  tags: Record<string, string>;
  /**
   * The cluster's EKS insights (upgrade readiness, misconfiguration) in ERROR or WARNING;
   * absent when they were not looked up (no Windows nodes) or could not be (see `notes`).
   */
  insights?: EksInsight[];
}

/** An EKS cluster insight that is not passing (ListInsights, DescribeInsight). Text is AWS's. */
export interface EksInsight {
  id: string;
  name?: string;
  /** "UPGRADE_READINESS", "MISCONFIGURATION". */
  category?: string;
  /** "ERROR" or "WARNING". */
  status: string;
  /** Why the insight has its status. */
  reason?: string;
  description?: string;
  /** What EKS recommends doing (DescribeInsight); absent when it could not be read. */
  recommendation?: string;
  /** The Kubernetes version the insight judges readiness for. */
  kubernetesVersion?: string;
}

/** Base64 user data exactly as EC2 or Auto Scaling returns it; undefined when there is none. */
export type EncodedUserData = string | undefined;

/**
 * A place where a node's AMI and user data are configured: a launch template version, a
 * launch configuration, an instance, or the managed node group itself (when EKS picks the
 * AMI and there is no launch template). Findings about AMIs and bootstrap arguments name
 * the site as their resource, because that is what an operator edits to fix them.
 */
export interface ConfigSite<U = EncodedUserData> {
  ref: ResourceRef;
  /** Launch template version number actually resolved ("3"), for launch templates only. */
  launchTemplateVersion?: string;
  /** How the source asked for the version: "$Default", "$Latest" or a number. */
  requestedVersion?: string;
  /**
   * The AMI id; for a launch template that names `resolve:ssm:<parameter>`, the AMI the
   * parameter resolved to (see `imageParameter`), or undefined when it did not resolve.
   */
  imageId?: string;
  /** Set when the launch template's ImageId is `resolve:ssm:<parameter>`. */
  imageParameter?: ImageParameter;
  userData: U;
  /**
   * The launch template's tags, or the instance's for an instance site; absent when unknown
   * (launch configurations and node groups have none of their own here). Read for suppressions.
   */
  tags?: Record<string, string>;
}

export type NodeSourceKind = 'managed-node-group' | 'auto-scaling-group' | 'instance';

export interface NodeSource<U = EncodedUserData> {
  kind: NodeSourceKind;
  /** The node group, Auto Scaling group or instance itself. */
  ref: ResourceRef;
  cluster: string;
  /**
   * Self-managed groups and instances whose tags name more than one cluster: those that may
   * own it (that exist, or lie outside the clusters a scan was limited to), most telling
   * first. `cluster` is the first of them in the scan until evaluation settles the owner
   * from the bootstrap call (evaluate/owners.ts). Absent when the tags name one cluster.
   */
  ownerCandidates?: string[];
  /** Managed node groups only. */
  amiType?: string;
  /** Managed node groups only: "<k8s>-<date>", e.g. "1.29-2024.05.14". */
  releaseVersion?: string;
  /** Managed node groups only: the node group's Kubernetes version. */
  kubernetesVersion?: string;
  /** Managed node groups only: EKS's status of it (ACTIVE, DEGRADED, CREATE_FAILED, …). */
  status?: string;
  /** Managed node groups only: what EKS reports wrong with it (health.issues); absent when nothing. */
  healthIssues?: EksHealthIssue[];
  /**
   * Where the AMI and user data come from. Usually one; a mixed-instances group whose
   * overrides name other launch templates has several. Empty when nothing could be resolved.
   */
  sites: ConfigSite<U>[];
  /** Running instances launched from this source (for SSM build lookups). */
  instanceIds: string[];
  /**
   * Auto Scaling groups and managed node groups only: what their instances were launched
   * from, to compare with what the group declares now and, where it has several sites, to
   * tell which site each instance's Windows build counts for. Absent when not collected.
   */
  runningInstances?: RunningInstance[];
  tags: Record<string, string>;
}

/**
 * A health issue of a cluster or managed node group as DescribeCluster or DescribeNodegroup
 * gives it. Text is AWS's.
 */
export interface EksHealthIssue {
  /** ClusterIssueCode or NodegroupIssueCode: `IamRoleNotFound`, `NodeCreationFailure`, … */
  code: string;
  message?: string;
  /** The instances, Auto Scaling groups or other resources the issue concerns. */
  resourceIds: string[];
}

/** An instance a group runs now: Instances[] of DescribeAutoScalingGroups, and DescribeInstances. */
export interface RunningInstance {
  instanceId: string;
  /** The AMI it runs; absent when EC2 did not describe it. */
  imageId?: string;
  /**
   * The launch template it was launched from: the instance's `aws:ec2launchtemplate:id` and
   * `:version` tags (the version number EC2 resolved), else the group's Instances[] entry.
   */
  launchTemplate?: { id?: string; name?: string; version?: string };
  /** The launch configuration it was launched from (Instances[] of DescribeAutoScalingGroups). */
  launchConfigurationName?: string;
}

/**
 * A launch template's `resolve:ssm:<parameter>` image: `resolved` (imageId holds the AMI),
 * `missing` (SSM says the parameter does not exist: launches fail) or `unknown` (the
 * lookup failed, or the value is not an AMI id; recorded in errors when it failed).
 */
export interface ImageParameter {
  /** The parameter as written after `resolve:ssm:`, with any `:version` or `:label`. */
  name: string;
  status: 'resolved' | 'missing' | 'unknown';
}

export interface Image {
  imageId: string;
  name?: string;
  ownerId?: string;
  /** "amazon" for images Amazon publishes (DescribeImages ImageOwnerAlias). */
  ownerAlias?: string;
  /** "windows" for Windows AMIs; EC2 omits it for Linux. */
  platform?: string;
  public?: boolean;
  /** ISO 8601. */
  creationDate?: string;
  deprecationTime?: string;
  state?: string;
}

/**
 * Result of looking an AMI up. An ID missing from `Inventory.images` altogether was never
 * looked up or the lookup failed (see `errors`): its state is unknown, not unavailable.
 */
export type ImageLookup = { status: 'available'; image: Image } | { status: 'unavailable' };

/** SSM inventory for a managed instance. */
export interface InstanceOsInfo {
  instanceId: string;
  platformName?: string;
  /** e.g. "10.0.17763". */
  platformVersion?: string;
}

/**
 * Something the operator should see that is neither a finding nor an error of the scan: a
 * check that could not run here (EKS insights not permitted, not offered in the region).
 * The report carries it among its warnings.
 */
export interface ScanNote {
  /** Stable and greppable, kebab-case: `eks-insights-unavailable`. */
  code: string;
  message: string;
  accountId?: string;
  region?: string;
  cluster?: string;
}

export interface ScanError {
  accountId?: string;
  region?: string;
  cluster?: string;
  operation: string;
  code: string;
  message: string;
}

export interface Inventory<U = EncodedUserData> {
  accountId: string;
  region: string;
  clusters: Cluster[];
  /**
   * Every cluster of the region, as ListClusters names them: in a scan limited to some, the
   * others too, which a bootstrap call may name. Absent when they could not be listed.
   */
  regionClusterNames?: string[];
  nodeSources: NodeSource<U>[];
  images: Record<string, ImageLookup>;
  /** SSM public parameter name → AMI id, for the EKS-optimized Windows "latest" parameters found. */
  latestImageIds: Record<string, string>;
  /**
   * The "latest" parameters of an upgrade's target version (`--target-version`) that SSM says
   * do not exist: EKS published no AMI of that release, edition and version. Absent when no
   * target was asked for; a name in neither this nor `latestImageIds` is unknown.
   */
  unpublishedImageParameters?: string[];
  /** Instance id → SSM inventory, where Systems Manager knows the instance. */
  instanceOs: Record<string, InstanceOsInfo>;
  errors: ScanError[];
  /** Checks that could not run and did not make the scan incomplete; absent when none. */
  notes?: ScanNote[];
  /** False when collection stopped early (deadline) or a whole region failed. */
  complete: boolean;
}

export type DecodedNodeSource = NodeSource<UserDataAnalysis>;
export type DecodedConfigSite = ConfigSite<UserDataAnalysis>;
export type DecodedInventory = Inventory<UserDataAnalysis>;
