/**
 * The Kubernetes service range a Windows node really uses, as Start-EKSBootstrap.ps1 picks
 * it, most binding first:
 *   1. -ServiceCIDR;
 *   2. the machine-scoped SERVICE_IPV4_CIDR variable (a parameter wins over it: AWS page);
 *   3. the cluster's own range, when the script has the cluster's description: it calls
 *      Get-EKSCluster unless both -APIServerEndpoint and -Base64ClusterCA are given, or the
 *      user data presets $EKSCluster (Karpenter's documented workaround). AWS does not state
 *      this; amazon-eks-ami#805 and that workaround rest on it;
 *   4. the script's default, chosen by the VPC's CIDR blocks (reference-data/service-ranges.ts).
 * Pure; unknown stays unknown.
 */
import type { BootstrapCall, BootstrapValue } from '../decode/types.ts';
import type { Cluster } from '../inventory/types.ts';
import { literalArgumentOf } from './facts.ts';
import { cidrContains, type Ipv4Cidr, parseIpv4Cidr, sameIpv4Network } from './ipv4.ts';
import { SCRIPT_DEFAULT_SERVICE_RANGES } from './reference-data/service-ranges.ts';

export type ServiceRangeBasis =
  /** -ServiceCIDR. */
  | 'bootstrap'
  /** The SERVICE_IPV4_CIDR machine variable. */
  | 'environment'
  /** The cluster's serviceIpv4Cidr, which the script reads from its own cluster lookup. */
  | 'cluster'
  /** The script's default for the VPC. */
  | 'script-default';

export interface ServiceRangeInForce {
  basis: ServiceRangeBasis;
  /**
   * The ranges the node may use: one, or for the script's default with the VPC's blocks
   * unknown, both defaults.
   */
  candidates: Ipv4Cidr[];
  /**
   * The value as written (trimmed), for an argument or variable; when it is no IPv4 CIDR,
   * `candidates` is empty. Never quoted here: rules decide what evidence may show.
   */
  written?: string;
  /** The argument was bound by position: judged, never quoted (see BootstrapValue). */
  byPosition?: true;
  /** The argument was bound through an abbreviated name: judged, never quoted. */
  abbreviated?: true;
}

function literalOf(value: BootstrapValue | undefined): string | undefined {
  return value?.kind === 'literal' ? value.value.trim() : undefined;
}

/** True when the call gives both -APIServerEndpoint and -Base64ClusterCA: no cluster lookup. */
export function skipsClusterLookup(call: BootstrapCall): boolean {
  const endpoint = literalArgumentOf(call, 'APIServerEndpoint')?.trim();
  const ca = literalArgumentOf(call, 'Base64ClusterCA')?.trim();
  return Boolean(endpoint) && Boolean(ca);
}

/** What the script would know of the cluster, unless a value it reads is unresolved. */
function knowsCluster(call: BootstrapCall): boolean | undefined {
  if (call.presetsEksCluster) return true;
  const pair = [call.args.APIServerEndpoint, call.args.Base64ClusterCA];
  // A variable we can't read may be empty: whether the script looks up is then unknown.
  if (pair.some((value) => value?.kind === 'unresolved')) return undefined;
  return !skipsClusterLookup(call);
}

/** The script's default range for a VPC with these IPv4 blocks; both when they are unknown. */
export function scriptDefaultServiceRanges(
  vpcIpv4Cidrs: readonly string[] | undefined,
): Ipv4Cidr[] {
  const tenNetwork = parseIpv4Cidr(SCRIPT_DEFAULT_SERVICE_RANGES.tenNetwork) as Ipv4Cidr;
  const inTen = parseIpv4Cidr(SCRIPT_DEFAULT_SERVICE_RANGES.whenVpcInTenNetwork) as Ipv4Cidr;
  const otherwise = parseIpv4Cidr(SCRIPT_DEFAULT_SERVICE_RANGES.otherwise) as Ipv4Cidr;
  const blocks = (vpcIpv4Cidrs ?? []).flatMap((text) => parseIpv4Cidr(text) ?? []);
  if (blocks.length === 0) return [inTen, otherwise];
  const anyInTen = blocks.some((block) => cidrContains(tenNetwork, block.network));
  return [anyInTen ? inTen : otherwise];
}

/** A range given as text: parsed, or marked invalid. */
function given(basis: ServiceRangeBasis, text: string): ServiceRangeInForce {
  const cidr = parseIpv4Cidr(text);
  return { basis, candidates: cidr ? [cidr] : [], written: text };
}

/** The range the node uses; undefined when it can't be known (an unresolved value on the way). */
export function serviceRangeInForce(
  call: BootstrapCall,
  cluster: Cluster | undefined,
): ServiceRangeInForce | undefined {
  const argument = call.args.ServiceCIDR;
  if (argument !== undefined) {
    const text = literalOf(argument);
    // An empty -ServiceCIDR is as good as none; a list or unresolved value decides nothing.
    if (text === undefined) return undefined;
    if (text) {
      const range = given('bootstrap', text);
      if (argument.kind !== 'literal') return range;
      return {
        ...range,
        ...(argument.byPosition ? { byPosition: true } : {}),
        ...(argument.abbreviated ? { abbreviated: true } : {}),
      };
    }
  }
  const variable = call.machineEnvironment?.SERVICE_IPV4_CIDR;
  if (variable !== undefined) {
    const text = literalOf(variable);
    if (text === undefined) return undefined;
    if (text) return given('environment', text);
  }
  const lookup = knowsCluster(call);
  if (lookup === undefined) return undefined;
  if (lookup) {
    const cidr = parseIpv4Cidr(cluster?.serviceIpv4Cidr ?? '');
    return cidr && { basis: 'cluster', candidates: [cidr] };
  }
  return { basis: 'script-default', candidates: scriptDefaultServiceRanges(cluster?.vpcIpv4Cidrs) };
}

/** True when `cidr` is one of the candidates (the same network, not the same spelling). */
export function isCandidate(range: ServiceRangeInForce, cidr: Ipv4Cidr): boolean {
  return range.candidates.some((candidate) => sameIpv4Network(candidate, cidr));
}
