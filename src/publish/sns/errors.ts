/** SNS refused or failed the publish; the cause is the SDK's error. */
export class NotificationPublishError extends Error {
  readonly topicArn: string;

  constructor(topicArn: string, options?: { cause?: unknown }) {
    const detail =
      options?.cause instanceof Error ? `: ${options.cause.name}: ${options.cause.message}` : '';
    super(`Could not publish the notification to ${topicArn}${detail}`, options);
    this.name = 'NotificationPublishError';
    this.topicArn = topicArn;
  }
}
