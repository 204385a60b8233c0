/**
 * An organisation-wide run as the aggregator finds it in the report bucket (S3 mocked with
 * aws-sdk-client-mock): the plan of its accounts and regions, and no worker's part.
 */
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { ScanTarget } from '../../src/organization/run.ts';

/** A run whose workers all failed: the plan at `planKey` holds `targets`, no part is there. */
export function aRunWhoseWorkersAllFailed(
  s3: AwsClientStub<S3Client>,
  planKey: string,
  targets: readonly ScanTarget[],
): void {
  s3.on(GetObjectCommand, { Key: planKey }).resolves({
    Body: {
      transformToString: async () => JSON.stringify(targets),
    } as unknown as GetObjectCommandOutput['Body'],
  });
  s3.on(ListObjectsV2Command).resolves({ Contents: [] });
  s3.on(PutObjectCommand).resolves({});
}
