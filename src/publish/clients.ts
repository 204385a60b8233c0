import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';

/** The clients delivery needs: Security Hub per scanned region, SNS in the topic's region. */
export interface PublishClients {
  securityHub(region: string): SecurityHubClient;
  sns(region: string): SNSClient;
}

const RETRIES = { retryMode: 'adaptive', maxAttempts: 8 } as const;

/** `instrument` sees every client once, as it is made (tracing, call counting). */
export function createPublishClients(
  instrument: (client: SecurityHubClient | SNSClient) => void = () => {},
): PublishClients {
  const securityHub = new Map<string, SecurityHubClient>();
  const sns = new Map<string, SNSClient>();
  return {
    securityHub(region) {
      let client = securityHub.get(region);
      if (!client) {
        client = new SecurityHubClient({ region, ...RETRIES });
        instrument(client);
        securityHub.set(region, client);
      }
      return client;
    },
    sns(region) {
      let client = sns.get(region);
      if (!client) {
        client = new SNSClient({ region, ...RETRIES });
        instrument(client);
        sns.set(region, client);
      }
      return client;
    },
  };
}

/** The region an SNS topic ARN names: `arn:aws:sns:<region>:<account>:<name>`. */
export function regionOfTopic(topicArn: string): string {
  const region = topicArn.split(':')[3];
  if (!region) throw new Error(`Not an SNS topic ARN: ${topicArn}`);
  return region;
}
