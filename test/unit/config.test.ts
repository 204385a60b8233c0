import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig } from '../../src/config.ts';

const minimal = { AWS_REGION: 'eu-west-1' };

describe('Function: loadConfig', () => {
  it('scans the function region with safe defaults when only AWS_REGION is set', () => {
    expect(loadConfig(minimal)).toEqual({
      regions: ['eu-west-1'],
      securityHub: false,
      notifyMinimumSeverity: 'MEDIUM',
      notifyPolicy: 'always',
      endOfSupportWarningDays: 180,
      amiExpiryWarningDays: 30,
      suppressions: [],
    });
  });

  it('reads every variable the template sets', () => {
    // Act
    const config = loadConfig({
      AWS_REGION: 'eu-west-1',
      SCAN_REGIONS: 'us-east-1, us-west-2,',
      SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:eks-windows-scanner',
      SECURITY_HUB_ENABLED: 'true',
      NOTIFY_MINIMUM_SEVERITY: 'high',
      END_OF_SUPPORT_WARNING_DAYS: '90',
      AMI_EXPIRY_WARNING_DAYS: '14',
      SUPPRESSIONS: 'ami-outdated windows-server-mainstream-ended:until=2027-01-31',
    });

    // Assess
    expect(config).toEqual({
      regions: ['us-east-1', 'us-west-2'],
      snsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:eks-windows-scanner',
      securityHub: true,
      notifyMinimumSeverity: 'HIGH',
      notifyPolicy: 'on-change',
      endOfSupportWarningDays: 90,
      amiExpiryWarningDays: 14,
      suppressions: [
        { ruleId: 'ami-outdated' },
        { ruleId: 'windows-server-mainstream-ended', until: '2027-01-31' },
      ],
    });
  });

  it.each([
    [{ SCAN_REGIONS: 'us-east-1,mars' }, /^SCAN_REGIONS: "mars"/],
    [{ AWS_REGION: '' }, /^SCAN_REGIONS: empty, and AWS_REGION/],
    [{ SNS_TOPIC_ARN: 'my-topic' }, /^SNS_TOPIC_ARN: "my-topic"/],
    [{ SECURITY_HUB_ENABLED: 'yes' }, /^SECURITY_HUB_ENABLED: "yes" must be true or false/],
    [
      { NOTIFY_MINIMUM_SEVERITY: 'urgent' },
      /^NOTIFY_MINIMUM_SEVERITY: "URGENT" must be one of CRITICAL/,
    ],
    [{ NOTIFY_POLICY: 'sometimes' }, /^NOTIFY_POLICY: "sometimes"/],
    [{ NOTIFY_POLICY: 'on-change' }, /^NOTIFY_POLICY: on-change .* SECURITY_HUB_ENABLED=true/],
    [{ END_OF_SUPPORT_WARNING_DAYS: '-5' }, /^END_OF_SUPPORT_WARNING_DAYS: "-5"/],
    [{ AMI_EXPIRY_WARNING_DAYS: 'soon' }, /^AMI_EXPIRY_WARNING_DAYS: "soon"/],
    [{ SUPPRESSIONS: 'no-such-rule' }, /^SUPPRESSIONS: .*no-such-rule/],
  ])('refuses %j naming the variable', (env, message) => {
    // Act
    const act = () => loadConfig({ ...minimal, ...env });

    // Assess
    expect(act).toThrow(ConfigurationError);
    expect(act).toThrow(message);
  });
});
