import {
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  GetFindingsCommand,
  InvalidAccessException,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { AuthorizationErrorException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { type PublishOptions, publishReport } from '../../../src/publish/index.ts';
import { SecurityHubReadError } from '../../../src/publish/security-hub/index.ts';
import { NotificationPublishError } from '../../../src/publish/sns/index.ts';
import type { PublishConfig, SecurityHubSyncResult } from '../../../src/publish/types.ts';
import { makeFinding, makeReport, NOW } from './security-hub/fixtures.ts';

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
    );
    expect(result.securityHub.map((sync) => [sync.region, sync.imported])).toEqual([
      ['us-west-2', 1],
    ]);
    // Without eu-west-1's previous state nothing is known to be old: notified as a first run.
    expect(result.notification).toMatchObject({
      sent: true,
      reason: expect.stringContaining('2 new findings'),
    });
    expect(mocks.snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('tells what Security Hub received before a notification that then fails', async () => {
    // Prepare
    mocks = mockedClients();
    mocks.snsMock
      .on(PublishCommand)
      .rejects(new AuthorizationErrorException({ message: 'KMS key is disabled', $metadata: {} }));
    const synced: SecurityHubSyncResult[] = [];

    // Act
    const published = publish({ onSecurityHubSynced: (result) => synced.push(result) });

    // Assess
    await expect(published).rejects.toThrow(NotificationPublishError);
    expect(synced.map((sync) => [sync.region, sync.imported])).toEqual([['us-west-2', 1]]);
  });
});
