import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { awsClientConfig } from '../../aws-client-config.ts';

/**
 * A Security Hub client for one region from the standard credential chain (and
 * `AWS_ENDPOINT_URL`). Adaptive retries back off when Security Hub throttles anyway.
 */
export function createSecurityHubClient(region: string): SecurityHubClient {
  return new SecurityHubClient(awsClientConfig(region));
}
