import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLinuxOnlyInventory,
  anInventory,
  NOW,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import type { EksHealthIssue } from '../../inventory/types.ts';
import { evaluateInventory } from '../evaluate.ts';
import { eksClusterHealthIssue } from './eks-cluster-health-issue.ts';

const subnetGone: EksHealthIssue = {
  code: 'Ec2SubnetNotFound',
  message: 'One or more subnets were not found.',
  resourceIds: ['subnet-0aaa'],
};
const roleGone: EksHealthIssue = { code: 'IamRoleNotFound', resourceIds: [] };

describe('Rule: eks-cluster-health-issue', () => {
  it('reports an issue of a cluster with Windows nodes on the cluster, naming its Windows sources', () => {
    // Prepare
    const inventory = anInventory({ clusters: [aCluster({ healthIssues: [subnetGone] })] });

    // Act
    const hits = eksClusterHealthIssue.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: {
          type: 'AwsEksCluster',
          id: 'prod',
          name: 'prod',
          arn: 'arn:aws:eks:us-west-2:123456789012:cluster/prod',
        },
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: {
          issueCode: 'Ec2SubnetNotFound',
          clusterStatus: 'ACTIVE',
          issueMessage: 'One or more subnets were not found.',
          resourceCount: 1,
          resourceIds: ['subnet-0aaa'],
        },
        detail:
          'EKS reports Ec2SubnetNotFound on cluster prod (ACTIVE): "One or more subnets were not found.". It concerns subnet-0aaa.',
        qualifier: 'Ec2SubnetNotFound',
        title: 'Amazon EKS reports Ec2SubnetNotFound on a cluster with Windows nodes',
      },
    ]);
  });

  it('keeps issues of different codes apart, as findings of their own ids and titles', () => {
    // Act
    const evaluated = evaluateInventory(
      anInventory({ clusters: [aCluster({ healthIssues: [subnetGone, roleGone] })] }),
      { now: NOW, endOfSupportWarningDays: 180, amiExpiryWarningDays: 30 },
    );

    // Assess
    const findings = evaluated.findings.filter(
      (finding) => finding.ruleId === 'eks-cluster-health-issue',
    );
    expect(findings.map((finding) => [finding.id, finding.title])).toEqual([
      [
        '123456789012/us-west-2/prod/eks-cluster-health-issue/AwsEksCluster/prod/Ec2SubnetNotFound',
        'Amazon EKS reports Ec2SubnetNotFound on a cluster with Windows nodes',
      ],
      [
        '123456789012/us-west-2/prod/eks-cluster-health-issue/AwsEksCluster/prod/IamRoleNotFound',
        'Amazon EKS reports IamRoleNotFound on a cluster with Windows nodes',
      ],
    ]);
  });

  it('says nothing of a cluster without Windows nodes, nor of a healthy one', () => {
    // Prepare
    const inventories = [
      aLinuxOnlyInventory({ clusters: [aCluster({ healthIssues: [subnetGone] })] }),
      anInventory(),
    ];

    // Act
    const hits = inventories.flatMap((inventory) =>
      eksClusterHealthIssue.evaluate(ruleInput(inventory)),
    );

    // Assess
    expect(hits).toEqual([]);
  });
});
