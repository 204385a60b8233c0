import {
  ADDRESS_SHAPE,
  describeWindowsSite,
  quotedIfWrittenAs,
  siteHit,
  sitesPassing,
  unquotedBecause,
} from '../facts.ts';
import { cidrContains, formatIpv4Cidr, parseIpv4, parseIpv4Cidr } from '../ipv4.ts';
import { type ServiceRangeBasis, serviceRangeInForce } from '../service-range.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/** How a detail names where the range in force comes from. */
const RANGE_NAMES: Readonly<Record<ServiceRangeBasis, string>> = {
  bootstrap: 'the -ServiceCIDR',
  environment: 'the SERVICE_IPV4_CIDR machine variable',
  cluster: "the cluster's service range",
  'script-default': "the script's default service range",
};

/**
 * Decision: a -DNSClusterIP that is not an IPv4 address at all fires even when the service
 * range is unknown, because it can be inside no IPv4 service range (EKS Windows nodes run
 * on IPv4 clusters only) and the kubelet's cluster DNS is then broken.
 */
export const bootstrapDnsOutsideServiceCidr: Rule = {
  id: 'bootstrap-dns-outside-service-cidr',
  severity: 'HIGH',
  title: 'Bootstrap DNS cluster IP is outside the service CIDR',
  description:
    "The -DNSClusterIP passed to Start-EKSBootstrap.ps1 is not an address inside the Kubernetes service range the node really uses: -ServiceCIDR, else the SERVICE_IPV4_CIDR machine variable, else the cluster's range when the script looks the cluster up, else the script's default for the VPC; or, whatever range the node uses, it is outside the cluster's own service range, which always holds the cluster DNS service's address. Either the address is not the cluster DNS service's, or it is and the node's service range is the wrong one (bootstrap-service-cidr-missing or -mismatch then names it): either way the node's idea of the service network does not hold the DNS server its pods are given, and name resolution in the cluster fails.",
  remediation:
    "Pass the ClusterIP of the kube-dns service (kubectl -n kube-system get service kube-dns) as -DNSClusterIP, and make sure the node uses the cluster's service range: pass it as -ServiceCIDR when the cluster does not use the script's default; publish the corrected user data and replace the nodes.",
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: ['eks:DescribeCluster', ...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return sitesPassing(inventory, 'DNSClusterIP').flatMap((passing): RuleHit[] => {
      const dns = passing.value.trim();
      if (!dns) return [];
      const where = describeWindowsSite(passing);
      const address = parseIpv4(dns);
      if (address === undefined) {
        const quoted = quotedIfWrittenAs(dns, ADDRESS_SHAPE, passing);
        return [
          siteHit(
            passing,
            { ...(quoted === undefined ? {} : { dnsClusterIp: quoted }), dnsClusterIpValid: false },
            `${where} passes a -DNSClusterIP that is not a valid IPv4 address.`,
          ),
        ];
      }
      // A value that may be a stray line continuation's word is judged, never quoted.
      const unquoted = unquotedBecause(passing);
      const shown = unquoted === undefined ? dns : `(${unquoted})`;
      const range = serviceRangeInForce(passing.call, passing.cluster);
      const clusterRange = parseIpv4Cidr(passing.cluster?.serviceIpv4Cidr ?? '');
      const inClusterRange = clusterRange !== undefined && cidrContains(clusterRange, address);
      if (range !== undefined && !range.candidates.some((cidr) => cidrContains(cidr, address))) {
        if (range.candidates.length === 0) return [];
        const cidrs = range.candidates.map(formatIpv4Cidr);
        // The address may well be kube-dns's: then the range in force is what is wrong.
        const nodeRangeWrong = range.basis !== 'cluster' && inClusterRange;
        const cause = nodeRangeWrong
          ? ` That address is in the cluster's own service range ${formatIpv4Cidr(clusterRange)}: the node's range is the one to correct.`
          : '';
        return [
          siteHit(
            passing,
            {
              ...(unquoted === undefined ? { dnsClusterIp: dns } : {}),
              dnsClusterIpValid: true,
              serviceCidr: cidrs.join(' or '),
              serviceCidrFrom: range.basis,
              ...(nodeRangeWrong ? { clusterServiceCidr: formatIpv4Cidr(clusterRange) } : {}),
            },
            `${where} passes -DNSClusterIP ${shown}, outside ${RANGE_NAMES[range.basis]} ${cidrs.join(' or ')}.${cause}`,
          ),
        ];
      }
      // kube-dns's address is in the cluster's own range whatever range the node uses: an
      // address outside it is wrong even where the node's range is unknown (the VPC's blocks
      // unread, an unresolved -ServiceCIDR) or holds it.
      if (clusterRange === undefined || inClusterRange) return [];
      // Named only when it is one range: with the VPC unknown either default may be the node's.
      const [nodeCidr, ...otherCidrs] = range?.candidates ?? [];
      const nodeRange =
        range !== undefined &&
        nodeCidr !== undefined &&
        otherCidrs.length === 0 &&
        range.basis !== 'cluster'
          ? ` The node's range, ${RANGE_NAMES[range.basis]} ${formatIpv4Cidr(nodeCidr)}, holds it but is not the cluster's: both need correcting.`
          : '';
      return [
        siteHit(
          passing,
          {
            ...(unquoted === undefined ? { dnsClusterIp: dns } : {}),
            dnsClusterIpValid: true,
            clusterServiceCidr: formatIpv4Cidr(clusterRange),
          },
          `${where} passes -DNSClusterIP ${shown}, outside the cluster's service range ${formatIpv4Cidr(clusterRange)}, which holds the cluster DNS service's address whatever range the node uses.${nodeRange}`,
        ),
      ];
    });
  },
};
