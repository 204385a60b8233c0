import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  GetFindingsCommand,
  type GetFindingsCommandInput,
  InternalException,
  InvalidAccessException,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { AuthorizationErrorException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import type { Finding } from '../../../src/evaluate/types.ts';
import type { PublishClients } from '../../../src/publish/clients.ts';
import { type PublishOptions, publishReport } from '../../../src/publish/index.ts';
import { SecurityHubReadError } from '../../../src/publish/security-hub/index.ts';
import {
  type ChatbotNotification,
  NotificationPublishError,
} from '../../../src/publish/sns/index.ts';
import type { PublishConfig, SecurityHubSyncResult } from '../../../src/publish/types.ts';
import {
  ACCOUNT_ID,
  heldBySecurityHub,
  makeFinding,
  makeFindings,
  makeReport,
  NOW,
} from './security-hub/fixtures.ts';

const TOPIC_ARN = 'arn:aws:sns:us-west-2:123456789012:eks-windows-scanner';
const REGIONS = ['us-west-2', 'eu-west-1'];

/** Security Hub on in us-west-2 and not enabled in eu-west-1; SNS answering. */
function mockedClients() {
  const hubs = new Map(REGIONS.map((region) => [region, new SecurityHubClient({ region })]));
  const hubMocks = new Map([...hubs].map(([region, client]) => [region, mockClient(client)]));
  hubMocks.get('us-west-2')?.on(GetFindingsCommand).resolves({ Findings: [] });
  hubMocks
    .get('us-west-2')
    ?.on(BatchImportFindingsCommand)
    .callsFake((input: BatchImportFindingsCommandInput) => ({
      SuccessCount: input.Findings?.length ?? 0,
      FailedCount: 0,
      FailedFindings: [],
    }));
  hubMocks
    .get('eu-west-1')
    ?.on(GetFindingsCommand)
    .rejects(new InvalidAccessException({ message: 'Account is not subscribed', $metadata: {} }));
  const sns = new SNSClient({ region: 'us-west-2' });
  const snsMock = mockClient(sns);
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
  return {
    clients: {
      securityHub: (region: string) => hubs.get(region) as SecurityHubClient,
      sns: () => sns,
    },
    hubMocks,
    snsMock,
  };
}

/**
 * Security Hub as a store: GetFindings returns the findings that imports left active, so a
 * second run sees what the first one wrote. `firstImport` makes the first import fail.
 */
function holdImports(
  hub: AwsClientStub<SecurityHubClient> | undefined,
  held: AwsSecurityFinding[] = [],
  firstImport?: Error,
): Map<string, AwsSecurityFinding> {
  const store = new Map(held.map((finding) => [finding.Id ?? '', finding]));
  hub?.on(GetFindingsCommand).callsFake(() => ({
    Findings: [...store.values()].filter((finding) => finding.RecordState === 'ACTIVE'),
  }));
  const imports = hub?.on(BatchImportFindingsCommand);
  (firstImport ? imports?.rejectsOnce(firstImport) : imports)?.callsFake(
    (input: BatchImportFindingsCommandInput) => {
      for (const finding of input.Findings ?? []) {
        store.set(finding.Id ?? '', { ...store.get(finding.Id ?? ''), ...finding });
      }
      return { SuccessCount: input.Findings?.length ?? 0, FailedCount: 0, FailedFindings: [] };
    },
  );
  return store;
}

const config: PublishConfig = {
  snsTopicArn: TOPIC_ARN,
  securityHub: true,
  notifyMinimumSeverity: 'MEDIUM',
  notifyPolicy: 'on-change',
};

const report = makeReport(
  REGIONS.map((region) => makeFinding({ region })),
  { scope: { accounts: ['123456789012'], regions: REGIONS } },
);

describe('Function: publishReport', () => {
  let mocks: ReturnType<typeof mockedClients>;

  afterEach(() => {
    for (const mock of mocks.hubMocks.values()) mock.restore();
    mocks.snsMock.restore();
  });

  function publish(overrides: Partial<PublishOptions> = {}) {
    return publishReport({ report, config, clients: mocks.clients, now: NOW, ...overrides });
  }

  it('syncs the other regions and still notifies when Security Hub fails in one region', async () => {
    // Prepare
    mocks = mockedClients();
    const onSecurityHubError = vi.fn();

    // Act
    const result = await publish({ onSecurityHubError });

    // Assess
    expect(onSecurityHubError).toHaveBeenCalledExactlyOnceWith(
      'eu-west-1',
      expect.any(SecurityHubReadError),
      ACCOUNT_ID,
    );
    expect(result.securityHub.map((sync) => [sync.region, sync.imported])).toEqual([
      ['us-west-2', 1],
    ]);
    // Without eu-west-1's previous state its finding counts as new; us-west-2 held none.
    expect(result.notification).toMatchObject({
      sent: true,
      reason: expect.stringContaining('2 new findings'),
    });
    expect(mocks.snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('counts the findings of a region whose Security Hub could not be read as new, and still tells what the others know', async () => {
    // Prepare: us-west-2 already holds its finding; eu-west-1's hub can't be read.
    mocks = mockedClients();
    const [west] = report.findings.filter((finding) => finding.region === 'us-west-2');
    holdImports(mocks.hubMocks.get('us-west-2'), west ? [heldBySecurityHub(west)] : []);

    // Act
    const result = await publish();

    // Assess
    const unread = 'Security Hub could not be read in 1 of 2 regions: their findings count as new';
    expect(result.notification).toMatchObject({
      sent: true,
      reason: `Notifying: 1 new finding at or above MEDIUM (${unread})`,
    });
    const sent = mocks.snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    const messages = JSON.parse(sent?.Message ?? '{}') as { email: string; https: string };
    expect(messages.email.replace(/\s+/g, ' ')).toContain(
      `Since the last run: 1 new, 0 resolved (${unread}).`,
    );
    expect(messages.https).toContain(`*Since the last run:* 1 new, 0 resolved (${unread})`);
  });

  it('says so when no Security Hub could be read, rather than calling it a first run', async () => {
    // Prepare: us-west-2's hub refuses too, so no region's previous state is known.
    mocks = mockedClients();
    mocks.hubMocks
      .get('us-west-2')
      ?.on(GetFindingsCommand)
      .rejects(new InvalidAccessException({ message: 'Account is not subscribed', $metadata: {} }));

    // Act
    const result = await publish();

    // Assess
    const unread = 'Security Hub could not be read in 2 of 2 regions: their findings count as new';
    expect(result.notification).toMatchObject({
      sent: true,
      reason: `Notifying: 2 new findings at or above MEDIUM (${unread})`,
    });
    const sent = mocks.snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    const messages = JSON.parse(sent?.Message ?? '{}') as { email: string };
    expect(messages.email.replace(/\s+/g, ' ')).toContain(
      `Since the last run: 2 new, 0 resolved (${unread}).`,
    );
  });

  /** The email text and the chat card of the one message sent. */
  function sentMessage(): { email: string; chat: ChatbotNotification } {
    const sent = mocks.snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    const messages = JSON.parse(sent?.Message ?? '{}') as { email: string; https: string };
    return { email: messages.email, chat: JSON.parse(messages.https) as ChatbotNotification };
  }

  it('links the Security Hub the findings go to, and says what the link shows when the scan covers two regions', async () => {
    // Prepare: the CRITICAL finding is in eu-west-1, whose hub can't be read, so nothing is
    // written there: the link is us-west-2's.
    mocks = mockedClients();
    const findings = [
      makeFinding({ region: 'eu-west-1', severity: 'CRITICAL' }),
      makeFinding({ region: 'us-west-2' }),
    ];

    // Act
    await publish({ report: { ...report, findings } });

    // Assess
    const { email, chat } = sentMessage();
    const url =
      'https://us-west-2.console.aws.amazon.com/securityhub/home?region=us-west-2#/findings';
    const shows = "it shows the findings in us-west-2; each region's are in its own Security Hub";
    expect(email.replace(/\s+/g, ' ')).toContain(`Security Hub (${shows}): ${url}`);
    expect(chat.content.nextSteps[0]).toBe(
      `Review the findings in <${url}|Security Hub> (${shows})`,
    );
  });

  it('links the region of the most severe finding when its Security Hub was read', async () => {
    // Prepare
    mocks = mockedClients();
    holdImports(mocks.hubMocks.get('eu-west-1'));
    const findings = [
      makeFinding({ region: 'us-west-2' }),
      makeFinding({ region: 'eu-west-1', severity: 'CRITICAL' }),
    ];

    // Act
    await publish({ report: { ...report, findings } });

    // Assess
    const { email, chat } = sentMessage();
    expect(email).toContain('securityhub/home?region=eu-west-1#/findings');
    expect(email).not.toContain('region=us-west-2');
    expect(chat.content.nextSteps[0]).toContain('<https://eu-west-1.console.aws.amazon.com/');
  });

  it('mentions no Security Hub when it is off, and points to nothing the message does not link', async () => {
    // Prepare: more findings than the chat card lists.
    mocks = mockedClients();
    const findings = makeFindings(12);

    // Act
    await publish({
      report: { ...report, scope: { accounts: [ACCOUNT_ID], regions: ['us-west-2'] }, findings },
      config: { ...config, securityHub: false, notifyPolicy: 'always' },
    });

    // Assess
    const { email, chat } = sentMessage();
    expect(chat.content.description).toContain('_…and 2 more findings:_ see the email.');
    for (const text of [email, JSON.stringify(chat)]) {
      expect(text).not.toContain('Security Hub');
      expect(text).not.toContain('full report');
    }
  });

  it('writes nothing to Security Hub when the notification fails, so publishing again notifies the same new findings', async () => {
    // Prepare
    mocks = mockedClients();
    const hub = mocks.hubMocks.get('us-west-2');
    const store = holdImports(hub);
    mocks.snsMock
      .on(PublishCommand)
      .rejectsOnce(
        new AuthorizationErrorException({ message: 'KMS key is disabled', $metadata: {} }),
      )
      .resolves({ MessageId: 'message-2' });
    const finding = makeFinding();
    const westOnly = makeReport([finding]);
    const synced: SecurityHubSyncResult[] = [];

    // Act
    const failed = publish({
      report: westOnly,
      onSecurityHubSynced: (result) => synced.push(result),
    });

    // Assess
    await expect(failed).rejects.toThrow(NotificationPublishError);
    expect(hub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
    expect(synced).toEqual([]);

    // Act: the retry, with the same report and the same Security Hub.
    const retried = await publish({ report: westOnly });

    // Assess: the message that failed goes out again, then Security Hub records the finding.
    expect(retried.notification).toMatchObject({
      sent: true,
      reason: expect.stringContaining('1 new finding'),
      messageId: 'message-2',
    });
    const [refused, sent] = mocks.snsMock.commandCalls(PublishCommand);
    expect(sent?.args[0].input).toEqual(refused?.args[0].input);
    expect(retried.securityHub).toMatchObject([
      { region: 'us-west-2', newFindingIds: [finding.id], imported: 1 },
    ]);
    expect([...store.keys()]).toEqual([finding.id]);
  });

  it('tells nothing new on the run after a notification that was delivered', async () => {
    // Prepare
    mocks = mockedClients();
    holdImports(mocks.hubMocks.get('us-west-2'));
    const westOnly = makeReport([makeFinding()]);
    await publish({ report: westOnly });

    // Act
    const next = await publish({ report: westOnly });

    // Assess
    expect(next.notification).toMatchObject({
      sent: false,
      reason: expect.stringContaining('no finding at or above MEDIUM is new or resolved'),
    });
    expect(mocks.snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('reads every region before it notifies, and writes after', async () => {
    // Prepare
    mocks = mockedClients();
    const calls: string[] = [];
    for (const [region, hub] of mocks.hubMocks) {
      hub.on(GetFindingsCommand).callsFake((input: GetFindingsCommandInput) => {
        calls.push(`GetFindings ${region} ${input.Filters?.RecordState?.[0]?.Value}`);
        return { Findings: [] };
      });
      hub.on(BatchImportFindingsCommand).callsFake(() => {
        calls.push(`BatchImportFindings ${region}`);
        return { SuccessCount: 1, FailedCount: 0, FailedFindings: [] };
      });
    }
    mocks.snsMock.on(PublishCommand).callsFake(() => {
      calls.push('Publish');
      return { MessageId: 'message-1' };
    });

    // Act
    const result = await publish();

    // Assess: the hubs are read side by side, so only the phases have an order.
    const publishedAt = calls.indexOf('Publish');
    // Every finding is new and unsuppressed: each hub's archive is read too (returning ones).
    expect(calls.slice(0, publishedAt).sort()).toEqual([
      'GetFindings eu-west-1 ACTIVE',
      'GetFindings eu-west-1 ARCHIVED',
      'GetFindings us-west-2 ACTIVE',
      'GetFindings us-west-2 ARCHIVED',
    ]);
    expect(calls.slice(publishedAt + 1).sort()).toEqual([
      'BatchImportFindings eu-west-1',
      'BatchImportFindings us-west-2',
    ]);
    expect(result.securityHub.map((sync) => sync.region)).toEqual(REGIONS);
  });

  it('notifies the findings it is about to archive as resolved, then archives them', async () => {
    // Prepare
    mocks = mockedClients();
    const [kept, gone] = makeFindings(2);
    if (!kept || !gone) throw new Error('fixture');
    const store = holdImports(mocks.hubMocks.get('us-west-2'), [
      heldBySecurityHub(kept),
      heldBySecurityHub(gone),
    ]);

    // Act
    const result = await publish({ report: makeReport([kept]) });

    // Assess
    expect(result.notification).toMatchObject({
      sent: true,
      reason: expect.stringContaining('1 resolved finding'),
    });
    expect(result.securityHub).toMatchObject([{ archived: 1, resolvedFindingIds: [gone.id] }]);
    expect(store.get(gone.id)?.RecordState).toBe('ARCHIVED');
  });

  it("archives in a region only the findings of the clusters looked for there, not a namesake's of a cluster named by ARN elsewhere", async () => {
    // Prepare: `prod` was named by its ARN in eu-west-1; us-west-2 looked for `edge` only.
    mocks = mockedClients();
    const namesake = makeFinding({ cluster: 'prod' });
    const edge = makeFinding({ cluster: 'edge' });
    const store = holdImports(mocks.hubMocks.get('us-west-2'), [
      heldBySecurityHub(namesake),
      heldBySecurityHub(edge),
    ]);

    // Act
    const result = await publish({
      report: makeReport([]),
      clusters: ['edge', 'prod'],
      clustersByRegion: { 'us-west-2': ['edge'], 'eu-west-1': ['edge', 'prod'] },
    });

    // Assess
    expect(result.securityHub).toMatchObject([{ archived: 1, resolvedFindingIds: [edge.id] }]);
    expect(store.get(namesake.id)?.RecordState).toBe('ACTIVE');
    expect(store.get(edge.id)?.RecordState).toBe('ARCHIVED');
  });

  it('notifies again on the next run the findings Security Hub failed to import after the notification', async () => {
    // Prepare
    mocks = mockedClients();
    const failure = new InternalException({ message: 'Internal failure', $metadata: {} });
    holdImports(mocks.hubMocks.get('us-west-2'), [], failure);
    const finding = makeFinding();
    const westOnly = makeReport([finding]);
    const first = await publish({ report: westOnly });

    // Act
    const next = await publish({ report: westOnly });

    // Assess: a repeated notification rather than a lost one.
    expect(first.notification.sent).toBe(true);
    expect(first.securityHub[0]?.failed).toEqual([
      { id: finding.id, code: 'InternalException', message: 'Internal failure' },
    ]);
    expect(next.notification).toMatchObject({
      sent: true,
      reason: expect.stringContaining('1 new finding'),
    });
    expect(mocks.snsMock).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it('reports a region whose writes fail after the notification and returns the notification', async () => {
    // Prepare
    mocks = mockedClients();
    const broken = new Error('no client for the writes');
    let asked = 0;
    const clients = {
      ...mocks.clients,
      // The first call serves the read; the second, for the writes, fails.
      securityHub: (region: string) => {
        if (asked++ > 0) throw broken;
        return mocks.clients.securityHub(region);
      },
    };
    const onSecurityHubError = vi.fn();

    // Act
    const result = await publish({
      report: makeReport([makeFinding()]),
      clients,
      onSecurityHubError,
    });

    // Assess
    expect(onSecurityHubError).toHaveBeenCalledExactlyOnceWith('us-west-2', broken, ACCOUNT_ID);
    expect(result).toMatchObject({ securityHub: [], notification: { sent: true } });
  });
});

describe('Function: publishReport, suppressions on change', () => {
  let mocks: ReturnType<typeof mockedClients>;

  afterEach(() => {
    for (const mock of mocks.hubMocks.values()) mock.restore();
    mocks.snsMock.restore();
  });

  /** Suppressed as applySuppressions leaves it: the flag, the detail and the evidence. */
  function suppressedOne(finding: Finding): Finding {
    const origin = '.eks-windows-scanner.yaml line 4';
    return {
      ...finding,
      suppressed: true,
      suppression: { source: 'file', origin },
      evidence: { ...finding.evidence, suppressedBy: origin },
    };
  }

  /** us-west-2 only, published against a Security Hub that keeps what each run imported. */
  function runs() {
    mocks = mockedClients();
    const store = holdImports(mocks.hubMocks.get('us-west-2'));
    return {
      store,
      publish: (findings: Finding[]) =>
        publishReport({ report: makeReport(findings), config, clients: mocks.clients, now: NOW }),
    };
  }

  /** The subject and the email text of the last message sent. */
  function lastMessage(): { subject: string; email: string } {
    const calls = mocks.snsMock.commandCalls(PublishCommand);
    const input = calls.at(-1)?.args[0].input;
    const messages = JSON.parse(input?.Message ?? '{}') as { email?: string };
    return { subject: input?.Subject ?? '', email: messages.email ?? '' };
  }

  it('notifies a finding whose suppression ended as new, once', async () => {
    // Prepare: a HIGH finding suppressed through two runs, already ACTIVE in Security Hub.
    const { publish } = runs();
    const [finding] = makeFindings(1);
    if (!finding) throw new Error('fixture');
    const first = await publish([suppressedOne(finding)]);
    const second = await publish([suppressedOne(finding)]);

    // Act: the suppression was removed from the configuration (or its day passed).
    const ended = await publish([finding]);
    const after = await publish([finding]);

    // Assess
    expect([first, second].map((run) => run.notification.sent)).toEqual([false, false]);
    expect(ended.notification).toMatchObject({
      sent: true,
      reason: expect.stringContaining('1 new finding at or above MEDIUM'),
    });
    expect(lastMessage().subject).toContain('(1 new)');
    expect(after.notification).toMatchObject({
      sent: false,
      reason: expect.stringContaining('no finding at or above MEDIUM is new or resolved'),
    });
    expect(mocks.snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('archives a suppressed finding that went away without notifying it as resolved', async () => {
    // Prepare: a suppressed CRITICAL beside two HIGH findings that were notified.
    const { publish, store } = runs();
    const [kept, fixed, docker] = makeFindings(3);
    if (!kept || !fixed || !docker) throw new Error('fixture');
    const critical = suppressedOne({
      ...docker,
      ruleId: 'docker-runtime-unsupported',
      severity: 'CRITICAL',
      title: 'Docker runtime on Kubernetes 1.24 or later',
      resource: { type: 'AwsEc2LaunchTemplate', id: docker.resource.id, name: 'legacy-win-docker' },
    });
    await publish([kept, fixed, critical]);

    // Act: the suppressed finding's resource is deleted; then `fixed` is fixed.
    const suppressedGone = await publish([kept, fixed]);
    const fixedGone = await publish([kept]);

    // Assess
    expect(suppressedGone.notification).toMatchObject({
      sent: false,
      reason: expect.stringContaining('no finding at or above MEDIUM is new or resolved'),
    });
    expect(suppressedGone.securityHub).toMatchObject([{ archived: 1, resolvedFindingIds: [] }]);
    expect(store.get(critical.id)?.RecordState).toBe('ARCHIVED');
    expect(fixedGone.notification).toMatchObject({
      sent: true,
      reason: expect.stringContaining('1 resolved finding'),
    });
    const { subject, email } = lastMessage();
    expect(subject).toContain('(1 resolved)');
    expect(email).toContain('Resolved since the last run (1)');
    expect(email).not.toContain('legacy-win-docker');
    expect(email).not.toContain('Docker runtime');
    expect(mocks.snsMock).toHaveReceivedCommandTimes(PublishCommand, 2);
  });
});

describe('Function: publishReport, a report of many accounts', () => {
  const PROD = '111122223333';
  const DEV = '444455556666';
  const GONE = '777788889999';
  const REGION = 'us-west-2';

  /** Each account's own Security Hub, as the client made with its credentials reaches it. */
  function accountHubs(accounts: readonly string[]) {
    const hubs = new Map(accounts.map((accountId) => [accountId, new SecurityHubClient({})]));
    const mocks = new Map([...hubs].map(([accountId, hub]) => [accountId, mockClient(hub)]));
    const stores = new Map([...mocks].map(([accountId, mock]) => [accountId, holdImports(mock)]));
    return { hubs, mocks, stores };
  }

  /** Each account's hub and the topic's client, noting which account and region each hub is for. */
  function clientsAsking(
    hubs: Map<string, SecurityHubClient>,
    sns: SNSClient,
    asked: string[],
  ): PublishClients {
    return {
      securityHub: (region, accountId) => {
        asked.push(`${accountId}/${region}`);
        return hubs.get(accountId) as SecurityHubClient;
      },
      sns: () => sns,
    };
  }

  it("writes each account's findings into its own Security Hub and notifies once", async () => {
    // Prepare
    const { hubs, mocks, stores } = accountHubs([PROD, DEV, GONE]);
    const sns = new SNSClient({ region: REGION });
    const snsMock = mockClient(sns);
    snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
    const asked: string[] = [];
    const prodFinding = makeFinding({
      accountId: PROD,
      id: `${PROD}/${REGION}/prod/ami-unavailable`,
    });
    const devFinding = makeFinding({ accountId: DEV, id: `${DEV}/${REGION}/dev/ami-unavailable` });
    const manyAccounts = makeReport([prodFinding, devFinding], {
      complete: false,
      scope: { accounts: [PROD, DEV, GONE], regions: [REGION] },
      errors: [
        {
          accountId: GONE,
          operation: 'AssumeRole',
          code: 'AccessDenied',
          message: 'not authorized to assume the role',
        },
      ],
    });

    // Act
    const result = await publishReport({
      report: manyAccounts,
      config: { ...config, notifyPolicy: 'always' },
      clients: clientsAsking(hubs, sns, asked),
      now: NOW,
    });

    // Assess
    expect([...(stores.get(PROD)?.keys() ?? [])]).toEqual([prodFinding.id]);
    expect([...(stores.get(DEV)?.keys() ?? [])]).toEqual([devFinding.id]);
    // The account whose role could not be assumed is not asked again.
    expect(asked.some((key) => key.startsWith(GONE))).toBe(false);
    expect(mocks.get(GONE)).not.toHaveReceivedAnyCommand();
    expect(result.securityHub.map(({ accountId, imported }) => [accountId, imported])).toEqual([
      [PROD, 1],
      [DEV, 1],
    ]);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    for (const mock of [...mocks.values(), snsMock]) mock.restore();
  });

  it('asks no Security Hub in a region the account has not enabled, where its calls were refused', async () => {
    // Prepare: DEV's scan of af-south-1 was refused as AWS refuses credentials there
    const OPT_IN = 'af-south-1';
    const { hubs, mocks } = accountHubs([PROD, DEV]);
    const sns = new SNSClient({ region: REGION });
    const snsMock = mockClient(sns);
    snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
    const asked: string[] = [];
    const report = makeReport([], {
      complete: false,
      scope: { accounts: [PROD, DEV], regions: [REGION, OPT_IN] },
      errors: [
        {
          accountId: DEV,
          region: OPT_IN,
          operation: 'ListClusters',
          code: 'InvalidClientTokenId',
          message: 'The security token included in the request is invalid.',
        },
      ],
    });

    // Act
    await publishReport({
      report,
      config,
      clients: clientsAsking(hubs, sns, asked),
      now: NOW,
    });

    // Assess
    expect([...new Set(asked)].sort()).toEqual(
      [`${DEV}/${REGION}`, `${PROD}/${OPT_IN}`, `${PROD}/${REGION}`].sort(),
    );
    for (const mock of [...mocks.values(), snsMock]) mock.restore();
  });

  it('reads and writes up to eight hubs at once and keeps the order of accounts and regions', async () => {
    // Prepare: 3 accounts × 4 regions; each hub answers after a delay, the earlier ones slower.
    const accounts = [PROD, DEV, '123412341234'];
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1'];
    const keys = accounts.flatMap((accountId) => regions.map((region) => `${accountId}/${region}`));
    const failing = new Set([`${PROD}/eu-west-1`, `${DEV}/us-east-1`]);
    let inFlight = 0;
    let mostInFlight = 0;
    const answerLater = async <T>(key: string, answer: () => T): Promise<T> => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2 * (keys.length - keys.indexOf(key))));
      inFlight -= 1;
      return answer();
    };
    const hubs = new Map(keys.map((key) => [key, new SecurityHubClient({})]));
    const hubMocks = [...hubs].map(([key, hub]) => {
      const mock = mockClient(hub);
      mock.on(GetFindingsCommand).callsFake(() =>
        answerLater(key, () => {
          if (failing.has(key)) throw new InternalException({ message: key, $metadata: {} });
          return { Findings: [] };
        }),
      );
      mock.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) =>
        answerLater(key, () => ({
          SuccessCount: input.Findings?.length ?? 0,
          FailedCount: 0,
          FailedFindings: [],
        })),
      );
      return mock;
    });
    const sns = new SNSClient({ region: 'us-west-2' });
    const snsMock = mockClient(sns);
    snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
    const unread: string[] = [];
    const findings = keys.map((key) => {
      const [accountId = '', region = ''] = key.split('/');
      return makeFinding({ accountId, region, id: `${key}/prod/ami-unavailable` });
    });

    // Act
    const result = await publishReport({
      report: makeReport(findings, { scope: { accounts, regions } }),
      config,
      clients: {
        securityHub: (region, accountId) => hubs.get(`${accountId}/${region}`) as SecurityHubClient,
        sns: () => sns,
      },
      now: NOW,
      onSecurityHubError: (region, _error, accountId) => unread.push(`${accountId}/${region}`),
    });

    // Assess
    expect(mostInFlight).toBe(8);
    expect(unread).toEqual([...failing]);
    expect(result.securityHub.map(({ accountId, region }) => `${accountId}/${region}`)).toEqual(
      keys.filter((key) => !failing.has(key)),
    );
    expect(result.securityHub.every((sync) => sync.imported === 1)).toBe(true);
    for (const mock of [...hubMocks, snsMock]) mock.restore();
  });
});
