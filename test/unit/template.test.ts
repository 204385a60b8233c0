import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildFunctionIds, parseCloudFormationYaml, readTemplate } from '../../scripts/build.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface TemplateParameter {
  Type: string;
  Default?: string | number;
  AllowedValues?: (string | number)[];
  AllowedPattern?: string;
  MinValue?: number;
  MaxValue?: number;
}

/** `parameter_overrides` of every samconfig.toml environment, as name → value. */
function samconfigOverrides(toml: string): Map<string, Record<string, string>> {
  const environments = new Map<string, Record<string, string>>();
  let environment = '';
  for (const line of toml.split('\n')) {
    const table = /^\[([\w-]+)\.deploy\.parameters\]/.exec(line);
    if (table) environment = table[1] ?? '';
    const overrides = /^parameter_overrides\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(line);
    if (!overrides || environment === '') continue;
    const text = (overrides[1] ?? '').replaceAll('\\"', '"');
    environments.set(
      environment,
      Object.fromEntries(
        [...text.matchAll(/(\w+)="([^"]*)"/g)].map(([, name, value]) => [name, value]),
      ),
    );
  }
  return environments;
}

/** Why `value` is not acceptable for `parameter`, or undefined. */
function rejection(parameter: TemplateParameter, value: string): string | undefined {
  if (parameter.AllowedValues && !parameter.AllowedValues.map(String).includes(value)) {
    return `not one of ${parameter.AllowedValues.join(', ')}`;
  }
  // CloudFormation matches the whole value (each entry of a CommaDelimitedList) to the pattern.
  const entries = parameter.Type === 'CommaDelimitedList' ? value.split(',') : [value];
  const pattern = parameter.AllowedPattern;
  if (pattern && entries.some((entry) => !new RegExp(`^(?:${pattern})$`).test(entry))) {
    return `does not match ${pattern}`;
  }
  if (parameter.Type === 'Number') {
    const number = Number(value);
    if (value.trim() === '' || Number.isNaN(number)) return 'not a number';
    if (parameter.MinValue !== undefined && number < parameter.MinValue) return 'below MinValue';
    if (parameter.MaxValue !== undefined && number > parameter.MaxValue) return 'above MaxValue';
  }
  return undefined;
}

describe('File: template.yaml', () => {
  // cfn-lint takes several seconds on a slow 2-core machine: a timeout of its own.
  it('passes cfn-lint, with the member role template beside it', () => {
    // Act
    const run = spawnSync('cfn-lint', ['template.yaml', 'deploy/member-role.yaml'], {
      cwd: root,
      encoding: 'utf8',
    });

    // Assess: on failure the diff shows each problem cfn-lint found.
    expect(run.error).toBeUndefined();
    expect({ status: run.status, problems: `${run.stdout}${run.stderr}` }).toEqual({
      status: 0,
      problems: '',
    });
  }, 120_000);

  it('sets, across its functions, exactly the configuration variables src/config.ts reads', async () => {
    // Prepare
    const template = await readTemplate();
    const resources = template.Resources as Record<
      string,
      { Properties?: Record<string, unknown> }
    >;
    const loader = readFileSync(`${root}src/config.ts`, 'utf8');
    // The loader reads each variable as `xxxOf(env, 'NAME', …)`, `env.NAME` or `env['NAME']`.
    const reads = loader.matchAll(/\benv(?:,\s*'|\.|\[')([A-Z][A-Z0-9_]+)/g);
    const read = [...new Set([...reads].map(([, name]) => name))]
      .filter((name) => name !== 'AWS_REGION')
      .sort();

    // Act: runtime and Powertools variables are read by others; AWS_REGION by Lambda itself.
    const setBy = Object.fromEntries(
      esbuildFunctionIds(template).map((functionId) => {
        const environment = resources[functionId]?.Properties?.Environment as {
          Variables: Record<string, unknown>;
        };
        const names = Object.keys(environment.Variables).filter(
          (name) => !name.startsWith('POWERTOOLS_') && name !== 'NODE_OPTIONS',
        );
        return [functionId, names.sort()];
      }),
    );

    // Assess
    for (const [functionId, names] of Object.entries(setBy)) {
      expect(
        names.filter((name) => !read.includes(name)),
        `${functionId} sets variables src/config.ts never reads`,
      ).toEqual([]);
    }
    expect([...new Set(Object.values(setBy).flat())].sort()).toEqual(read);
    expect(setBy.ScannerFunction).toEqual([
      'AMI_EXPIRY_WARNING_DAYS',
      'CONFIG_PARAMETER',
      'CONFIG_S3_URI',
      'END_OF_SUPPORT_WARNING_DAYS',
      'NOTIFY_MINIMUM_SEVERITY',
      'NOTIFY_POLICY',
      'REPORT_BUCKET',
      'SCAN_REGIONS',
      'SECURITY_HUB_ENABLED',
      'SNS_TOPIC_ARN',
      'SUPPRESSIONS',
    ]);
  });
});

describe('File: template.yaml, the heap of the scanning functions and the aggregator', () => {
  it.each(['ScannerFunction', 'WorkerFunction', 'AggregatorFunction'])(
    "states %s's V8 heap within its memory, leaving room for code, buffers and the young generation",
    async (functionId) => {
      // Prepare
      const resources = (await readTemplate()).Resources as Record<
        string,
        { Properties: { MemorySize: number; Environment: { Variables: Record<string, string> } } }
      >;
      const properties = resources[functionId]?.Properties;

      // Act
      const flags = properties?.Environment.Variables.NODE_OPTIONS?.split(/\s+/) ?? [];
      const size = (name: string) =>
        Number(flags.find((flag) => flag.startsWith(`--${name}=`))?.split('=')[1]);
      const oldSpace = size('max-old-space-size');
      const semiSpace = size('max-semi-space-size');

      // Assess: the young generation is three semi-spaces.
      expect(flags).toContain('--enable-source-maps');
      expect(oldSpace).toBeGreaterThan(0);
      expect(semiSpace).toBeGreaterThan(0);
      expect(oldSpace + 3 * semiSpace).toBeLessThanOrEqual(0.85 * (properties?.MemorySize ?? 0));
    },
  );
});

describe('File: template.yaml, the log level of its functions', () => {
  it('gives every function with JSON logs the LogLevel as its application log level, never above INFO', async () => {
    // Prepare
    const template = await readTemplate();
    const resources = template.Resources as Record<
      string,
      { Type: string; Properties: { LoggingConfig?: Record<string, unknown> } }
    >;
    const functions = Object.entries(resources).filter(
      ([, resource]) => resource.Type === 'AWS::Serverless::Function',
    );

    // Act
    const levels = functions.map(([id, resource]) => [
      id,
      resource.Properties.LoggingConfig?.LogFormat,
      resource.Properties.LoggingConfig?.ApplicationLogLevel,
    ]);

    // Assess: Lambda hands ApplicationLogLevel to Powertools (AWS_LAMBDA_LOG_LEVEL), and an
    // EMF line has no level (INFO to Lambda): DEBUG when asked, else INFO.
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const [id, format, level] of levels) {
      expect({ id, format, level }).toEqual({
        id,
        format: 'JSON',
        level: { 'Fn::If': ['DebugLogs', 'DEBUG', 'INFO'] },
      });
    }
    expect((template.Conditions as Record<string, unknown>).DebugLogs).toEqual({
      'Fn::Equals': [{ Ref: 'LogLevel' }, 'DEBUG'],
    });
  });
});

describe('File: template.yaml, the retention of its log groups', () => {
  // The values PutRetentionPolicy takes (CloudWatch Logs API reference, retentionInDays).
  const CLOUDWATCH_LOGS_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
  ];

  it('offers every retention CloudWatch Logs takes, three years (1096 days) among them', async () => {
    // Act
    const parameters = (await readTemplate()).Parameters as Record<string, TemplateParameter>;

    // Assess
    expect(parameters.LogRetentionInDays?.AllowedValues).toEqual(CLOUDWATCH_LOGS_RETENTION_DAYS);
  });
});

describe('File: template.yaml, the configuration file of the organisation-wide scan', () => {
  it.each(['PlannerFunction', 'WorkerFunction'])(
    'passes %s the configuration file exactly as the scanner function, only when a parameter is set',
    async (functionId) => {
      // Prepare
      const resources = (await readTemplate()).Resources as Record<
        string,
        { Properties: { Environment: { Variables: Record<string, unknown> } } }
      >;
      const variablesOf = (id: string) => {
        const variables = resources[id]?.Properties.Environment.Variables ?? {};
        return {
          CONFIG_PARAMETER: variables.CONFIG_PARAMETER,
          CONFIG_S3_URI: variables.CONFIG_S3_URI,
        };
      };

      // Act
      const variables = variablesOf(functionId);

      // Assess
      expect(variables).toEqual(variablesOf('ScannerFunction'));
      expect(variables).toEqual({
        CONFIG_PARAMETER: {
          'Fn::If': ['HasConfigParameter', { Ref: 'ConfigParameterName' }, { Ref: 'AWS::NoValue' }],
        },
        CONFIG_S3_URI: {
          'Fn::If': ['HasConfigS3Uri', { Ref: 'ConfigS3Uri' }, { Ref: 'AWS::NoValue' }],
        },
      });
    },
  );
});

describe('File: samconfig.toml', () => {
  let parameters: Record<string, TemplateParameter>;
  let environments: Map<string, Record<string, string>>;

  beforeAll(async () => {
    parameters = (await readTemplate()).Parameters as Record<string, TemplateParameter>;
    environments = samconfigOverrides(readFileSync(`${root}samconfig.toml`, 'utf8'));
  });

  it('has a default and a prod environment', () => {
    expect([...environments.keys()].sort()).toEqual(['default', 'prod']);
  });

  it('overrides only template parameters, with values the template accepts', () => {
    // Act
    const problems = [...environments].flatMap(([environment, overrides]) =>
      Object.entries(overrides).flatMap(([name, value]) => {
        const parameter = parameters[name];
        if (!parameter) return [`${environment}: ${name} is not a template parameter`];
        const reason = rejection(parameter, value);
        return reason ? [`${environment}: ${name}="${value}" ${reason}`] : [];
      }),
    );

    // Assess
    expect(problems).toEqual([]);
  });

  it('never asks for on-change notifications without Security Hub (the template Rule)', () => {
    // Act
    const refused = [...environments]
      .filter(([, overrides]) => {
        const value = (name: string) => overrides[name] ?? String(parameters[name]?.Default);
        return value('NotifyPolicy') === 'on-change' && value('EnableSecurityHub') !== 'true';
      })
      .map(([environment]) => environment);

    // Assess
    expect(refused).toEqual([]);
  });
});

describe('template.yaml: list parameters', () => {
  let parameters: Record<string, TemplateParameter>;

  beforeAll(async () => {
    parameters = (await readTemplate()).Parameters as Record<string, TemplateParameter>;
  });

  it.each([
    ['ScanAccounts', '111122223333,444455556666', true],
    ['ScanAccounts', '111122223333, 444455556666', true],
    ['ScanAccounts', '', true],
    ['ScanAccounts', '111122223333 444455556666', false],
    ['ScanAccounts', '11112222333', false],
    ['ScanAccounts', ' ', false],
    ['ScanAccounts', '111122223333, ,444455556666', false],
    ['ScanRegions', ' ', false],
    ['ScanRegions', ' us-west-2 , eu-west-1', true],
    ['ScanRegions', 'us-west-2,eu-west-1', true],
    ['ScanRegions', 'us-gov-west-1,eusc-de-east-1,cn-north-1', true],
    ['ScanRegions', '', true],
    ['ScanRegions', 'us-west2', false],
    ['ScanRegions', 'us-west-2 eu-west-1', false],
  ])(
    '%s="%s" deploys: %s (a list the functions would refuse fails the deployment)',
    (name, value, accepted) => {
      // Act
      const parameter = parameters[name];

      // Assess
      expect(parameter).toBeDefined();
      expect(rejection(parameter as TemplateParameter, value) === undefined).toBe(accepted);
    },
  );
});

describe('File: template.yaml, the report bucket', () => {
  it('keeps a report that a second write replaced as long as the reports themselves', async () => {
    // Prepare
    const resources = (await readTemplate()).Resources as Record<
      string,
      { Properties: Record<string, unknown> }
    >;

    // Act
    const bucket = resources.ReportBucket?.Properties;
    const lifecycle = bucket?.LifecycleConfiguration as { Rules?: unknown[] } | undefined;

    // Assess
    expect(bucket?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(lifecycle?.Rules).toContainEqual(
      expect.objectContaining({
        Status: 'Enabled',
        ExpirationInDays: { Ref: 'ReportRetentionDays' },
        NoncurrentVersionExpiration: { NoncurrentDays: { Ref: 'ReportRetentionDays' } },
      }),
    );
  });
});

describe('File: deploy/member-role.yaml, who may assume the role', () => {
  let memberRole: {
    Parameters: Record<string, TemplateParameter>;
    Resources: Record<string, { Properties: Record<string, unknown> }>;
  };

  beforeAll(() => {
    memberRole = parseCloudFormationYaml(
      readFileSync(`${root}deploy/member-role.yaml`, 'utf8'),
    ) as typeof memberRole;
  });

  it('trusts every principal TrustedPrincipalArn lists', () => {
    // Act
    const trust = memberRole.Resources.ScannerAuditRole?.Properties.AssumeRolePolicyDocument as {
      Statement: { Principal: unknown }[];
    };

    // Assess
    expect(memberRole.Parameters.TrustedPrincipalArn?.Type).toBe('CommaDelimitedList');
    expect(trust.Statement.map((statement) => statement.Principal)).toEqual([
      { AWS: { Ref: 'TrustedPrincipalArn' } },
    ]);
  });

  it.each([
    ['arn:aws:iam::111122223333:role/scanner-WorkerFunctionRole-abc', true],
    [
      'arn:aws:iam::111122223333:role/scanner-WorkerFunctionRole-abc,arn:aws:iam::111122223333:role/ci',
      true,
    ],
    ['arn:aws:iam::111122223333:root', true],
    ['arn:aws:iam::111122223333:role/a, arn:aws:iam::111122223333:role/b', false],
    ['arn:aws:iam::1111:role/ci', false],
  ])('TrustedPrincipalArn="%s" deploys: %s', (value, accepted) => {
    // Act
    const parameter = memberRole.Parameters.TrustedPrincipalArn as TemplateParameter;

    // Assess
    expect(rejection(parameter, value) === undefined).toBe(accepted);
  });
});
