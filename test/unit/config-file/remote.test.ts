import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { ConfigurationError, loadConfig } from '../../../src/config.ts';
import { parseConfigText } from '../../../src/config-file/index.ts';
import { loadLambdaConfig, withConfigFile } from '../../../src/config-file/remote.ts';

const FILE = [
  'regions: [eu-west-1]',
  'clusters: [prod]',
  'endOfSupportWarningDays: 90',
  'suppressions:',
  '  - rule: ami-outdated',
  '    reason: monthly rollout',
  '  - rule: ami-outdatd',
  '    reason: a typo',
].join('\n');

const ENV = {
  AWS_REGION: 'us-west-2',
  SCAN_REGIONS: 'us-west-2,us-east-1',
  END_OF_SUPPORT_WARNING_DAYS: '180',
  AMI_EXPIRY_WARNING_DAYS: '14',
  SUPPRESSIONS: 'windows-server-mainstream-ended',
};

/** An object body as the SDK gives it, for the one method the reader calls. */
function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

/** An access refusal as the SDK throws it: the service's message under the error's name. */
function refusal(message: string, name = 'AccessDeniedException'): Error {
  return Object.assign(new Error(message), { name });
}

describe('Function: loadLambdaConfig', () => {
  const ssm = mockClient(SSMClient);
  const s3 = mockClient(S3Client);
  const options = { region: 'us-west-2', ssm: new SSMClient({}), s3: new S3Client({}) };

  beforeEach(() => {
    ssm.reset();
    s3.reset();
  });

  it('reads nothing when no file is configured', async () => {
    // Act
    const { config } = await loadLambdaConfig(loadConfig(ENV), options);

    // Assess
    expect(config).toEqual(loadConfig(ENV));
    expect(ssm).not.toHaveReceivedAnyCommand();
    expect(s3).not.toHaveReceivedAnyCommand();
  });

  it('reads the SSM parameter; the file wins for what it sets, suppressions add up, unknown rule ids are warnings', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: FILE } });

    // Act
    const { config, warnings } = await loadLambdaConfig(
      loadConfig({ ...ENV, CONFIG_PARAMETER: '/scanner/config' }),
      options,
    );

    // Assess
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, {
      Name: '/scanner/config',
      WithDecryption: true,
    });
    expect(config).toMatchObject({
      regions: ['eu-west-1'],
      clusters: ['prod'],
      endOfSupportWarningDays: 90,
      amiExpiryWarningDays: 14,
      suppressions: [{ ruleId: 'windows-server-mainstream-ended' }],
      suppressionRules: [
        expect.objectContaining({ ruleId: 'ami-outdated', origin: 'ssm:/scanner/config line 5' }),
        expect.objectContaining({ ruleId: 'ami-outdatd', origin: 'ssm:/scanner/config line 7' }),
      ],
    });
    expect(warnings).toEqual([
      'ssm:/scanner/config:7: suppressions[1].rule: "ami-outdatd" has an unknown rule id (did you mean ami-outdated?); the entry suppresses nothing',
    ]);
  });

  it('reads the S3 object', async () => {
    // Prepare
    s3.on(GetObjectCommand).resolves({ Body: body(FILE), ContentLength: FILE.length });

    // Act
    const { config } = await loadLambdaConfig(
      loadConfig({ ...ENV, CONFIG_S3_URI: 's3://scanner-config/team/scanner.yaml' }),
      options,
    );

    // Assess
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'scanner-config',
      Key: 'team/scanner.yaml',
    });
    expect(config.regions).toEqual(['eu-west-1']);
  });

  it('fails naming the variable and the line of a bad file', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({
      Parameter: { Value: 'suppressions:\n  - rule: ami-outdated\n' },
    });

    // Act
    const load = loadLambdaConfig(
      loadConfig({ ...ENV, CONFIG_PARAMETER: '/scanner/config' }),
      options,
    );

    // Assess
    await expect(load).rejects.toThrow(ConfigurationError);
    await expect(load).rejects.toThrow(
      'CONFIG_PARAMETER: ssm:/scanner/config:2: suppressions[0].reason: missing (required)',
    );
  });

  it('refuses a file whose regions are in another partition than the function, as SCAN_REGIONS is refused', async () => {
    // Prepare: a function in us-west-2 (aws) whose file names a China region.
    ssm.on(GetParameterCommand).resolves({
      Parameter: { Value: 'regions: [us-west-2, cn-north-1]\n' },
    });

    // Act
    const load = loadLambdaConfig(
      loadConfig({ ...ENV, CONFIG_PARAMETER: '/scanner/config' }),
      options,
    );

    // Assess
    await expect(load).rejects.toThrow(ConfigurationError);
    await expect(load).rejects.toThrow(
      'CONFIG_PARAMETER: ssm:/scanner/config: regions: cn-north-1 is in the aws-cn partition and us-west-2 (AWS_REGION) in aws',
    );
  });

  it.each([
    [
      'a parameter that does not exist',
      { CONFIG_PARAMETER: '/scanner/missing' },
      () =>
        ssm
          .on(GetParameterCommand)
          .rejects(new ParameterNotFound({ message: 'not found', $metadata: {} })),
      'CONFIG_PARAMETER: ssm:/scanner/missing does not exist',
    ],
    [
      'a SecureString parameter, which the role may not decrypt',
      { CONFIG_PARAMETER: '/scanner/config' },
      () =>
        ssm
          .on(GetParameterCommand)
          .rejects(
            refusal(
              'User: arn:aws:sts::123456789012:assumed-role/scanner/fn is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-west-2:123456789012:key/1234 with an explicit deny in an identity-based policy (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)',
            ),
          ),
      "CONFIG_PARAMETER: ssm:/scanner/config is a SecureString, which the function's role may not decrypt (the template denies kms:Decrypt through SSM): store the file as a String parameter",
    ],
    [
      'a SecureString refused by name (KMSAccessDeniedException)',
      { CONFIG_PARAMETER: '/scanner/config' },
      () => ssm.on(GetParameterCommand).rejects(refusal('denied', 'KMSAccessDeniedException')),
      'CONFIG_PARAMETER: ssm:/scanner/config is a SecureString',
    ],
    [
      'a parameter the role may not read',
      { CONFIG_PARAMETER: '/other/config' },
      () =>
        ssm
          .on(GetParameterCommand)
          .rejects(
            refusal(
              'User: arn:aws:sts::123456789012:assumed-role/scanner/fn is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-west-2:123456789012:parameter/other/config',
            ),
          ),
      "CONFIG_PARAMETER: ssm:/other/config access denied (AccessDeniedException): the function's role may read only the location the template names",
    ],
    [
      'an object that does not exist',
      { CONFIG_S3_URI: 's3://scanner-config/missing.yaml' },
      () =>
        s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no such key', $metadata: {} })),
      'CONFIG_S3_URI: s3://scanner-config/missing.yaml does not exist',
    ],
    [
      'an object larger than 256 KiB',
      { CONFIG_S3_URI: 's3://scanner-config/big.yaml' },
      () => s3.on(GetObjectCommand).resolves({ Body: body('#'), ContentLength: 300 * 1024 }),
      'CONFIG_S3_URI: s3://scanner-config/big.yaml: larger than 256 KiB',
    ],
  ])('fails on %s naming the variable', async (_case, env, answer, message) => {
    // Prepare
    answer();

    // Act
    const load = loadLambdaConfig(loadConfig({ ...ENV, ...env }), options);

    // Assess
    await expect(load).rejects.toThrow(ConfigurationError);
    await expect(load).rejects.toThrow(message);
  });
});

describe('Function: withConfigFile', () => {
  it('keeps the environment for what the file does not set', () => {
    // Act
    const config = withConfigFile(loadConfig(ENV), parseConfigText('failOn: HIGH\n', 'f.yaml'));

    // Assess
    expect(config).toEqual({ ...loadConfig(ENV), suppressionRules: [] });
  });
});
