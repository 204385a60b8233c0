/**
 * The notification through a real SNS API (moto): the message SNS accepts and what an SQS
 * subscriber receives. A `MessageStructure=json` message delivers its `sqs` key to SQS
 * subscriptions (AWS and moto 5.2.1 alike: `structured_message.get(protocol) or default`):
 * the machine-readable JSON with the email text and the chat card.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildNotification,
  type ChatbotNotification,
  MAX_MESSAGE_BYTES,
  type MachineReadableNotification,
  type ProtocolMessages,
  sendNotification,
} from '../../src/publish/sns/index.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { makeFinding, makeReport, sampleFindings } from '../unit/publish/sns/fixtures.ts';

const REGION = 'us-west-2';

/** The SNS envelope an SQS subscriber without raw delivery receives. */
interface Envelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject: string;
  Message: string;
  MessageAttributes: Record<string, { Type: string; Value: string }>;
}

describe('Function: sendNotification (against the emulator)', () => {
  let emulator: Emulator;
  let client: SNSClient;
  let sqs: SQSClient;

  /** A new topic with one SQS queue subscribed per entry of `subscriptions`. */
  async function topicWithQueues(
    name: string,
    subscriptions: Record<string, Record<string, string>>,
  ): Promise<{ topicArn: string; queueUrls: Record<string, string> }> {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: name }));
    const topicArn = TopicArn ?? '';
    const queueUrls: Record<string, string> = {};
    for (const [queue, attributes] of Object.entries(subscriptions)) {
      const { QueueUrl = '' } = await sqs.send(
        new CreateQueueCommand({ QueueName: `${name}-${queue}` }),
      );
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      await client.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: Attributes?.QueueArn,
          Attributes: attributes,
        }),
      );
      queueUrls[queue] = QueueUrl;
    }
    return { topicArn, queueUrls };
  }

  async function receive(queueUrl: string): Promise<Message[]> {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    return Messages;
  }

  beforeAll(async () => {
    emulator = await startEmulator({ amis: false, ssmLatest: {} });
    const config = {
      region: REGION,
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    };
    client = new SNSClient(config);
    sqs = new SQSClient(config);
  });

  afterAll(async () => {
    client?.destroy();
    sqs?.destroy();
    await emulator?.stop();
  });

  it('delivers the email text and the chat card in the SNS envelope, with the subject and the attributes', async () => {
    // Prepare
    const { topicArn, queueUrls } = await topicWithQueues('envelope', { plain: {} });
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const result = await sendNotification({
      client,
      topicArn,
      report,
      minimumSeverity: 'MEDIUM',
      policy: 'always',
    });

    // Assess
    expect(result.sent).toBe(true);
    const [delivered, ...more] = await receive(queueUrls.plain ?? '');
    expect(more).toEqual([]);
    const envelope = JSON.parse(delivered?.Body ?? '') as Envelope;
    expect(envelope).toMatchObject({
      Type: 'Notification',
      MessageId: result.messageId,
      TopicArn: topicArn,
      Subject: '[eks-windows-scanner] 1 CRITICAL, 2 HIGH in 123456789012 us-west-2',
      MessageAttributes: {
        highestSeverity: { Type: 'String', Value: 'CRITICAL' },
        findings: { Type: 'Number', Value: '3' },
        complete: { Type: 'String', Value: 'true' },
      },
    });
    const delivery = JSON.parse(envelope.Message) as MachineReadableNotification;
    expect(delivery).toMatchObject({
      subject: envelope.Subject,
      complete: true,
      scope: { accounts: ['123456789012'], regions: [REGION] },
    });
    expect(delivery.email).toMatch(/^EKS Windows node scan: 3 findings at or above MEDIUM/);
    expect(delivery.email).toContain('* Windows nodes run Docker on Kubernetes 1.24 or later');
    expect(delivery.chatbot).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown', title: expect.stringContaining('1 CRITICAL') },
    });
  });

  it('delivers the bare JSON with raw message delivery, and the attributes as SQS attributes', async () => {
    // Prepare
    const { topicArn, queueUrls } = await topicWithQueues('raw', {
      raw: { RawMessageDelivery: 'true' },
    });
    const report = makeReport({ findings: [makeFinding()] });

    // Act
    await sendNotification({
      client,
      topicArn,
      report,
      minimumSeverity: 'MEDIUM',
      policy: 'always',
    });

    // Assess
    const [delivered] = await receive(queueUrls.raw ?? '');
    const delivery = JSON.parse(delivered?.Body ?? '') as MachineReadableNotification;
    expect(delivery.email).toMatch(
      /^EKS Windows node scan: 1 finding at or above MEDIUM \(1 HIGH\)\./,
    );
    expect(delivery.chatbot.content.description).toContain(
      'Windows nodes use an AMI the account can no longer see',
    );
    expect(delivered?.MessageAttributes).toMatchObject({
      highestSeverity: { DataType: 'String', StringValue: 'HIGH' },
      findings: { DataType: 'Number', StringValue: '1' },
    });
  });

  it('lets a subscription filter policy pick messages by highest severity', async () => {
    // Prepare
    const { topicArn, queueUrls } = await topicWithQueues('filtered', {
      everything: { RawMessageDelivery: 'true' },
      criticalOnly: {
        RawMessageDelivery: 'true',
        FilterPolicy: JSON.stringify({ highestSeverity: ['CRITICAL'] }),
      },
    });
    const highOnly = makeReport({ findings: [makeFinding({ severity: 'HIGH' })] });

    // Act
    await sendNotification({
      client,
      topicArn,
      report: highOnly,
      minimumSeverity: 'MEDIUM',
      policy: 'always',
    });

    const afterHigh = await receive(queueUrls.criticalOnly ?? '');
    await sendNotification({
      client,
      topicArn,
      report: makeReport({ findings: [makeFinding({ severity: 'CRITICAL' })] }),
      minimumSeverity: 'MEDIUM',
      policy: 'always',
    });

    // Assess
    expect(afterHigh).toHaveLength(0);
    expect(await receive(queueUrls.criticalOnly ?? '')).toHaveLength(1);
    expect(await receive(queueUrls.everything ?? '')).toHaveLength(2);
  });

  it('publishes the message of a 5,000-finding report, cut to fit', async () => {
    // Prepare
    const { topicArn, queueUrls } = await topicWithQueues('large', {
      raw: { RawMessageDelivery: 'true' },
    });
    const findings = Array.from({ length: 5_000 }, (_, index) =>
      makeFinding({
        resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${index}`, name: `win-${index}` },
      }),
    );
    const report = makeReport({ findings });
    // The message is a pure function of its input: build it to compare with what arrives.
    const published = JSON.parse(
      buildNotification({ report, minimumSeverity: 'MEDIUM' }).message,
    ) as ProtocolMessages;

    // Act
    await sendNotification({
      client,
      topicArn,
      report,
      minimumSeverity: 'MEDIUM',
      policy: 'always',
    });

    // Assess
    expect(Buffer.byteLength(JSON.stringify(published), 'utf8')).toBeLessThanOrEqual(
      MAX_MESSAGE_BYTES,
    );
    const [delivered] = await receive(queueUrls.raw ?? '');
    expect(delivered?.Body).toBe(published.sqs);
    const delivery = JSON.parse(delivered?.Body ?? '') as MachineReadableNotification;
    expect(delivery.email).toBe(published.default);
    expect(delivery.email).toMatch(
      /\d+ more findings not shown: one message has no room for them\./,
    );
    expect(delivery.chatbot).toEqual(JSON.parse(published.https) as ChatbotNotification);
  });
});
