import {
  ADDRESS_SHAPE,
  bootstrapCallOf,
  describeWindowsSite,
  quotedIfWrittenAs,
  siteHit,
  unquotedBecause,
  windowsSitesOf,
} from '../facts.ts';
import { formatIpv4Cidr, parseIpv4Cidr } from '../ipv4.ts';
import { isCandidate, serviceRangeInForce } from '../service-range.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/**
 * Networks are compared, not spellings: `10.100.0.0/16` and `10.100.7.0/16` are one range.
 * A value that is no IPv4 CIDR at all can't match the cluster's and fires too.
 */
export const bootstrapServiceCidrMismatch: Rule = {
  id: 'bootstrap-service-cidr-mismatch',
  severity: 'HIGH',
  title: "Bootstrap service CIDR differs from the cluster's",
  description:
    "The -ServiceCIDR passed to Start-EKSBootstrap.ps1 (or, without it, the SERVICE_IPV4_CIDR machine variable the script reads instead) is not the cluster's Kubernetes service range (kubernetesNetworkConfig.serviceIpv4Cidr): kube-proxy and the node's routes use the wrong range and Pods on the node cannot reach cluster services.",
  remediation:
    "Pass the cluster's serviceIpv4Cidr as -ServiceCIDR (it wins over the SERVICE_IPV4_CIDR variable), publish the corrected user data and replace the nodes.",
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: ['eks:DescribeCluster', ...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const call = bootstrapCallOf(windowsSite.site);
      const range = call && serviceRangeInForce(call, windowsSite.cluster);
      if (range?.basis !== 'bootstrap' && range?.basis !== 'environment') return [];
      const clusterCidr = parseIpv4Cidr(windowsSite.cluster?.serviceIpv4Cidr ?? '');
      if (clusterCidr === undefined || isCandidate(range, clusterCidr)) return [];
      const [bootstrapCidr] = range.candidates;
      const given = range.written ?? '';
      const cluster = formatIpv4Cidr(clusterCidr);
      const where = describeWindowsSite(windowsSite);
      const what =
        range.basis === 'bootstrap' ? '-ServiceCIDR' : 'SERVICE_IPV4_CIDR machine variable';
      const passes = range.basis === 'bootstrap' ? 'passes' : 'sets the';
      // A value that may be a stray line continuation's word is judged, not quoted.
      const unquoted = unquotedBecause(range);
      const shown =
        bootstrapCidr && unquoted === undefined ? ` ${formatIpv4Cidr(bootstrapCidr)}` : '';
      const detail = bootstrapCidr
        ? `${where} ${passes} ${what}${shown}${unquoted === undefined ? '' : ` (${unquoted})`} but the cluster's service range is ${cluster}.`
        : `${where} ${passes} ${what} that is not a valid IPv4 CIDR; the cluster's service range is ${cluster}.`;
      const quoted = quotedIfWrittenAs(given, ADDRESS_SHAPE, range);
      return [
        siteHit(
          windowsSite,
          {
            ...(quoted === undefined ? {} : { bootstrapServiceCidr: quoted }),
            bootstrapServiceCidrValid: bootstrapCidr !== undefined,
            clusterServiceCidr: cluster,
            ...(range.basis === 'environment' ? { serviceCidrFrom: 'environment' } : {}),
          },
          detail,
        ),
      ];
    });
  },
};
