import { beforeAll, describe, expect, it } from 'vitest';
import { FakeS3 } from '../../../bench/aggregate/fake-s3.ts';
import { useFakeCredentials } from '../../../bench/api/scan-run.ts';
import { listKeys, readJson, readText } from '../../../src/lambda/report-bucket-reader.ts';

beforeAll(() => {
  useFakeCredentials();
});

describe('Class: FakeS3 (the aggregator benchmark’s S3)', () => {
  it('lists every key under a prefix, a thousand a page, and makes each object when read', async () => {
    // Prepare
    const fake = new FakeS3(0);
    let made = 0;
    for (let index = 0; index < 2500; index += 1) {
      fake.objects.set(`runs/a/parts/${String(index).padStart(4, '0')}.json`, () => {
        made += 1;
        return JSON.stringify({ index });
      });
    }
    fake.objects.set('runs/b/plan.json', '[]');
    const bucket = fake.bucket('reports', 'us-east-1');

    // Act
    const keys = await listKeys(bucket, 'runs/a/');
    const part = await readJson(bucket, 'runs/a/parts/1234.json');

    // Assess
    expect(keys).toHaveLength(2500);
    expect(new Set(keys).size).toBe(2500);
    expect(fake.calls.get('ListObjectsV2')).toBe(3);
    expect(part).toEqual({ index: 1234 });
    expect(made).toBe(1);
  });

  it('answers a missing key as S3 does', async () => {
    // Prepare
    const bucket = new FakeS3(0).bucket('reports', 'us-east-1');

    // Act and assess
    await expect(readText(bucket, 'runs/none.json')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('counts every byte of a multipart upload, its parts sent side by side', async () => {
    // Prepare
    const fake = new FakeS3(1);
    const bucket = fake.bucket('reports', 'us-east-1');
    const chunks = function* () {
      for (let index = 0; index < 10_000; index += 1) yield 'x'.repeat(4000);
    };

    // Act
    await bucket.putChunks('runs/a/report.json', chunks(), 'application/json');
    await bucket.putChunks('runs/a/report.html', ['<p>small</p>'], 'text/html');

    // Assess
    expect(fake.written.get('runs/a/report.json')).toEqual({ bytes: 40_000_000, parts: 3 });
    expect(fake.written.get('runs/a/report.html')).toEqual({ bytes: 12, parts: 1 });
    expect(fake.calls.get('UploadPart')).toBe(3);
    expect(fake.calls.get('PutObject')).toBe(1);
  });
});
