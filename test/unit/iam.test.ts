/**
 * Least privilege, checked both ways: every AWS SDK call the source makes is granted to the
 * function by template.yaml, and the template grants nothing the source does not call.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCloudFormationYaml, readTemplate } from '../../scripts/build.ts';

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
};

/** Calls AWS authorizes without any policy. */
const NEEDS_NO_PERMISSION = new Set([
  // Anyone may ask who they are: an explicit deny does not even stop it.
  'sts:GetCallerIdentity',
]);

/**
 * Calls only the command line makes, with the caller's own credentials (src/organization/):
 * the function scans its own account, so its role is not granted them.
 */
const COMMAND_LINE_ONLY = new Set(['organizations:ListAccounts']);

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
      actionOf.set(local, `${prefix}:${operation}`);
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

function scanSources(): SdkScan {
  const scans = sourceFiles().map((file) =>
    sdkCallsIn(file, readFileSync(join(root, file), 'utf8')),
  );
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

describe('File: template.yaml, the function role against the source', () => {
  let template: Json;
  let sources: SdkScan;
  let granted: GrantScan;
  /** IAM action → the source files that need it. */
  let needed: Map<string, Set<string>>;

  beforeAll(async () => {
    template = await readTemplate();
    sources = scanSources();
    granted = grantsOf(template);
    const calls = sources.calls.filter(
      (call) => !NEEDS_NO_PERMISSION.has(call.action) && !COMMAND_LINE_ONLY.has(call.action),
    );
    const implied = calls.flatMap((call) =>
      (IMPLIED_BY[call.action] ?? []).map((action) => ({
        action,
        file: `${call.file} (implied by ${call.action})`,
      })),
    );
    needed = byAction(
      [...calls, ...implied],
      (call) => call.action,
      (call) => call.file,
    );
  });

  it('finds the SDK calls of the source', () => {
    // Assess: a scan that finds nothing would make the next tests pass vacuously.
    expect(needed.size).toBeGreaterThan(5);
    expect(needed.has('eks:ListClusters')).toBe(true);
    expect(needed.get('ec2:DescribeVpcs')).toEqual(new Set(['src/collect/vpcs.ts']));
    expect(needed.get('ssm:GetParameters')).toEqual(new Set(['src/collect/parameters.ts']));
  });

  it('finds the command-line-only calls in src/organization/ alone, which the function never loads', () => {
    // Prepare
    const handler = readFileSync(join(root, 'src/handler.ts'), 'utf8');

    // Act
    const files = sources.calls
      .filter((call) => COMMAND_LINE_ONLY.has(call.action))
      .map((call) => call.file);

    // Assess
    expect(files).toEqual(['src/organization/accounts.ts']);
    expect(handler).not.toMatch(/organization\//);
  });

  it('can attribute every SDK call in the source to an IAM action', () => {
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
    expect(extra, 'IAM actions template.yaml grants that nothing in src/ needs').toEqual([]);
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

  it("lets GetParameters read public AWS parameters and the account's own, which resolve:ssm: images may name", () => {
    // Act
    const getParameters = granted.grants.filter((grant) => grant.action === 'ssm:GetParameters');

    // Assess
    expect(getParameters.flatMap((grant) => grant.resources)).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:*::parameter/aws/service/*' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:*:${AWS::AccountId}:parameter/*' },
    ]);
    expect(getParameters.every((grant) => grant.onlyIf.length === 0)).toBe(true);
  });

  it("lets the function publish to the stack's own topic and no other", () => {
    // Prepare
    const resources = template.Resources as Record<string, { Type?: string }>;
    const topics = Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::SNS::Topic');

    // Act
    const publish = granted.grants.filter((grant) => grant.action === 'sns:Publish');

    // Assess
    expect(topics).toHaveLength(1);
    expect(publish.map((grant) => grant.resources)).toEqual([[{ Ref: topics[0] }]]);
  });

  it('grants Security Hub actions only when EnableSecurityHub is true', () => {
    // Prepare
    const conditions = template.Conditions as Record<string, unknown>;

    // Act
    const securityHub = granted.grants.filter((grant) => grant.action.startsWith('securityhub:'));

    // Assess
    expect(securityHub.length).toBeGreaterThan(0);
    for (const grant of securityHub) {
      expect(grant.onlyIf, grant.action).toEqual(['SecurityHubEnabled']);
    }
    expect(conditions.SecurityHubEnabled).toEqual({
      'Fn::Equals': [{ Ref: 'EnableSecurityHub' }, 'true'],
    });
  });
});

/** Every Allow action of the inline policies of an AWS::IAM::Role, with its resources. */
function roleGrants(template: Json, roleId: string): Grant[] {
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const role = resources[roleId];
  const properties = isRecord(role) && isRecord(role.Properties) ? role.Properties : {};
  return asList(properties.Policies).flatMap((policy) => {
    const document = isRecord(policy) ? policy.PolicyDocument : undefined;
    const statements = isRecord(document) ? asList(document.Statement) : [];
    return statements.flatMap((statement) =>
      isRecord(statement) && statement.Effect === 'Allow'
        ? asList(statement.Action).map((action) => ({
            action: String(action),
            sid: String(statement.Sid ?? '(no Sid)'),
            resources: asList(statement.Resource),
            onlyIf: [],
          }))
        : [],
    );
  });
}

describe('File: deploy/member-role.yaml', () => {
  it('grants the member role exactly what collecting an account needs, on the same resources as the function', async () => {
    // Prepare
    const memberRole = parseCloudFormationYaml(
      readFileSync(join(root, 'deploy/member-role.yaml'), 'utf8'),
    );
    const collecting = new Set(
      scanSources()
        .calls.filter((call) => call.file.startsWith('src/collect/'))
        .map((call) => call.action)
        .filter((action) => !NEEDS_NO_PERMISSION.has(action)),
    );
    const functionGrants = grantsOf(await readTemplate()).grants.filter((grant) =>
      collecting.has(grant.action),
    );

    // Act
    const grants = roleGrants(memberRole, 'ScannerAuditRole');

    // Assess
    expect(new Set(grants.map((grant) => grant.action))).toEqual(collecting);
    const resourcesOf = (list: Grant[]) =>
      Object.fromEntries(list.map((grant) => [grant.action, grant.resources]));
    expect(resourcesOf(grants)).toEqual(resourcesOf(functionGrants));
  });
});
