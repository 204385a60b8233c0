import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { type AwsClientOptions, awsClientConfig } from '../aws-client-config.ts';

/** The clients delivery needs: Security Hub per scanned region, SNS in the topic's region. */
export interface PublishClients {
  securityHub(region: string): SecurityHubClient;
  sns(region: string): SNSClient;
}

/**
 * `instrument` sees every client once, as it is made (tracing, call counting). `options`
 * carries other credentials than the standard chain's: a member account's assumed role, so
 * that its findings go into its own Security Hub.
 */
export function createPublishClients(
  instrument: (client: SecurityHubClient | SNSClient) => void = () => {},
  options: AwsClientOptions = {},
): PublishClients {
  return {
    securityHub: onePerRegion(
      (region) => new SecurityHubClient(awsClientConfig(region, options)),
      instrument,
    ),
    sns: onePerRegion((region) => new SNSClient(awsClientConfig(region, options)), instrument),
  };
}

/** A client per region, made and instrumented on first use, then reused. */
function onePerRegion<C>(
  make: (region: string) => C,
  instrument: (client: C) => void,
): (region: string) => C {
  const clients = new Map<string, C>();
  return (region) => {
    let client = clients.get(region);
    if (client === undefined) {
      client = make(region);
      instrument(client);
      clients.set(region, client);
    }
    return client;
  };
}

/** The region an SNS topic ARN names: `arn:aws:sns:<region>:<account>:<name>`. */
export function regionOfTopic(topicArn: string): string {
  const region = topicArn.split(':')[3];
  if (!region) throw new Error(`Not an SNS topic ARN: ${topicArn}`);
  return region;
}
