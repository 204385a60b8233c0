import { describe, expect, it } from 'vitest';
import {
  aLinuxOnlyInventory,
  anInventoryBootstrapping,
  anInventoryWithSite,
  bootstrapUserDataWith,
  list,
  literal,
  ruleInput,
  unresolved,
} from '../../../test/builders/inventory.ts';
import { bootstrapSnatCidrInvalid } from './bootstrap-snat-cidr-invalid.ts';

describe('Rule: bootstrap-snat-cidr-invalid', () => {
  it.each([
    ['by position', { byPosition: true }],
    ['through an abbreviated name', { abbreviated: true }],
  ] as const)('judges entries bound %s but never quotes them', (_, binding) => {
    // Prepare: a stray line continuation binds the next line's word (a PIN) so
    const inventory = anInventoryBootstrapping({
      ExcludedSnatCIDRs: { kind: 'list', values: ['48291736'], ...binding },
    });

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toMatchObject({ invalidEntries: [], invalidCount: 1 });
    expect(JSON.stringify(hits)).not.toContain('48291736');
  });

  it('fires on an array entry that is not an IPv4 CIDR and names only the bad entries', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      ExcludedSnatCIDRs: list('10.0.0.0/8', '192.168.0.0/33', '172.16.0.0'),
    });

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { invalidEntries: ['192.168.0.0/33', '172.16.0.0'], invalidCount: 2 },
      }),
    ]);
  });

  it('reads the EXCLUDED_SNAT_CIDRS machine variable when the parameter is absent', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: bootstrapUserDataWith(
        {},
        { machineEnvironment: { EXCLUDED_SNAT_CIDRS: list('10.0.0.0/8', '10.300.0.0/16') } },
      ),
    });

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({ invalidEntries: ['10.300.0.0/16'], invalidCount: 1 });
    expect(hits[0]?.detail).toContain('the EXCLUDED_SNAT_CIDRS machine variable');
  });

  it('ignores the machine variable when the parameter wins over it', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: bootstrapUserDataWith(
        { ExcludedSnatCIDRs: list('10.0.0.0/8') },
        { machineEnvironment: { EXCLUDED_SNAT_CIDRS: list('bad') } },
      ),
    });

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('splits a single comma-separated string into entries', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      ExcludedSnatCIDRs: literal('10.0.0.0/8, 10.256.0.0/16,'),
    });

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({ invalidEntries: ['10.256.0.0/16'], invalidCount: 1 });
  });

  it('does not fire when every entry is valid, including /0 and /32', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      ExcludedSnatCIDRs: list('0.0.0.0/0', '100.64.0.0/10,198.51.100.7/32'),
    });

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the value comes from a variable it cannot resolve', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ ExcludedSnatCIDRs: unresolved('SnatCidrs') });

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it.each([
    ['a long run of digits', '1'.repeat(500)],
    ['a PIN, which has no dot', '48291736'],
  ])('counts but does not quote %s, which no address is written as', (_, value) => {
    // Prepare
    const inventory = anInventoryBootstrapping({ ExcludedSnatCIDRs: literal(value) });

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(JSON.stringify(hits)).not.toContain(value.slice(0, 8));
  });

  it('quotes an address with a typo: a group past 255, a group missing', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      ExcludedSnatCIDRs: list('10.0.0.300/16', '10.0.0/16'),
    });

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence.invalidEntries).toEqual(['10.0.0.300/16', '10.0.0/16']);
  });

  it('counts but does not quote an entry not written like an address, which may be a secret', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      ExcludedSnatCIDRs: list('10.0.0.0/33', 'Sup3rSecret'),
    });

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({ invalidEntries: ['10.0.0.0/33'], invalidCount: 2 });
    expect(JSON.stringify(hits)).not.toContain('Sup3rSecret');
  });

  it('says nothing about Linux node sources', () => {
    // Prepare
    const inventory = aLinuxOnlyInventory();

    // Act
    const hits = bootstrapSnatCidrInvalid.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
