import type { BootstrapCall } from '../../decode/types.ts';
import type { Cluster } from '../../inventory/types.ts';
import {
  ADDRESS_CHARACTERS,
  describeWindowsSite,
  literalArgumentOf,
  quotedIfWrittenAs,
  siteHit,
  sitesPassing,
} from '../facts.ts';
import { cidrContains, formatIpv4Cidr, type Ipv4Cidr, parseIpv4, parseIpv4Cidr } from '../ipv4.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

interface ServiceRange {
  cidr: Ipv4Cidr;
  from: 'bootstrap' | 'cluster';
}

/**
 * The service range the node ends up with: a literal -ServiceCIDR wins; an unresolved one
 * leaves it unknown; without the argument it is the cluster's. (The script's own default,
 * chosen from the node's address, is not known here: unknown.)
 */
function serviceRangeInForce(
  call: BootstrapCall,
  cluster: Cluster | undefined,
): ServiceRange | undefined {
  const argument = call.args.ServiceCIDR;
  const literal = literalArgumentOf(call, 'ServiceCIDR')?.trim();
  if (argument !== undefined && literal) {
    const cidr = parseIpv4Cidr(literal);
    return cidr && { cidr, from: 'bootstrap' };
  }
  if (argument !== undefined && argument.kind !== 'literal') return undefined;
  const cidr = parseIpv4Cidr(cluster?.serviceIpv4Cidr ?? '');
  return cidr && { cidr, from: 'cluster' };
}

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
    'The -DNSClusterIP passed to Start-EKSBootstrap.ps1 is not an address inside the Kubernetes service range the node uses: Pods on the node are given a DNS server that is not the cluster DNS service, and name resolution in the cluster fails.',
  remediation:
    "Pass the ClusterIP of the kube-dns service (kubectl -n kube-system get service kube-dns), which lies in the cluster's service range, or drop -DNSClusterIP to use the default; publish the corrected user data and replace the nodes.",
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
        const quoted = quotedIfWrittenAs(dns, ADDRESS_CHARACTERS);
        return [
          siteHit(
            passing,
            { ...(quoted === undefined ? {} : { dnsClusterIp: quoted }), dnsClusterIpValid: false },
            `${where} passes a -DNSClusterIP that is not a valid IPv4 address.`,
          ),
        ];
      }
      const range = serviceRangeInForce(passing.call, passing.cluster);
      if (range === undefined || cidrContains(range.cidr, address)) return [];
      const cidr = formatIpv4Cidr(range.cidr);
      const whose = range.from === 'bootstrap' ? 'the -ServiceCIDR' : "the cluster's service range";
      return [
        siteHit(
          passing,
          {
            dnsClusterIp: dns,
            dnsClusterIpValid: true,
            serviceCidr: cidr,
            serviceCidrFrom: range.from,
          },
          `${where} passes -DNSClusterIP ${dns}, outside ${whose} ${cidr}.`,
        ),
      ];
    });
  },
};
