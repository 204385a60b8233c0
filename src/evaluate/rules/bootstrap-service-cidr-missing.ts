import {
  bootstrapCallOf,
  describeWindowsSite,
  mustBootstrapItself,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import { formatIpv4Cidr, parseIpv4Cidr } from '../ipv4.ts';
import { SCRIPT_DEFAULT_SERVICE_RANGES } from '../reference-data/service-ranges.ts';
import { isCandidate, serviceRangeInForce } from '../service-range.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, NODE_SOURCE_DISCOVERY, USER_DATA_READS } from './metadata.ts';

/**
 * Only where the call is ours to write (self-managed, Karpenter and stand-alone instances,
 * `CUSTOM` node groups) and the script really falls back to its default: no -ServiceCIDR, no
 * SERVICE_IPV4_CIDR, and the endpoint/CA pair given so that it never reads the cluster's own
 * range. With the VPC's blocks unknown, it fires only when the cluster's range is neither
 * default.
 */
export const bootstrapServiceCidrMissing: Rule = {
  id: 'bootstrap-service-cidr-missing',
  severity: 'HIGH',
  title: "Bootstrap leaves the service range to the script's default, which is not the cluster's",
  description: `The bootstrap call passes -APIServerEndpoint and -Base64ClusterCA (so Start-EKSBootstrap.ps1 never looks the cluster up) but no -ServiceCIDR, and the user data sets no SERVICE_IPV4_CIDR machine variable. The script then uses its default service range, ${SCRIPT_DEFAULT_SERVICE_RANGES.whenVpcInTenNetwork} when the VPC has a CIDR block in ${SCRIPT_DEFAULT_SERVICE_RANGES.tenNetwork}, else ${SCRIPT_DEFAULT_SERVICE_RANGES.otherwise}, with its .10 address as cluster DNS; the cluster uses another range, so DNS resolution for Pods on these nodes fails (AWS: with a custom service CIDR you must pass -ServiceCIDR).`,
  remediation:
    "Add -ServiceCIDR with the cluster's kubernetesNetworkConfig.serviceIpv4Cidr to the bootstrap call, and -DNSClusterIP with the ClusterIP of the kube-dns service if you pass one (or set the machine-scoped SERVICE_IPV4_CIDR variable before the call); publish the corrected user data and replace the nodes.",
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [
    'eks:DescribeCluster',
    'ec2:DescribeVpcs',
    ...NODE_SOURCE_DISCOVERY,
    ...USER_DATA_READS,
  ],
  source: SCRIPT_DEFAULT_SERVICE_RANGES.source,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const { cluster, source } = windowsSite;
      const call = bootstrapCallOf(windowsSite.site);
      if (call === undefined || cluster === undefined || !mustBootstrapItself(source)) return [];
      const range = serviceRangeInForce(call, cluster);
      const clusterCidr = parseIpv4Cidr(cluster.serviceIpv4Cidr ?? '');
      if (range?.basis !== 'script-default' || clusterCidr === undefined) return [];
      if (isCandidate(range, clusterCidr)) return [];
      const defaults = range.candidates.map(formatIpv4Cidr);
      const clusterRange = formatIpv4Cidr(clusterCidr);
      const uses =
        defaults.length === 1
          ? `its default ${defaults[0]} for this VPC`
          : `its default (${defaults.join(' or ')}, by the VPC's CIDR blocks)`;
      return [
        siteHit(
          windowsSite,
          {
            clusterServiceCidr: clusterRange,
            scriptDefaultServiceCidrs: defaults,
            vpcCidrsKnown: cluster.vpcIpv4Cidrs !== undefined,
          },
          `${describeWindowsSite(windowsSite)} passes no -ServiceCIDR, so the script uses ${uses}; cluster "${cluster.name}" uses ${clusterRange}.`,
        ),
      ];
    });
  },
};
