import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLinuxOnlyInventory,
  anInventory,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import { windowsIpv6Cluster } from './windows-ipv6-cluster.ts';

describe('Rule: windows-ipv6-cluster', () => {
  it('fires on an IPv6 cluster with Windows nodes, naming them as affected', () => {
    // Prepare
    const inventory = anInventory({
      clusters: [aCluster({ ipFamily: 'ipv6', serviceIpv6Cidr: 'fd00:ec2::/108' })],
    });

    // Act
    const hits = windowsIpv6Cluster.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ type: 'AwsEksCluster', id: 'prod' }),
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: { ipFamily: 'ipv6', windowsNodeSources: 1 },
      }),
    ]);
  });

  it('does not fire on an IPv4 cluster or one whose family is unknown', () => {
    // Prepare
    const ipv4 = anInventory();
    const unknown = anInventory({ clusters: [aCluster({ ipFamily: undefined })] });

    // Act
    const hits = [
      ...windowsIpv6Cluster.evaluate(ruleInput(ipv4)),
      ...windowsIpv6Cluster.evaluate(ruleInput(unknown)),
    ];

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on an IPv6 cluster with Linux nodes only', () => {
    // Prepare
    const inventory = aLinuxOnlyInventory({ clusters: [aCluster({ ipFamily: 'ipv6' })] });

    // Act
    const hits = windowsIpv6Cluster.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
