import { describe, expect, it } from 'vitest';
import {
  ambiguousMatchesOf,
  resolveParameter,
  SCRIPT_PARAMETERS,
} from '../../../src/decode/bootstrap-parameters.ts';
import { BOOTSTRAP_PARAMETERS } from '../../../src/decode/types.ts';

describe('Function: resolveParameter', () => {
  it('knows every parameter the analysis keeps as a parameter of the script', () => {
    // Act
    const missing = BOOTSTRAP_PARAMETERS.filter(
      (name) => !(SCRIPT_PARAMETERS as readonly string[]).includes(name),
    );

    // Assess
    expect(missing).toEqual([]);
  });

  it.each([
    ['EKSClusterName', { kind: 'bootstrap', name: 'EKSClusterName', exact: true }],
    ['eksclustername', { kind: 'bootstrap', name: 'EKSClusterName', exact: true }],
    ['EKSCluster', { kind: 'bootstrap', name: 'EKSClusterName', exact: false }],
    ['excludedsnat', { kind: 'bootstrap', name: 'ExcludedSnatCIDRs', exact: false }],
    ['Endpoint', { kind: 'ignored', name: 'Endpoint', takesValue: true }],
    ['verbose', { kind: 'ignored', name: 'Verbose', takesValue: false }],
    ['ea', { kind: 'ignored', name: 'ErrorAction', takesValue: true }],
    ['Kube', { kind: 'unknown' }],
    // The script's own parameter wins over the common ones it shares a prefix with (Debug).
    ['D', { kind: 'bootstrap', name: 'DNSClusterIP', exact: false }],
    ['E', { kind: 'unknown' }],
    ['MaxPods', { kind: 'unknown' }],
    // PowerShell 7.4's common parameter: Windows PowerShell 5.1 (EC2Launch) has no such thing.
    ['ProgressAction', { kind: 'unknown' }],
    ['proga', { kind: 'unknown' }],
  ])('resolves -%s', (written, expected) => {
    // Act
    const resolved = resolveParameter(written);

    // Assess
    expect(resolved).toEqual(expected);
  });
});

describe('Function: ambiguousMatchesOf', () => {
  it.each([
    ['Kube', ['KubeletExtraArgs', 'KubeProxyExtraArgs']],
    ['e', ['EKSClusterName', 'Endpoint', 'ExcludedSnatCIDRs', 'ErrorAction', 'ErrorVariable']],
    // Bound, unknown or a unique prefix: not ambiguous.
    ['Endpoint', []],
    ['ev', []],
    ['Kubelet', []],
    ['MaxPods', []],
    ['D', []],
  ])('lists what -%s could mean', (written, expected) => {
    // Act
    const matches = ambiguousMatchesOf(written);

    // Assess
    expect(matches).toEqual(expected);
  });
});
