import {
  ADDRESS_CHARACTERS,
  describeWindowsSite,
  quotedIfWrittenAs,
  siteHit,
  sitesPassing,
} from '../facts.ts';
import { formatIpv4Cidr, parseIpv4Cidr, sameIpv4Network } from '../ipv4.ts';
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
    "The -ServiceCIDR passed to Start-EKSBootstrap.ps1 is not the cluster's Kubernetes service range (kubernetesNetworkConfig.serviceIpv4Cidr): kube-proxy and the node's routes use the wrong range and Pods on the node cannot reach cluster services.",
  remediation:
    "Pass the cluster's serviceIpv4Cidr as -ServiceCIDR (or drop the argument when the cluster uses the default that matches the node's address range), publish the corrected user data and replace the nodes.",
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: ['eks:DescribeCluster', ...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return sitesPassing(inventory, 'ServiceCIDR').flatMap((passing): RuleHit[] => {
      const given = passing.value.trim();
      const clusterCidr = parseIpv4Cidr(passing.cluster?.serviceIpv4Cidr ?? '');
      if (!given || clusterCidr === undefined) return [];
      const bootstrapCidr = parseIpv4Cidr(given);
      if (bootstrapCidr && sameIpv4Network(bootstrapCidr, clusterCidr)) return [];
      const cluster = formatIpv4Cidr(clusterCidr);
      const where = describeWindowsSite(passing);
      const detail = bootstrapCidr
        ? `${where} passes -ServiceCIDR ${formatIpv4Cidr(bootstrapCidr)} but the cluster's service range is ${cluster}.`
        : `${where} passes a -ServiceCIDR that is not a valid IPv4 CIDR; the cluster's service range is ${cluster}.`;
      const quoted = quotedIfWrittenAs(given, ADDRESS_CHARACTERS);
      return [
        siteHit(
          passing,
          {
            ...(quoted === undefined ? {} : { bootstrapServiceCidr: quoted }),
            bootstrapServiceCidrValid: bootstrapCidr !== undefined,
            clusterServiceCidr: cluster,
          },
          detail,
        ),
      ];
    });
  },
};
