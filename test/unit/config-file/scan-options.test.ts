import { describe, expect, it } from 'vitest';
import { parseConfigText, scanOptionsOf } from '../../../src/config-file/index.ts';

describe('Function: scanOptionsOf', () => {
  it("turns a file into runScan's options, cluster ARNs into names and suppressions naming their line", () => {
    // Prepare
    const { config } = parseConfigText(
      [
        'regions: [eu-west-1]',
        'clusters: [prod, "arn:aws:eks:eu-west-1:123456789012:cluster/staging", prod]',
        'endOfSupportWarningDays: 90',
        'amiExpiryWarningDays: 7',
        'failOn: HIGH',
        'suppressions:',
        '  - rule: ami-outdated',
        '    cluster: prod',
        '    resource: lt-0*',
        '    until: 2027-01-31',
        '    reason: monthly rollout',
      ].join('\n'),
      'team.yaml',
    );

    // Act
    const options = scanOptionsOf(config);

    // Assess
    expect(options).toEqual({
      regions: ['eu-west-1'],
      clusters: ['prod', 'staging'],
      endOfSupportWarningDays: 90,
      amiExpiryWarningDays: 7,
      suppressionRules: [
        {
          ruleId: 'ami-outdated',
          cluster: 'prod',
          resource: 'lt-0*',
          until: '2027-01-31',
          reason: 'monthly rollout',
          origin: 'team.yaml line 7',
        },
      ],
    });
  });

  it('sets nothing the file does not set', () => {
    expect(scanOptionsOf(parseConfigText('', 'empty.yaml').config)).toEqual({
      suppressionRules: [],
    });
  });
});
