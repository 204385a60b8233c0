import { describe, expect, it } from 'vitest';
import {
  aCluster,
  aLaunchTemplateSite,
  anInventory,
  aSelfManagedSource,
  NOW,
} from '../../test/builders/inventory.ts';
import type { DecodedInventory } from '../inventory/types.ts';
import { evaluateInventory } from './evaluate.ts';
import {
  applySuppressions,
  parseSuppressions,
  parseSuppressionTag,
  SUPPRESS_TAG,
  type Suppression,
  SuppressionSyntaxError,
} from './suppressions.ts';
import type { Finding, Rule } from './types.ts';

const KNOWN = new Set(['ami-outdated', 'ami-unavailable', 'bootstrap-missing']);

const TEMPLATE_ID = 'lt-0123456789abcdef0';

/** A finding of `ruleId` on the default launch template, affecting the default group. */
function aTemplateFinding(ruleId = 'ami-outdated'): Finding {
  return {
    id: `123456789012/us-west-2/prod/${ruleId}/AwsEc2LaunchTemplate/${TEMPLATE_ID}`,
    ruleId,
    severity: 'MEDIUM',
    title: 'A title',
    description: 'A description.',
    remediation: 'A remediation.',
    accountId: '123456789012',
    region: 'us-west-2',
    cluster: 'prod',
    resource: { type: 'AwsEc2LaunchTemplate', id: TEMPLATE_ID, name: 'win-nodes' },
    affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
    evidence: { imageId: 'ami-0windows2022a' },
    suppressed: false,
  };
}

function aClusterFinding(ruleId = 'ami-outdated'): Finding {
  return {
    ...aTemplateFinding(ruleId),
    id: `123456789012/us-west-2/prod/${ruleId}/AwsEksCluster/prod`,
    resource: { type: 'AwsEksCluster', id: 'prod', name: 'prod' },
  };
}

/** The default inventory with the suppress tag on the launch template. */
function withTemplateTag(value: string): DecodedInventory {
  return anInventory({
    nodeSources: [
      aSelfManagedSource({ sites: [aLaunchTemplateSite({ tags: { [SUPPRESS_TAG]: value } })] }),
    ],
  });
}

function apply(
  findings: Finding[],
  inventory: DecodedInventory,
  options: { now?: Date; orgWide?: Suppression[] } = {},
): Finding[] {
  return applySuppressions(findings, inventory, {
    now: options.now ?? NOW,
    orgWide: options.orgWide ?? [],
    knownRuleIds: KNOWN,
  });
}

describe('Function: parseSuppressions', () => {
  it('reads entries separated by spaces, commas, tabs and newlines', () => {
    // Act
    const parsed = parseSuppressions(' ami-outdated,ami-unavailable\tbootstrap-missing ,\n', KNOWN);

    // Assess
    expect(parsed).toEqual([
      { ruleId: 'ami-outdated' },
      { ruleId: 'ami-unavailable' },
      { ruleId: 'bootstrap-missing' },
    ]);
  });

  it('reads an until date', () => {
    // Act
    const parsed = parseSuppressions('ami-outdated:until=2026-12-31', KNOWN);

    // Assess
    expect(parsed).toEqual([{ ruleId: 'ami-outdated', until: '2026-12-31' }]);
  });

  it('reads * and its tag-safe synonym all as every rule', () => {
    // Act
    const parsed = parseSuppressions('* all:until=2027-01-31', KNOWN);

    // Assess
    expect(parsed).toEqual([{ ruleId: '*' }, { ruleId: '*', until: '2027-01-31' }]);
  });

  it('returns nothing for an empty value', () => {
    // Act & Assess
    expect(parseSuppressions('  ', KNOWN)).toEqual([]);
  });

  it.each([
    ['ami-unavailable:until=2026-13-01', '"ami-unavailable:until=2026-13-01" has an invalid date'],
    ['ami-unavailable:until=2026-02-30', '"ami-unavailable:until=2026-02-30" has an invalid date'],
    ['ami-unavailable:until=31.12.2026', '"ami-unavailable:until=31.12.2026" has an invalid date'],
    ['ami-typo', '"ami-typo" has an unknown rule id'],
    ['ami-outdated;ami-unavailable', '"ami-outdated;ami-unavailable" has an unknown rule id'],
    [
      'ami-outdated:for=30d',
      '"ami-outdated:for=30d" is not a rule id optionally followed by :until=YYYY-MM-DD',
    ],
  ])('rejects %s with a message naming the entry', (value, message) => {
    // Act
    const parse = () => parseSuppressions(`bootstrap-missing ${value}`, KNOWN);

    // Assess
    expect(parse).toThrow(SuppressionSyntaxError);
    expect(parse).toThrow(message);
  });
});

describe('Function: parseSuppressionTag', () => {
  it('keeps the readable entries and lists the others as problems', () => {
    // Act
    const parsed = parseSuppressionTag(
      'ami-outdated ami-typo bootstrap-missing:until=2026-00-10',
      KNOWN,
    );

    // Assess
    expect(parsed).toEqual({
      suppressions: [{ ruleId: 'ami-outdated' }],
      problems: [
        '"ami-typo" has an unknown rule id',
        '"bootstrap-missing:until=2026-00-10" has an invalid date',
      ],
    });
  });

  it('quotes at most 64 characters of an entry', () => {
    // Act
    const { problems } = parseSuppressionTag('x'.repeat(200), KNOWN);

    // Assess
    expect(problems).toEqual([`"${'x'.repeat(64)}…" has an unknown rule id`]);
  });
});

describe('Function: applySuppressions', () => {
  it('suppresses a finding whose launch template lists its rule', () => {
    // Prepare
    const inventory = withTemplateTag('bootstrap-missing ami-outdated');

    // Act
    const [finding] = apply([aTemplateFinding()], inventory);

    // Assess
    expect(finding).toMatchObject({
      suppressed: true,
      evidence: {
        imageId: 'ami-0windows2022a',
        suppressedBy: `tag on launch template win-nodes (${TEMPLATE_ID})`,
      },
    });
    expect(finding?.evidence).not.toHaveProperty('suppressedUntil');
  });

  it('leaves a finding of another rule unsuppressed', () => {
    // Prepare
    const inventory = withTemplateTag('bootstrap-missing');

    // Act
    const [finding] = apply([aTemplateFinding()], inventory);

    // Assess
    expect(finding?.suppressed).toBe(false);
    expect(finding?.evidence).toEqual({ imageId: 'ami-0windows2022a' });
  });

  it('suppresses every rule with *', () => {
    // Prepare
    const inventory = withTemplateTag('*');

    // Act
    const findings = apply(
      [aTemplateFinding('ami-outdated'), aTemplateFinding('ami-unavailable')],
      inventory,
    );

    // Assess
    expect(findings.map((finding) => finding.suppressed)).toEqual([true, true]);
  });

  it('suppresses a finding on a launch template when an affected Auto Scaling group lists its rule', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [
        aSelfManagedSource({
          tags: { 'kubernetes.io/cluster/prod': 'owned', [SUPPRESS_TAG]: 'ami-outdated' },
        }),
      ],
    });

    // Act
    const [finding] = apply([aTemplateFinding()], inventory);

    // Assess
    expect(finding).toMatchObject({
      suppressed: true,
      evidence: { suppressedBy: 'tag on Auto Scaling group win-asg' },
    });
  });

  it('suppresses a finding on the cluster when the cluster lists its rule', () => {
    // Prepare
    const inventory = anInventory({
      clusters: [aCluster({ tags: { [SUPPRESS_TAG]: 'ami-outdated:until=2026-12-31' } })],
    });

    // Act
    const [onCluster, onTemplate] = apply([aClusterFinding(), aTemplateFinding()], inventory);

    // Assess
    expect(onCluster).toMatchObject({
      suppressed: true,
      evidence: { suppressedBy: 'tag on cluster prod', suppressedUntil: '2026-12-31' },
    });
    expect(onTemplate?.suppressed).toBe(false);
  });

  it('ignores the tag of a resource of the same id in another cluster', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: [
        aSelfManagedSource({
          cluster: 'staging',
          sites: [aLaunchTemplateSite({ tags: { [SUPPRESS_TAG]: 'ami-outdated' } })],
        }),
        aSelfManagedSource(),
      ],
    });

    // Act
    const [finding] = apply([aTemplateFinding()], inventory);

    // Assess
    expect(finding?.suppressed).toBe(false);
  });

  it('still applies on the until day, to its last millisecond (UTC)', () => {
    // Prepare
    const inventory = withTemplateTag('ami-outdated:until=2026-11-25');

    // Act
    const [finding] = apply([aTemplateFinding()], inventory, {
      now: new Date('2026-11-25T23:59:59.999Z'),
    });

    // Assess
    expect(finding).toMatchObject({
      suppressed: true,
      evidence: { suppressedUntil: '2026-11-25' },
    });
  });

  it('no longer applies the day after until', () => {
    // Prepare
    const inventory = withTemplateTag('ami-outdated:until=2026-11-25');

    // Act
    const [finding] = apply([aTemplateFinding()], inventory, {
      now: new Date('2026-11-26T00:00:00.000Z'),
    });

    // Assess
    expect(finding?.suppressed).toBe(false);
    expect(finding?.evidence).not.toHaveProperty('suppressedBy');
  });

  it('suppresses a finding anywhere by an org-wide suppression', () => {
    // Prepare
    const inventory = anInventory();

    // Act
    const [finding] = apply([aTemplateFinding()], inventory, {
      orgWide: [{ ruleId: 'ami-outdated', until: '2027-03-31' }],
    });

    // Assess
    expect(finding).toMatchObject({
      suppressed: true,
      evidence: { suppressedBy: 'configuration', suppressedUntil: '2027-03-31' },
    });
  });

  it('names the longest-lasting suppression when several apply', () => {
    // Prepare
    const inventory = withTemplateTag('ami-outdated:until=2026-12-01');

    // Act
    const [finding] = apply([aTemplateFinding()], inventory, {
      orgWide: [{ ruleId: '*', until: '2027-01-01' }],
    });

    // Assess
    expect(finding?.evidence).toMatchObject({
      suppressedBy: 'configuration',
      suppressedUntil: '2027-01-01',
    });
  });

  it('ignores unreadable tag entries and lists them in the evidence of the findings they touch', () => {
    // Prepare
    const inventory = withTemplateTag('ami-outdatd ami-unavailable');

    // Act
    const [misspelt, suppressed] = apply(
      [aTemplateFinding('ami-outdated'), aTemplateFinding('ami-unavailable')],
      inventory,
    );

    // Assess
    const problems = [
      `tag on launch template win-nodes (${TEMPLATE_ID}): "ami-outdatd" has an unknown rule id`,
    ];
    expect(misspelt).toMatchObject({
      suppressed: false,
      evidence: { suppressionProblems: problems },
    });
    expect(suppressed).toMatchObject({
      suppressed: true,
      evidence: { suppressionProblems: problems },
    });
  });

  it('returns new findings and leaves its input untouched', () => {
    // Prepare
    const input = aTemplateFinding();
    const before = structuredClone(input);

    // Act
    const [finding] = apply([input], withTemplateTag('ami-outdated'));

    // Assess
    expect(input).toEqual(before);
    expect(finding).not.toBe(input);
    expect(finding?.evidence).not.toBe(input.evidence);
  });
});

describe('Function: evaluateInventory with suppressions', () => {
  const templateRule: Rule = {
    id: 'test-rule',
    severity: 'HIGH',
    title: 'Test rule',
    description: 'A rule for testing suppressions.',
    remediation: 'Fix it.',
    resourceTypes: ['AwsEc2LaunchTemplate'],
    permissions: [],
    source: 'test',
    evaluate: ({ inventory }) =>
      inventory.nodeSources.flatMap((source) =>
        source.sites.map((site) => ({
          cluster: source.cluster,
          resource: site.ref,
          affected: [{ type: source.ref.type, name: source.ref.name ?? source.ref.id }],
          evidence: {},
        })),
      ),
  };
  const options = { now: NOW, endOfSupportWarningDays: 180, amiExpiryWarningDays: 30 };

  it('applies the tags of the inventory with the ids of the rules it runs', () => {
    // Prepare
    const inventory = withTemplateTag('test-rule');

    // Act
    const { findings } = evaluateInventory(inventory, options, [templateRule]);

    // Assess
    expect(findings.map((finding) => finding.suppressed)).toEqual([true]);
  });

  it('applies the org-wide suppressions of its options', () => {
    // Act
    const { findings } = evaluateInventory(
      anInventory(),
      { ...options, suppressions: [{ ruleId: 'test-rule' }] },
      [templateRule],
    );

    // Assess
    expect(findings.map((finding) => finding.evidence.suppressedBy)).toEqual(['configuration']);
  });
});
