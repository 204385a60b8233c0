import { AuthorizationErrorException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import {
  type ChatbotNotification,
  type MachineReadableNotification,
  NotificationPublishError,
  type ProtocolMessages,
  sendNotification,
} from '../../../../src/publish/sns/index.ts';
import { makeFinding, makeReport, noChanges, PROTOCOL_KEYS, sampleFindings } from './fixtures.ts';

const TOPIC_ARN = 'arn:aws:sns:us-west-2:123456789012:eks-windows-scanner';

describe('Function: sendNotification', () => {
  const sns = mockClient(SNSClient);
  const client = new SNSClient({ region: 'us-west-2' });

  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  });

  afterEach(() => {
    sns.reset();
  });

  it('publishes one JSON-structured message with a subject and filterable attributes', async () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const result = await sendNotification({
      client,
      topicArn: TOPIC_ARN,
      report,
      minimumSeverity: 'MEDIUM',
      policy: 'always',
    });

    // Assess
    expect(result).toEqual({
      sent: true,
      reason: 'Notifying: 3 findings at or above MEDIUM',
      messageId: 'message-1',
    });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC_ARN,
      MessageStructure: 'json',
      Subject: '[eks-windows-scanner] 1 CRITICAL, 2 HIGH in 123456789012 us-west-2',
      MessageAttributes: {
        highestSeverity: { DataType: 'String', StringValue: 'CRITICAL' },
        severities: { DataType: 'String.Array', StringValue: '["CRITICAL","HIGH","LOW"]' },
        findings: { DataType: 'Number', StringValue: '3' },
        complete: { DataType: 'String', StringValue: 'true' },
      },
    });
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    const messages = JSON.parse(input?.Message ?? '') as ProtocolMessages;
    expect(Object.keys(messages).sort()).toEqual(PROTOCOL_KEYS);
    expect(messages.email).toContain('Windows nodes run Docker on Kubernetes 1.24 or later');
    const forAutomation = JSON.parse(messages.sqs) as MachineReadableNotification;
    expect(forAutomation).toMatchObject({
      subject: '[eks-windows-scanner] 1 CRITICAL, 2 HIGH in 123456789012 us-west-2',
      email: messages.email,
      chatbot: JSON.parse(messages.https),
    });
    expect(messages.lambda).toBe(messages.sqs);
    const chat = JSON.parse(messages.https) as ChatbotNotification;
    expect(chat).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown' },
    });
    expect(chat.content.description).toContain('*CRITICAL*');
  });

  it('publishes nothing when the policy says there is nothing to tell', async () => {
    // Prepare
    const finding = makeFinding();
    const report = makeReport({ findings: [finding] });

    // Act
    const result = await sendNotification({
      client,
      topicArn: TOPIC_ARN,
      report,
      minimumSeverity: 'MEDIUM',
      policy: 'on-change',
      changes: noChanges(),
    });

    // Assess
    expect(result.sent).toBe(false);
    expect(result.reason).toContain('Not notifying');
    expect(result.messageId).toBeUndefined();
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('tells about an incomplete scan whatever the policy, with NONE as the highest severity', async () => {
    // Prepare
    const report = makeReport({
      errors: [{ operation: 'ListClusters', code: 'AccessDeniedException', message: 'denied' }],
    });

    // Act
    const result = await sendNotification({
      client,
      topicArn: TOPIC_ARN,
      report,
      minimumSeverity: 'HIGH',
      policy: 'on-change',
      changes: noChanges(),
    });

    // Assess
    expect(result.sent).toBe(true);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      Subject: '[eks-windows-scanner] scan incomplete in 123456789012 us-west-2',
      MessageAttributes: {
        highestSeverity: { DataType: 'String', StringValue: 'NONE' },
        severities: { DataType: 'String.Array', StringValue: '[]' },
        findings: { DataType: 'Number', StringValue: '0' },
        complete: { DataType: 'String', StringValue: 'false' },
      },
    });
  });

  it('throws a NotificationPublishError carrying the SNS error when the publish fails', async () => {
    // Prepare
    const refusal = new AuthorizationErrorException({
      message: 'User is not authorized to perform: SNS:Publish',
      $metadata: {},
    });
    sns.on(PublishCommand).rejects(refusal);
    const report = makeReport({ findings: [makeFinding()] });

    // Act
    const sending = sendNotification({
      client,
      topicArn: TOPIC_ARN,
      report,
      minimumSeverity: 'MEDIUM',
      policy: 'always',
    });

    // Assess
    await expect(sending).rejects.toThrow(NotificationPublishError);
    await expect(sending).rejects.toMatchObject({
      name: 'NotificationPublishError',
      topicArn: TOPIC_ARN,
      cause: refusal,
      message: `Could not publish the notification to ${TOPIC_ARN}: AuthorizationErrorException: User is not authorized to perform: SNS:Publish`,
    });
  });
});
