import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLinuxOnlyInventory,
  anInventory,
  ruleInput,
} from '../../../test/builders/inventory.ts';
import type { EksInsight } from '../../inventory/types.ts';
import { ASFF_LIMITS } from '../../publish/security-hub/asff-rules.ts';
import { evaluateInventory } from '../evaluate.ts';
import { eksInsight } from './eks-insight.ts';

const deprecatedApis: EksInsight = {
  id: 'a1b2c3d4-deprecated',
  name: 'Deprecated APIs removed in Kubernetes v1.35',
  category: 'UPGRADE_READINESS',
  status: 'ERROR',
  reason: 'Deprecated API usage detected within last 30 days',
  kubernetesVersion: '1.35',
  recommendation: 'Update manifests and API clients to use newer Kubernetes APIs if applicable',
};
const kubeletSkew: EksInsight = {
  id: 'e5f6-kubelet-skew',
  name: 'Kubelet version skew',
  category: 'UPGRADE_READINESS',
  status: 'WARNING',
};

describe('Rule: eks-insight', () => {
  it('reports an ERROR insight as HIGH with its id in evidence and its recommendation as the fix', () => {
    // Prepare
    const input = ruleInput(anInventory({ clusters: [aCluster({ insights: [deprecatedApis] })] }));

    // Act
    const hits = eksInsight.evaluate(input);

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: {
          type: 'AwsEksCluster',
          id: 'prod/insights/a1b2c3d4-deprecated',
          name: 'prod',
          arn: 'arn:aws:eks:us-west-2:123456789012:cluster/prod',
        },
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: {
          insightId: 'a1b2c3d4-deprecated',
          insightStatus: 'ERROR',
          insightName: 'Deprecated APIs removed in Kubernetes v1.35',
          category: 'UPGRADE_READINESS',
          kubernetesVersion: '1.35',
          reason: 'Deprecated API usage detected within last 30 days',
          recommendation:
            'Update manifests and API clients to use newer Kubernetes APIs if applicable',
        },
        detail:
          'EKS insight "Deprecated APIs removed in Kubernetes v1.35" (UPGRADE_READINESS) is ERROR. Deprecated API usage detected within last 30 days. EKS recommends: Update manifests and API clients to use newer Kubernetes APIs if applicable.',
        severity: 'HIGH',
        title: 'Amazon EKS cluster insight: Deprecated APIs removed in Kubernetes v1.35',
      },
    ]);
  });

  it('reports a WARNING insight as MEDIUM and says when no recommendation could be read', () => {
    // Prepare
    const input = ruleInput(anInventory({ clusters: [aCluster({ insights: [kubeletSkew] })] }));

    // Act
    const [hit] = eksInsight.evaluate(input);

    // Assess
    expect(hit?.severity).toBe('MEDIUM');
    expect(hit?.detail).toContain('EKS gave no recommendation');
  });

  it('keeps two insights of one cluster apart as two findings, titled by their names', () => {
    // Prepare
    const inventory = anInventory({
      clusters: [aCluster({ insights: [deprecatedApis, kubeletSkew] })],
    });

    // Act
    const { findings } = evaluateInventory(inventory, ruleInput(inventory).options, [eksInsight]);

    // Assess
    expect(
      findings.map((finding) => [finding.evidence.insightId, finding.severity, finding.title]),
    ).toEqual([
      [
        'a1b2c3d4-deprecated',
        'HIGH',
        'Amazon EKS cluster insight: Deprecated APIs removed in Kubernetes v1.35',
      ],
      ['e5f6-kubelet-skew', 'MEDIUM', `Amazon EKS cluster insight: ${kubeletSkew.name}`],
    ]);
  });

  it("keeps the rule's title for an insight without a name, and bounds a long name to one line", () => {
    // Prepare
    const nameless: EksInsight = { ...deprecatedApis, name: undefined };
    const blank: EksInsight = { ...deprecatedApis, id: 'blank', name: '\u0007\n\u202e' };
    const wordy: EksInsight = {
      ...kubeletSkew,
      name: `Kubelet\nversion skew ${'x'.repeat(500)}`,
    };
    const input = ruleInput(
      anInventory({ clusters: [aCluster({ insights: [nameless, blank, wordy] })] }),
    );

    // Act
    const [plain, empty, bounded] = eksInsight.evaluate(input);

    // Assess
    expect(plain?.title).toBeUndefined();
    expect(empty?.title).toBeUndefined();
    expect(bounded?.title).toMatch(/^Amazon EKS cluster insight: Kubelet version skew x+…$/);
    // Security Hub's title adds " (<cluster>)", a name of up to 100 characters, within its 256.
    expect(bounded?.title?.length).toBeLessThanOrEqual(ASFF_LIMITS.titleChars - 103);
  });

  it('ignores an insight in any other status, and a cluster without Windows nodes', () => {
    // Prepare
    const passing: EksInsight = { ...kubeletSkew, status: 'PASSING' };
    const unknown: EksInsight = { ...kubeletSkew, status: 'UNKNOWN' };
    const windows = ruleInput(
      anInventory({ clusters: [aCluster({ insights: [passing, unknown] })] }),
    );
    const linux = ruleInput(
      aLinuxOnlyInventory({ clusters: [aCluster({ insights: [deprecatedApis] })] }),
    );

    // Act
    const hits = [...eksInsight.evaluate(windows), ...eksInsight.evaluate(linux)];

    // Assess
    expect(hits).toEqual([]);
  });

  it('quotes at most 1,000 characters of an insight text', () => {
    // Prepare
    const long: EksInsight = { ...deprecatedApis, recommendation: 'x'.repeat(5000) };
    const input = ruleInput(anInventory({ clusters: [aCluster({ insights: [long] })] }));

    // Act
    const [hit] = eksInsight.evaluate(input);

    // Assess
    expect(String(hit?.evidence.recommendation).length).toBe(1000);
  });

  it('tells how to refresh the insights now rather than promising when EKS does', () => {
    // Assess: EKS documents only that insights update periodically, and offers a refresh.
    expect(eksInsight.remediation).toContain(
      'aws eks start-insights-refresh --cluster-name <cluster>',
    );
    expect(eksInsight.remediation).not.toContain('once a day');
  });
});
