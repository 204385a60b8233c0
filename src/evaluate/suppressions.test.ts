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
import { globMatches } from './glob.ts';
import {
  applySuppressions,
  MAX_SUPPRESSION_WARNINGS,
  parseSuppressions,
  parseSuppressionTag,
  type ScopedSuppression,
  SUPPRESS_TAG,
  type Suppression,
  SuppressionSyntaxError,
  suppressionWarnings,
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
  options: { now?: Date; orgWide?: Suppression[]; scoped?: ScopedSuppression[] } = {},
): Finding[] {
  return applySuppressions(findings, inventory, {
    now: options.now ?? NOW,
    orgWide: options.orgWide ?? [],
    scoped: options.scoped ?? [],
    knownRuleIds: KNOWN,
  });
}

/** A configuration file's suppression of ami-outdated, everywhere unless scoped. */
function aScoped(overrides: Partial<ScopedSuppression> = {}): ScopedSuppression {
  return {
    ruleId: 'ami-outdated',
    reason: 'AMI rollout is monthly',
    origin: '.eks-windows-scanner.yaml line 4',
    ...overrides,
  };
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

  it('names the rule id meant by an entry written in capitals', () => {
    // Act
    const { problems } = parseSuppressionTag('AMI-OUTDATED', KNOWN);

    // Assess: as --rule AMI-OUTDATED does
    expect(problems).toEqual([
      '"AMI-OUTDATED" has an unknown rule id (did you mean ami-outdated?)',
    ]);
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

  it("suppresses the findings on the cluster and on its node sources' resources when the cluster lists the rule", () => {
    // Prepare
    const inventory = anInventory({
      clusters: [aCluster({ tags: { [SUPPRESS_TAG]: 'ami-outdated:until=2026-12-31' } })],
    });

    // Act
    const [onCluster, onTemplate] = apply([aClusterFinding(), aTemplateFinding()], inventory);

    // Assess
    for (const finding of [onCluster, onTemplate]) {
      expect(finding).toMatchObject({
        suppressed: true,
        evidence: { suppressedBy: 'tag on cluster prod', suppressedUntil: '2026-12-31' },
        suppression: { source: 'tag', origin: 'tag on cluster prod', until: '2026-12-31' },
      });
    }
  });

  it("leaves a finding on the cluster itself to the cluster's tag, not an affected group's", () => {
    // Prepare: the group's owner lists the rule; the cluster's Kubernetes version is everyone's.
    const inventory = anInventory({
      nodeSources: [
        aSelfManagedSource({
          tags: { 'kubernetes.io/cluster/prod': 'owned', [SUPPRESS_TAG]: 'ami-outdated' },
        }),
      ],
    });

    // Act
    const [onCluster, onTemplate] = apply([aClusterFinding(), aTemplateFinding()], inventory);

    // Assess
    expect(onCluster?.suppressed).toBe(false);
    expect(onTemplate?.suppressed).toBe(true);
  });

  it("leaves another cluster's findings to that cluster's own tag", () => {
    // Prepare
    const inventory = anInventory({
      clusters: [
        aCluster({ name: 'staging', tags: { [SUPPRESS_TAG]: 'ami-outdated' } }),
        aCluster(),
      ],
    });

    // Act
    const [finding] = apply([aTemplateFinding()], inventory);

    // Assess
    expect(finding?.suppressed).toBe(false);
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
      `tag on launch template win-nodes (${TEMPLATE_ID}): "ami-outdatd" has an unknown rule id (did you mean ami-outdated?)`,
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

describe('Function: applySuppressions, with the scoped suppressions of a configuration file', () => {
  it('suppresses with the reason and the file and line it is written on', () => {
    // Act
    const [finding] = apply([aTemplateFinding()], anInventory(), {
      scoped: [aScoped({ until: '2027-01-31' })],
    });

    // Assess
    expect(finding).toMatchObject({
      suppressed: true,
      suppression: {
        source: 'file',
        origin: '.eks-windows-scanner.yaml line 4',
        until: '2027-01-31',
        reason: 'AMI rollout is monthly',
      },
      evidence: {
        suppressedBy: '.eks-windows-scanner.yaml line 4',
        suppressedUntil: '2027-01-31',
      },
    });
  });

  it.each([
    ['the account', { accountId: '123456789012' }, { accountId: '210987654321' }],
    ['the region', { region: 'us-west-2' }, { region: 'eu-west-1' }],
    ['the cluster', { cluster: 'prod' }, { cluster: 'staging' }],
    [
      'a glob on the ARN',
      { resource: 'arn:aws:ec2:*:launch-template/lt-0123*' },
      { resource: 'arn:aws:ec2:*:launch-template/lt-9*' },
    ],
    ['a glob on the id', { resource: 'lt-0123456789abcdef?' }, { resource: 'lt-0123456789abcdef' }],
    ['a glob on the name', { resource: 'win-*' }, { resource: 'linux-*' }],
    ['a glob on an affected node source', { resource: 'win-as?' }, { resource: 'win-asg-*' }],
    ['every rule', { ruleId: '*' }, { ruleId: 'bootstrap-missing' }],
  ])('suppresses within %s and nowhere else', (_scope, within, outside) => {
    // Prepare
    const finding = {
      ...aTemplateFinding(),
      resource: {
        ...aTemplateFinding().resource,
        arn: `arn:aws:ec2:us-west-2:123456789012:launch-template/${TEMPLATE_ID}`,
      },
    };

    // Act
    const [suppressed] = apply([finding], anInventory(), { scoped: [aScoped(within)] });
    const [reported] = apply([finding], anInventory(), { scoped: [aScoped(outside)] });

    // Assess
    expect(suppressed?.suppressed).toBe(true);
    expect(reported?.suppressed).toBe(false);
    expect(reported).not.toHaveProperty('suppression');
  });

  it('no longer applies the day after until', () => {
    // Act
    const [finding] = apply([aTemplateFinding()], anInventory(), {
      now: new Date('2026-11-26T00:00:00.000Z'),
      scoped: [aScoped({ until: '2026-11-25' })],
    });

    // Assess
    expect(finding?.suppressed).toBe(false);
  });
});

describe('Function: globMatches', () => {
  it.each([
    ['*', '', true],
    ['lt-*', 'lt-0abc', true],
    ['lt-?abc', 'lt-0abc', true],
    ['lt-?abc', 'lt-00abc', false],
    ['arn:aws:ec2:*:launch-template/*', 'arn:aws:ec2:us-west-2:1:launch-template/lt-1', true],
    ['*a*b', 'xaxxb', true],
    ['*a*b', 'xaxxbx', false],
    ['win', 'Win', false],
  ])('matches %s against %s: %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected);
  });

  it('stays fast on a pattern of many stars that cannot match', () => {
    // Prepare: a regular expression of `.*a` × 30 would backtrack for hours here.
    const pattern = `${'*a'.repeat(30)}b`;
    const text = 'a'.repeat(2_000);

    // Act
    const started = performance.now();
    const matched = globMatches(pattern, text);

    // Assess
    expect(matched).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('Function: suppressionWarnings', () => {
  it('warns of a misspelt rule id in any tag, even one no finding touches', () => {
    // Prepare
    const inventory = anInventory({
      clusters: [aCluster({ tags: { [SUPPRESS_TAG]: 'ami-outdatd' } })],
    });

    // Act
    const warnings = suppressionWarnings(inventory, { now: NOW, knownRuleIds: KNOWN });

    // Assess
    expect(warnings).toEqual([
      {
        code: 'suppression-tag-unreadable',
        message:
          'tag on cluster prod: "ami-outdatd" has an unknown rule id (did you mean ami-outdated?); the entry suppresses nothing',
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'prod',
      },
    ]);
  });

  it.each([
    ['a letter off', 'eks-windows-scanner:supress'],
    ['other capitals', 'EKS-Windows-Scanner:Suppress'],
    ['a separator swapped', 'eks-windows-scanner/suppress'],
  ])(
    'warns of a tag key meant to be the suppression tag (%s), which suppresses nothing',
    (_, key) => {
      // Prepare
      const inventory = anInventory({
        clusters: [aCluster({ tags: { [key]: 'ami-outdated', team: 'platform' } })],
      });

      // Act
      const warnings = suppressionWarnings(inventory, { now: NOW, knownRuleIds: KNOWN });

      // Assess
      expect(warnings).toEqual([
        {
          code: 'suppression-tag-key-misspelt',
          message: `tag on cluster prod: tag key "${key}" is not ${SUPPRESS_TAG} (tag keys are case-sensitive); it suppresses nothing`,
          accountId: '123456789012',
          region: 'us-west-2',
          cluster: 'prod',
        },
      ]);
    },
  );

  it('says nothing of tag keys merely of its length, nor of the suppression tag itself', () => {
    // Prepare
    const site = aLaunchTemplateSite({
      tags: { 'aws:ec2launchtemplate:version': '3', [SUPPRESS_TAG]: 'ami-outdated' },
    });
    const inventory = anInventory({ nodeSources: [aSelfManagedSource({ sites: [site] })] });

    // Act
    const warnings = suppressionWarnings(inventory, { now: NOW, knownRuleIds: KNOWN });

    // Assess
    expect(warnings).toEqual([]);
  });

  it('warns once of a launch template that several node sources use', () => {
    // Prepare
    const site = aLaunchTemplateSite({ tags: { [SUPPRESS_TAG]: 'typo-rule' } });
    const inventory = anInventory({
      nodeSources: [
        aSelfManagedSource({ sites: [site] }),
        aSelfManagedSource({
          ref: { type: 'AwsAutoScalingAutoScalingGroup', id: 'win-b', name: 'win-b' },
          sites: [site],
        }),
      ],
    });

    // Act
    const warnings = suppressionWarnings(inventory, { now: NOW, knownRuleIds: KNOWN });

    // Assess
    expect(warnings.map((warning) => warning.message)).toEqual([
      `tag on launch template win-nodes (${TEMPLATE_ID}): "typo-rule" has an unknown rule id; the entry suppresses nothing`,
    ]);
  });

  it("warns of a file's unknown rule id and of an expired entry", () => {
    // Act
    const warnings = suppressionWarnings(anInventory(), {
      now: NOW,
      knownRuleIds: KNOWN,
      scoped: [
        aScoped({ ruleId: 'bootstrap-misssing', origin: 'cfg.yaml line 3' }),
        aScoped({ until: '2026-01-31', origin: 'cfg.yaml line 9' }),
      ],
    });

    // Assess
    expect(warnings).toEqual([
      {
        code: 'suppression-unknown-rule',
        message:
          'cfg.yaml line 3: rule "bootstrap-misssing" has an unknown rule id (did you mean bootstrap-missing?); it suppresses nothing',
      },
      {
        code: 'suppression-expired',
        message: 'cfg.yaml line 9: expired on 2026-01-31; its findings are reported again',
      },
    ]);
  });

  it('warns of an expired entry of SUPPRESSIONS, and of none still in force', () => {
    // Act
    const warnings = suppressionWarnings(anInventory(), {
      now: NOW,
      knownRuleIds: KNOWN,
      orgWide: [
        { ruleId: 'ami-outdated', until: '2020-01-01' },
        { ruleId: 'bootstrap-missing', until: '2999-12-31' },
        { ruleId: 'ami-expiring' },
      ],
    });

    // Assess
    expect(warnings).toEqual([
      {
        code: 'suppression-expired',
        message:
          'SUPPRESSIONS: ami-outdated expired on 2020-01-01; its findings are reported again',
      },
    ]);
  });

  it('warns of an expired entry of a suppress tag, as of the others, and of none still in force', () => {
    // Prepare
    const inventory = anInventory({
      clusters: [
        aCluster({
          tags: {
            [SUPPRESS_TAG]: 'ami-outdated:until=2020-01-01 bootstrap-missing:until=2999-12-31',
          },
        }),
      ],
    });

    // Act
    const warnings = suppressionWarnings(inventory, { now: NOW, knownRuleIds: KNOWN });

    // Assess
    expect(warnings).toEqual([
      {
        code: 'suppression-expired',
        message:
          'tag on cluster prod: ami-outdated expired on 2020-01-01; its findings are reported again',
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'prod',
      },
    ]);
  });

  it("warns of a file's entry of every rule that nothing keeps to an account, region, cluster or resource", () => {
    // Act
    const warnings = suppressionWarnings(anInventory(), {
      now: NOW,
      knownRuleIds: KNOWN,
      scoped: [
        aScoped({ ruleId: '*', origin: 'cfg.yaml line 2' }),
        aScoped({ ruleId: '*', cluster: 'sandbox', origin: 'cfg.yaml line 5' }),
        aScoped({ ruleId: '*', accountId: '111122223333', origin: 'cfg.yaml line 9' }),
      ],
    });

    // Assess
    expect(warnings).toEqual([
      {
        code: 'suppression-every-rule',
        message:
          'cfg.yaml line 2: suppresses every rule (all) with no account, region, cluster or resource to keep it to: every finding is suppressed, and none is notified',
      },
    ]);
  });

  it('tells an expired entry of every rule as expired, not as muting the scan', () => {
    // Act
    const warnings = suppressionWarnings(anInventory(), {
      now: NOW,
      knownRuleIds: KNOWN,
      scoped: [aScoped({ ruleId: '*', until: '2020-01-01', origin: 'cfg.yaml line 2' })],
    });

    // Assess
    expect(warnings.map((warning) => warning.code)).toEqual(['suppression-expired']);
  });

  it("warns of a node source's tag naming a rule of the cluster itself, which only the cluster's tag suppresses", () => {
    // Prepare: the same entry on the cluster's tag and on a group's
    const entry = 'eks-version-extended-support';
    const inventory = anInventory({
      clusters: [aCluster({ tags: { [SUPPRESS_TAG]: entry } })],
      nodeSources: [aSelfManagedSource({ tags: { [SUPPRESS_TAG]: `${entry} ami-outdated` } })],
    });

    // Act
    const warnings = suppressionWarnings(inventory, {
      now: NOW,
      knownRuleIds: new Set([...KNOWN, entry]),
      clusterRuleIds: new Set([entry]),
    });

    // Assess
    expect(warnings).toEqual([
      {
        code: 'suppression-tag-ineffective',
        message: expect.stringMatching(
          /^tag on Auto Scaling group .+: eks-version-extended-support is a finding on the cluster itself, which only the cluster's tag suppresses; the entry suppresses nothing$/,
        ),
        accountId: '123456789012',
        region: 'us-west-2',
        cluster: 'prod',
      },
    ]);
  });

  it('keeps at most MAX_SUPPRESSION_WARNINGS and says how many more there were', () => {
    // Prepare
    const inventory = anInventory({
      nodeSources: Array.from({ length: MAX_SUPPRESSION_WARNINGS + 5 }, (_, index) =>
        aSelfManagedSource({
          ref: { type: 'AwsAutoScalingAutoScalingGroup', id: `g${index}`, name: `g${index}` },
          tags: { [SUPPRESS_TAG]: 'typo' },
          sites: [],
        }),
      ),
    });

    // Act
    const warnings = suppressionWarnings(inventory, { now: NOW, knownRuleIds: KNOWN });

    // Assess
    expect(warnings).toHaveLength(MAX_SUPPRESSION_WARNINGS + 1);
    expect(warnings.at(-1)?.message).toBe('5 more suppression warnings in us-west-2 left out');
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

  it("warns of a node source's tag naming one of the catalogue's rules on the cluster itself", () => {
    // Prepare: eks-version-extended-support's findings are on the cluster
    const inventory = anInventory({
      nodeSources: [
        aSelfManagedSource({ tags: { [SUPPRESS_TAG]: 'eks-version-extended-support' } }),
      ],
    });

    // Act
    const { warnings } = evaluateInventory(inventory, options);

    // Assess
    expect((warnings ?? []).map((warning) => warning.code)).toContain(
      'suppression-tag-ineffective',
    );
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

describe('Function: evaluateInventory, one big cluster', () => {
  /** Every source an Auto Scaling group on one shared, suppressed launch template. */
  function estate(sources: number, clusters: number): DecodedInventory {
    const site = aLaunchTemplateSite({ tags: { [SUPPRESS_TAG]: 'test-rule' } });
    return anInventory({
      clusters: Array.from({ length: clusters }, (_, index) => aCluster({ name: `c${index}` })),
      nodeSources: Array.from({ length: sources }, (_, index) =>
        aSelfManagedSource({
          cluster: `c${index % clusters}`,
          ref: { type: 'AwsAutoScalingAutoScalingGroup', id: `g${index}`, name: `g${index}` },
          sites: [site],
          tags: { [SUPPRESS_TAG]: 'test-rule' },
        }),
      ),
    });
  }
  const sharedTemplateRule: Rule = {
    id: 'test-rule',
    severity: 'LOW',
    title: 'Test rule',
    description: 'Fires on every launch template.',
    remediation: 'None.',
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
  const options = {
    now: NOW,
    endOfSupportWarningDays: 180,
    amiExpiryWarningDays: 30,
    suppressionRules: [aScoped({ ruleId: 'test-rule', resource: 'g1*' })],
  };
  function timed(inventory: DecodedInventory): number {
    const started = performance.now();
    evaluateInventory(inventory, options, [sharedTemplateRule]);
    return performance.now() - started;
  }

  it('costs no more than twice the same 40,000 node sources spread over 2,000 clusters', () => {
    // Prepare
    const oneCluster = estate(40_000, 1);
    const manyClusters = estate(40_000, 2_000);
    timed(estate(2_000, 1)); // warm up

    // Act: the two shapes in turn, the fastest of three each, so that a busy moment of the
    // machine (another test file in the next worker) slows both alike.
    let spread = Number.POSITIVE_INFINITY;
    let single = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round++) {
      spread = Math.min(spread, timed(manyClusters));
      single = Math.min(single, timed(oneCluster));
    }

    // Assess
    expect(single).toBeLessThan(Math.max(2 * spread, 200));
  }, 60_000);

  it('lists each affected source once in the merged finding', () => {
    // Act
    const { findings } = evaluateInventory(estate(3_000, 1), options, [sharedTemplateRule]);

    // Assess
    expect(findings).toHaveLength(1);
    expect(new Set(findings[0]?.affected.map((ref) => ref.name)).size).toBe(3_000);
    expect(findings[0]?.affected).toHaveLength(3_000);
  });
});
