/**
 * Least privilege, checked both ways for each function of template.yaml: every AWS SDK call
 * that the source files its handler loads can make is granted to its role, and the role
 * grants nothing those files do not call. The member role (deploy/member-role.yaml) is held
 * to the calls the worker makes with its credentials.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  esbuildFunctionIds,
  parseCloudFormationYaml,
  readTemplate,
  samBuildProperties,
} from '../../scripts/build.ts';
import {
  partKey,
  partsPrefix,
  planKey,
  reportKey,
  runPrefix,
  type ScanRun,
} from '../../src/organization/run.ts';
import { RateLimiter } from '../../src/publish/security-hub/rate-limiter.ts';
import { updateWorkflows } from '../../src/publish/security-hub/update-workflow.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const FUNCTION_ID = 'ScannerFunction';

/** `@aws-sdk/client-<package>` → the service's prefix in IAM actions. */
const IAM_PREFIX: Record<string, string> = {
  eks: 'eks',
  ec2: 'ec2',
  'auto-scaling': 'autoscaling',
  ssm: 'ssm',
  sns: 'sns',
  securityhub: 'securityhub',
  sts: 'sts',
  organizations: 'organizations',
  s3: 's3',
  sfn: 'states',
};

/** SDK operations whose IAM action has another name. */
const ACTION_OF_OPERATION: Record<string, string> = {
  's3:ListObjectsV2': 's3:ListBucket',
};

/** SDK libraries whose functions and classes call AWS themselves, by the IAM actions they need. */
const LIBRARY_CALLS: Record<string, Record<string, string[]>> = {
  '@aws-sdk/credential-providers': { fromTemporaryCredentials: ['sts:AssumeRole'] },
  // A single PutObject, or a multipart upload (s3:PutObject authorizes its parts), aborted when it fails.
  '@aws-sdk/lib-storage': { Upload: ['s3:PutObject', 's3:AbortMultipartUpload'] },
};

/** Calls AWS authorizes without any policy. */
const NEEDS_NO_PERMISSION = new Set([
  // Anyone may ask who they are: an explicit deny does not even stop it.
  'sts:GetCallerIdentity',
]);

/** Permissions an action also needs because of how the template sets up its resource. */
const IMPLIED_BY: Record<string, string[]> = {
  // The notification topic is encrypted with a customer managed KMS key: publishers need it.
  'sns:Publish': ['kms:GenerateDataKey*', 'kms:Decrypt'],
};

/** Aggregated clients (`new EKS().describeCluster()`) hide their calls from this scan. */
const AGGREGATED_CLIENTS = new Set([
  'EKS',
  'EC2',
  'AutoScaling',
  'SSM',
  'SNS',
  'SecurityHub',
  'STS',
  'S3',
  'Organizations',
]);

interface SdkCall {
  action: string;
  file: string;
}

interface SdkScan {
  calls: SdkCall[];
  /** Calls this scan cannot attribute to an IAM action, each with the reason. */
  unreadable: string[];
}

const CLIENT_IMPORT =
  /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/client-([a-z0-9-]+)['"]/g;
const LIBRARY_IMPORT = /import\s+\{([^}]*)\}\s*from\s*['"](@aws-sdk\/[a-z-]+)['"]/g;
const COMMAND_CONSTRUCTION = /\bnew\s+([A-Za-z_$][\w$]*Command)\s*\(/g;

/** The IAM actions one source file's AWS SDK calls need: `new XCommand(…)`, `paginateX(…)`. */
function sdkCallsIn(file: string, source: string): SdkScan {
  const calls: SdkCall[] = [];
  const unreadable: string[] = [];
  /** Local name → IAM action, for the SDK values this file imports. */
  const actionOf = new Map<string, string>();
  for (const [, typeOnly, specifiers = '', clientPackage = ''] of source.matchAll(CLIENT_IMPORT)) {
    if (typeOnly) continue;
    const prefix = IAM_PREFIX[clientPackage];
    for (const specifier of specifiers.split(',')) {
      const [imported = '', local = imported] = specifier
        .trim()
        .split(/\s+as\s+/)
        .map((name) => name.trim());
      if (imported === '' || imported.startsWith('type ')) continue;
      if (AGGREGATED_CLIENTS.has(imported)) {
        unreadable.push(`${file}: aggregated client ${imported} (send commands instead)`);
        continue;
      }
      const operation = imported.endsWith('Command')
        ? imported.slice(0, -'Command'.length)
        : imported.startsWith('paginate')
          ? imported.slice('paginate'.length)
          : undefined;
      if (operation === undefined) continue;
      if (prefix === undefined) {
        unreadable.push(
          `${file}: ${imported} from @aws-sdk/client-${clientPackage}, no IAM prefix`,
        );
        continue;
      }
      const action = `${prefix}:${operation}`;
      actionOf.set(local, ACTION_OF_OPERATION[action] ?? action);
    }
  }
  for (const [, specifiers = '', library = ''] of source.matchAll(LIBRARY_IMPORT)) {
    for (const specifier of specifiers.split(',')) {
      const name = specifier.trim();
      const actions = LIBRARY_CALLS[library]?.[name] ?? [];
      if (actions.length > 0 && new RegExp(`\\b${name}\\s*\\(`).test(source)) {
        calls.push(...actions.map((action) => ({ action, file })));
      }
    }
  }
  for (const [local, action] of actionOf) {
    const call = local.endsWith('Command') ? `new\\s+${local}` : `\\b${local}`;
    if (new RegExp(`${call}\\s*\\(`).test(source)) calls.push({ action, file });
  }
  for (const [, command = ''] of source.matchAll(COMMAND_CONSTRUCTION)) {
    if (!actionOf.has(command)) {
      unreadable.push(`${file}: ${command} is not imported from an @aws-sdk/client-* package`);
    }
  }
  return { calls, unreadable };
}

function sourceFiles(): string[] {
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'))
    .map((path) => join('src', path))
    .sort();
}

const RELATIVE_IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:([^'";]*?)\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

/** The source files a file loads at run time (type-only imports load nothing). */
function importsOf(file: string, source: string): string[] {
  const files: string[] = [];
  for (const [, , typeOnly, clause = '', path = ''] of source.matchAll(RELATIVE_IMPORT)) {
    if (typeOnly) continue;
    const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1];
    if (names !== undefined) {
      const specifiers = names
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      if (specifiers.length > 0 && specifiers.every((name) => name.startsWith('type '))) continue;
    }
    files.push(normalize(join(dirname(file), path)));
  }
  return files;
}

/** Every source file `entry` loads, itself included, following relative imports. */
function reachableFrom(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [normalize(entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    if (!existsSync(join(root, file))) throw new Error(`${file} is imported but does not exist`);
    seen.add(file);
    pending.push(...importsOf(file, readFileSync(join(root, file), 'utf8')));
  }
  return [...seen].sort();
}

function scanSources(files: string[] = sourceFiles()): SdkScan {
  const scans = files.map((file) => sdkCallsIn(file, readFileSync(join(root, file), 'utf8')));
  return {
    calls: scans.flatMap((scan) => scan.calls),
    unreadable: scans.flatMap((scan) => scan.unreadable),
  };
}

interface Grant {
  action: string;
  sid: string;
  /** The statement's Resource, as written (intrinsics in long form). */
  resources: unknown[];
  /** The statement's IAM Condition, as written. */
  condition?: unknown;
  /** Conditions (template Conditions, not IAM ones) that must hold for the grant to exist. */
  onlyIf: string[];
}

interface GrantScan {
  grants: Grant[];
  /** Policies whose actions this test cannot see (managed policies, SAM policy templates). */
  unreadable: string[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function isNoValue(value: unknown): boolean {
  return isRecord(value) && value.Ref === 'AWS::NoValue';
}

/** `!If [cond, a, b]` → [[a, [cond]], [b, [!cond]]]; anything else → [[value, []]]. */
function branches(value: unknown): [unknown, string[]][] {
  if (!isRecord(value) || !Array.isArray(value['Fn::If'])) return [[value, []]];
  const [condition, whenTrue, whenFalse] = value['Fn::If'] as [string, unknown, unknown];
  return [
    ...branches(whenTrue).map(([item, onlyIf]): [unknown, string[]] => [
      item,
      [condition, ...onlyIf],
    ]),
    ...branches(whenFalse).map(([item, onlyIf]): [unknown, string[]] => [
      item,
      [`!${condition}`, ...onlyIf],
    ]),
  ];
}

/** Every Allow action in the inline policies of the template's function. */
function grantsOf(template: Json, functionId = FUNCTION_ID): GrantScan {
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const fn = resources[functionId];
  const properties = isRecord(fn) && isRecord(fn.Properties) ? fn.Properties : {};
  const grants: Grant[] = [];
  const unreadable: string[] = [];
  for (const policy of asList(properties.Policies)) {
    for (const [document, policyIf] of branches(policy)) {
      if (isNoValue(document)) continue;
      if (!isRecord(document) || !('Statement' in document)) {
        unreadable.push(`policy ${JSON.stringify(document)}`);
        continue;
      }
      for (const statement of asList(document.Statement)) {
        for (const [item, statementIf] of branches(statement)) {
          if (isNoValue(item) || !isRecord(item) || item.Effect !== 'Allow') continue;
          if ('NotAction' in item || 'NotResource' in item) {
            unreadable.push(`statement ${String(item.Sid)} uses NotAction/NotResource`);
            continue;
          }
          for (const action of asList(item.Action)) {
            grants.push({
              action: String(action),
              sid: String(item.Sid ?? '(no Sid)'),
              resources: asList(item.Resource),
              ...(item.Condition === undefined ? {} : { condition: item.Condition }),
              onlyIf: [...policyIf, ...statementIf],
            });
          }
        }
      }
    }
  }
  return { grants, unreadable };
}

/** Each action once, with where it comes from, for failure messages that name it. */
function byAction<T>(items: T[], key: (item: T) => string, origin: (item: T) => string) {
  const origins = new Map<string, Set<string>>();
  for (const item of items) {
    const set = origins.get(key(item)) ?? new Set<string>();
    set.add(origin(item));
    origins.set(key(item), set);
  }
  return origins;
}

describe('Function: sdkCallsIn', () => {
  it('maps commands and paginators of multi-line and aliased imports to IAM actions', () => {
    // Prepare
    const source = `import {
  DescribeInstanceAttributeCommand,
  type Instance,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import { DescribeAutoScalingGroupsCommand as Groups } from '@aws-sdk/client-auto-scaling';
import type { DescribeClusterCommand } from '@aws-sdk/client-eks';
await ec2.send(new DescribeInstanceAttributeCommand({ Attribute: 'userData' }));
for await (const page of paginateDescribeInstances({ client: ec2 }, {})) {}
await autoScaling.send(new Groups({}));`;

    // Act
    const scan = sdkCallsIn('src/x.ts', source);

    // Assess
    expect(scan.unreadable).toEqual([]);
    expect(scan.calls.map((call) => call.action).sort()).toEqual([
      'autoscaling:DescribeAutoScalingGroups',
      'ec2:DescribeInstanceAttribute',
      'ec2:DescribeInstances',
    ]);
  });

  it('counts the calls of SDK libraries that call AWS themselves', () => {
    // Prepare
    const source = `import { Upload } from '@aws-sdk/lib-storage';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
const credentials = fromTemporaryCredentials({ params: { RoleArn } });
await new Upload({ client, params }).done();`;

    // Act
    const scan = sdkCallsIn('src/x.ts', source);

    // Assess
    expect(scan.calls.map((call) => call.action).sort()).toEqual([
      's3:AbortMultipartUpload',
      's3:PutObject',
      'sts:AssumeRole',
    ]);
  });

  it('ignores an imported command that is never sent', () => {
    // Act
    const scan = sdkCallsIn('src/x.ts', "import { PublishCommand } from '@aws-sdk/client-sns';");

    // Assess
    expect(scan.calls).toEqual([]);
  });

  it('reports a command it cannot attribute to an AWS service', () => {
    // Prepare
    const source = `import { PublishCommand } from './commands.ts';
await sns.send(new PublishCommand({}));`;

    // Act
    const scan = sdkCallsIn('src/x.ts', source);

    // Assess
    expect(scan.unreadable).toEqual([
      'src/x.ts: PublishCommand is not imported from an @aws-sdk/client-* package',
    ]);
  });
});

describe('Function: grantsOf', () => {
  it('reads Action lists and strings, Statement objects and statements wrapped in !If', () => {
    // Prepare
    const template = parseCloudFormationYaml(`
Resources:
  ScannerFunction:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - Statement:
            Sid: One
            Effect: Allow
            Action: [eks:ListClusters, eks:DescribeCluster]
            Resource: '*'
        - Statement:
            - !If
              - Enabled
              - Sid: Two
                Effect: Allow
                Action: sns:Publish
                Resource: !Ref Topic
              - !Ref AWS::NoValue
            - Sid: Denied
              Effect: Deny
              Action: ec2:RunInstances
              Resource: '*'
        - AWSLambdaExecute
`);

    // Act
    const scan = grantsOf(template);

    // Assess
    expect(scan.grants).toEqual([
      { action: 'eks:ListClusters', sid: 'One', resources: ['*'], onlyIf: [] },
      { action: 'eks:DescribeCluster', sid: 'One', resources: ['*'], onlyIf: [] },
      { action: 'sns:Publish', sid: 'Two', resources: [{ Ref: 'Topic' }], onlyIf: ['Enabled'] },
    ]);
    expect(scan.unreadable).toEqual(['policy "AWSLambdaExecute"']);
  });
});

interface FunctionRole {
  /** Calls made with the member role's credentials, which deploy/member-role.yaml grants. */
  throughMemberRole?: (file: string) => boolean;
  /** Actions a file the function loads can send but the function never does, and why. */
  neverSent?: Record<string, string>;
}

/** Calls the worker makes in the member account, with the credentials of the role it assumes. */
const inMemberAccount = (file: string) =>
  file.startsWith('src/collect/') || file.startsWith('src/publish/security-hub/');

/** How each function of the template reaches AWS, where that is not simply with its role. */
const FUNCTION_ROLES: Record<string, FunctionRole> = {
  ScannerFunction: {},
  PlannerFunction: {
    neverSent: {
      'sts:AssumeRole':
        "src/organization/accounts.ts: assumedRoleCredentials is the worker's; the planner loads the file for listActiveAccounts",
    },
  },
  WorkerFunction: {
    throughMemberRole: inMemberAccount,
    neverSent: {
      'organizations:ListAccounts':
        "src/organization/accounts.ts: listActiveAccounts is the planner's; the worker loads the file for assumedRoleCredentials",
    },
  },
  AggregatorFunction: {},
};

/** IAM action → the files that need it, for what `functionId`'s own role must grant. */
function neededBy(template: Json, functionId: string): Map<string, Set<string>> {
  const role = FUNCTION_ROLES[functionId] ?? {};
  const entry = samBuildProperties(template, functionId).EntryPoints?.[0] ?? '';
  const calls = scanSources(reachableFrom(entry)).calls.filter(
    (call) =>
      !NEEDS_NO_PERMISSION.has(call.action) &&
      !(role.throughMemberRole?.(call.file) ?? false) &&
      !(call.action in (role.neverSent ?? {})),
  );
  const implied = calls.flatMap((call) =>
    (IMPLIED_BY[call.action] ?? []).map((action) => ({
      action,
      file: `${call.file} (implied by ${call.action})`,
    })),
  );
  return byAction(
    [...calls, ...implied],
    (call) => call.action,
    (call) => call.file,
  );
}

describe('File: template.yaml, the functions of the template', () => {
  it('are the functions this test knows how they reach AWS', async () => {
    expect(esbuildFunctionIds(await readTemplate()).sort()).toEqual(
      Object.keys(FUNCTION_ROLES).sort(),
    );
  });
});

describe.each(Object.keys(FUNCTION_ROLES))(
  'File: template.yaml, %s role against its source',
  (functionId) => {
    let template: Json;
    let sources: SdkScan;
    let granted: GrantScan;
    /** IAM action → the source files that need it. */
    let needed: Map<string, Set<string>>;

    beforeAll(async () => {
      template = await readTemplate();
      const entry = samBuildProperties(template, functionId).EntryPoints?.[0] ?? '';
      sources = scanSources(reachableFrom(entry));
      granted = grantsOf(template, functionId);
      needed = neededBy(template, functionId);
    });

    it('finds the SDK calls of the files its handler loads', () => {
      // Assess: a scan that finds nothing would make the next tests pass vacuously.
      expect(needed.size).toBeGreaterThan(0);
    });

    it('can attribute every SDK call in those files to an IAM action', () => {
      expect(sources.unreadable, 'SDK calls this test cannot map to IAM actions').toEqual([]);
    });

    it('reads every policy of the function (no managed policies or SAM policy templates)', () => {
      expect(granted.unreadable, 'policies whose actions this test cannot see').toEqual([]);
    });

    it('grants every IAM action the source sends', () => {
      // Act
      const grantedActions = new Set(granted.grants.map((grant) => grant.action));
      const missing = [...needed]
        .filter(([action]) => !grantedActions.has(action))
        .map(([action, files]) => `${action} (sent by ${[...files].join(', ')})`);

      // Assess
      expect(missing, 'IAM actions the source needs that template.yaml does not grant').toEqual([]);
    });

    it('grants no IAM action that the source does not send', () => {
      // Act
      const extra = granted.grants
        .filter((grant) => !needed.has(grant.action))
        .map((grant) => `${grant.action} (statement ${grant.sid})`);

      // Assess
      expect(extra, 'IAM actions template.yaml grants that nothing it loads needs').toEqual([]);
    });

    it('scopes every action other than Describe and List to named resources', () => {
      // Act: Describe*/List* of these services accept only "*"; everything else can be scoped.
      const unscoped = granted.grants
        .filter((grant) => !/^[a-z0-9-]+:(Describe|List)/.test(grant.action))
        .filter((grant) => grant.resources.length === 0 || grant.resources.includes('*'))
        .map((grant) => `${grant.action} (statement ${grant.sid})`);

      // Assess
      expect(unscoped, 'actions granted on Resource "*"').toEqual([]);
    });

    it("reaches S3 only in the stack's report bucket, and reads only the configuration object named", () => {
      // Act
      const s3 = granted.grants.filter(
        (grant) => grant.action.startsWith('s3:') && grant.sid !== 'ReadConfigObject',
      );

      // Assess
      for (const grant of s3) {
        for (const resource of grant.resources) {
          expect(JSON.stringify(resource), grant.action).toMatch(
            /^\{"Fn::(Sub":"\$\{ReportBucket\.Arn\}\/[a-z-]+\/[a-z*./-]*\*[a-z./]*"|GetAtt":\["ReportBucket","Arn"\])\}$/,
          );
        }
      }
    });
  },
);

describe('File: template.yaml, grants of one function', () => {
  let template: Json;

  beforeAll(async () => {
    template = await readTemplate();
  });

  it("finds the scanner function's collection calls, file by file", () => {
    // Act
    const needed = neededBy(template, 'ScannerFunction');

    // Assess
    expect(needed.has('eks:ListClusters')).toBe(true);
    expect(needed.get('ec2:DescribeVpcs')).toEqual(new Set(['src/collect/vpcs.ts']));
    expect(needed.get('ssm:GetParameters')).toEqual(new Set(['src/collect/parameters.ts']));
  });

  it('denies the scanner function decrypting through SSM, so no SecureString can be read', () => {
    // Act: the policies as JSON, CloudFormation's functions in their long form.
    const resources = template.Resources as Record<string, Record<string, unknown>>;
    const denies = denyStatements(resources.ScannerFunction?.Properties).filter(
      (statement) => statement.Action === 'kms:Decrypt',
    );

    // Assess
    expect(denies).toEqual([
      {
        Sid: 'NeverDecryptParameters',
        Effect: 'Deny',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          StringLike: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
            'kms:ViaService': { 'Fn::Sub': 'ssm.*.${AWS::URLSuffix}' },
          },
        },
      },
    ]);
  });

  it('keeps the scanner function to its own account: it loads nothing of src/organization/', () => {
    // Act
    const files = reachableFrom('src/handler.ts');

    // Assess
    expect(files.filter((file) => file.startsWith('src/organization/'))).toEqual([]);
    expect(files).toContain('src/collect/index.ts');
  });

  it("lets GetParameters read public AWS parameters and the account's own, which resolve:ssm: images may name", () => {
    // Act
    const getParameters = grantsOf(template).grants.filter(
      (grant) => grant.action === 'ssm:GetParameters',
    );

    // Assess
    expect(getParameters.flatMap((grant) => grant.resources)).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:*::parameter/aws/service/*' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:*:${AWS::AccountId}:parameter/*' },
    ]);
    expect(getParameters.every((grant) => grant.onlyIf.length === 0)).toBe(true);
  });

  it.each(['ScannerFunction', 'AggregatorFunction'])(
    "lets %s publish to the stack's own topic and no other",
    (functionId) => {
      // Prepare
      const resources = template.Resources as Record<string, { Type?: string }>;
      const topics = Object.keys(resources).filter(
        (id) => resources[id]?.Type === 'AWS::SNS::Topic',
      );

      // Act
      const publish = grantsOf(template, functionId).grants.filter(
        (grant) => grant.action === 'sns:Publish',
      );

      // Assess
      expect(topics).toHaveLength(1);
      expect(publish.map((grant) => grant.resources)).toEqual([[{ Ref: topics[0] }]]);
    },
  );

  it('grants Security Hub actions only when EnableSecurityHub is true', () => {
    // Prepare
    const conditions = template.Conditions as Record<string, unknown>;

    // Act
    const securityHub = grantsOf(template).grants.filter((grant) =>
      grant.action.startsWith('securityhub:'),
    );

    // Assess
    expect(securityHub.length).toBeGreaterThan(0);
    for (const grant of securityHub) {
      expect(grant.onlyIf, grant.action).toEqual(['SecurityHubEnabled']);
    }
    expect(conditions.SecurityHubEnabled).toEqual({
      'Fn::Equals': [{ Ref: 'EnableSecurityHub' }, 'true'],
    });
  });

  it('lets the scanner function write oversized audit reports only when the bucket exists', () => {
    // Act
    const s3 = grantsOf(template).grants.filter(
      (grant) => grant.action.startsWith('s3:') && grant.sid !== 'ReadConfigObject',
    );

    // Assess
    expect(s3).toEqual([
      {
        action: 's3:PutObject',
        sid: 'WriteOversizedAuditReports',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
        resources: [{ 'Fn::Sub': '${ReportBucket.Arn}/audits/*' }],
        onlyIf: ['HasReportBucket'],
      },
    ]);
  });

  it.each(['ScannerFunction', 'PlannerFunction', 'WorkerFunction'])(
    'lets %s read its configuration file only where ConfigParameterName or ConfigS3Uri names it',
    (functionId) => {
      // Act
      const reads = grantsOf(template, functionId).grants.filter((grant) =>
        ['ssm:GetParameter', 's3:GetObject'].includes(grant.action),
      );

      // Assess
      expect(reads).toEqual([
        {
          action: 'ssm:GetParameter',
          sid: 'ReadConfigParameter',
          resources: [
            {
              'Fn::Sub':
                // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
                'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ConfigParameterName}',
            },
          ],
          onlyIf: ['HasConfigParameter'],
        },
        {
          action: 's3:GetObject',
          sid: 'ReadConfigObject',
          resources: [
            {
              'Fn::Sub': [
                // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
                'arn:${AWS::Partition}:s3:::${BucketAndKey}',
                {
                  BucketAndKey: {
                    'Fn::Select': [1, { 'Fn::Split': ['s3://', { Ref: 'ConfigS3Uri' }] }],
                  },
                },
              ],
            },
          ],
          onlyIf: ['HasConfigS3Uri'],
        },
      ]);
    },
  );

  it('gives the aggregator no configuration file to read: nothing of it matters there', () => {
    // Act
    const reads = grantsOf(template, 'AggregatorFunction').grants.filter(
      (grant) => grant.action === 'ssm:GetParameter' || grant.sid.startsWith('ReadConfig'),
    );
    const environment = (
      (template.Resources as Json).AggregatorFunction as {
        Properties: { Environment: { Variables: Json } };
      }
    ).Properties.Environment.Variables;

    // Assess
    expect(reads).toEqual([]);
    expect(Object.keys(environment).filter((name) => name.startsWith('CONFIG_'))).toEqual([]);
  });

  it('lets the worker assume the member role, by its name, in any account, and nothing else of IAM', () => {
    // Act
    const grants = grantsOf(template, 'WorkerFunction').grants;

    // Assess
    expect(grants.filter((grant) => grant.action.startsWith('sts:'))).toEqual([
      {
        action: 'sts:AssumeRole',
        sid: 'AssumeMemberRole',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
        resources: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/${MemberRoleName}' }],
        onlyIf: [],
      },
    ]);
  });

  it('lets the planner list the organisation only when no account list is given', () => {
    // Act
    const grants = grantsOf(template, 'PlannerFunction').grants.filter((grant) =>
      grant.action.startsWith('organizations:'),
    );

    // Assess
    expect(grants).toEqual([
      {
        action: 'organizations:ListAccounts',
        sid: 'ListOrganizationAccounts',
        resources: ['*'],
        onlyIf: ['!ScanListedAccounts'],
      },
    ]);
  });
});

/** Every Allow action of the inline policies of an AWS::IAM::Role, policies in !If included. */
/** Every Deny statement anywhere in `value` (either branch of an Fn::If). */
function denyStatements(value: unknown): Json[] {
  if (Array.isArray(value)) return value.flatMap(denyStatements);
  if (!isRecord(value)) return [];
  if (value.Effect === 'Deny') return [value];
  return Object.values(value).flatMap(denyStatements);
}

function roleGrants(template: Json, roleId: string): Grant[] {
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const role = resources[roleId];
  const properties = isRecord(role) && isRecord(role.Properties) ? role.Properties : {};
  return asList(properties.Policies).flatMap((wrapped) =>
    branches(wrapped).flatMap(([policy, onlyIf]) => {
      const document = isRecord(policy) ? policy.PolicyDocument : undefined;
      const statements = isRecord(document) ? asList(document.Statement) : [];
      return statements.flatMap((statement) =>
        isRecord(statement) && statement.Effect === 'Allow'
          ? asList(statement.Action).map((action) => ({
              action: String(action),
              sid: String(statement.Sid ?? '(no Sid)'),
              resources: asList(statement.Resource),
              onlyIf,
            }))
          : [],
      );
    }),
  );
}

describe('File: deploy/member-role.yaml', () => {
  let grants: Grant[];
  let functionGrants: Grant[];
  /** The calls the worker makes with the member role's credentials. */
  let memberCalls: SdkCall[];
  let memberRole: Json;

  beforeAll(async () => {
    const template = await readTemplate();
    memberRole = parseCloudFormationYaml(
      readFileSync(join(root, 'deploy/member-role.yaml'), 'utf8'),
    );
    grants = roleGrants(memberRole, 'ScannerAuditRole');
    functionGrants = grantsOf(template).grants;
    const workerEntry = samBuildProperties(template, 'WorkerFunction').EntryPoints?.[0] ?? '';
    memberCalls = scanSources(reachableFrom(workerEntry))
      .calls.filter((call) => inMemberAccount(call.file))
      .filter((call) => !NEEDS_NO_PERMISSION.has(call.action));
  });

  const resourcesOf = (list: Grant[]) =>
    Object.fromEntries(list.map((grant) => [grant.action, grant.resources]));

  it('grants the member role exactly what collecting an account needs, on the same resources as the function', () => {
    // Prepare
    const collecting = new Set(
      scanSources()
        .calls.filter((call) => call.file.startsWith('src/collect/'))
        .map((call) => call.action)
        .filter((action) => !NEEDS_NO_PERMISSION.has(action)),
    );

    // Act
    const reads = grants.filter((grant) => grant.onlyIf.length === 0);

    // Assess
    expect(new Set(reads.map((grant) => grant.action))).toEqual(collecting);
    expect(resourcesOf(reads)).toEqual(
      resourcesOf(functionGrants.filter((grant) => collecting.has(grant.action))),
    );
  });

  it("adds, with SecurityHubImport, exactly the Security Hub calls the worker makes in the account's own hub", () => {
    // Prepare
    const importing = new Set(
      memberCalls.map((call) => call.action).filter((action) => action.startsWith('securityhub:')),
    );

    // Act
    const securityHub = grants.filter((grant) => grant.onlyIf.length > 0);

    // Assess
    expect(importing.size).toBeGreaterThan(0);
    expect(new Set(securityHub.map((grant) => grant.action))).toEqual(importing);
    expect(securityHub.every((grant) => grant.onlyIf.join() === 'AllowSecurityHubImport')).toBe(
      true,
    );
    expect(resourcesOf(securityHub)).toEqual(
      resourcesOf(functionGrants.filter((grant) => importing.has(grant.action))),
    );
  });

  it('denies kms:Decrypt everywhere, so no SecureString parameter can be read with the role', () => {
    // Act
    const denies = denyStatements(memberRole.Resources).filter(
      (statement) => statement.Action === 'kms:Decrypt',
    );

    // Assess
    expect(denies).toEqual([
      { Sid: 'NeverDecrypt', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' },
    ]);
  });

  it("hides the external id in every account's stack and takes only what STS takes", () => {
    // Prepare
    const parameters = memberRole.Parameters as Record<string, Record<string, unknown>>;
    const externalId = parameters.ExternalId ?? {};
    const pattern = new RegExp(String(externalId.AllowedPattern));

    // Assess
    expect(externalId.NoEcho).toBe(true);
    for (const accepted of ['', 'Zq-2026.scanner@org', 'a:b/c=d'])
      expect(pattern.test(accepted), accepted).toBe(true);
    for (const refused of ['x', 'with space', 'semi;colon'])
      expect(pattern.test(refused), refused).toBe(false);
  });

  it('grants every call the worker makes in the member account', () => {
    // Act
    const granted = new Set(grants.map((grant) => grant.action));
    const missing = memberCalls
      .filter((call) => !granted.has(call.action))
      .map((call) => `${call.action} (${call.file})`);

    // Assess
    expect(missing).toEqual([]);
  });
});

describe("File: template.yaml, the report bucket's objects of an organisation run", () => {
  const BUCKET_ARN = 'arn:aws:s3:::scanner-reports';
  const run: ScanRun = { id: 'nightly.2026-11-27', scannedAt: '2026-11-27T03:00:00.000Z' };
  const target = { accountId: '111122223333', region: 'eu-west-1' };
  /** What each object of a run is called in the bucket (src/organization/run.ts). */
  const OBJECTS: Record<string, string> = {
    plan: planKey(run),
    part: partKey(run, target),
    'report.json': reportKey(run, 'json'),
    'report.html': reportKey(run, 'html'),
  };
  /** Who may do what to them: each function writes its own and reads what it is handed. */
  const ALLOWED: [resourceId: string, action: string, objects: string[]][] = [
    ['PlannerFunction', 's3:PutObject', ['plan']],
    ['PlannerFunction', 's3:GetObject', []],
    ['WorkerFunction', 's3:PutObject', ['part']],
    ['WorkerFunction', 's3:GetObject', []],
    ['AggregatorFunction', 's3:GetObject', ['plan', 'part']],
    ['AggregatorFunction', 's3:PutObject', ['report.json', 'report.html']],
    ['AggregatorFunction', 's3:AbortMultipartUpload', ['report.json', 'report.html']],
    ['OrganizationScanStateMachine', 's3:GetObject', ['plan']],
    ['OrganizationScanStateMachine', 's3:PutObject', []],
    ['ScannerFunction', 's3:PutObject', []],
  ];

  /** An IAM resource or condition pattern: `*` any run of characters, `?` any one. */
  function iamPattern(pattern: string): RegExp {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`^${escaped.replaceAll('*', '.*').replaceAll('?', '.')}$`);
  }

  /** A grant's resources as ARNs, with the bucket's ARN put in; others as written. */
  function resourceArns(grant: Grant): string[] {
    return grant.resources.map((resource) => {
      const text = isRecord(resource) ? resource['Fn::Sub'] : resource;
      return typeof text === 'string'
        ? // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's !Sub, not JavaScript's
          text.replaceAll('${ReportBucket.Arn}', BUCKET_ARN)
        : JSON.stringify(resource);
    });
  }

  let template: Json;
  beforeAll(async () => {
    template = await readTemplate();
  });

  it.each(ALLOWED)('%s: %s on %j of a run only', (resourceId, action, objects) => {
    // Act
    const patterns = grantsOf(template, resourceId)
      .grants.filter((grant) => grant.action === action)
      .flatMap(resourceArns)
      .map(iamPattern);
    const allowed = Object.entries(OBJECTS)
      .filter(([, key]) => patterns.some((pattern) => pattern.test(`${BUCKET_ARN}/${key}`)))
      .map(([name]) => name);

    // Assess
    expect(allowed).toEqual(objects);
  });

  it("lets the aggregator list a run's parts and nothing else of the run", async () => {
    // Act
    const [listing] = grantsOf(template, 'AggregatorFunction').grants.filter(
      (grant) => grant.action === 's3:ListBucket',
    );
    const condition = listing?.condition as { StringLike?: Record<string, string> } | undefined;
    const prefix = iamPattern(condition?.StringLike?.['s3:prefix'] ?? '');

    // Assess
    expect(prefix.test(partsPrefix(run))).toBe(true);
    expect(prefix.test(runPrefix(run))).toBe(false);
    expect(prefix.test('runs/')).toBe(false);
  });
});

/**
 * The ASFF fields a BatchUpdateFindings request sets, by the names IAM's
 * `securityhub:ASFFSyntaxPath/<field>` keys give them, each with its values.
 */
function asffPathsOf(input: Json): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  for (const [field, value] of Object.entries(input)) {
    if (field === 'FindingIdentifiers') continue;
    if (field === 'UserDefinedFields' && isRecord(value)) {
      // IAM names a user-defined field's name and value by these two keys, whatever the name.
      paths.set('UserDefinedFields.key', Object.keys(value));
      paths.set('UserDefinedFields.value', Object.values(value).map(String));
    } else if (isRecord(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        paths.set(`${field}.${inner}`, [String(innerValue)]);
      }
    } else {
      paths.set(
        field,
        asList(value).map((item) => JSON.stringify(item)),
      );
    }
  }
  return paths;
}

const ASFF_PATH_KEY = 'securityhub:ASFFSyntaxPath/';

/** Whether a Deny statement of BatchUpdateFindings refuses a request that sets `paths`. */
function refuses(statement: Json, paths: Map<string, string[]>): boolean {
  const conditions = statement.Condition as Record<string, Json>;
  return Object.entries(conditions).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      if (!key.startsWith(ASFF_PATH_KEY)) throw new Error(`${key} is not an ASFF path key`);
      const values = paths.get(key.slice(ASFF_PATH_KEY.length));
      if (operator === 'Null') return (values !== undefined) === (String(expected) === 'false');
      if (operator === 'StringEquals') {
        return values?.some((value) => asList(expected).includes(value)) ?? false;
      }
      throw new Error(`${operator} is not a condition operator this test models`);
    }),
  );
}

describe('BatchUpdateFindings under the roles that sync Security Hub', () => {
  const hub = mockClient(SecurityHubClient);
  let roles: Record<string, Json[]>;
  /** The requests the scanner makes: a finding suppressed, and one whose suppression ended. */
  let scannerRequests: Json[];

  beforeAll(async () => {
    const template = await readTemplate();
    const memberRole = parseCloudFormationYaml(
      readFileSync(join(root, 'deploy/member-role.yaml'), 'utf8'),
    );
    const resources = template.Resources as Record<string, Json>;
    const memberResources = memberRole.Resources as Record<string, Json>;
    const updating = (statement: Json) => statement.Action === 'securityhub:BatchUpdateFindings';
    roles = {
      'template.yaml ScannerFunction': denyStatements(resources.ScannerFunction).filter(updating),
      'deploy/member-role.yaml': denyStatements(memberResources.ScannerAuditRole).filter(updating),
    };
    hub.reset();
    hub.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
    const productArn = 'arn:aws:securityhub:us-west-2:111122223333:product/111122223333/default';
    await updateWorkflows(
      new SecurityHubClient({ region: 'us-west-2' }),
      [
        { id: 'suppressed', productArn, status: 'SUPPRESSED', note: 'Suppressed by tag' },
        { id: 'back', productArn, status: 'NEW' },
      ],
      new RateLimiter({ ratePerSecond: 1000, burst: 10 }),
    );
    scannerRequests = hub
      .commandCalls(BatchUpdateFindingsCommand)
      .map((call) => ({ ...call.args[0].input }));
  });

  afterAll(() => {
    hub.restore();
  });

  it("refuses none of the scanner's own updates", () => {
    // Act
    const refused = Object.entries(roles).flatMap(([role, denies]) =>
      scannerRequests.flatMap((request) =>
        denies
          .filter((statement) => refuses(statement, asffPathsOf(request)))
          .map((statement) => `${role}: ${String(statement.Sid)}`),
      ),
    );

    // Assess
    expect(scannerRequests).toHaveLength(2);
    expect(refused).toEqual([]);
  });

  it.each([
    ['a lower severity', { Severity: { Label: 'INFORMATIONAL' } }],
    ['a normalized severity', { Severity: { Normalized: 0 } }],
    ["the product's severity", { Severity: { Product: 0 } }],
    ['a false positive', { VerificationState: 'FALSE_POSITIVE' }],
    ['a confidence', { Confidence: 0 }],
    ['a criticality', { Criticality: 0 }],
    ['types', { Types: ['Unusual Behaviors'] }],
    ['related findings', { RelatedFindings: [{ Id: 'x', ProductArn: 'y' }] }],
    ['a user-defined field', { UserDefinedFields: { triage: 'ignore' } }],
    ['the status RESOLVED', { Workflow: { Status: 'RESOLVED' } }],
    ['the status NOTIFIED', { Workflow: { Status: 'NOTIFIED' } }],
  ])('refuses setting %s on any finding of the hub, which the scanner never does', (_, fields) => {
    // Act
    const allowed = Object.entries(roles)
      .filter(([, denies]) => !denies.some((statement) => refuses(statement, asffPathsOf(fields))))
      .map(([role]) => role);

    // Assess
    expect(allowed).toEqual([]);
  });
});
