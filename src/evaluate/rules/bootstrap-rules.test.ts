import { describe, expect, it } from 'vitest';
import { anInventory, ruleInput } from '../../../test/builders/inventory.ts';
import { SEVERITIES } from '../types.ts';
import { BOOTSTRAP_RULES } from './bootstrap-rules.ts';

const EXPECTED_SEVERITIES: Record<string, string> = {
  'ami-unavailable': 'HIGH',
  'ami-expiring': 'MEDIUM',
  'ami-outdated': 'LOW',
  'bootstrap-missing': 'HIGH',
  'bootstrap-duplicated': 'MEDIUM',
  'bootstrap-cluster-name-missing': 'HIGH',
  'bootstrap-parameter-unknown': 'HIGH',
  'bootstrap-parameter-repeated': 'HIGH',
  'bootstrap-parameter-value-missing': 'HIGH',
  'bootstrap-arguments-cut-off': 'HIGH',
  'bootstrap-linux-option': 'HIGH',
  'kubelet-arguments-malformed': 'HIGH',
  'kubelet-flag-unknown': 'HIGH',
  'kube-proxy-flag-unknown': 'HIGH',
  'kubelet-node-labels-restricted': 'HIGH',
  'bootstrap-cluster-mismatch': 'HIGH',
  'bootstrap-endpoint-ca-incomplete': 'LOW',
  'bootstrap-endpoint-mismatch': 'HIGH',
  'bootstrap-service-cidr-mismatch': 'HIGH',
  'bootstrap-service-cidr-missing': 'HIGH',
  'bootstrap-dns-outside-service-cidr': 'HIGH',
  'bootstrap-snat-cidr-invalid': 'MEDIUM',
  'windows-ipv6-cluster': 'HIGH',
  'userdata-unreadable': 'INFORMATIONAL',
};

describe('Catalogue: BOOTSTRAP_RULES', () => {
  it('holds each rule of SPEC section 4 it owns once, with its severity', () => {
    // Act
    const severities = Object.fromEntries(BOOTSTRAP_RULES.map((rule) => [rule.id, rule.severity]));

    // Assess
    expect(BOOTSTRAP_RULES).toHaveLength(Object.keys(EXPECTED_SEVERITIES).length);
    expect(severities).toEqual(EXPECTED_SEVERITIES);
  });

  it.each(BOOTSTRAP_RULES.map((rule) => [rule.id, rule] as const))(
    'gives %s complete metadata',
    (_id, rule) => {
      // Assess
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.description.length).toBeGreaterThan(40);
      expect(rule.remediation.length).toBeGreaterThan(40);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      expect(rule.permissions.every((action) => /^[a-z0-9-]+:[A-Z][A-Za-z]+$/.test(action))).toBe(
        true,
      );
      // AWS documents the bootstrap; Kubernetes what its kubelet accepts; Microsoft how
      // Windows PowerShell reads the user data.
      expect(rule.source).toMatch(
        /https:\/\/(docs\.aws\.amazon\.com|kubernetes\.io|learn\.microsoft\.com)\//,
      );
    },
  );

  it('finds nothing in a healthy inventory', () => {
    // Act
    const hits = BOOTSTRAP_RULES.flatMap((rule) => rule.evaluate(ruleInput(anInventory())));

    // Assess
    expect(hits).toEqual([]);
  });
});
