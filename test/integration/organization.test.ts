/**
 * Organisation-wide from the command line: the real CLI process against moto, the caller
 * in the management account, a role assumed in each member account through STS, one
 * report covering them all.
 */
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.ts';
import { type CliRun, runScanProcess } from '../support/cli-process.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { type SeededEstate, seedEstate } from '../support/seed-estate.ts';

const NOW = '2026-11-25T12:00:00Z';
const REGION = 'us-west-2';
const ROLE = 'EksWindowsScannerAudit';
const CALLER = { accessKeyId: 'test', secretAccessKey: 'test' };

let emulator: Emulator;
let members: string[];
let seeded: SeededEstate;
let management: string;

function runCli(args: string[]): Promise<CliRun> {
  return runScanProcess(args, {
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_ACCESS_KEY_ID: CALLER.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CALLER.secretAccessKey,
    AWS_REGION: REGION,
  });
}

beforeAll(async () => {
  emulator = await startEmulator();
  const config = { region: REGION, endpoint: emulator.endpoint, credentials: CALLER };
  const organizations = new OrganizationsClient(config);
  const sts = new STSClient(config);
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
    // The estate lives in the first member account, reached as the scanner will reach it.
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${members[0]}:role/${ROLE}`,
        RoleSessionName: 'seed',
      }),
    );
    seeded = await seedEstate(emulator.endpoint, REGION, {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    });
  } finally {
    organizations.destroy();
    sts.destroy();
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
});
