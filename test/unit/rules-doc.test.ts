import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/evaluate/rules/index.ts';
import { RULES_DOC_PATH, renderRulesDoc } from '../../src/evaluate/rules-doc.ts';
import type { RuleMetadata } from '../../src/evaluate/types.ts';

function committedRulesDoc(): string {
  try {
    return readFileSync(new URL(`../../${RULES_DOC_PATH}`, import.meta.url), 'utf8');
  } catch {
    return '';
  }
}

const aRule: RuleMetadata = {
  id: 'ami-kubernetes-version-mismatch',
  severity: 'HIGH',
  title: 'Node AMI | control plane',
  description: 'Uses Windows_Server-<release>-English-<Core|Full>.',
  remediation: 'Replace the nodes.',
  resourceTypes: ['AwsEc2LaunchTemplate', 'AwsEksNodegroup'],
  permissions: ['ec2:DescribeImages', 'eks:DescribeCluster'],
  source: 'Kubernetes version skew policy — https://kubernetes.io/releases/version-skew-policy/',
};

describe('Function: renderRulesDoc', () => {
  it('renders a table row linking to a section per rule', () => {
    // Act
    const doc = renderRulesDoc([aRule]);

    // Assess
    expect(doc).toContain(
      '| [`ami-kubernetes-version-mismatch`](#ami-kubernetes-version-mismatch) | HIGH | `AwsEc2LaunchTemplate`, `AwsEksNodegroup` | Node AMI \\| control plane |',
    );
    expect(doc).toContain('## `ami-kubernetes-version-mismatch`');
    expect(doc).toContain('- IAM permissions: `ec2:DescribeImages`, `eks:DescribeCluster`');
    expect(doc).toContain(
      '**Source.** Kubernetes version skew policy — https://kubernetes.io/releases/version-skew-policy/',
    );
  });

  it('escapes angle brackets so Markdown does not swallow them as HTML', () => {
    // Act
    const doc = renderRulesDoc([aRule]);

    // Assess
    expect(doc).toContain('Uses Windows_Server-\\<release\\>-English-\\<Core\\|Full\\>.');
  });

  it('says how a rule judges an upgrade, and only for the rules that do', () => {
    // Act
    const doc = renderRulesDoc([
      aRule,
      { ...aRule, id: 'kubelet-flag-removed', upgradeReadiness: 'The target in the calendar.' },
    ]);

    // Assess
    expect(doc).toContain('- Upgrade readiness (`--target-version`): The target in the calendar.');
    expect(doc.match(/- Upgrade readiness/g)).toHaveLength(1);
    expect(doc).toContain(
      'The 1 rules whose judgement of the Windows nodes depends on the cluster',
    );
  });

  it('documents every rule of the catalogue', () => {
    // Act
    const doc = renderRulesDoc(RULES);

    // Assess
    for (const rule of RULES) expect(doc).toContain(`## \`${rule.id}\``);
  });
});

describe('File: docs/rules.md', () => {
  it('equals the rendering of the rule catalogue', () => {
    // Prepare
    const rendered = renderRulesDoc(RULES);

    // Act
    const committed = committedRulesDoc();

    // Assess
    expect(
      committed,
      `${RULES_DOC_PATH} is out of date with the rule catalogue: run npm run docs`,
    ).toBe(rendered);
  });
});
