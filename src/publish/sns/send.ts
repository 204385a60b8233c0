import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SEVERITIES, type Severity } from '../../evaluate/types.ts';
import type { Report } from '../../report/types.ts';
import type { MergedChanges, NotificationResult, NotifyPolicy, ReportLink } from '../types.ts';
import { buildNotification } from './build.ts';
import { decideNotification } from './decide.ts';
import { NotificationPublishError } from './errors.ts';
import { countBySeverity, isTodays, notifiableFindings } from './text.ts';

export interface SendNotificationInput {
  client: SNSClient;
  topicArn: string;
  report: Report;
  minimumSeverity: Severity;
  policy: NotifyPolicy;
  changes?: MergedChanges;
  /** Region whose Security Hub console the message links to; no link when undefined. */
  consoleRegion?: string;
  /** Where the whole report is: the message links it. */
  reportLink?: ReportLink;
}

/**
 * Decides, and when the policy says so publishes one message to the topic. A publish that
 * fails throws a `NotificationPublishError`: the caller logs it with the scan's context.
 */
export async function sendNotification(input: SendNotificationInput): Promise<NotificationResult> {
  const decision = decideNotification(input);
  if (!decision.notify) return { sent: false, reason: decision.reason };

  const { subject, message } = buildNotification(input);
  try {
    const response = await input.client.send(
      new PublishCommand({
        TopicArn: input.topicArn,
        Subject: subject,
        Message: message,
        MessageStructure: 'json',
        MessageAttributes: messageAttributes(input.report, input.minimumSeverity),
      }),
    );
    return {
      sent: true,
      reason: decision.reason,
      ...(response.MessageId === undefined ? {} : { messageId: response.MessageId }),
    };
  } catch (error) {
    throw new NotificationPublishError(input.topicArn, { cause: error });
  }
}

/**
 * What a subscription filter policy can select on, e.g. `{"highestSeverity": ["CRITICAL"]}`
 * for a pager, or `{"complete": ["false"]}` for the team that runs the scanner.
 */
export function messageAttributes(
  report: Report,
  minimumSeverity: Severity,
): Record<string, MessageAttributeValue> {
  // Today's findings: a pager must not fire on what an upgrade audit says would break.
  const today = report.findings.filter((finding) => !finding.suppressed && isTodays(finding));
  const counts = countBySeverity(today);
  const present = SEVERITIES.filter((severity) => counts[severity] > 0);
  return {
    highestSeverity: { DataType: 'String', StringValue: present[0] ?? 'NONE' },
    severities: { DataType: 'String.Array', StringValue: JSON.stringify(present) },
    findings: {
      DataType: 'Number',
      StringValue: String(notifiableFindings(report.findings, minimumSeverity).length),
    },
    complete: { DataType: 'String', StringValue: String(report.complete) },
  };
}
