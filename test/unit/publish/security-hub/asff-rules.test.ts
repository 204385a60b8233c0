import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import {
  asffProblems,
  importBatchProblems,
  toAsff,
} from '../../../../src/publish/security-hub/index.ts';
import { makeFinding, makeFindings, NOW, SCANNER_VERSION } from './fixtures.ts';

const valid = (): AwsSecurityFinding =>
  toAsff(makeFinding(), { now: NOW, scannerVersion: SCANNER_VERSION });

describe('Function: asffProblems', () => {
  it('finds nothing wrong with a finding toAsff made', () => {
    expect(asffProblems(valid())).toEqual([]);
  });

  it.each<[string, (finding: AwsSecurityFinding) => void, RegExp]>([
    ['a missing Title', (f) => delete f.Title, /Title is required/],
    ['a blank Description', (f) => (f.Description = '  '), /Description is required/],
    ['a wrong schema version', (f) => (f.SchemaVersion = '2020-01-01'), /SchemaVersion must be/],
    ['a title over 256', (f) => (f.Title = 'x'.repeat(257)), /Title has 257 characters/],
    ['a description over 1024', (f) => (f.Description = 'x'.repeat(1025)), /Description has 1025/],
    [
      'a recommendation over 512',
      (f) => (f.Remediation = { Recommendation: { Text: 'x'.repeat(513) } }),
      /Recommendation.Text has 513/,
    ],
    ['a short account id', (f) => (f.AwsAccountId = '1234'), /AwsAccountId must be 12 digits/],
    ['a malformed product ARN', (f) => (f.ProductArn = 'arn:aws:s3:::bucket'), /ProductArn/],
    ['a date that is no timestamp', (f) => (f.UpdatedAt = '25/11/2026'), /UpdatedAt is not/],
    [
      'no severity label',
      (f) => {
        delete f.Severity;
        delete f.FindingProviderFields;
      },
      /Severity.Label is required/,
    ],
    [
      'no types',
      (f) => {
        f.Types = [];
        delete f.FindingProviderFields;
      },
      /Types is required/,
    ],
    ['a type of one part', (f) => (f.Types = ['Software and Configuration Checks']), /type "/],
    ['a type of an unknown namespace', (f) => (f.Types = ['Checks/Best Practices']), /type "/],
    ['a type of four parts', (f) => (f.Types = ['TTPs/a/b/c']), /type "/],
    ['no resources', (f) => (f.Resources = []), /at least one resource/],
    [
      'more than 32 resources',
      (f) => (f.Resources = Array.from({ length: 33 }, (_, i) => ({ Type: 'Other', Id: `r${i}` }))),
      /at most 32 Resources/,
    ],
    ['a resource without Id', (f) => (f.Resources = [{ Type: 'Other', Id: '' }]), /no Id/],
    [
      'more than 50 product fields',
      (f) =>
        (f.ProductFields = Object.fromEntries(
          Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']),
        )),
      /at most 50 ProductFields/,
    ],
    ['a blank product field', (f) => (f.ProductFields = { key: '' }), /ProductFields key is blank/],
    ['an unknown record state', (f) => Object.assign(f, { RecordState: 'DELETED' }), /RecordState/],
    [
      'an unknown workflow status',
      (f) => Object.assign(f, { Workflow: { Status: 'DONE' } }),
      /Workflow.Status/,
    ],
    [
      'an unknown compliance status',
      (f) => Object.assign(f, { Compliance: { Status: 'BAD' } }),
      /Compliance/,
    ],
  ])('reports %s', (_, spoil, expected) => {
    // Prepare
    const finding = valid();
    spoil(finding);

    // Act
    const problems = asffProblems(finding);

    // Assess
    expect(problems.join('\n')).toMatch(expected);
  });
});

describe('Function: importBatchProblems', () => {
  it('accepts 100 findings and refuses 101', () => {
    // Prepare
    const asff = makeFindings(101).map((finding) =>
      toAsff(finding, { now: NOW, scannerVersion: SCANNER_VERSION }),
    );

    // Act
    const hundred = importBatchProblems(asff.slice(0, 100));
    const hundredAndOne = importBatchProblems(asff);

    // Assess
    expect(hundred).toEqual([]);
    expect(hundredAndOne).toEqual(['a batch holds at most 100 findings, not 101']);
  });

  it('refuses an empty batch', () => {
    expect(importBatchProblems([])).toEqual(['a batch holds at least one finding']);
  });
});
