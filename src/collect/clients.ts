import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { type AwsClientOptions, abortedBy, awsClientConfig } from '../aws-client-config.ts';

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
  const config = awsClientConfig(region, options);
  const { abortSignal } = options;
  return {
    eks: abortedBy(new EKSClient(config), abortSignal),
    ec2: abortedBy(new EC2Client(config), abortSignal),
    autoScaling: abortedBy(new AutoScalingClient(config), abortSignal),
    ssm: abortedBy(new SSMClient(config), abortSignal),
    // Who the caller is, asked first: without it there is no report at all, so the deadline
    // does not cut it (its request timeout bounds it).
    sts: new STSClient(config),
  };
}
