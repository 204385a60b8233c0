import { clusterHit, windowsClustersOf } from '../facts.ts';
import type { Rule } from '../types.ts';
import { NODE_SOURCE_DISCOVERY } from './metadata.ts';

/** EKS reports the family as `ipv6`; anything else (ipv4, absent) is not judged. */
function isIpv6(ipFamily: string | undefined): boolean {
  return ipFamily?.toLowerCase() === 'ipv6';
}

export const windowsIpv6Cluster: Rule = {
  id: 'windows-ipv6-cluster',
  severity: 'HIGH',
  title: 'Windows nodes in an IPv6 cluster',
  description:
    'The cluster was created with the IPv6 address family, and Amazon EKS does not support Windows nodes in IPv6 clusters: the VPC CNI on Windows assigns IPv4 addresses only, so Windows nodes launched for this cluster cannot run Pods on the cluster network.',
  remediation:
    'Run Windows workloads in a cluster created with the IPv4 address family (the family cannot be changed after creation), move the Windows node sources there, and remove them from this cluster.',
  resourceTypes: ['AwsEksCluster'],
  permissions: ['eks:DescribeCluster', ...NODE_SOURCE_DISCOVERY],
  source:
    'Amazon EKS, IPv6 addresses for clusters, Pods and services — https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html',
  evaluate({ inventory }) {
    return windowsClustersOf(inventory)
      .filter(({ cluster }) => isIpv6(cluster.ipFamily))
      .map((windowsCluster) =>
        clusterHit(
          windowsCluster,
          { ipFamily: 'ipv6', windowsNodeSources: windowsCluster.windowsSources.length },
          `Cluster "${windowsCluster.cluster.name}" uses the IPv6 address family and has ${windowsCluster.windowsSources.length} Windows node source${windowsCluster.windowsSources.length === 1 ? '' : 's'}.`,
        ),
      );
  },
};
