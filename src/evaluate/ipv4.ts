/**
 * Strict IPv4 addresses and CIDR blocks, as the bootstrap arguments and the cluster's
 * service range carry them. Strict means: exactly four decimal octets 0–255 without
 * leading zeros (PowerShell, Go and .NET disagree on what "010" means), and for a CIDR a
 * prefix 0–32. Addresses are held as unsigned 32-bit numbers.
 */

import { memoised } from './memo.ts';

export interface Ipv4Cidr {
  /** The network address: the given address with its host bits cleared. */
  network: number;
  prefix: number;
}

const OCTET = /^(0|[1-9]\d{0,2})$/;
const PREFIX = /^(0|[1-9]\d?)$/;

/** The address as an unsigned 32-bit number, or undefined when it is not a strict IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let address = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    address = address * 256 + octet;
  }
  return address;
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `a.b.c.d/n`; host bits may be set (they are cleared, as Go's ParseCIDR does). */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  return cidrOf(text);
}

// Every site of a cluster names the cluster's range (and the script's defaults): parse each once.
const cidrOf = memoised((text: string): Ipv4Cidr | undefined => {
  const [address, prefixText, ...rest] = text.trim().split('/');
  if (address === undefined || prefixText === undefined || rest.length > 0) return undefined;
  if (!PREFIX.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const ip = parseIpv4(address);
  if (prefix > 32 || ip === undefined) return undefined;
  return { network: (ip & maskOf(prefix)) >>> 0, prefix };
});

export function isIpv4Cidr(text: string): boolean {
  return parseIpv4Cidr(text) !== undefined;
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join('.');
}

/** The normalised form, host bits cleared: `10.100.5.0/16` → `10.100.0.0/16`. */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`;
}

export function cidrContains(cidr: Ipv4Cidr, address: number): boolean {
  return (address & maskOf(cidr.prefix)) >>> 0 === cidr.network;
}

export function sameIpv4Network(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network === b.network && a.prefix === b.prefix;
}
