import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { type AwsClientOptions, abortedBy, awsClientConfig } from '../aws-client-config.ts';

/**
 * The clients delivery needs: Security Hub per scanned account and region (each account's
 * findings go into its own hub), SNS in the topic's region.
 */
export interface PublishClients {
  securityHub(region: string, accountId: string): SecurityHubClient;
  sns(region: string): SNSClient;
}

/**
 * `instrument` sees every client once, as it is made (tracing, call counting). `options`
 * carries other credentials than the standard chain's: a member account's assumed role, so
 * that its findings go into its own Security Hub. `memberCredentials`, when given, reaches
 * each scanned account's Security Hub with that account's credentials (a report of many
 * accounts); SNS stays with `options`' credentials, where the topic is.
 */
export function createPublishClients(
  instrument: (client: SecurityHubClient | SNSClient) => void = () => {},
  options: AwsClientOptions = {},
  memberCredentials?: (accountId: string) => AwsCredentialIdentityProvider,
): PublishClients {
  const hubs = memoisedClients((region: string, accountId?: string) => {
    const credentials = accountId === undefined ? undefined : memberCredentials?.(accountId);
    return abortedBy(
      new SecurityHubClient(
        awsClientConfig(region, credentials === undefined ? options : { ...options, credentials }),
      ),
      options.abortSignal,
    );
  }, instrument);
  return {
    // Without member credentials every hub is the caller's own account's: one per region.
    securityHub: (region, accountId) =>
      memberCredentials === undefined ? hubs(region) : hubs(region, accountId),
    sns: memoisedClients(
      (region: string) =>
        abortedBy(new SNSClient(awsClientConfig(region, options)), options.abortSignal),
      instrument,
    ),
  };
}

/** A client per region (and account), made and instrumented on first use, then reused. */
function memoisedClients<C>(
  make: (region: string, accountId?: string) => C,
  instrument: (client: C) => void,
): (region: string, accountId?: string) => C {
  const clients = new Map<string, C>();
  return (region, accountId) => {
    const key = `${accountId ?? ''}/${region}`;
    let client = clients.get(key);
    if (client === undefined) {
      client = make(region, accountId);
      instrument(client);
      clients.set(key, client);
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
