/**
 * StreamingReportBucket.putChunks against moto: a text larger than one part goes up as a multipart
 * upload and reads back whole; a small one as one object; a failed upload rejects.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StreamingReportBucket } from '../../src/lambda/report-bucket-upload.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';

const REGION = 'us-west-2';
const BUCKET = 'eks-windows-scanner-reports';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

let emulator: Emulator;
let s3: S3Client;
let bucket: StreamingReportBucket;

/** `count` lines of about 4 KB each, every one different. */
function* lines(count: number): Generator<string> {
  for (let index = 0; index < count; index += 1) {
    yield `${String(index).padStart(8, '0')} ${'é—x'.repeat(1360)}\n`;
  }
}

async function read(key: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await Body?.transformToString('utf8')) ?? '';
}

beforeAll(async () => {
  emulator = await startEmulator({ amis: false });
  // ReportBucket reaches the emulator as the Lambda reaches S3: through the SDK's own chain.
  vi.stubEnv('AWS_ENDPOINT_URL', emulator.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
  s3 = new S3Client({ region: REGION, endpoint: emulator.endpoint, credentials: CREDENTIALS });
  await s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: REGION },
    }),
  );
  bucket = new StreamingReportBucket(BUCKET, REGION);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  s3?.destroy();
  await emulator?.stop();
});

describe('Method: StreamingReportBucket.putChunks', () => {
  it('writes a text larger than one part as a multipart upload that reads back whole', async () => {
    // Prepare: about 40 MB in 10,000 pieces, each several bytes a character.
    const count = 10_000;
    const expected = [...lines(count)].join('');

    // Act
    const location = await bucket.putChunks(
      'runs/big/report.json',
      lines(count),
      'application/json',
    );

    // Assess
    expect(location.s3Uri).toBe(`s3://${BUCKET}/runs/big/report.json`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: location.key }));
    expect(head.ContentType).toBe('application/json');
    expect(head.ContentLength).toBe(Buffer.byteLength(expected));
    // A multipart object's ETag ends in its number of parts.
    expect(head.ETag).toMatch(/-\d+"$/);
    expect(await read(location.key)).toBe(expected);
  });

  it('writes a small text as one object', async () => {
    // Act
    const location = await bucket.putChunks(
      'runs/small/report.html',
      ['<p>', 'ok', '</p>'],
      'text/html',
    );

    // Assess
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: location.key }));
    expect(head.ETag).not.toMatch(/-\d+"$/);
    expect(await read(location.key)).toBe('<p>ok</p>');
  });

  it('rejects when the bucket is not there', async () => {
    // Prepare
    const missing = new StreamingReportBucket('no-such-bucket-here', REGION);

    // Act and assess
    await expect(
      missing.putChunks('runs/x/report.json', lines(2), 'application/json'),
    ).rejects.toThrow(/bucket/i);
  });
});
