import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLaunchTemplateSite,
  aLinuxImage,
  aLinuxSource,
  anEksWindowsImage,
  anInventory,
  aSelfManagedSource,
  imagesOf,
  NOW,
} from '../../test/builders/inventory.ts';
import { evaluateInventory, findingId, RULE_FAILED_MESSAGE } from './evaluate.ts';
import { RULES } from './rules/index.ts';
import type { EvaluationOptions, Rule, RuleHit } from './types.ts';

const OPTIONS: EvaluationOptions = {
  now: NOW,
  endOfSupportWarningDays: 180,
  amiExpiryWarningDays: 30,
};

/** A rule that reports one hit per Windows-looking node source, on the source's first site. */
function aRule(overrides: Partial<Rule> = {}): Rule {
  return {
    id: 'test-rule',
    severity: 'HIGH',
    title: 'Test rule',
    description: 'A rule for testing the engine.',
    remediation: 'Fix it.',
    resourceTypes: ['AwsEc2LaunchTemplate'],
    permissions: ['ec2:DescribeLaunchTemplateVersions'],
    source: 'test',
    evaluate: ({ inventory }) =>
      inventory.nodeSources.flatMap((source): RuleHit[] =>
        source.sites.slice(0, 1).map((site) => ({
          cluster: source.cluster,
          resource: site.ref,
          affected: [{ type: source.ref.type, name: source.ref.name ?? source.ref.id }],
          evidence: { imageId: site.imageId ?? null },
          detail: `Seen on ${source.ref.id}.`,
        })),
      ),
    ...overrides,
  };
}

const sharedTemplate = aLaunchTemplateSite();
const twoGroupsOnOneTemplate = anInventory({
  nodeSources: [
    aSelfManagedSource({
      ref: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-a', name: 'win-a' },
      sites: [sharedTemplate],
    }),
    aSelfManagedSource({
      ref: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-b', name: 'win-b' },
      sites: [sharedTemplate],
    }),
  ],
});

describe('Function: evaluateInventory', () => {
  it('merges the hits of one rule on one resource into one finding listing every affected source', () => {
    // Prepare
    const rules = [aRule()];

    // Act
    const { findings } = evaluateInventory(twoGroupsOnOneTemplate, OPTIONS, rules);

    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]?.affected).toEqual([
      { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-a' },
      { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-b' },
    ]);
  });

  it('builds the finding from the rule metadata, the hit, and the inventory scope', () => {
    // Prepare
    const rules = [aRule()];

    // Act
    const { findings } = evaluateInventory(anInventory(), OPTIONS, rules);

    // Assess
    expect(findings).toEqual([
      {
        id: '123456789012/us-west-2/prod/test-rule/AwsEc2LaunchTemplate/lt-0123456789abcdef0',
        ruleId: 'test-rule',
        severity: 'HIGH',
        title: 'Test rule',
        description: 'A rule for testing the engine. Seen on win-asg.',
        remediation: 'Fix it.',
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'prod',
        resource: sharedTemplate.ref,
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg' }],
        evidence: { imageId: 'ami-0windows2022a' },
        suppressed: false,
      },
    ]);
  });

  it('lists a source that one hit names twice once', () => {
    // Prepare
    const twice = aRule({
      evaluate: ({ inventory }) =>
        aRule()
          .evaluate({ inventory, options: OPTIONS })
          .map((hit) => ({ ...hit, affected: [...hit.affected, ...hit.affected] })),
    });

    // Act
    const { findings } = evaluateInventory(anInventory(), OPTIONS, [twice]);

    // Assess
    expect(findings[0]?.affected).toEqual([
      { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg' },
    ]);
  });

  it('keeps different rules on the same resource apart', () => {
    // Prepare
    const rules = [aRule({ id: 'rule-one' }), aRule({ id: 'rule-two' })];

    // Act
    const { findings } = evaluateInventory(anInventory(), OPTIONS, rules);

    // Assess
    expect(findings.map((finding) => finding.ruleId)).toEqual(['rule-one', 'rule-two']);
    expect(new Set(findings.map((finding) => finding.id)).size).toBe(2);
  });

  it('gives the same ids on every run for the same rules and resources', () => {
    // Prepare
    const rules = [aRule({ id: 'rule-one' }), aRule({ id: 'rule-two' })];

    // Act
    const first = evaluateInventory(twoGroupsOnOneTemplate, OPTIONS, rules);
    const second = evaluateInventory(structuredClone(twoGroupsOnOneTemplate), OPTIONS, rules);

    // Assess
    expect(second.findings.map((finding) => finding.id)).toEqual(
      first.findings.map((finding) => finding.id),
    );
  });

  it('records a rule that throws in errors and still runs the other rules', () => {
    // Prepare
    class BrokenRuleError extends Error {
      override name = 'BrokenRuleError';
    }
    const broken = aRule({
      id: 'broken-rule',
      evaluate: () => {
        throw new BrokenRuleError('cannot read the AMI name');
      },
    });
    const rules = [broken, aRule({ id: 'healthy-rule' })];

    // Act
    const result = evaluateInventory(anInventory(), OPTIONS, rules);

    // Assess
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(['healthy-rule']);
    expect(result.inventory.errors).toEqual([
      {
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'prod',
        operation: 'rule broken-rule',
        code: 'BrokenRuleError',
        message: RULE_FAILED_MESSAGE,
      },
    ]);
  });

  it('keeps the findings of the other clusters when a rule throws on one cluster', () => {
    // Prepare
    const inventory = anInventory({
      clusters: [aCluster({ name: 'prod' }), aCluster({ name: 'staging' })],
      nodeSources: [
        aSelfManagedSource({ cluster: 'prod' }),
        aSelfManagedSource({
          cluster: 'staging',
          ref: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-staging', name: 'win-staging' },
          sites: [
            aLaunchTemplateSite({ ref: { type: 'AwsEc2LaunchTemplate', id: 'lt-0staging' } }),
          ],
        }),
      ],
    });
    const healthy = aRule();
    const trippedByProd = aRule({
      evaluate: (input) => {
        if (input.inventory.clusters.some((cluster) => cluster.name === 'prod')) {
          throw new TypeError("Cannot read properties of undefined (reading 'name')");
        }
        return healthy.evaluate(input);
      },
    });

    // Act
    const result = evaluateInventory(inventory, OPTIONS, [trippedByProd]);

    // Assess
    expect(result.findings.map((finding) => finding.cluster)).toEqual(['staging']);
    expect(result.inventory.errors).toEqual([
      expect.objectContaining({ cluster: 'prod', operation: 'rule test-rule', code: 'TypeError' }),
    ]);
  });

  it('records a rule that throws without its message, which may quote a bootstrap argument', () => {
    // Prepare
    const broken = aRule({
      evaluate: () => JSON.parse('token=Sup3rSecret'),
    });

    // Act
    const result = evaluateInventory(anInventory(), OPTIONS, [broken]);

    // Assess
    expect(result.inventory.errors).toEqual([
      expect.objectContaining({ code: 'SyntaxError', message: RULE_FAILED_MESSAGE }),
    ]);
    expect(JSON.stringify(result)).not.toContain('Sup3rSecret');
  });

  it('keeps the collection errors and leaves the input inventory untouched', () => {
    // Prepare
    const collectionError = {
      operation: 'DescribeImages',
      code: 'Throttling',
      message: 'Rate exceeded',
    };
    const inventory = anInventory({ errors: [collectionError] });
    const broken = aRule({
      evaluate: () => {
        throw new Error('boom');
      },
    });

    // Act
    const result = evaluateInventory(inventory, OPTIONS, [broken]);

    // Assess
    expect(result.inventory.errors).toHaveLength(2);
    expect(result.inventory.errors[0]).toEqual(collectionError);
    expect(inventory.errors).toEqual([collectionError]);
  });

  it("gives a finding its hit's own severity when the hit carries one", () => {
    // Prepare
    const rule = aRule({
      evaluate: (input) =>
        aRule()
          .evaluate(input)
          .map((hit) => ({ ...hit, severity: 'LOW' as const })),
    });

    // Act
    const { findings } = evaluateInventory(anInventory(), OPTIONS, [rule]);

    // Assess
    expect(findings.map((finding) => finding.severity)).toEqual(['LOW']);
  });

  it("passes the inventory's notes on as warnings", () => {
    // Prepare
    const note = {
      code: 'eks-insights-unavailable',
      message: 'EKS cluster insights could not be read',
      accountId: '123456789012',
      region: 'us-west-2',
      cluster: 'prod',
    };

    // Act
    const { warnings } = evaluateInventory(anInventory({ notes: [note] }), OPTIONS, [aRule()]);

    // Assess
    expect(warnings).toEqual([note]);
  });

  it('counts Windows node sources and leaves Linux ones out', () => {
    // Prepare
    const windows = anEksWindowsImage();
    const inventory = anInventory({
      nodeSources: [aSelfManagedSource(), aLinuxSource()],
      images: imagesOf(windows, aLinuxImage()),
    });

    // Act
    const { windowsNodeSources } = evaluateInventory(inventory, OPTIONS, []);

    // Assess
    expect(windowsNodeSources).toBe(1);
  });

  it('runs the whole catalogue by default', () => {
    // Prepare
    const windows2004 = anEksWindowsImage({
      imageId: 'ami-0windows2004a',
      name: 'Windows_Server-2004-English-Core-EKS_Optimized-1.21-2021.11.10',
    });
    const inventory = anInventory({
      nodeSources: [
        aSelfManagedSource({ sites: [aLaunchTemplateSite({ imageId: windows2004.imageId })] }),
      ],
      images: imagesOf(windows2004),
    });

    // Act
    const { findings } = evaluateInventory(inventory, OPTIONS);

    // Assess
    expect(findings.map((finding) => finding.ruleId)).toContain('windows-server-end-of-support');
    expect(RULES.map((rule) => rule.id)).toContain('windows-server-end-of-support');
  });
});

describe('Function: findingId', () => {
  it('names account, region, cluster, rule and resource, so operators can grep it', () => {
    // Prepare
    const hit = { cluster: 'prod', resource: { type: 'AwsEksCluster' as const, id: 'prod' } };

    // Act
    const id = findingId(
      { accountId: '123456789012', region: 'eu-west-1' },
      'eks-version-unsupported',
      hit,
    );

    // Assess
    expect(id).toBe('123456789012/eu-west-1/prod/eks-version-unsupported/AwsEksCluster/prod');
  });
});

describe('Catalogue: RULES', () => {
  it('has unique rule ids', () => {
    // Prepare
    const ids = RULES.map((rule) => rule.id);

    // Act
    const unique = new Set(ids);

    // Assess
    expect(unique.size).toBe(ids.length);
  });

  it('holds every rule that a module of src/evaluate/rules/ exports', async () => {
    // Prepare: a rule written and tested but never registered runs in no scan.
    const folder = new URL('./rules/', import.meta.url);
    const modules = readdirSync(folder).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    );

    // Act
    const exported: Rule[] = [];
    for (const file of modules) {
      const module = (await import(new URL(file, folder).href)) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        const candidate = value as Partial<Rule> | null;
        if (typeof candidate?.id === 'string' && typeof candidate.evaluate === 'function') {
          exported.push(candidate as Rule);
        }
      }
    }

    // Assess
    expect(exported.length).toBeGreaterThanOrEqual(RULES.length);
    expect(exported.filter((rule) => !RULES.includes(rule)).map((rule) => rule.id)).toEqual([]);
  });
});
