import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { type AwsClientOptions, awsClientConfig, requestHandlerOf } from '../aws-client-config.ts';

/** The clients one region's collection needs. Tests pass mocked or emulator-bound ones. */
export interface AwsClients {
  eks: EKSClient;
  ec2: EC2Client;
  autoScaling: AutoScalingClient;
  ssm: SSMClient;
  sts: STSClient;
}

/**
 * Clients for one region, from the standard credential chain unless `options` gives others.
 * `AWS_ENDPOINT_URL` is honoured by the SDK itself. Adaptive retries back off on throttling;
 * a call that does not answer within the request timeout fails and is not retried.
 */
export function createAwsClients(region: string, options: AwsClientOptions = {}): AwsClients {
  // One retry strategy for the region's clients, as ever; an HTTP handler each, so that each
  // keeps connections of its own (collect/context.ts counts on 50 a client).
  const shared = awsClientConfig(region, options);
  const config = () => ({ ...shared, requestHandler: requestHandlerOf(options) });
  return {
    eks: new EKSClient(config()),
    ec2: new EC2Client(config()),
    autoScaling: new AutoScalingClient(config()),
    ssm: new SSMClient(config()),
    sts: new STSClient(config()),
  };
}
