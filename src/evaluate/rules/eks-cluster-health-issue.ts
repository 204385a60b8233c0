import { clusterHit, windowsClustersOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { healthDetailOf, healthEvidenceOf, healthTitleOf, issuesByCode } from './health-issues.ts';

export const EKS_CLUSTER_HEALTH_SOURCE =
  'Amazon EKS API reference, ClusterIssue (cluster health issues) — https://docs.aws.amazon.com/eks/latest/APIReference/API_ClusterIssue.html';

/** One finding per issue code on a cluster with Windows nodes. */
export const eksClusterHealthIssue: Rule = {
  id: 'eks-cluster-health-issue',
  severity: 'HIGH',
  title: 'Amazon EKS reports a health issue on a cluster with Windows nodes',
  description:
    'Amazon EKS reports this issue on the cluster (DescribeCluster health): a resource the control plane depends on is gone, disabled or out of reach (its IAM role, subnets, security group, KMS key, free IP addresses), so creating nodes or updating the cluster can fail. Evaluated for clusters with Windows nodes only.',
  remediation:
    "Restore what the issue code and its resources name (the EKS API reference's ClusterIssue type lists the codes): recreate or re-enable the IAM role, subnet, security group or KMS key, or free IP addresses in the cluster's subnets. EKS clears the issue once the cluster recovers.",
  resourceTypes: ['AwsEksCluster'],
  permissions: ['eks:ListClusters', 'eks:DescribeCluster'],
  source: EKS_CLUSTER_HEALTH_SOURCE,
  evaluate({ inventory }) {
    return windowsClustersOf(inventory).flatMap((windowsCluster) => {
      const { cluster } = windowsCluster;
      return issuesByCode(cluster.healthIssues ?? []).map(
        (issues): RuleHit => ({
          ...clusterHit(
            windowsCluster,
            healthEvidenceOf(issues, 'clusterStatus', cluster.status),
            healthDetailOf(issues, `cluster ${cluster.name}`, cluster.status),
          ),
          qualifier: issues[0]?.code ?? '',
          title: healthTitleOf(issues, 'a cluster with Windows nodes'),
        }),
      );
    });
  },
};
