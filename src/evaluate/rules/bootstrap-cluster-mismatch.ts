import {
  bootstrapCallOf,
  describeWindowsSite,
  literalArgumentOf,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';

/** EKS cluster names are case-sensitive, so the comparison is exact. */
export const bootstrapClusterMismatch: Rule = {
  id: 'bootstrap-cluster-mismatch',
  severity: 'HIGH',
  title: 'Bootstrap joins Windows nodes to a different cluster',
  description:
    'The -EKSClusterName passed to Start-EKSBootstrap.ps1 is not the cluster that owns this node source: the nodes register with another cluster or fail to find one, and the owning cluster never gets them.',
  remediation:
    "Pass the owning cluster's exact name (case-sensitive) as -EKSClusterName, or fix the tags that attach the node source to the cluster; publish the corrected user data and replace the nodes.",
  resourceTypes: ['AwsEc2LaunchTemplate', 'AwsAutoScalingLaunchConfiguration', 'AwsEc2Instance'],
  permissions: [
    'eks:DescribeNodegroup',
    'autoscaling:DescribeAutoScalingGroups',
    'ec2:DescribeInstances',
    'ec2:DescribeLaunchTemplateVersions',
    'autoscaling:DescribeLaunchConfigurations',
    'ec2:DescribeInstanceAttribute',
  ],
  source:
    'Amazon EKS optimized Windows AMIs — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html',
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const given = literalArgumentOf(bootstrapCallOf(windowsSite.site), 'EKSClusterName');
      const owner = windowsSite.source.cluster;
      if (given === undefined || given === owner) return [];
      return [
        siteHit(
          windowsSite,
          { bootstrapClusterName: given, clusterName: owner },
          `${describeWindowsSite(windowsSite)} passes -EKSClusterName "${given}" but belongs to cluster "${owner}".`,
        ),
      ];
    });
  },
};
