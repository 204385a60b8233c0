/**
 * Organisation-wide from the command line: the real CLI process against moto, the caller
 * in the management account, a role assumed in each member account through STS, one
 * report covering them all; with --publish, each account's findings in its own Security
 * Hub and one SNS message.
 */
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.ts';
import { type CliRun, runScanProcess } from '../support/cli-process.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';
import { assumeRoleIn, ourSecurityHubFindingIds } from '../support/member-accounts.ts';
import { type SeededEstate, seedEstate } from '../support/seed-estate.ts';

const NOW = '2026-11-25T12:00:00Z';
const REGION = 'us-west-2';
const ROLE = 'EksWindowsScannerAudit';
const CALLER = { accessKeyId: 'test', secretAccessKey: 'test' };

let emulator: Emulator;
let members: string[];
let seeded: SeededEstate;
let management: string;
const accountCredentials = new Map<string, AwsCredentialIdentity>();

function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runScanProcess(args, {
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_ACCESS_KEY_ID: CALLER.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CALLER.secretAccessKey,
    AWS_REGION: REGION,
    ...env,
  });
}

beforeAll(async () => {
  emulator = await startEmulator();
  const config = { region: REGION, endpoint: emulator.endpoint, credentials: CALLER };
  const organizations = new OrganizationsClient(config);
  try {
    const { Organization } = await organizations.send(
      new CreateOrganizationCommand({ FeatureSet: 'ALL' }),
    );
    management = Organization?.MasterAccountId ?? '';
    members = [];
    for (const name of ['windows-prod', 'windows-dev']) {
      const { CreateAccountStatus } = await organizations.send(
        new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
      );
      members.push(CreateAccountStatus?.AccountId ?? '');
    }
    // Every account has Security Hub on; the estate lives in the first member account,
    // reached as the scanner will reach it.
    for (const accountId of [management, ...members]) {
      const credentials = await assumeRoleIn(config, accountId, ROLE);
      accountCredentials.set(accountId, credentials);
      const hub = new SecurityHubClient({ ...config, credentials });
      await hub.send(new EnableSecurityHubCommand({}));
      hub.destroy();
    }
    seeded = await seedEstate(emulator.endpoint, REGION, accountCredentials.get(members[0] ?? ''));
  } finally {
    organizations.destroy();
  }
}, 180_000);

afterAll(async () => {
  await emulator?.stop();
});

describe('Command: eks-windows-scanner scan --role-name', () => {
  it('scans every active account of the organization into one report', async () => {
    // Act
    const run = await runCli([
      '--role-name',
      ROLE,
      '--organization',
      '--format',
      'json',
      '--now',
      NOW,
    ]);

    // Assess
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(0);
    expect(report.scope.accounts.sort()).toEqual([management, ...members].sort());
    expect(report.complete).toBe(true);
    expect(seeded.accountId).toBe(members[0]);
    expect(report.summary.clusters).toBe(Object.keys(seeded.clusters).length);
    expect(new Set(report.findings.map((finding) => finding.accountId))).toEqual(
      new Set([members[0]]),
    );
    expect(report.findings.every((finding) => finding.id.startsWith(`${members[0]}/`))).toBe(true);
  }, 120_000);

  it('scans the accounts --accounts names, and only those', async () => {
    // Act
    const run = await runCli([
      '--role-name',
      ROLE,
      '--accounts',
      `${members[1]},${management}`,
      '--format',
      'json',
      '--now',
      NOW,
    ]);

    // Assess
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(0);
    expect(report.scope.accounts).toEqual([members[1], management]);
    expect(report.findings).toEqual([]);
  }, 120_000);

  it('exits 3 when the role can be assumed in no account, and says what to check', async () => {
    // Prepare: every AssumeRole refused, as for a role not deployed or a misspelt --role-name
    const proxy = await startFaultProxy(emulator.endpoint, [
      { service: 'sts', operation: 'AssumeRole', action: { kind: 'access-denied' } },
    ]);

    // Act
    const run = await runCli(
      ['--role-name', ROLE, '--accounts', `${members[0]},${members[1]}`, '--format', 'json'],
      { AWS_ENDPOINT_URL: proxy.endpoint },
    ).finally(() => proxy.stop());

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `role ${ROLE} could not be assumed in 2 accounts (${members[0]}, ${members[1]}) (every account: is --role-name spelt right?): check that it exists there (deploy/member-role.yaml) and that its trust policy admits the caller`,
    );
  }, 120_000);

  it('names the external id among what to check when the one account asked refuses the role', async () => {
    // Prepare
    const proxy = await startFaultProxy(emulator.endpoint, [
      { service: 'sts', operation: 'AssumeRole', action: { kind: 'access-denied' } },
    ]);

    // Act
    const run = await runCli(
      [
        '--role-name',
        ROLE,
        '--accounts',
        `${members[0]}`,
        '--external-id',
        'scanner-ext-id',
        '--format',
        'json',
      ],
      { AWS_ENDPOINT_URL: proxy.endpoint },
    ).finally(() => proxy.stop());

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `role ${ROLE} could not be assumed in 1 account (${members[0]}) (is --role-name spelt right?): check that it exists there (deploy/member-role.yaml) and that its trust policy admits the caller with the --external-id given (its sts:ExternalId condition)`,
    );
    expect(run.stderr).not.toContain('scanner-ext-id');
  }, 120_000);

  it('says STS did not answer, rather than to check the role, when AssumeRole times out', async () => {
    // Prepare: STS never answers the AssumeRole into one account; the other account is fine
    const proxy = await startFaultProxy(emulator.endpoint, [
      {
        service: 'sts',
        operation: 'AssumeRole',
        bodyIncludes: members[1] ?? '',
        action: { kind: 'hang' },
      },
    ]);

    // Act
    const run = await runCli(
      [
        '--role-name',
        ROLE,
        '--accounts',
        `${members[1]},${management}`,
        '--request-timeout',
        '1',
        '--format',
        'json',
        '--now',
        NOW,
      ],
      { AWS_ENDPOINT_URL: proxy.endpoint },
    ).finally(() => proxy.stop());

    // Assess: a timeout says nothing of the role, its trust policy or its name
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `role ${ROLE} could not be assumed in 1 account (${members[1]}): STS did not answer in time or failed (TimeoutError), which says nothing of the role there: scan again later, with a longer --request-timeout if it timed out`,
    );
    expect(run.stderr).not.toContain('trust policy');
    expect(run.stderr).not.toContain('spelt right');
    const report = JSON.parse(run.stdout) as Report;
    expect(report.errors).toEqual([
      {
        accountId: members[1],
        region: REGION,
        operation: 'AssumeRole',
        code: 'TimeoutError',
        message: 'no answer within 1 s (the request timeout)',
      },
    ]);
  }, 120_000);

  it('says which accounts have not enabled the region STS was asked in, apart from those whose role is refused', async () => {
    // Prepare: one account refuses the role; in another, STS of the first --region is not activated
    const proxy = await startFaultProxy(emulator.endpoint, [
      {
        service: 'sts',
        operation: 'AssumeRole',
        bodyIncludes: members[0] ?? '',
        action: { kind: 'access-denied' },
      },
      {
        service: 'sts',
        operation: 'AssumeRole',
        bodyIncludes: members[1] ?? '',
        action: {
          kind: 'error',
          status: 403,
          code: 'RegionDisabledException',
          message: `STS is not activated in this region for account:${members[1]}.`,
        },
      },
    ]);

    // Act
    const run = await runCli(
      [
        '--role-name',
        ROLE,
        '--accounts',
        `${members[0]},${members[1]},${management}`,
        '--region',
        'us-west-2,eu-west-1',
        '--format',
        'json',
      ],
      { AWS_ENDPOINT_URL: proxy.endpoint },
    ).finally(() => proxy.stop());

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `role ${ROLE} could not be assumed in 1 account (${members[0]}): check that it exists there`,
    );
    expect(run.stderr).toContain(
      `role ${ROLE} could not be assumed in 1 account (${members[1]}): STS is asked in the first --region, us-west-2, which they have not enabled; put first a region every account has enabled`,
    );
  }, 120_000);

  it('exits 2 when a --cluster is in none of the accounts, listing the clusters they have', async () => {
    // Prepare: a name one letter away from a seeded cluster.
    const [cluster = ''] = Object.keys(seeded.clusters);
    const typo = `${cluster}x`;

    // Act
    const run = await runCli([
      '--role-name',
      ROLE,
      '--organization',
      '--cluster',
      typo,
      '--format',
      'json',
      '--now',
      NOW,
    ]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`--cluster '${typo}': not found in 3 accounts, region ${REGION};`);
    expect(run.stderr).toContain(`(did you mean ${cluster}?)`);
  }, 120_000);

  it('keeps exit 3 when a --cluster is in no account reached while one was not, and hints at the typo', async () => {
    // Prepare: the role refused in one account only; the clusters are in another.
    const [cluster = ''] = Object.keys(seeded.clusters);
    const typo = `${cluster}x`;
    const proxy = await startFaultProxy(emulator.endpoint, [
      {
        service: 'sts',
        operation: 'AssumeRole',
        bodyIncludes: `:${members[1]}:role/`,
        action: { kind: 'access-denied' },
      },
    ]);

    // Act
    const run = await runCli(
      [
        '--role-name',
        ROLE,
        '--accounts',
        `${members[0]},${members[1]}`,
        '--cluster',
        typo,
        '--format',
        'json',
        '--now',
        NOW,
      ],
      { AWS_ENDPOINT_URL: proxy.endpoint },
    ).finally(() => proxy.stop());

    // Assess: the cluster may be in the account not reached, so the scan's error stands.
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `--cluster '${typo}': not found in 1 account, region ${REGION}; clusters there: `,
    );
    expect(run.stderr).toContain(
      `(did you mean ${cluster}?); not looked for in the 1 account not reached`,
    );
    expect(run.stderr).toContain(`role ${ROLE} could not be assumed in 1 account (${members[1]})`);
  }, 120_000);

  it("with --publish, puts each account's findings into its own Security Hub and sends one message", async () => {
    // Prepare: the topic in the caller's account, a queue subscribed to read what it sends.
    const config = { region: REGION, endpoint: emulator.endpoint, credentials: CALLER };
    const sns = new SNSClient(config);
    const sqs = new SQSClient(config);
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: 'scanner' }));
    const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'scanner' }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }),
    );
    sns.destroy();

    // A proxy that passes everything through, to count the calls.
    const proxy = await startFaultProxy(emulator.endpoint);

    // Act
    const run = await runCli(
      ['--role-name', ROLE, '--organization', '--publish', '--format', 'json', '--now', NOW],
      {
        AWS_ENDPOINT_URL: proxy.endpoint,
        SECURITY_HUB_ENABLED: 'true',
        SNS_TOPIC_ARN: TopicArn,
        NOTIFY_POLICY: 'always',
        NOTIFY_MINIMUM_SEVERITY: 'LOW',
      },
    ).finally(() => proxy.stop());

    // Assess
    const report = JSON.parse(run.stdout) as Report;
    expect(run.stderr).not.toContain('could not be updated');
    expect(run.code).toBe(0);
    const published = report.findings
      .filter((finding) => finding.upgrade === undefined)
      .map((finding) => finding.id)
      .sort();
    expect(published.length).toBeGreaterThan(0);
    const hubOf = (accountId: string) =>
      ourSecurityHubFindingIds({
        region: REGION,
        endpoint: emulator.endpoint,
        credentials: accountCredentials.get(accountId) ?? CALLER,
      });
    expect(await hubOf(members[0] ?? '')).toEqual(published);
    for (const accountId of [management, members[1] ?? '']) {
      expect(await hubOf(accountId)).toEqual([]);
    }
    expect(run.stderr).toContain(
      `Security Hub ${members[0]} ${REGION}: ${published.length} imported`,
    );
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    sqs.destroy();
    expect(Messages).toHaveLength(1);
    // One role session per account serves its scan's clients and its Security Hub.
    const assumed = proxy.calls().filter((call) => call.operation === 'AssumeRole');
    expect(assumed).toHaveLength(report.scope.accounts.length);
  }, 120_000);
});
