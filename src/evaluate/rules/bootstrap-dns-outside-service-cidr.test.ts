import { describe, expect, it } from 'vitest';
import {
  aCluster,
  anInventoryBootstrapping,
  anInventoryWithSite,
  bootstrapUserDataWith,
  endpointAndCaOf,
  literal,
  ruleInput,
  unresolved,
} from '../../../test/builders/inventory.ts';
import { bootstrapDnsOutsideServiceCidr } from './bootstrap-dns-outside-service-cidr.ts';

describe('Rule: bootstrap-dns-outside-service-cidr', () => {
  it.each([
    ['an address', '10.100.0.10', true, { byPosition: true }],
    ['no address (a PIN)', '48291736', false, { byPosition: true }],
    ['through an abbreviated name, an address', '10.100.0.10', true, { abbreviated: true }],
    ['through an abbreviated name, no address (a PIN)', '48291736', false, { abbreviated: true }],
  ] as const)(
    'judges a value that may be a stray word but never quotes it: %s',
    (_, value, valid, binding) => {
      // Prepare: a stray line continuation binds the next line's word by position, or another
      // command's flag (`sqlcmd -d`) binds it through an abbreviated name
      const inventory = anInventoryBootstrapping({
        DNSClusterIP: { kind: 'literal', value, ...binding },
      });

      // Act
      const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

      // Assess
      expect(hits).toHaveLength(1);
      expect(hits[0]?.evidence).toMatchObject({ dnsClusterIpValid: valid });
      expect(JSON.stringify(hits)).not.toContain(value);
    },
  );

  it('fires when the DNS IP lies outside the cluster service range', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ DNSClusterIP: literal('10.100.0.10') });

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          dnsClusterIp: '10.100.0.10',
          dnsClusterIpValid: true,
          serviceCidr: '172.20.0.0/16',
          serviceCidrFrom: 'cluster',
        },
      }),
    ]);
  });

  it('judges against -ServiceCIDR when the script passes one', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      DNSClusterIP: literal('172.20.0.10'),
      ServiceCIDR: literal('10.100.0.0/16'),
    });

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toMatchObject({
      serviceCidr: '10.100.0.0/16',
      serviceCidrFrom: 'bootstrap',
    });
  });

  it("judges against the script's default for the VPC when the endpoint and CA pair skips the lookup", () => {
    // Prepare: Karpenter writes its clusterDNS; the VPC has no 10.x block, so 10.100.0.0/16.
    const cluster = aCluster({
      serviceIpv4Cidr: '172.20.0.0/16',
      vpcIpv4Cidrs: ['192.168.0.0/16'],
    });
    const inventory = anInventoryWithSite(
      {
        userData: bootstrapUserDataWith(
          { ...endpointAndCaOf(cluster), DNSClusterIP: literal('172.20.0.10') },
          {},
        ),
      },
      { clusters: [cluster] },
    );

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({
      dnsClusterIp: '172.20.0.10',
      dnsClusterIpValid: true,
      serviceCidr: '10.100.0.0/16',
      serviceCidrFrom: 'script-default',
      clusterServiceCidr: '172.20.0.0/16',
    });
    expect(hits[0]?.detail).toContain("outside the script's default service range 10.100.0.0/16");
    expect(hits[0]?.detail).toContain(
      "That address is in the cluster's own service range 172.20.0.0/16: the node's range is the one to correct.",
    );
  });

  it("says nothing of the cluster's range when the DNS IP is outside it too", () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      DNSClusterIP: literal('192.168.0.10'),
      ServiceCIDR: literal('10.100.0.0/16'),
    });

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).not.toHaveProperty('clusterServiceCidr');
    expect(hits[0]?.detail).not.toContain("cluster's own service range");
  });

  it('judges against the SERVICE_IPV4_CIDR machine variable when no -ServiceCIDR is given', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: bootstrapUserDataWith(
        { DNSClusterIP: literal('172.20.0.10') },
        { machineEnvironment: { SERVICE_IPV4_CIDR: literal('10.50.0.0/16') } },
      ),
    });

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toMatchObject({
      serviceCidr: '10.50.0.0/16',
      serviceCidrFrom: 'environment',
    });
  });

  it.each([
    ['outside the cluster range, in a default', '10.100.0.10', 1],
    ['inside the cluster range', '172.20.0.10', 0],
  ])('with the VPC unknown, judges against the cluster range alone: %s', (_, dns, count) => {
    // Prepare: the endpoint and CA pair skips the lookup; the VPC's blocks were not read
    const inventory = anInventoryWithSite({
      userData: bootstrapUserDataWith({ ...endpointAndCaOf(), DNSClusterIP: literal(dns) }, {}),
    });

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(count);
    if (count === 0) return;
    expect(hits[0]?.evidence).toEqual({
      dnsClusterIp: dns,
      dnsClusterIpValid: true,
      clusterServiceCidr: '172.20.0.0/16',
    });
    expect(hits[0]?.detail).toContain(
      `passes -DNSClusterIP ${dns}, outside the cluster's service range 172.20.0.0/16, which holds the cluster DNS service's address whatever range the node uses.`,
    );
    // Either default may be the node's: neither is named.
    expect(hits[0]?.detail).not.toContain("The node's range");
  });

  it("fires on an address the node's range holds but the cluster's does not, naming both", () => {
    // Prepare: a 10.x VPC gives the script's default 172.20.0.0/16; the cluster uses its own
    const cluster = aCluster({ serviceIpv4Cidr: '10.100.0.0/16', vpcIpv4Cidrs: ['10.0.0.0/16'] });
    const inventory = anInventoryWithSite(
      {
        userData: bootstrapUserDataWith(
          { ...endpointAndCaOf(cluster), DNSClusterIP: literal('172.20.0.10') },
          {},
        ),
      },
      { clusters: [cluster] },
    );

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({
      dnsClusterIp: '172.20.0.10',
      dnsClusterIpValid: true,
      clusterServiceCidr: '10.100.0.0/16',
    });
    expect(hits[0]?.detail).toContain(
      "The node's range, the script's default service range 172.20.0.0/16, holds it but is not the cluster's: both need correcting.",
    );
  });

  it('never quotes an address bound by position when judging it against the cluster range', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: bootstrapUserDataWith(
        {
          ...endpointAndCaOf(),
          DNSClusterIP: { kind: 'literal', value: '10.100.0.10', byPosition: true },
        },
        {},
      ),
    });

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(JSON.stringify(hits)).not.toContain('10.100.0.10');
  });

  it('no longer tells operators to drop -DNSClusterIP', () => {
    // Assess
    expect(bootstrapDnsOutsideServiceCidr.remediation).not.toMatch(/drop -DNSClusterIP/i);
  });

  it('fires on a DNS IP that is not an IPv4 address, whatever the service range', () => {
    // Prepare
    const inventory = anInventoryBootstrapping(
      { DNSClusterIP: literal('172.20.0.300') },
      { clusters: [aCluster({ serviceIpv4Cidr: undefined })] },
    );

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({ dnsClusterIp: '172.20.0.300', dnsClusterIpValid: false });
  });

  it('does not quote a DNS IP not written like an address, which may be a secret', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ DNSClusterIP: literal('Sup3rSecret') });

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({ dnsClusterIpValid: false });
    expect(JSON.stringify(hits)).not.toContain('Sup3rSecret');
  });

  it('does not fire on the last address of the range', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ DNSClusterIP: literal('172.20.255.255') });

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it.each([
    ['outside the cluster range', '10.100.0.10', 1],
    ['inside the cluster range', '172.20.0.10', 0],
  ])(
    'with -ServiceCIDR unresolved, judges against the cluster range alone: %s',
    (_, dns, count) => {
      // Prepare
      const inventory = anInventoryBootstrapping({
        DNSClusterIP: literal(dns),
        ServiceCIDR: unresolved('ServiceCidr'),
      });

      // Act
      const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

      // Assess
      expect(hits).toHaveLength(count);
      expect(hits[0]?.evidence ?? {}).not.toHaveProperty('serviceCidrFrom');
    },
  );

  it('does not fire when the DNS IP is unresolved', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ DNSClusterIP: unresolved('DnsIp') });

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when no service range is known', () => {
    // Prepare
    const inventory = anInventoryBootstrapping(
      { DNSClusterIP: literal('10.100.0.10') },
      { clusters: [aCluster({ serviceIpv4Cidr: undefined })] },
    );

    // Act
    const hits = bootstrapDnsOutsideServiceCidr.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
