/** Reading the report bucket: the aggregator's alone (its role is the one that may). */
import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { ReportBucket } from './report-bucket.ts';

export async function readText(bucket: ReportBucket, key: string): Promise<string> {
  const { Body } = await bucket.client.send(
    new GetObjectCommand({ Bucket: bucket.name, Key: key }),
  );
  if (Body === undefined) throw new Error(`s3://${bucket.name}/${key} has no body`);
  return Body.transformToString('utf8');
}

export async function readJson(bucket: ReportBucket, key: string): Promise<unknown> {
  return JSON.parse(await readText(bucket, key));
}

/** The keys under `prefix`, every page. */
export async function listKeys(bucket: ReportBucket, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  const pages = paginateListObjectsV2(
    { client: bucket.client },
    { Bucket: bucket.name, Prefix: prefix },
  );
  for await (const page of pages) {
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
  }
  return keys;
}
