/**
 * Metadata several rules share: the resource types their findings name, the IAM actions the
 * data they read needs, and the documents they cite. Each rule composes these next to its
 * own logic (`permissions: [...NODE_SOURCE_DISCOVERY, ...USER_DATA_READS]`), so one list
 * can't drift between the rules that read the same data. The order of the actions is the
 * order docs/rules.md shows them in.
 */
import type { ResourceType } from '../../inventory/types.ts';

// --- Resource types ---

/** Where a node source's AMI and user data are set: what an operator edits to fix it. */
export const CONFIG_SITE_TYPES: readonly ResourceType[] = [
  'AwsEc2LaunchTemplate',
  'AwsAutoScalingLaunchConfiguration',
  'AwsEc2Instance',
];

// --- IAM actions, by the data they read ---

/** Finding a cluster's node sources: managed node groups, Auto Scaling groups, instances. */
export const NODE_SOURCE_DISCOVERY: readonly string[] = [
  'eks:DescribeNodegroup',
  'autoscaling:DescribeAutoScalingGroups',
  'ec2:DescribeInstances',
];

/** Reading the AMI a config site launches from. */
export const SITE_AMI_READS: readonly string[] = [
  'ec2:DescribeLaunchTemplateVersions',
  'autoscaling:DescribeLaunchConfigurations',
  'ec2:DescribeInstances',
];

/** Reading a config site's user data (an instance's through DescribeInstanceAttribute). */
export const USER_DATA_READS: readonly string[] = [
  'ec2:DescribeLaunchTemplateVersions',
  'autoscaling:DescribeLaunchConfigurations',
  'ec2:DescribeInstanceAttribute',
];

/** Telling a site's Windows Server release: the node group amiType, the AMI name, SSM inventory. */
export const WINDOWS_RELEASE_READS: readonly string[] = [
  'eks:DescribeNodegroup',
  ...SITE_AMI_READS,
  'ec2:DescribeImages',
  'ssm:DescribeInstanceInformation',
];

/**
 * Telling whether a site's nodes start with Docker: the -ContainerRuntime argument, else the
 * default of the Kubernetes version its AMI or node group release was built for, against
 * the control plane's version.
 */
export const DOCKER_USE_READS: readonly string[] = [
  'eks:DescribeCluster',
  'eks:DescribeNodegroup',
  ...USER_DATA_READS,
  'ec2:DescribeImages',
];

// --- Sources cited ---

export const EKS_WINDOWS_AMIS =
  'Amazon EKS optimized Windows AMIs — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html';

export const EKS_WINDOWS_AMI_CALENDAR =
  'Amazon EKS optimized Windows AMIs, release calendar — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html';

export const EKS_WINDOWS_AMI_VERSIONS =
  'Amazon EKS optimized Windows AMI versions — https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-versions-windows.html';

export const MICROSOFT_LIFECYCLE =
  'Microsoft product lifecycle — https://learn.microsoft.com/lifecycle/products/';

export const DOCKERSHIM_END =
  'Amazon EKS ended support for Dockershim — https://docs.aws.amazon.com/eks/latest/userguide/dockershim-deprecation.html';
