import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/args.ts';
import { UsageError } from '../../../src/cli/errors.ts';

const ENV = { AWS_REGION: 'us-west-2' };

function usageMessage(argv: string[], env: Record<string, string | undefined> = ENV): string {
  try {
    parseCommandLine(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('Function: parseCommandLine', () => {
  it('reads a scan with its defaults: region from AWS_REGION, table, every cluster', () => {
    // Act
    const command = parseCommandLine(['scan'], ENV);

    // Assess
    expect(command).toEqual({
      kind: 'scan',
      scan: { regions: ['us-west-2'], clusters: [], formats: ['table'], publish: false },
    });
  });

  it.each([
    ['html', 'html'],
    ['HTML', 'html'],
  ])('accepts --format %s as the HTML page', (given, format) => {
    // Act
    const command = parseCommandLine(['scan', '--format', given, '--output', 'report.html'], ENV);

    // Assess
    expect(command).toMatchObject({ scan: { formats: [format], output: 'report.html' } });
  });

  it.each([
    ['report.json', 'json'],
    ['out/Scan.OCSF.JSON', 'ocsf'],
    ['report.html', 'html'],
    ['results.sarif', 'sarif'],
    ['junit.xml', 'junit'],
    ['findings.csv', 'csv'],
  ])(
    'writes the table to --output %s without --format, and says to add --format %s',
    (output, format) => {
      // Act
      const command = parseCommandLine(['scan', '--output', output], ENV);

      // Assess
      expect(command).toMatchObject({
        scan: {
          formats: ['table'],
          output,
          outputFormatHint: `--output ${output} gets the table, the default format: add --format ${format} to write ${format}`,
        },
      });
    },
  );

  it.each([
    [['--output', 'report.txt']],
    [['--output', 'report']],
    [['--output', '-']],
    [['--format', 'csv', '--output', 'report.json']],
  ])('gives no hint for %j', (args) => {
    // Act
    const command = parseCommandLine(['scan', ...args], ENV);

    // Assess
    expect(command).toMatchObject({
      scan: expect.not.objectContaining({ outputFormatHint: expect.anything() }),
    });
  });

  it.each([
    [['--fail-on', 'HIGH', '--severity', 'LOW'], '--fail-on HIGH', 'LOW'],
    [['--fail-on', 'critical', '--severity', 'HIGH,MEDIUM'], '--fail-on CRITICAL', 'HIGH,MEDIUM'],
  ])('says that %j can never fail', (args, failOn, severities) => {
    // Act
    const command = parseCommandLine(['scan', ...args], ENV);

    // Assess
    expect(command).toMatchObject({
      scan: {
        failOnHint: `${failOn} can never fail this scan: --severity ${severities} shows no finding at or above ${failOn.split(' ')[1]}, and only shown findings are judged`,
      },
    });
  });

  it.each([
    [['--fail-on', 'HIGH', '--severity', 'LOW,HIGH']],
    [['--fail-on', 'HIGH', '--severity', 'CRITICAL']],
    [['--fail-on', 'LOW', '--severity', 'LOW']],
    [['--fail-on', 'HIGH']],
    [['--severity', 'LOW']],
  ])('gives no --fail-on hint for %j', (args) => {
    // Act
    const command = parseCommandLine(['scan', ...args], ENV);

    // Assess
    expect(command).toMatchObject({
      scan: expect.not.objectContaining({ failOnHint: expect.anything() }),
    });
  });

  it('says that --exclude-rule taking out every rule of --rule leaves nothing to show', () => {
    // Act
    const command = parseCommandLine(
      [
        'scan',
        '--rule',
        'ami-outdated,ami-expiring',
        '--exclude-rule',
        'ami-expiring,ami-outdated',
      ],
      ENV,
    );

    // Assess
    expect(command).toMatchObject({
      scan: {
        ruleSelectionHint:
          '--exclude-rule takes out every rule --rule names (ami-outdated, ami-expiring): no finding can be shown, and none can fail the scan',
      },
    });
  });

  it.each([
    [['--rule', 'ami-outdated,ami-expiring', '--exclude-rule', 'ami-expiring']],
    [['--exclude-rule', 'ami-expiring']],
    [['--rule', 'ami-outdated']],
  ])('gives no rule selection hint for %j', (args) => {
    // Act
    const command = parseCommandLine(['scan', ...args], ENV);

    // Assess
    expect(command).toMatchObject({
      scan: expect.not.objectContaining({ ruleSelectionHint: expect.anything() }),
    });
  });

  it('falls back to AWS_DEFAULT_REGION when AWS_REGION is not set', () => {
    // Act
    const command = parseCommandLine(['scan'], { AWS_DEFAULT_REGION: 'eu-west-1' });

    // Assess
    expect(command).toMatchObject({ scan: { regions: ['eu-west-1'] } });
  });

  it('prefers AWS_REGION over AWS_DEFAULT_REGION, and --region over both', () => {
    // Prepare
    const env = { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'eu-west-1' };

    // Act
    const fromEnv = parseCommandLine(['scan'], env);
    const fromFlag = parseCommandLine(['scan', '--region', 'ap-southeast-2'], env);

    // Assess
    expect(fromEnv).toMatchObject({ scan: { regions: ['us-east-1'] } });
    expect(fromFlag).toMatchObject({ scan: { regions: ['ap-southeast-2'] } });
  });

  it('collects repeated --region and --cluster flags in order, once each', () => {
    // Act
    const command = parseCommandLine(
      [
        'scan',
        '--region',
        'us-west-2',
        '--cluster',
        'prod',
        '--region',
        'eu-central-1',
        '--cluster',
        'staging',
        '--region',
        'us-west-2',
      ],
      {},
    );

    // Assess
    expect(command).toMatchObject({
      scan: { regions: ['us-west-2', 'eu-central-1'], clusters: ['prod', 'staging'] },
    });
  });

  it('reads --target-version, trimmed', () => {
    // Act
    const command = parseCommandLine(['scan', '--target-version', ' 1.36'], ENV);

    // Assess
    expect(command).toMatchObject({ kind: 'scan', scan: { targetVersion: '1.36' } });
  });

  it.each([
    [
      '1.36.1',
      'invalid --target-version \'1.36.1\': must be a Kubernetes minor version such as "1.36" (got "1.36.1")',
    ],
    [
      '1.20',
      'invalid --target-version \'1.20\': must be 1.23 or later, the oldest Kubernetes version of the EKS calendar (got "1.20")',
    ],
    [
      '1.99',
      "invalid --target-version '1.99': must be 1.39 or earlier: the scanner's EKS calendar ends at 1.36 (got \"1.99\")",
    ],
  ])('refuses --target-version %s', (value, message) => {
    expect(usageMessage(['scan', '--target-version', value])).toBe(message);
  });

  it('reads every scan option, --fail-on in any case and --option=value spelling', () => {
    // Act
    const command = parseCommandLine(
      [
        'scan',
        '--format=JSON',
        '--output',
        'report.json',
        '--fail-on',
        'high',
        '--now',
        '2026-11-25T12:00:00Z',
        '--end-of-support-warning-days',
        '90',
        '--ami-expiry-warning-days=0',
        '--request-timeout',
        '2.5',
        '--publish',
      ],
      ENV,
    );

    // Assess
    expect(command).toEqual({
      kind: 'scan',
      scan: {
        regions: ['us-west-2'],
        clusters: [],
        formats: ['json'],
        output: 'report.json',
        failOn: 'HIGH',
        now: new Date('2026-11-25T12:00:00.000Z'),
        endOfSupportWarningDays: 90,
        amiExpiryWarningDays: 0,
        publish: true,
        requestTimeoutMs: 2500,
      },
    });
  });

  it.each([
    [['--help'], { kind: 'help', topic: 'scan' }],
    [['-h'], { kind: 'help', topic: 'scan' }],
    [['scan', '--help'], { kind: 'help', topic: 'scan' }],
    [['help'], { kind: 'help', topic: 'scan' }],
    [['help', 'scan'], { kind: 'help', topic: 'scan' }],
    [['rules', '--help'], { kind: 'help', topic: 'rules' }],
    [['rules', '-h', '--format', 'json'], { kind: 'help', topic: 'rules' }],
    [['help', 'rules'], { kind: 'help', topic: 'rules' }],
    [['--version'], { kind: 'version' }],
  ])('answers %j with %j', (argv, command) => {
    // Act & assess
    expect(parseCommandLine(argv, {})).toEqual(command);
  });

  it.each([
    [
      ['scan'],
      {},
      'no region to scan: pass --region, set AWS_REGION or a region in the AWS profile',
    ],
    [['scan', '--bogus'], ENV, "unknown option '--bogus'"],
    [['scan', '--regoin', 'us-west-2'], ENV, "unknown option '--regoin' (did you mean --region?)"],
    [['scan', '--formt=json'], ENV, "unknown option '--formt' (did you mean --format?)"],
    [['scan', '-x'], ENV, "unknown option '-x'"],
    [[], ENV, "missing command: expected 'scan', 'rules' or 'help'"],
    [['audit'], ENV, "unknown command 'audit': expected 'scan', 'rules' or 'help'"],
    [
      ['scann'],
      ENV,
      "unknown command 'scann' (did you mean scan?): expected 'scan', 'rules' or 'help'",
    ],
    [['rule'], ENV, "unknown command 'rule' (did you mean rules?)"],
    [['help', 'audit'], ENV, "no help for 'audit': expected 'help', 'help scan' or 'help rules'"],
    [['help', 'rules', 'extra'], ENV, "unexpected argument 'extra'"],
    [['scan', 'extra'], ENV, "unexpected argument 'extra'"],
    [
      ['scan', '--region', 'us-west-2,cn-north-1'],
      ENV,
      'us-west-2 is in the aws partition and cn-north-1 in aws-cn: credentials reach one partition only; scan each partition on its own',
    ],
    [
      [
        'scan',
        '--region',
        'us-gov-west-1',
        '--cluster',
        'arn:aws:eks:us-west-2:123456789012:cluster/prod',
      ],
      ENV,
      'us-gov-west-1 is in the aws-us-gov partition and us-west-2 in aws:',
    ],
    [
      [
        'scan',
        '--cluster',
        'arn:aws:eks:us-west-2:123456789012:cluster/prod',
        '--cluster',
        'arn:aws-cn:eks:cn-north-1:123456789012:cluster/prod',
      ],
      ENV,
      'us-west-2 is in the aws partition and cn-north-1 in aws-cn:',
    ],
    [
      ['scan', '--format', 'xml'],
      ENV,
      "invalid --format 'xml': expected one of table, json, csv, html",
    ],
    [
      ['scan', '--fail-on', 'severe'],
      ENV,
      "invalid --fail-on 'severe': expected one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL",
    ],
    [
      ['scan', '--region', 'us-west2'],
      ENV,
      '--region: "us-west2" is not an AWS region the SDK knows (such as us-west-2)',
    ],
    [['scan'], { AWS_REGION: 'Oregon' }, 'AWS_REGION: "Oregon" is not an AWS region'],
    [
      ['scan', '--cluster', 'bad name'],
      ENV,
      "invalid --cluster 'bad name': not an EKS cluster name",
    ],
    [
      ['scan', '--now', 'yesterday'],
      ENV,
      "invalid --now 'yesterday': expected an ISO 8601 date such as 2026-11-25T12:00:00Z",
    ],
    [['scan', '--now', '2026-13-45'], ENV, "invalid --now '2026-13-45'"],
    [['scan', '--ami-expiry-warning-days=-1'], ENV, "invalid --ami-expiry-warning-days '-1'"],
    [
      ['scan', '--end-of-support-warning-days', '1.5'],
      ENV,
      "invalid --end-of-support-warning-days '1.5': expected a whole number of days",
    ],
    [['scan', '--output', ''], ENV, '--output needs a file name'],
    [['scan', '--request-timeout', '0'], ENV, "invalid --request-timeout '0'"],
    [['scan', '--accounts', '111122223333'], ENV, '--accounts needs --role-name'],
    [['scan', '--organization'], ENV, '--organization needs --role-name'],
    [
      ['scan', '--role-name', 'Audit'],
      ENV,
      '--role-name needs --accounts ID,... or --organization',
    ],
    [['scan', '--role-name', 'Audit', '--accounts', '1111'], ENV, "invalid --accounts '1111'"],
    [['scan', '--role-name', 'a b', '--organization'], ENV, "invalid --role-name 'a b'"],
    [
      ['scan', '--role-name', 'arn:aws:iam::111122223333:role/ops/Audit', '--organization'],
      ENV,
      "pass the role's name (Audit), not its ARN",
    ],
    [
      ['scan', '--role-name', 'ops/Audit', '--organization'],
      ENV,
      'roles under an IAM path are not supported',
    ],
    [
      ['scan', '--role-name', 'Audit', '--accounts', '111122223333,,444455556666'],
      ENV,
      'invalid --accounts: an empty entry',
    ],
    [
      [
        'scan',
        '--role-name',
        'Audit',
        '--accounts',
        '111122223333',
        '--region',
        'us-west-2,eu-west-1',
        '--cluster',
        'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
      ],
      ENV,
      // Before "no --cluster there": dropping --region would only lead to this.
      '--cluster ARN does not work with --role-name: name the cluster instead',
    ],
    [
      ['scan', '--role-name', 'Audit', '--organization', '--region', 'all'],
      ENV,
      '--region all does not work with --role-name',
    ],
    [['scan', '--external-id', 'shared-ext-id'], ENV, '--external-id needs --role-name'],
    [
      ['scan', '--role-name', 'Audit', '--organization', '--external-id', 'x'],
      ENV,
      'invalid --external-id: expected 2 to 1,224 of letters, digits and +=,.@:/-_',
    ],
    [
      ['scan', '--role-name', 'Audit', '--organization', '--accounts', '111122223333'],
      ENV,
      '--accounts and --organization exclude each other',
    ],
    [['scan', '--request-timeout', '10m'], ENV, "invalid --request-timeout '10m'"],
    [['scan', '--request-timeout', '901'], ENV, 'at most 900'],
    [
      ['scan', '--fail-on', '-1'],
      ENV,
      '--fail-on needs a value (to pass one that starts with a dash, write --fail-on=VALUE)',
    ],
    [['scan', '--region'], ENV, '--region needs a value'],
    [['scan', '--output'], ENV, '--output needs a value'],
  ])('rejects %j with a message naming the problem', (argv, env, message) => {
    // Act & assess
    expect(usageMessage(argv, env)).toContain(message);
  });
});

describe('Function: parseCommandLine, other accounts', () => {
  it('reads --role-name with --accounts, repeated and comma-separated, without duplicates', () => {
    // Act
    const command = parseCommandLine(
      [
        'scan',
        '--role-name',
        'EksWindowsScannerAudit',
        '--accounts',
        '111122223333,444455556666',
        '--accounts',
        '111122223333',
      ],
      ENV,
    );

    // Assess
    expect(command).toMatchObject({
      scan: {
        accounts: {
          roleName: 'EksWindowsScannerAudit',
          accountIds: ['111122223333', '444455556666'],
        },
      },
    });
  });

  it("reads --external-id with --role-name: the id the role's trust policy requires", () => {
    // Act
    const command = parseCommandLine(
      ['scan', '--role-name', 'Audit', '--external-id', 'scanner:ext/42', '--organization'],
      ENV,
    );

    // Assess
    expect(command).toMatchObject({
      scan: { accounts: { roleName: 'Audit', externalId: 'scanner:ext/42' } },
    });
  });

  it('reads --role-name with --organization, leaving the accounts to be listed', () => {
    // Act
    const command = parseCommandLine(['scan', '--role-name', 'Audit', '--organization'], ENV);

    // Assess
    expect(command).toMatchObject({ scan: { accounts: { roleName: 'Audit' } } });
    expect(command.kind === 'scan' && command.scan.accounts?.accountIds).toBeUndefined();
  });

  it('reads --publish with --role-name: each account publishes into its own Security Hub', () => {
    // Act
    const command = parseCommandLine(
      ['scan', '--role-name', 'Audit', '--accounts', '111122223333', '--publish'],
      ENV,
    );

    // Assess
    expect(command).toMatchObject({
      scan: { publish: true, accounts: { roleName: 'Audit', accountIds: ['111122223333'] } },
    });
  });
});
