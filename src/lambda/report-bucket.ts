/**
 * The stack's report bucket: where an audit too large to return goes, and where the
 * organisation-wide scan keeps its plan, each worker's part and the whole report. Writing
 * only: reading is report-bucket-reader.ts, so that only the aggregator's role reads.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type AwsClientOptions, awsClientConfig } from '../aws-client-config.ts';
import { partitionOf } from '../regions.ts';

/** Where a report was written, for people (console) and for tools (s3:// URI). */
export interface ObjectLocation {
  bucket: string;
  key: string;
  /** `s3://bucket/key`; a key ending in `/` names a folder. */
  s3Uri: string;
  /** The object's (or folder's) page in the S3 console. */
  consoleUrl: string;
  /** The region of the bucket (the stack's). */
  region: string;
}

function consoleDomain(region: string): string {
  switch (partitionOf(region)) {
    case 'aws-cn':
      return 'console.amazonaws.cn';
    case 'aws-us-gov':
      return 'console.amazonaws-us-gov.com';
    default:
      return 's3.console.aws.amazon.com';
  }
}

export function objectLocation(bucket: string, key: string, region: string): ObjectLocation {
  const query = `region=${encodeURIComponent(region)}&prefix=${encodeURIComponent(key)}`;
  const page = key.endsWith('/') ? 'buckets' : 'object';
  return {
    bucket,
    key,
    s3Uri: `s3://${bucket}/${key}`,
    consoleUrl: `https://${consoleDomain(region)}/s3/${page}/${encodeURIComponent(bucket)}?${query}`,
    region,
  };
}

export class ReportBucket {
  readonly name: string;
  readonly region: string;
  readonly #client: S3Client;

  /** `instrument` sees the client as it is made (tracing). */
  constructor(
    name: string,
    region: string,
    options: AwsClientOptions & { instrument?: (client: S3Client) => void } = {},
  ) {
    this.name = name;
    this.region = region;
    const { instrument, ...clientOptions } = options;
    this.#client = new S3Client(awsClientConfig(region, clientOptions));
    instrument?.(this.#client);
  }

  get client(): S3Client {
    return this.#client;
  }

  location(key: string): ObjectLocation {
    return objectLocation(this.name, key, this.region);
  }

  /**
   * Writes `body` (encrypted by the bucket's default encryption) and returns where it went.
   * `abortSignal` ends a write still waiting for S3 (AbortError).
   */
  async put(
    key: string,
    body: string,
    contentType: string,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<ObjectLocation> {
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.name, Key: key, Body: body, ContentType: contentType }),
      options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal },
    );
    return this.location(key);
  }

  putJson(
    key: string,
    value: unknown,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<ObjectLocation> {
    return this.put(key, JSON.stringify(value), 'application/json', options);
  }
}
