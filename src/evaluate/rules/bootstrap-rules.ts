import type { Rule } from '../types.ts';
import { amiExpiring } from './ami-expiring.ts';
import { amiOutdated } from './ami-outdated.ts';
import { amiUnavailable } from './ami-unavailable.ts';
import { bootstrapClusterMismatch } from './bootstrap-cluster-mismatch.ts';
import { bootstrapDnsOutsideServiceCidr } from './bootstrap-dns-outside-service-cidr.ts';
import { bootstrapDuplicated } from './bootstrap-duplicated.ts';
import { bootstrapEndpointCaIncomplete } from './bootstrap-endpoint-ca-incomplete.ts';
import { bootstrapEndpointMismatch } from './bootstrap-endpoint-mismatch.ts';
import { bootstrapMissing } from './bootstrap-missing.ts';
import { bootstrapServiceCidrMismatch } from './bootstrap-service-cidr-mismatch.ts';
import { bootstrapSnatCidrInvalid } from './bootstrap-snat-cidr-invalid.ts';
import { userdataUnreadable } from './userdata-unreadable.ts';

/**
 * The AMI-availability, bootstrap-argument and user-data rules, in the order of SPEC
 * section 4 (the lifecycle rules that sit between them in the SPEC live in lifecycle-rules.ts).
 */
export const BOOTSTRAP_RULES: readonly Rule[] = [
  amiUnavailable,
  amiExpiring,
  amiOutdated,
  bootstrapMissing,
  bootstrapDuplicated,
  bootstrapClusterMismatch,
  bootstrapEndpointCaIncomplete,
  bootstrapEndpointMismatch,
  bootstrapServiceCidrMismatch,
  bootstrapDnsOutsideServiceCidr,
  bootstrapSnatCidrInvalid,
  userdataUnreadable,
];
