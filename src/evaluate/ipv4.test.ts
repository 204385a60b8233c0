import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  formatIpv4,
  formatIpv4Cidr,
  isIpv4Cidr,
  parseIpv4,
  parseIpv4Cidr,
  sameIpv4Network,
} from './ipv4.ts';

describe('Function: parseIpv4', () => {
  it('returns the address as an unsigned 32-bit number', () => {
    // Act
    const address = parseIpv4('172.20.0.10');

    // Assess
    expect(address).toBe(((172 * 256 + 20) * 256 + 0) * 256 + 10);
  });

  it('reads the highest address without turning negative', () => {
    // Act
    const address = parseIpv4('255.255.255.255');

    // Assess
    expect(address).toBe(0xffffffff);
  });

  it.each([
    ['an octet above 255', '10.0.0.256'],
    ['three octets', '10.0.0'],
    ['five octets', '10.0.0.0.1'],
    ['a leading zero', '10.0.0.010'],
    ['a sign', '10.0.0.+1'],
    ['an empty octet', '10..0.1'],
    ['a host name', 'kube-dns'],
    ['an IPv6 address', 'fd00::10'],
  ])('rejects %s', (_case, text) => {
    // Act
    const address = parseIpv4(text);

    // Assess
    expect(address).toBeUndefined();
  });
});

describe('Function: parseIpv4Cidr', () => {
  it('clears host bits so equal networks compare equal', () => {
    // Act
    const cidr = parseIpv4Cidr('10.100.5.7/16');

    // Assess
    expect(cidr && formatIpv4Cidr(cidr)).toBe('10.100.0.0/16');
  });

  it('accepts prefixes 0 and 32', () => {
    // Act
    const all = parseIpv4Cidr('0.0.0.0/0');
    const host = parseIpv4Cidr('192.168.1.1/32');

    // Assess
    expect(all).toEqual({ network: 0, prefix: 0 });
    expect(host && formatIpv4Cidr(host)).toBe('192.168.1.1/32');
  });

  it.each([
    ['a prefix above 32', '10.0.0.0/33'],
    ['a missing prefix', '10.0.0.0'],
    ['an empty prefix', '10.0.0.0/'],
    ['a prefix with a leading zero', '10.0.0.0/08'],
    ['two slashes', '10.0.0.0/8/8'],
    ['an invalid address', '10.0.300.0/16'],
    ['an IPv6 block', 'fd00::/8'],
  ])('rejects %s', (_case, text) => {
    // Act
    const valid = isIpv4Cidr(text);

    // Assess
    expect(valid).toBe(false);
  });
});

describe('Function: cidrContains', () => {
  it('tells addresses inside the block from the first one outside it', () => {
    // Prepare
    const cidr = parseIpv4Cidr('172.20.0.0/16');
    if (!cidr) throw new Error('test CIDR did not parse');

    // Act
    const inside = cidrContains(cidr, parseIpv4('172.20.255.255') ?? -1);
    const outside = cidrContains(cidr, parseIpv4('172.21.0.0') ?? -1);

    // Assess
    expect(inside).toBe(true);
    expect(outside).toBe(false);
  });

  it('contains every address in a /0 block', () => {
    // Prepare
    const cidr = parseIpv4Cidr('0.0.0.0/0');
    if (!cidr) throw new Error('test CIDR did not parse');

    // Act
    const inside = cidrContains(cidr, parseIpv4('203.0.113.9') ?? -1);

    // Assess
    expect(inside).toBe(true);
  });
});

describe('Function: sameIpv4Network', () => {
  it('compares networks, not spellings', () => {
    // Prepare
    const a = parseIpv4Cidr('10.100.0.0/16');
    const b = parseIpv4Cidr('10.100.9.1/16');
    const c = parseIpv4Cidr('10.100.0.0/17');
    if (!a || !b || !c) throw new Error('test CIDRs did not parse');

    // Act & assess
    expect(sameIpv4Network(a, b)).toBe(true);
    expect(sameIpv4Network(a, c)).toBe(false);
  });
});

describe('Function: formatIpv4', () => {
  it('writes the dotted-quad form back', () => {
    // Act
    const text = formatIpv4(parseIpv4('10.100.0.10') ?? -1);

    // Assess
    expect(text).toBe('10.100.0.10');
  });
});
