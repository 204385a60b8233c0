import type { Rule } from '../types.ts';
import { amiExpiring } from './ami-expiring.ts';
import { amiOutdated } from './ami-outdated.ts';
import { amiUnavailable } from './ami-unavailable.ts';
import { bootstrapArgumentsCutOff } from './bootstrap-arguments-cut-off.ts';
import { bootstrapClusterMismatch } from './bootstrap-cluster-mismatch.ts';
import { bootstrapClusterNameMissing } from './bootstrap-cluster-name-missing.ts';
import { bootstrapDnsOutsideServiceCidr } from './bootstrap-dns-outside-service-cidr.ts';
import { bootstrapDuplicated } from './bootstrap-duplicated.ts';
import { bootstrapEndpointCaIncomplete } from './bootstrap-endpoint-ca-incomplete.ts';
import { bootstrapEndpointMismatch } from './bootstrap-endpoint-mismatch.ts';
import { bootstrapLinuxOption } from './bootstrap-linux-option.ts';
import { bootstrapMissing } from './bootstrap-missing.ts';
import { bootstrapParameterRepeated } from './bootstrap-parameter-repeated.ts';
import { bootstrapParameterUnknown } from './bootstrap-parameter-unknown.ts';
import { bootstrapParameterValueMissing } from './bootstrap-parameter-value-missing.ts';
import { bootstrapServiceCidrMismatch } from './bootstrap-service-cidr-mismatch.ts';
import { bootstrapServiceCidrMissing } from './bootstrap-service-cidr-missing.ts';
import { bootstrapSnatCidrInvalid } from './bootstrap-snat-cidr-invalid.ts';
import { kubeProxyFlagUnknown } from './kube-proxy-flag-unknown.ts';
import { kubeletArgumentsMalformed } from './kubelet-arguments-malformed.ts';
import { kubeletFlagUnknown } from './kubelet-flag-unknown.ts';
import { kubeletNodeLabelsRestricted } from './kubelet-node-labels-restricted.ts';
import { userdataUnreadable } from './userdata-unreadable.ts';
import { windowsIpv6Cluster } from './windows-ipv6-cluster.ts';

/**
 * The AMI-availability, bootstrap-argument, cluster-network and user-data rules, in the order
 * of SPEC section 4 with the rules added since beside their kin (the lifecycle rules that sit
 * between them in the SPEC live in lifecycle-rules.ts).
 */
export const BOOTSTRAP_RULES: readonly Rule[] = [
  amiUnavailable,
  amiExpiring,
  amiOutdated,
  bootstrapMissing,
  bootstrapDuplicated,
  bootstrapClusterNameMissing,
  bootstrapParameterUnknown,
  bootstrapParameterRepeated,
  bootstrapParameterValueMissing,
  bootstrapArgumentsCutOff,
  bootstrapLinuxOption,
  kubeletArgumentsMalformed,
  kubeletFlagUnknown,
  kubeProxyFlagUnknown,
  kubeletNodeLabelsRestricted,
  bootstrapClusterMismatch,
  bootstrapEndpointCaIncomplete,
  bootstrapEndpointMismatch,
  bootstrapServiceCidrMismatch,
  bootstrapServiceCidrMissing,
  bootstrapDnsOutsideServiceCidr,
  bootstrapSnatCidrInvalid,
  windowsIpv6Cluster,
  userdataUnreadable,
];
