/**
 * The notification through a real SNS API (moto): the message SNS accepts and what an SQS
 * subscriber receives. moto 5.2.1 delivers the `default` text of a `MessageStructure=json`
 * message to SQS subscriptions (AWS would use an `sqs` key first; we have none, so AWS also
 * delivers `default`).
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildNotification,
  MAX_MESSAGE_BYTES,
  type ProtocolMessages,
  sendNotification,
} from '../../src/publish/sns/index.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { makeFinding, makeReport, sampleFindings } from '../unit/publish/sns/fixtures.ts';

const REGION = 'us-west-2';

interface SqsMessage {
  Body: string;
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string }>;
}

/** The SNS envelope an SQS subscriber without raw delivery receives. */
interface Envelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject: string;
  Message: string;
  MessageAttributes: Record<string, { Type: string; Value: string }>;
}

/**
 * SQS through its JSON protocol over plain HTTP: the project has no SQS client, and moto reads
 * the service from the credential scope without checking the signature.
 */
async function sqs<T>(endpoint: string, action: string, body: object): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `AmazonSQS.${action}`,
      Authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${REGION}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`SQS ${action} failed with HTTP ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

describe('Function: sendNotification (against the emulator)', () => {
  let emulator: Emulator;
  let client: SNSClient;

  /** A new topic with one SQS queue subscribed per entry of `subscriptions`. */
  async function topicWithQueues(
    name: string,
    subscriptions: Record<string, Record<string, string>>,
  ): Promise<{ topicArn: string; queueUrls: Record<string, string> }> {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: name }));
    const topicArn = TopicArn ?? '';
    const queueUrls: Record<string, string> = {};
    for (const [queue, attributes] of Object.entries(subscriptions)) {
      const { QueueUrl } = await sqs<{ QueueUrl: string }>(emulator.endpoint, 'CreateQueue', {
        QueueName: `${name}-${queue}`,
      });
      const { Attributes } = await sqs<{ Attributes: { QueueArn: string } }>(
        emulator.endpoint,
        'GetQueueAttributes',
        { QueueUrl, AttributeNames: ['QueueArn'] },
      );
      await client.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: Attributes.QueueArn,
          Attributes: attributes,
        }),
      );
      queueUrls[queue] = QueueUrl;
    }
    return { topicArn, queueUrls };
  }

  async function receive(queueUrl: string): Promise<SqsMessage[]> {
    const { Messages } = await sqs<{ Messages?: SqsMessage[] }>(
      emulator.endpoint,
      'ReceiveMessage',
      { QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] },
    );
    return Messages ?? [];
  }

  beforeAll(async () => {
    emulator = await startEmulator({ amis: false, ssmLatest: {} });
    client = new SNSClient({
      region: REGION,
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  it('delivers the email text in the SNS envelope, with the subject and the attributes', async () => {
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
    expect(envelope.Message).toMatch(/^EKS Windows node scan: 3 findings at or above MEDIUM/);
    expect(envelope.Message).toContain('* Windows nodes run Docker on Kubernetes 1.24 or later');
    expect(envelope.Message).not.toContain('"version":"1.0"');
  });

  it('delivers the bare text with raw message delivery, and the attributes as SQS attributes', async () => {
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
    expect(delivered?.Body).toMatch(
      /^EKS Windows node scan: 1 finding at or above MEDIUM \(1 HIGH\)\./,
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
    expect(delivered?.Body).toBe(published.default);
    expect(delivered?.Body).toMatch(
      /\d+ more findings not shown \(see the full report \/ Security Hub\)\./,
    );
  });
});
