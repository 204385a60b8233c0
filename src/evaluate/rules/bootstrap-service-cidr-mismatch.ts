import {
  bootstrapCallOf,
  describeWindowsSite,
  literalArgumentOf,
  quotedArgument,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import { formatIpv4Cidr, parseIpv4Cidr, sameIpv4Network } from '../ipv4.ts';
import type { Rule, RuleHit } from '../types.ts';

/**
 * Networks are compared, not spellings: `10.100.0.0/16` and `10.100.7.0/16` are one range.
 * A value that is no IPv4 CIDR at all can't match the cluster's and fires too.
 */
export const bootstrapServiceCidrMismatch: Rule = {
  id: 'bootstrap-service-cidr-mismatch',
  severity: 'HIGH',
  title: "Bootstrap service CIDR differs from the cluster's",
  description:
    "The -ServiceCIDR passed to Start-EKSBootstrap.ps1 is not the cluster's Kubernetes service range (kubernetesNetworkConfig.serviceIpv4Cidr): kube-proxy and the node's routes use the wrong range and Pods on the node cannot reach cluster services.",
  remediation:
    "Pass the cluster's serviceIpv4Cidr as -ServiceCIDR (or drop the argument when the cluster uses the default that matches the node's address range), publish the corrected user data and replace the nodes.",
  resourceTypes: ['AwsEc2LaunchTemplate', 'AwsAutoScalingLaunchConfiguration', 'AwsEc2Instance'],
  permissions: [
    'eks:DescribeCluster',
    'ec2:DescribeLaunchTemplateVersions',
    'autoscaling:DescribeLaunchConfigurations',
    'ec2:DescribeInstanceAttribute',
  ],
  source:
    'Amazon EKS optimized Windows AMIs — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html',
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const given = literalArgumentOf(bootstrapCallOf(windowsSite.site), 'ServiceCIDR')?.trim();
      const clusterCidr = parseIpv4Cidr(windowsSite.cluster?.serviceIpv4Cidr ?? '');
      if (!given || clusterCidr === undefined) return [];
      const bootstrapCidr = parseIpv4Cidr(given);
      if (bootstrapCidr && sameIpv4Network(bootstrapCidr, clusterCidr)) return [];
      const cluster = formatIpv4Cidr(clusterCidr);
      const detail = bootstrapCidr
        ? `${describeWindowsSite(windowsSite)} passes -ServiceCIDR ${formatIpv4Cidr(bootstrapCidr)} but the cluster's service range is ${cluster}.`
        : `${describeWindowsSite(windowsSite)} passes a -ServiceCIDR that is not a valid IPv4 CIDR; the cluster's service range is ${cluster}.`;
      return [
        siteHit(
          windowsSite,
          {
            bootstrapServiceCidr: quotedArgument(given),
            bootstrapServiceCidrValid: bootstrapCidr !== undefined,
            clusterServiceCidr: cluster,
          },
          detail,
        ),
      ];
    });
  },
};
