import type { BootstrapValue } from '../../decode/types.ts';
import {
  ADDRESS_SHAPE,
  bootstrapCallOf,
  describeWindowsSite,
  quotedIfWrittenAs,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import { isIpv4Cidr } from '../ipv4.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/**
 * Evidence quotes invalid entries written like addresses; bound their number so a garbled
 * value can't flood a finding. `invalidCount` counts them all.
 */
const MAX_QUOTED_ENTRIES = 10;

/**
 * The entries of -ExcludedSnatCIDRs: an array, or one string that is itself comma-separated
 * (as the EXCLUDED_SNAT_CIDRS environment variable is). Undefined when unresolved.
 */
function snatEntriesOf(value: BootstrapValue | undefined): string[] | undefined {
  if (value === undefined || value.kind === 'unresolved') return undefined;
  const raw = value.kind === 'list' ? value.values : [value.value];
  return raw
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

export const bootstrapSnatCidrInvalid: Rule = {
  id: 'bootstrap-snat-cidr-invalid',
  severity: 'MEDIUM',
  title: 'Bootstrap excludes an invalid CIDR from SNAT',
  description:
    "An entry of -ExcludedSnatCIDRs passed to Start-EKSBootstrap.ps1 (or, without it, of the comma-separated EXCLUDED_SNAT_CIDRS machine variable the script reads instead) is not a valid IPv4 CIDR (a.b.c.d/n, octets 0–255, prefix 0–32): the exclusion does not take effect, so Pod traffic to that range is still translated to the node's address, or the network configuration of the node fails.",
  remediation:
    'Write every entry of -ExcludedSnatCIDRs as an IPv4 CIDR block such as 10.0.0.0/8, publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const call = bootstrapCallOf(windowsSite.site);
      // A parameter wins over the machine variable the script reads in its absence.
      const fromVariable = call?.args.ExcludedSnatCIDRs === undefined;
      const entries = snatEntriesOf(
        call?.args.ExcludedSnatCIDRs ?? call?.machineEnvironment?.EXCLUDED_SNAT_CIDRS,
      );
      const invalid = (entries ?? []).filter((entry) => !isIpv4Cidr(entry));
      // Entries that may be a stray line continuation's words are judged, not quoted.
      const argument = call?.args.ExcludedSnatCIDRs;
      const binding = argument?.kind === 'unresolved' ? {} : (argument ?? {});
      if (invalid.length === 0) return [];
      const count = invalid.length === 1 ? '1 entry' : `${invalid.length} entries`;
      return [
        siteHit(
          windowsSite,
          {
            invalidEntries: invalid
              .flatMap((entry) => quotedIfWrittenAs(entry, ADDRESS_SHAPE, binding) ?? [])
              .slice(0, MAX_QUOTED_ENTRIES),
            invalidCount: invalid.length,
          },
          `${describeWindowsSite(windowsSite)} ${fromVariable ? 'sets' : 'passes'} ${count} in ${fromVariable ? 'the EXCLUDED_SNAT_CIDRS machine variable' : '-ExcludedSnatCIDRs'} that ${invalid.length === 1 ? 'is' : 'are'} not a valid IPv4 CIDR.`,
        ),
      ];
    });
  },
};
