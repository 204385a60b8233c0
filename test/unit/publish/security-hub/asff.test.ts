import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../../src/evaluate/rules/index.ts';
import type { AffectedRef, FindingSuppression } from '../../../../src/evaluate/types.ts';
import { upgradePreamble } from '../../../../src/evaluate/upgrade.ts';
import {
  ASFF_LIMITS,
  asffIdOf,
  asffProblems,
  defaultProductArn,
  partitionOf,
  toAsff,
  writtenSuppressed,
} from '../../../../src/publish/security-hub/index.ts';
import {
  ACCOUNT_ID,
  EARLIER,
  makeFinding,
  makeLongIdFinding,
  NOW,
  SCANNER_VERSION,
} from './fixtures.ts';

const context = { now: NOW, scannerVersion: SCANNER_VERSION };

describe('Function: toAsff', () => {
  it('maps a finding to an ASFF finding that meets the BatchImportFindings field rules', () => {
    // Prepare
    const finding = makeFinding();

    // Act
    const asff = toAsff(finding, context);

    // Assess
    expect(asffProblems(asff)).toEqual([]);
    expect(asff).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: finding.id,
      ProductArn: `arn:aws:securityhub:us-west-2:${ACCOUNT_ID}:product/${ACCOUNT_ID}/default`,
      GeneratorId: 'eks-windows-scanner/ami-unavailable',
      AwsAccountId: ACCOUNT_ID,
      Region: 'us-west-2',
      Types: ['Software and Configuration Checks/Patch Management'],
      CreatedAt: NOW.toISOString(),
      UpdatedAt: NOW.toISOString(),
      FirstObservedAt: NOW.toISOString(),
      LastObservedAt: NOW.toISOString(),
      Severity: { Label: 'HIGH', Original: 'HIGH' },
      FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'HIGH' } },
      Title: 'The launch template names an AMI the account can no longer use (win-ng)',
      Description: 'The AMI is private or deregistered.',
      Remediation: {
        Recommendation: {
          Text: 'Point the launch template at a current EKS optimized Windows AMI.',
        },
      },
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
    });
    expect(asff.Note).toBeUndefined();
  });

  it('gives a finding whose id is longer than 512 units an Id Security Hub takes', () => {
    // Prepare
    const finding = makeLongIdFinding();

    // Act
    const [first, again] = [toAsff(finding, context), toAsff(structuredClone(finding), context)];

    // Assess
    expect(finding.id.length).toBeGreaterThan(ASFF_LIMITS.idChars);
    expect(asffProblems(first)).toEqual([]);
    expect(first.Id?.length).toBeLessThanOrEqual(ASFF_LIMITS.idChars);
    expect(first.Id).toBe(asffIdOf(finding.id));
    expect(again.Id).toBe(first.Id);
    expect(toAsff(makeLongIdFinding('b'), context).Id).not.toBe(first.Id);
  });

  it('keeps the first observation and creation time Security Hub already holds', () => {
    // Prepare
    const firstObservedAt = EARLIER.toISOString();

    // Act
    const asff = toAsff(makeFinding(), { ...context, firstObservedAt, createdAt: firstObservedAt });

    // Assess
    expect(asff.FirstObservedAt).toBe(firstObservedAt);
    expect(asff.CreatedAt).toBe(firstObservedAt);
    expect(asff.LastObservedAt).toBe(NOW.toISOString());
    expect(asff.UpdatedAt).toBe(NOW.toISOString());
  });

  it.each([
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['eu-central-1', 'aws'],
  ])('names the partition of %s in the product ARN and the resources', (region, partition) => {
    // Prepare
    const finding = makeFinding({ region });

    // Act
    const asff = toAsff(finding, context);

    // Assess
    expect(asff.ProductArn).toBe(
      `arn:${partition}:securityhub:${region}:${ACCOUNT_ID}:product/${ACCOUNT_ID}/default`,
    );
    expect(asff.Resources?.every((resource) => resource.Partition === partition)).toBe(true);
    expect(asffProblems(asff)).toEqual([]);
  });

  it.each([
    ['us-iso-east-1', 'aws-us-iso'],
    ['us-isob-east-1', 'aws-us-iso-b'],
    ['eusc-de-east-1', undefined],
  ])("names %s's partition as Security Hub's enum does, or not at all", (region, partition) => {
    // Act
    const asff = toAsff(makeFinding({ region }), context);

    // Assess
    expect(new Set(asff.Resources?.map((resource) => resource.Partition))).toEqual(
      new Set([partition]),
    );
    expect(asffProblems(asff)).toEqual([]);
  });

  it('truncates a long description to 1024 characters ending with an ellipsis', () => {
    // Prepare
    const description = `${'The AMI is private. '.repeat(60)}END`;

    // Act
    const asff = toAsff(makeFinding({ description }), context);

    // Assess
    expect(asff.Description).toHaveLength(1024);
    expect(asff.Description?.endsWith('…')).toBe(true);
    expect(asff.Description?.startsWith('The AMI is private. The AMI')).toBe(true);
    expect(asffProblems(asff)).toEqual([]);
  });

  it("cuts the rule's general text, not what the resource has wrong, when both pass 1024", () => {
    // Prepare: the longest general text of the catalogue, then a resource's own sentences.
    const rule = [...RULES].sort((a, b) => b.description.length - a.description.length)[0];
    if (rule === undefined) throw new Error('the catalogue has rules');
    const detail = `${'Launch template win-ng-with-a-long-name passes -KubeletExtraArgs unquoted. '.repeat(5)}END.`;

    // Act
    const asff = toAsff(
      makeFinding({ ruleId: rule.id, description: `${rule.description} ${detail}` }),
      context,
    );

    // Assess
    expect(asff.Description?.length).toBeLessThanOrEqual(ASFF_LIMITS.descriptionChars);
    expect(asff.Description?.endsWith(`… ${detail}`)).toBe(true);
    expect(asff.Description?.startsWith(rule.description.slice(0, 100))).toBe(true);
    expect(asffProblems(asff)).toEqual([]);
  });

  it("keeps an upgrade finding's own sentences too, after its preamble and the rule's text", () => {
    // Prepare
    const rule = [...RULES].sort((a, b) => b.description.length - a.description.length)[0];
    if (rule === undefined) throw new Error('the catalogue has rules');
    const upgrade = { from: '1.33', to: '1.34' };
    const detail = `${'Launch template win-ng-with-a-long-name passes -KubeletExtraArgs unquoted. '.repeat(5)}END.`;
    const description = `${upgradePreamble(upgrade)} ${rule.description} ${detail}`;

    // Act
    const asff = toAsff(makeFinding({ ruleId: rule.id, upgrade, description }), context);

    // Assess
    expect(asff.Description?.length).toBeLessThanOrEqual(ASFF_LIMITS.descriptionChars);
    expect(asff.Description?.endsWith(`… ${detail}`)).toBe(true);
    expect(asff.Description?.startsWith(upgradePreamble(upgrade))).toBe(true);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))(
    "links %s's remediation to the first page its source names",
    (_id, rule) => {
      // Act
      const asff = toAsff(makeFinding({ ruleId: rule.id, remediation: rule.remediation }), context);

      // Assess
      const url = asff.Remediation?.Recommendation?.Url;
      expect(url).toMatch(/^https:\/\/\S+$/);
      expect(rule.source).toContain(url);
      expect(asffProblems(asff)).toEqual([]);
    },
  );

  it.each(RULES.map((rule) => [rule.id, rule] as const))(
    "gives %s's remediation whole: it fits Security Hub's recommendation",
    (_id, rule) => {
      // Act
      const asff = toAsff(makeFinding({ remediation: rule.remediation }), context);

      // Assess
      expect(asff.Remediation?.Recommendation?.Text).toBe(rule.remediation);
    },
  );

  it('truncates a long title to 256 and a long remediation to 512 characters', () => {
    // Prepare
    const finding = makeFinding({ title: 'T'.repeat(300), remediation: 'R'.repeat(600) });

    // Act
    const asff = toAsff(finding, context);

    // Assess
    expect(asff.Title).toHaveLength(ASFF_LIMITS.titleChars);
    expect(asff.Remediation?.Recommendation?.Text).toHaveLength(ASFF_LIMITS.recommendationChars);
    expect(asffProblems(asff)).toEqual([]);
  });

  it('shows names from the account as text: control characters out, bidi overrides marked', () => {
    // Prepare
    const name = 'win\u001b[31m-asg\u202egpj.exe\ud800';
    const finding = makeFinding({
      resource: { type: 'AwsAutoScalingLaunchConfiguration', id: name, name },
      description: `Launch configuration ${name} runs Docker.`,
      evidence: { launchConfiguration: name, blank: '\u0007' },
    });

    // Act
    const asff = toAsff(finding, context);

    // Assess
    const shown = [
      asff.Title,
      asff.Description,
      asff.ProductFields?.['eks-windows-scanner/evidence/launchConfiguration'],
      JSON.stringify(asff.Resources?.[0]?.Details),
    ].join('\n');
    expect(shown).toContain('win[31m-asg\ufffdgpj.exe\ufffd');
    expect(shown).not.toContain('\u001b');
    expect(shown).not.toContain('\u202e');
    expect(shown.isWellFormed()).toBe(true);
    expect(asff.ProductFields?.['eks-windows-scanner/evidence/blank']).toBe('(empty)');
    expect(asffProblems(asff)).toEqual([]);
  });

  it('classifies configuration rules as security best practices', () => {
    // Act
    const asff = toAsff(makeFinding({ ruleId: 'bootstrap-cluster-mismatch' }), context);

    // Assess
    expect(asff.Types).toEqual(['Software and Configuration Checks/AWS Security Best Practices']);
    expect(asff.GeneratorId).toBe('eks-windows-scanner/bootstrap-cluster-mismatch');
  });

  it('names the resource by its ARN and its affected node sources after it', () => {
    // Prepare
    const finding = makeFinding({
      affected: [
        { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg' },
        { type: 'AwsEksNodegroup', name: 'win-managed' },
        { type: 'AwsEc2Instance', name: 'i-0123456789abcdef0', id: 'i-0123456789abcdef0' },
      ],
    });

    // Act
    const asff = toAsff(finding, context);

    // Assess
    expect(asff.Resources).toEqual([
      {
        Type: 'AwsEc2LaunchTemplate',
        Id: finding.resource.arn,
        Partition: 'aws',
        Region: 'us-west-2',
      },
      {
        Type: 'AwsAutoScalingAutoScalingGroup',
        Id: 'win-asg',
        Partition: 'aws',
        Region: 'us-west-2',
      },
      {
        Type: 'Other',
        Id: 'win-managed',
        Partition: 'aws',
        Region: 'us-west-2',
        Details: {
          Other: { 'eks-windows-scanner/resourceType': 'AwsEksNodegroup', name: 'win-managed' },
        },
      },
      { Type: 'AwsEc2Instance', Id: 'i-0123456789abcdef0', Partition: 'aws', Region: 'us-west-2' },
    ]);
  });

  it('names an affected group by its ARN when it has one, as a finding about the group itself does', () => {
    // Prepare: the same group, affected by a template's finding and the resource of its own.
    const arn =
      'arn:aws:autoscaling:us-west-2:123456789012:autoScalingGroup:0f8a7c1e-1111-4a2b-9c3d-0123456789ab:autoScalingGroupName/win-asg';
    const group = {
      type: 'AwsAutoScalingAutoScalingGroup' as const,
      name: 'win-asg',
      id: 'win-asg',
      arn,
    };
    const aboutTemplate = makeFinding({ affected: [group] });
    const aboutGroup = makeFinding({
      resource: { type: group.type, id: group.id, name: group.name, arn },
      affected: [group],
    });

    // Act
    const [, affected] = toAsff(aboutTemplate, context).Resources ?? [];
    const own = toAsff(aboutGroup, context).Resources ?? [];

    // Assess: one Id for the group in both, and the group listed once in its own finding.
    expect(affected?.Id).toBe(arn);
    expect(own.map((resource) => resource.Id)).toEqual([arn]);
  });

  it('keeps a finding whose affected group has a name of spaces valid, naming the group by its type', () => {
    // Prepare: Auto Scaling allows a group named " "; a no-break space is text to AWS (Java).
    const finding = makeFinding({
      affected: [
        { type: 'AwsAutoScalingAutoScalingGroup', name: ' ' },
        { type: 'AwsAutoScalingAutoScalingGroup', name: '\u00a0' },
      ],
    });

    // Act
    const asff = toAsff(finding, context);

    // Assess
    expect(asffProblems(asff)).toEqual([]);
    expect(asff.Resources?.slice(1).map((resource) => resource.Id)).toEqual([
      'AwsAutoScalingAutoScalingGroup/(blank name)',
      '\u00a0',
    ]);
  });

  it('lists a stand-alone instance once, by its ARN, when it is its own affected source', () => {
    // Prepare
    const id = 'i-0123456789abcdef0';
    const finding = makeFinding({
      resource: {
        type: 'AwsEc2Instance',
        id,
        arn: `arn:aws:ec2:us-west-2:123456789012:instance/${id}`,
      },
      affected: [{ type: 'AwsEc2Instance', name: id, id }],
    });

    // Act
    const asff = toAsff(finding, context);

    // Assess
    expect(asff.Resources?.map((resource) => resource.Id)).toEqual([finding.resource.arn]);
  });

  it('maps launch configurations to Other and uses the id when the ARN is unknown', () => {
    // Prepare
    const finding = makeFinding({
      resource: { type: 'AwsAutoScalingLaunchConfiguration', id: 'win-lc', name: 'win-lc' },
      affected: [],
    });

    // Act
    const [resource] = toAsff(finding, context).Resources ?? [];

    // Assess
    expect(resource?.Type).toBe('Other');
    expect(resource?.Id).toBe('win-lc');
  });

  it('caps the resources at 32', () => {
    // Prepare
    const affected: AffectedRef[] = Array.from({ length: 40 }, (_, index) => ({
      type: 'AwsEc2Instance',
      name: `i-${String(index).padStart(17, '0')}`,
    }));

    // Act
    const asff = toAsff(makeFinding({ affected }), context);

    // Assess
    expect(asff.Resources).toHaveLength(32);
    expect(asff.Resources?.[0]?.Type).toBe('AwsEc2LaunchTemplate');
    expect(asffProblems(asff)).toEqual([]);
  });

  it('flattens the evidence into string product fields beside the rule, cluster and version', () => {
    // Prepare
    const finding = makeFinding({
      evidence: { imageId: 'ami-1', public: false, ageDays: 130, names: ['a', 'b'], build: null },
    });

    // Act
    const asff = toAsff(finding, context);

    // Assess
    expect(asff.ProductFields).toEqual({
      'eks-windows-scanner/ruleId': 'ami-unavailable',
      'eks-windows-scanner/cluster': 'prod',
      'eks-windows-scanner/scannerVersion': SCANNER_VERSION,
      'eks-windows-scanner/evidence/imageId': 'ami-1',
      'eks-windows-scanner/evidence/public': 'false',
      'eks-windows-scanner/evidence/ageDays': '130',
      'eks-windows-scanner/evidence/names': 'a, b',
      'eks-windows-scanner/evidence/build': '(none)',
    });
  });

  it('keeps the product fields within 50 however much evidence there is', () => {
    // Prepare
    const evidence = Object.fromEntries(
      Array.from({ length: 80 }, (_, index) => [`key${index}`, 'x'.repeat(3000)]),
    );

    // Act
    const asff = toAsff(makeFinding({ evidence }), context);

    // Assess
    expect(Object.keys(asff.ProductFields ?? {})).toHaveLength(50);
    expect(asffProblems(asff)).toEqual([]);
  });

  describe('the report finding id of a shortened Id', () => {
    const FINDING_ID_FIELD = 'eks-windows-scanner/findingId';

    it('carries the whole report finding id in a product field when the Id is shortened', () => {
      // Prepare
      const finding = makeLongIdFinding();

      // Act
      const asff = toAsff(finding, context);

      // Assess
      expect(asff.Id).not.toBe(finding.id);
      expect(asff.ProductFields?.[FINDING_ID_FIELD]).toBe(finding.id);
      expect(asffProblems(asff)).toEqual([]);
    });

    it('adds no product field for an id of up to 512 units, which the Id holds whole', () => {
      // Prepare
      const short = makeFinding();
      const longest = makeFinding({
        id: `${short.id}/${'x'.repeat(ASFF_LIMITS.idChars - short.id.length - 1)}`,
      });

      // Act
      const fields = [short, longest].map((finding) => toAsff(finding, context).ProductFields);

      // Assess
      expect(longest.id).toHaveLength(ASFF_LIMITS.idChars);
      for (const productFields of fields) {
        expect(productFields).toEqual({
          'eks-windows-scanner/ruleId': 'ami-unavailable',
          'eks-windows-scanner/cluster': 'prod',
          'eks-windows-scanner/scannerVersion': SCANNER_VERSION,
          'eks-windows-scanner/evidence/imageId': 'ami-0123456789abcdef0',
        });
      }
    });

    it('keeps the id among the 50 product fields, leaving one fewer to the evidence', () => {
      // Prepare
      const evidence = Object.fromEntries(
        Array.from({ length: 80 }, (_, index) => [`key${index}`, 'x'.repeat(3000)]),
      );
      const finding = makeLongIdFinding('a', { evidence });

      // Act
      const asff = toAsff(finding, context);

      // Assess
      const keys = Object.keys(asff.ProductFields ?? {});
      expect(keys).toHaveLength(ASFF_LIMITS.productFields);
      expect(asff.ProductFields?.[FINDING_ID_FIELD]).toBe(finding.id);
      expect(keys.filter((key) => key.startsWith('eks-windows-scanner/evidence/'))).toHaveLength(
        ASFF_LIMITS.productFields - 4,
      );
      expect(asffProblems(asff)).toEqual([]);
    });

    it('cuts an id longer than a product field value to 2048 units ending with an ellipsis', () => {
      // Prepare
      const finding = makeFinding({ id: `${makeFinding().id}/${'q'.repeat(3000)}` });

      // Act
      const asff = toAsff(finding, context);

      // Assess
      const value = asff.ProductFields?.[FINDING_ID_FIELD] ?? '';
      expect(value).toHaveLength(ASFF_LIMITS.productFieldValueChars);
      expect(value.endsWith('…')).toBe(true);
      expect(finding.id.startsWith(value.slice(0, -1))).toBe(true);
      expect(asffProblems(asff)).toEqual([]);
    });

    it('shows the id as text: control characters out, bidi overrides marked', () => {
      // Prepare
      const finding = makeLongIdFinding('\u001b\u202egpj.exe');

      // Act
      const value = toAsff(finding, context).ProductFields?.[FINDING_ID_FIELD] ?? '';

      // Assess
      expect(value).toContain('\ufffdgpj.exe');
      expect(value).not.toContain('\u001b');
      expect(value).not.toContain('\u202e');
    });
  });

  it('creates a suppressed finding with the SUPPRESSED workflow status and the scanner note', () => {
    // Act
    const asff = toAsff(makeFinding({ suppressed: true }), context);

    // Assess
    expect(asff.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(asff.Note).toEqual({
      Text: 'Suppressed by an eks-windows-scanner suppression',
      UpdatedBy: 'eks-windows-scanner',
      UpdatedAt: NOW.toISOString(),
    });
    expect(asffProblems(asff)).toEqual([]);
  });

  it('marks a suppressed finding in its product fields, where the next run reads it, and no other', () => {
    // Prepare: evidence enough to fill the 50 fields.
    const evidence = Object.fromEntries(
      Array.from({ length: 80 }, (_, index) => [`key${index}`, `value${index}`]),
    );

    // Act
    const suppressed = toAsff(makeFinding({ suppressed: true, evidence }), context);
    const unsuppressed = toAsff(makeFinding({ evidence }), context);

    // Assess
    expect(suppressed.ProductFields?.['eks-windows-scanner/suppressed']).toBe('true');
    expect(Object.keys(suppressed.ProductFields ?? {})).toHaveLength(50);
    expect(unsuppressed.ProductFields).not.toHaveProperty(['eks-windows-scanner/suppressed']);
    expect(writtenSuppressed(suppressed)).toBe(true);
    expect(writtenSuppressed(unsuppressed)).toBe(false);
  });

  it('takes the evidence suppressedBy of an older scanner for a suppressed write', () => {
    // Prepare
    const older = {
      ProductFields: {
        'eks-windows-scanner/ruleId': 'ami-unavailable',
        'eks-windows-scanner/evidence/suppressedBy': 'tag on cluster prod',
      },
    };

    // Act & assess
    expect(writtenSuppressed(older)).toBe(true);
    expect(writtenSuppressed({})).toBe(false);
  });

  describe('the note of a suppressed finding', () => {
    function noteOf(suppression: FindingSuppression): string | undefined {
      const finding = makeFinding({ suppressed: true, suppression });
      const asff = toAsff(finding, context);
      expect(asffProblems(asff)).toEqual([]);
      return asff.Note?.Text;
    }

    it('names the tag and the resource that carries it', () => {
      // Act & assess
      expect(
        noteOf({ source: 'tag', origin: 'tag on launch template win-ng (lt-0abc1234567890def)' }),
      ).toBe(
        'Suppressed by the eks-windows-scanner:suppress tag on launch template win-ng (lt-0abc1234567890def).',
      );
    });

    it('names the configuration file and line, the end date and the reason', () => {
      // Act & assess
      expect(
        noteOf({
          source: 'file',
          origin: '.eks-windows-scanner.yaml line 12',
          until: '2026-12-31',
          reason: 'Replacement AMI rolls out in December (CHG-1234)',
        }),
      ).toBe(
        'Suppressed by the configuration file entry at .eks-windows-scanner.yaml line 12 through ' +
          '2026-12-31. Reason: Replacement AMI rolls out in December (CHG-1234)',
      );
    });

    it('names the SUPPRESSIONS setting, not a tag, for a suppression from the environment', () => {
      // Act
      const note = noteOf({ source: 'environment', origin: 'configuration' });

      // Assess
      expect(note).toBe('Suppressed by the SUPPRESSIONS setting of the configuration.');
      expect(note).not.toContain('tag');
    });

    it('strips control characters from the reason and keeps the note within 512 characters', () => {
      // Prepare
      const reason = `Accepted\u001b[31m risk\r\nby ops\u0007\u202e ${'x'.repeat(2000)}`;

      // Act
      const note = noteOf({ source: 'file', origin: 'scanner.yaml line 3', reason }) ?? '';

      // Assess
      expect(note.length).toBeLessThanOrEqual(ASFF_LIMITS.noteChars);
      expect(note).toMatch(
        /^Suppressed by the configuration file entry at scanner\.yaml line 3\. Reason: Accepted \[31m risk by ops x+…$/,
      );
      expect(note).not.toMatch(/[\p{Cc}\u202e]/u);
    });

    it('falls back to the evidence of a finding without the suppression detail', () => {
      // Act
      const asff = toAsff(
        makeFinding({ suppressed: true, evidence: { suppressedBy: 'tag on cluster prod' } }),
        context,
      );

      // Assess
      expect(asff.Note?.Text).toBe('Suppressed by tag on cluster prod');
    });
  });
});

describe('Function: asffIdOf', () => {
  it('keeps an id of up to 512 UTF-16 units as it is: findings already imported keep matching', () => {
    // Prepare
    const short = makeFinding().id;
    const longest = `${short}/${'x'.repeat(ASFF_LIMITS.idChars - short.length - 1)}`;

    // Act & assess
    expect(longest).toHaveLength(ASFF_LIMITS.idChars);
    expect(asffIdOf(short)).toBe(short);
    expect(asffIdOf(longest)).toBe(longest);
  });

  it('gives a longer id its readable start and the SHA-256 of the whole id, within 512 units', () => {
    // Prepare
    const id = makeLongIdFinding().id;
    const digest = createHash('sha256').update(id, 'utf8').digest('hex');

    // Act
    const asffId = asffIdOf(id);

    // Assess
    expect(id.length).toBeGreaterThan(ASFF_LIMITS.idChars);
    expect(asffId).toHaveLength(ASFF_LIMITS.idChars);
    expect(asffId.endsWith(`#sha256:${digest}`)).toBe(true);
    expect(id.startsWith(asffId.slice(0, asffId.indexOf('#sha256:')))).toBe(true);
    expect(asffId.startsWith(`${ACCOUNT_ID}/us-west-2/win-`)).toBe(true);
  });

  it('is the same on every run and differs for long ids that differ only at their end', () => {
    // Prepare
    const [one, other] = [makeLongIdFinding('a').id, makeLongIdFinding('b').id];

    // Act & assess: a plain cut at 512 units would give the two one Id.
    expect(one.slice(0, ASFF_LIMITS.idChars)).toBe(other.slice(0, ASFF_LIMITS.idChars));
    expect(asffIdOf(one)).toBe(asffIdOf(makeLongIdFinding('a').id));
    expect(asffIdOf(one)).not.toBe(asffIdOf(other));
  });

  it('never splits a surrogate pair where it cuts the id', () => {
    // Prepare: the cut (at 440 units) falls inside an emoji.
    const id = `${'x'.repeat(439)}${'\u{1F680}'.repeat(100)}`;

    // Act
    const asffId = asffIdOf(id);

    // Assess
    expect(asffId).toHaveLength(ASFF_LIMITS.idChars - 1);
    expect(asffId.isWellFormed()).toBe(true);
    expect(asffId.startsWith(`${'x'.repeat(439)}#sha256:`)).toBe(true);
  });
});

describe('Function: partitionOf', () => {
  it.each([
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eusc-de-east-1', 'aws-eusc'],
    ['ap-southeast-2', 'aws'],
  ])('puts %s in partition %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
    expect(defaultProductArn(region, ACCOUNT_ID).startsWith(`arn:${partition}:`)).toBe(true);
  });
});
