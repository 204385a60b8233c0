import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  DEFAULT_MEMBER_ROLE_NAME,
  loadConfig,
  loadOrganizationConfig,
  suppressionsFromEnvironment,
} from '../../src/config.ts';

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
      REPORT_BUCKET: 'scanner-reports',
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
      reportBucket: 'scanner-reports',
    });
  });

  it.each([
    [{ SCAN_REGIONS: 'us-east-1,mars' }, /^SCAN_REGIONS: "mars"/],
    [{ SCAN_REGIONS: ',,,' }, /^SCAN_REGIONS: no region named/],
    [{ SCAN_REGIONS: 'us-east-1,xx-fake-9' }, /^SCAN_REGIONS: "xx-fake-9" is not an AWS region/],
    [{ SCAN_REGIONS: 'us-east-1,'.repeat(5_000) }, /^SCAN_REGIONS: 5001 entries; at most 64/],
    [{ AWS_REGION: '' }, /^SCAN_REGIONS: empty, and AWS_REGION/],
    [
      { SCAN_REGIONS: 'eu-west-1,cn-north-1' },
      /^SCAN_REGIONS: cn-north-1 is in the aws-cn partition and eu-west-1 \(AWS_REGION\) in aws: one set of credentials reaches one partition only/,
    ],
    [{ AWS_REGION: 'xx-fake-9' }, /^AWS_REGION .*: "xx-fake-9" is not an AWS region/],
    [{ SNS_TOPIC_ARN: 'my-topic' }, /^SNS_TOPIC_ARN: "my-topic" is not an SNS topic ARN/],
    [
      { SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts.fifo' },
      /^SNS_TOPIC_ARN: ".*alerts\.fifo" is a FIFO topic; SNS FIFO topics cannot deliver to email/,
    ],
    [
      { SNS_TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:123456789012:eks-windows-scanner' },
      /^SNS_TOPIC_ARN: the topic is in the aws-cn partition and eu-west-1 \(AWS_REGION\) in aws: one set of credentials reaches one partition only/,
    ],
    [
      { SNS_TOPIC_ARN: 'arn:aws:sns:us-west-9:123456789012:eks-windows-scanner' },
      /^SNS_TOPIC_ARN: ".*" names the region us-west-9, which is not an AWS region the SDK knows/,
    ],
    [
      { SNS_TOPIC_ARN: 'arn:aws:sns:cn-north-1:123456789012:eks-windows-scanner' },
      /^SNS_TOPIC_ARN: ".*" is an ARN of the aws partition, but its region cn-north-1 is in aws-cn/,
    ],
    [
      { CONFIG_PARAMETER: 'has space' },
      /^CONFIG_PARAMETER: "has space" is not an SSM parameter name/,
    ],
    [
      { CONFIG_S3_URI: 'https://bucket/key' },
      /^CONFIG_S3_URI: "https:\/\/bucket\/key" is not an S3 object URI/,
    ],
    [{ CONFIG_S3_URI: 's3://bucket/config-*.yaml' }, /^CONFIG_S3_URI: .* is not an S3 object URI/],
    [
      { CONFIG_PARAMETER: '/scanner/config', CONFIG_S3_URI: 's3://bucket/config.yaml' },
      /^CONFIG_PARAMETER, CONFIG_S3_URI: both set/,
    ],
    [{ SECURITY_HUB_ENABLED: 'yes' }, /^SECURITY_HUB_ENABLED: "yes" must be true or false/],
    [
      { NOTIFY_MINIMUM_SEVERITY: 'urgent' },
      /^NOTIFY_MINIMUM_SEVERITY: "urgent" must be one of CRITICAL/,
    ],
    [{ NOTIFY_POLICY: 'Sometimes' }, /^NOTIFY_POLICY: "Sometimes" must be always or on-change/],
    [{ NOTIFY_POLICY: 'on-change' }, /^NOTIFY_POLICY: on-change .* SECURITY_HUB_ENABLED=true/],
    [{ END_OF_SUPPORT_WARNING_DAYS: '-5' }, /^END_OF_SUPPORT_WARNING_DAYS: "-5"/],
    [{ AMI_EXPIRY_WARNING_DAYS: 'soon' }, /^AMI_EXPIRY_WARNING_DAYS: "soon"/],
    [{ SUPPRESSIONS: 'no-such-rule' }, /^SUPPRESSIONS: .*no-such-rule/],
    [{ REPORT_BUCKET: 'Reports_2026' }, /^REPORT_BUCKET: "Reports_2026" is not an S3 bucket name/],
  ])('refuses %j naming the variable', (env, message) => {
    // Act
    const act = () => loadConfig({ ...minimal, ...env });

    // Assess
    expect(act).toThrow(ConfigurationError);
    expect(act).toThrow(message);
  });

  it('takes a topic of another region of its own partition, and of any partition without AWS_REGION', () => {
    // Arrange: SNS publishes across regions of one partition; without AWS_REGION (and with
    // SCAN_REGIONS) there is no own partition to compare with.
    const otherRegion = 'arn:aws:sns:us-east-1:123456789012:eks-windows-scanner';
    const china = 'arn:aws-cn:sns:cn-north-1:123456789012:eks-windows-scanner';

    // Act
    const sameRegion = loadConfig({ ...minimal, SNS_TOPIC_ARN: otherRegion });
    const withoutOwnRegion = loadConfig({ SCAN_REGIONS: 'cn-north-1', SNS_TOPIC_ARN: china });

    // Assess
    expect(sameRegion.snsTopicArn).toBe(otherRegion);
    expect(withoutOwnRegion.snsTopicArn).toBe(china);
  });
});

describe('Function: loadConfig, where the configuration file is', () => {
  it('reads an SSM parameter name', () => {
    expect(
      loadConfig({ ...minimal, CONFIG_PARAMETER: '/eks-windows-scanner/config' }),
    ).toMatchObject({ configFile: { kind: 'ssm-parameter', name: '/eks-windows-scanner/config' } });
  });

  it('reads an S3 object URI', () => {
    expect(
      loadConfig({ ...minimal, CONFIG_S3_URI: 's3://scanner-config/team/scanner.yaml' }),
    ).toMatchObject({
      configFile: {
        kind: 's3-object',
        bucket: 'scanner-config',
        key: 'team/scanner.yaml',
        uri: 's3://scanner-config/team/scanner.yaml',
      },
    });
  });

  it("takes SCAN_REGIONS of the function's own partition, opt-in regions included", () => {
    expect(
      loadConfig({ AWS_REGION: 'cn-north-1', SCAN_REGIONS: 'cn-north-1,cn-northwest-1' }).regions,
    ).toEqual(['cn-north-1', 'cn-northwest-1']);
    expect(loadConfig({ ...minimal, SCAN_REGIONS: 'eu-west-1,af-south-1' }).regions).toEqual([
      'eu-west-1',
      'af-south-1',
    ]);
  });

  it('dedupes SCAN_REGIONS, trimmed, in order', () => {
    expect(
      loadConfig({ ...minimal, SCAN_REGIONS: ' eu-west-1 ,us-east-1,eu-west-1' }).regions,
    ).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('Function: suppressionsFromEnvironment', () => {
  it('reads SUPPRESSIONS, and nothing when it is unset', () => {
    expect(suppressionsFromEnvironment({ SUPPRESSIONS: 'ami-outdated' })).toEqual([
      { ruleId: 'ami-outdated' },
    ]);
    expect(suppressionsFromEnvironment({})).toEqual([]);
  });

  it('refuses an unknown rule id naming the variable', () => {
    expect(() => suppressionsFromEnvironment({ SUPPRESSIONS: 'ami-outdatd' })).toThrow(
      /^SUPPRESSIONS: "ami-outdatd" has an unknown rule id \(did you mean ami-outdated\?\)/,
    );
  });

  it.each(['ALL', 'all-rules', 'everything'])('points %s, meant as every rule, at all', (word) => {
    expect(() => suppressionsFromEnvironment({ SUPPRESSIONS: word })).toThrow(
      `SUPPRESSIONS: "${word}" has an unknown rule id (did you mean all?)`,
    );
  });

  it('suggests nothing for a word that is neither close to a rule id nor meant as every rule', () => {
    expect(() => suppressionsFromEnvironment({ SUPPRESSIONS: 'allowed-ami' })).toThrow(
      /"allowed-ami" has an unknown rule id$/,
    );
  });
});

describe('Function: loadOrganizationConfig', () => {
  const organization = { ...minimal, REPORT_BUCKET: 'scanner-reports' };

  it('scans every account of the organisation through the default member role when only the bucket is set', () => {
    expect(loadOrganizationConfig(organization)).toMatchObject({
      homeRegion: 'eu-west-1',
      regions: ['eu-west-1'],
      reportBucket: 'scanner-reports',
      memberRoleName: DEFAULT_MEMBER_ROLE_NAME,
      scanAccounts: [],
    });
  });

  it('reads the accounts and the role name', () => {
    // Act
    const config = loadOrganizationConfig({
      ...organization,
      SCAN_ACCOUNTS: '111122223333, 444455556666,111122223333',
      MEMBER_ROLE_NAME: 'Audit.Scanner',
    });

    // Assess
    expect(config.scanAccounts).toEqual(['111122223333', '444455556666']);
    expect(config.memberRoleName).toBe('Audit.Scanner');
    expect(config.memberRoleExternalId).toBeUndefined();
  });

  it("reads the member role's external id", () => {
    // Act
    const config = loadOrganizationConfig({
      ...organization,
      MEMBER_ROLE_EXTERNAL_ID: 'scanner-ext-42',
    });

    // Assess
    expect(config.memberRoleExternalId).toBe('scanner-ext-42');
  });

  it.each([
    [{ REPORT_BUCKET: '' }, /^REPORT_BUCKET: not set/],
    [{ SCAN_ACCOUNTS: '111122223333,prod' }, /^SCAN_ACCOUNTS: "prod" is not a 12-digit account id/],
    [{ MEMBER_ROLE_NAME: 'role/with/path' }, /^MEMBER_ROLE_NAME: "role\/with\/path"/],
    [
      { MEMBER_ROLE_EXTERNAL_ID: 'has space' },
      /^MEMBER_ROLE_EXTERNAL_ID: not an external id \(2 to/,
    ],
  ])('refuses %j naming the variable', (env, message) => {
    // Act
    const act = () => loadOrganizationConfig({ ...organization, ...env });

    // Assess
    expect(act).toThrow(ConfigurationError);
    expect(act).toThrow(message);
  });
});
