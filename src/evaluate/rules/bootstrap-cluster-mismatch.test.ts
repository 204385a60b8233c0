import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLinuxOnlyInventory,
  anInventory,
  anInventoryBootstrapping,
  literal,
  ruleInput,
  unresolved,
} from '../../../test/builders/inventory.ts';
import { bootstrapClusterMismatch } from './bootstrap-cluster-mismatch.ts';

describe('Rule: bootstrap-cluster-mismatch', () => {
  it('fires when -EKSClusterName names another cluster, quoting the name of one the scan found', () => {
    // Prepare
    const inventory = anInventoryBootstrapping(
      { EKSClusterName: literal('staging') },
      { clusters: [aCluster(), aCluster({ name: 'staging' })] },
    );

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        cluster: 'prod',
        evidence: { bootstrapClusterName: 'staging', clusterName: 'prod' },
      }),
    ]);
    expect(hits[0]?.detail).toContain('"staging"');
  });

  it.each([
    ['a word no cluster name is written like', 'Sup3r$ecret!'],
    ['text over several lines', 'prod\nSup3rSecret'],
    ['a name longer than EKS allows', `Sup3rSecret${'x'.repeat(100)}`],
  ])('fires on %s without quoting it', (_shape, value) => {
    // Prepare
    const inventory = anInventoryBootstrapping({ EKSClusterName: literal(value) });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { bootstrapClusterNameValid: false, clusterName: 'prod' },
      }),
    ]);
    expect(JSON.stringify(hits)).not.toContain('Sup3r');
  });

  it.each([
    // A stray line continuation pulled a password into the call, where the name goes.
    ['bound by position', { byPosition: true }, { bootstrapClusterNameByPosition: true }],
    // `register-agent -EKS <token>` after a stray line continuation binds so.
    [
      'bound through an abbreviated name',
      { abbreviated: true },
      { bootstrapClusterNameAbbreviated: true },
    ],
  ] as const)('fires on a name-shaped value %s without quoting it', (_, binding, evidence) => {
    // Prepare
    const inventory = anInventoryBootstrapping({
      EKSClusterName: { kind: 'literal', value: 'ghp_Sup3rSecret', ...binding },
    });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({ evidence: { ...evidence, clusterName: 'prod' } }),
    ]);
    expect(JSON.stringify(hits)).not.toContain('Sup3r');
  });

  it.each([
    ['a GitHub token', 'ghp_Q2xvdWRTZWNyZXRUb2tlbjEyMzQ1Njc4OQ'],
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['a random run of letters and digits', 'prod-x7Kp2mQ9vLr4TnW8sYb3'],
    ['a long hex string', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a UUID token', '3f2b8c1e-9d4a-4e7b-8a6f-1c2d3e4f5a6b'],
    ['a base32 seed', 'JBSWY3DPEHPK3PXP'],
    ['a passphrase', 'correct-horse-battery-staple'],
    ['a name with a password appended', 'prod-hunter2'],
    ['the name of no cluster the scan found', 'staging'],
  ])('fires on a name shaped like %s without quoting it', (_shape, value) => {
    // Prepare: a template passed the wrong variable, a valid cluster name all the same
    const inventory = anInventoryBootstrapping({ EKSClusterName: literal(value) });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { bootstrapClusterNameQuoted: false, clusterName: 'prod' },
      }),
    ]);
    expect(JSON.stringify(hits)).not.toContain(value);
  });

  it.each([
    ['a cluster the scan found', 'prod-eu-west-1-windows-2022', 'prod-eu-west-1-windows-2022'],
    ['a cluster the scan found', 'EksWindowsProd2024', 'EksWindowsProd2024'],
    ['a near miss of a cluster the scan found', 'team_a-cluster-1', 'team_a-cluster-01'],
    ['a near miss of a cluster the scan found', 'prd', 'prod'],
  ])('quotes the name of %s: %s', (_, value, found) => {
    // Prepare
    const clusters = [aCluster(), aCluster({ name: found })];

    // Act
    const hits = bootstrapClusterMismatch.evaluate(
      ruleInput(anInventoryBootstrapping({ EKSClusterName: literal(value) }, { clusters })),
    );

    // Assess
    expect(hits[0]?.evidence).toEqual({ bootstrapClusterName: value, clusterName: 'prod' });
  });

  it("quotes the name of another cluster the source's tags name", () => {
    // Prepare: a group tagged for blue and prod, in a scan of prod alone.
    const inventory = anInventoryBootstrapping({ EKSClusterName: literal('blue') });
    const [source] = inventory.nodeSources;
    if (source !== undefined) source.ownerCandidates = ['blue', 'prod'];

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({ bootstrapClusterName: 'blue', clusterName: 'prod' });
  });

  it("quotes the name of a cluster of the region that a limited scan listed but didn't scan", () => {
    // Prepare: a scan of prod alone, in a region that has green too.
    const inventory = anInventoryBootstrapping({ EKSClusterName: literal('green') });
    inventory.regionClusterNames = ['green', 'prod'];

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({ bootstrapClusterName: 'green', clusterName: 'prod' });
    expect(hits[0]?.detail).toContain('"green"');
  });

  it('says that PowerShell does not take -EKSClusterName=<name>, and quotes no value', () => {
    // Prepare: the word as PowerShell binds it, by position
    const inventory = anInventoryBootstrapping({
      EKSClusterName: { kind: 'literal', value: '-EKSClusterName=prod', byPosition: true },
    });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits[0]?.evidence).toEqual({
      bootstrapClusterNameByPosition: true,
      bootstrapClusterNameEqualsForm: true,
      clusterName: 'prod',
    });
    expect(hits[0]?.detail).toContain(
      'writes -EKSClusterName=…, which PowerShell does not take for the parameter (it takes "-EKSClusterName <name>" or "-EKSClusterName:<name>")',
    );
    expect(hits[0]?.detail).not.toContain('=prod');
  });

  it('says that PowerShell refuses an empty name (a template variable left empty)', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ EKSClusterName: literal('') });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: { bootstrapClusterNameValid: false, clusterName: 'prod' },
        detail: expect.stringContaining('passes an empty -EKSClusterName; PowerShell refuses'),
      }),
    ]);
  });

  it('compares names exactly, since EKS cluster names are case-sensitive', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ EKSClusterName: literal('Prod') });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
  });

  it('does not fire when the name is the owning cluster', () => {
    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(anInventory()));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the name comes from a variable it cannot resolve', () => {
    // Prepare
    const inventory = anInventoryBootstrapping({ EKSClusterName: unresolved('ClusterName') });

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('says nothing about Linux node sources', () => {
    // Prepare
    const inventory = aLinuxOnlyInventory();

    // Act
    const hits = bootstrapClusterMismatch.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
