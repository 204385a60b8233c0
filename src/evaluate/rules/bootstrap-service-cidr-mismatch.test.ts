import { describe, expect, it } from 'vitest';
import {
  aCluster,
  anInventoryBootstrapping,
  anInventoryWithSite,
  bootstrapUserDataWith,
  literal,
  ruleInput,
  unresolved,
} from '../../../test/builders/inventory.ts';
import { bootstrapServiceCidrMismatch } from './bootstrap-service-cidr-mismatch.ts';

describe('Rule: bootstrap-service-cidr-mismatch', () => {
  it.each([
    ['a CIDR', '10.100.0.0/16', true, { byPosition: true }],
    ['no CIDR (a PIN)', '48291736', false, { byPosition: true }],
    ['through an abbreviated name, a CIDR', '10.100.0.0/16', true, { abbreviated: true }],
    ['through an abbreviated name, no CIDR (a PIN)', '48291736', false, { abbreviated: true }],
  ] as const)(
    'judges a value that may be a stray word but never quotes it: %s',
    (_, value, valid, binding) => {
      // Prepare: a stray line continuation binds the next line's word by position, or another
      // command's flag (`sqlcmd -d`) binds it through an abbreviated name
      const inventory = anInventoryBootstrapping({
        ServiceCIDR: { kind: 'literal', value, ...binding },
      });

      // Act
      const hits = bootstrapServiceCidrMismatch.evaluate(ruleInput(inventory));

      // Assess
      expect(hits).toHaveLength(1);
      expect(hits[0]?.evidence).toMatchObject({ bootstrapServiceCidrValid: valid });
      expect(JSON.stringify(hits)).not.toContain(value);
    },
  );

  it('fires when -ServiceCIDR is not the cluster service range', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ ServiceCIDR: literal('10.100.0.0/16') });

    // Act
    const hits = bootstrapServiceCidrMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: {
          bootstrapServiceCidr: '10.100.0.0/16',
          bootstrapServiceCidrValid: true,
          clusterServiceCidr: '172.20.0.0/16',
        },
      }),
    ]);
  });

  it('fires on a SERVICE_IPV4_CIDR machine variable that is not the cluster service range', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: bootstrapUserDataWith(
        {},
        { machineEnvironment: { SERVICE_IPV4_CIDR: literal('10.100.0.0/16') } },
      ),
    });

    // Act
    const hits = bootstrapServiceCidrMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({
      bootstrapServiceCidr: '10.100.0.0/16',
      bootstrapServiceCidrValid: true,
      clusterServiceCidr: '172.20.0.0/16',
      serviceCidrFrom: 'environment',
    });
    expect(hits[0]?.detail).toContain('sets the SERVICE_IPV4_CIDR machine variable 10.100.0.0/16');
  });

  it('ignores the machine variable when -ServiceCIDR wins over it', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: bootstrapUserDataWith(
        { ServiceCIDR: literal('172.20.0.0/16') },
        { machineEnvironment: { SERVICE_IPV4_CIDR: literal('10.100.0.0/16') } },
      ),
    });

    // Act
    const hits = bootstrapServiceCidrMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires when the prefix differs even though the address is the same', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ ServiceCIDR: literal('172.20.0.0/12') });

    // Act
    const hits = bootstrapServiceCidrMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
  });

  it('fires when -ServiceCIDR is not a CIDR at all', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ ServiceCIDR: literal('172.20.0.0') });

    // Act
    const hits = bootstrapServiceCidrMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toMatchObject({ bootstrapServiceCidrValid: false });
  });

  it('does not quote a -ServiceCIDR not written like an address, which may be a secret', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ ServiceCIDR: literal('Sup3rSecret') });

    // Act
    const hits = bootstrapServiceCidrMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({
      bootstrapServiceCidrValid: false,
      clusterServiceCidr: '172.20.0.0/16',
    });
    expect(JSON.stringify(hits)).not.toContain('Sup3rSecret');
  });

  it('compares networks, so host bits and spacing do not matter', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ ServiceCIDR: literal(' 172.20.9.0/16 ') });

    // Act
    const hits = bootstrapServiceCidrMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the value comes from a variable it cannot resolve', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ ServiceCIDR: unresolved('ServiceCidr') });

    // Act
    const hits = bootstrapServiceCidrMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the cluster service range is unknown', () => {
    // Prepare
    const inventory = anInventoryBootstrapping(
      { ServiceCIDR: literal('10.100.0.0/16') },
      { clusters: [aCluster({ serviceIpv4Cidr: undefined })] },
    );

    // Act
    const hits = bootstrapServiceCidrMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
