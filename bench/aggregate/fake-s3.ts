/**
 * A fake S3 behind the report bucket's real client, for the aggregator benchmark: objects
 * kept in memory, and what the aggregator writes counted, not kept (a report of a gigabyte
 * would otherwise be the benchmark's memory, not the aggregator's). It answers the calls the
 * aggregator makes: GetObject, ListObjectsV2, PutObject and a multipart upload's three calls,
 * in S3's REST-XML, after `latencyMs`.
 */
import { Readable } from 'node:stream';
import { StreamingReportBucket } from '../../src/lambda/report-bucket-upload.ts';
import { escapeXml } from '../api/wire.ts';

interface WireRequest {
  method: string;
  hostname?: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  body?: unknown;
}

/** What was written to one key. */
export interface Written {
  bytes: number;
  parts: number;
}

const XML = { 'content-type': 'application/xml' };

/** Bytes of a request body: the SDK sends buffers, strings or streams. */
async function bodyBytes(body: unknown): Promise<number> {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
  }
  return bytes;
}

/** An object's text, or how to make it when it is read (so the fake does not hold them all). */
export type StoredObject = string | (() => string);

export class FakeS3 {
  readonly objects = new Map<string, StoredObject>();
  readonly written = new Map<string, Written>();
  readonly calls = new Map<string, number>();
  readonly #latencyMs: number;
  readonly #uploads = new Map<string, Written>();

  constructor(latencyMs: number) {
    this.#latencyMs = latencyMs;
  }

  /** A report bucket (of `Bucket`) whose client talks to this fake. */
  bucket(
    name: string,
    region: string,
    Bucket: typeof StreamingReportBucket = StreamingReportBucket,
  ): StreamingReportBucket {
    const bucket = new Bucket(name, region);
    const config = bucket.client.config as unknown as { requestHandler: unknown };
    config.requestHandler = {
      metadata: { handlerProtocol: 'http/1.1' },
      handle: (request: WireRequest) => this.#handle(name, request),
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      destroy: () => {},
    };
    return bucket;
  }

  async #handle(bucketName: string, request: WireRequest) {
    const answer = await this.#answer(bucketName, request);
    await new Promise((resolve) => setTimeout(resolve, this.#latencyMs));
    return {
      response: {
        statusCode: answer.status ?? 200,
        headers: answer.headers ?? {},
        // As NodeHttpHandler answers: a stream (GetObject's Body is one).
        body: Readable.from([Buffer.from(answer.body ?? '')]),
      },
    };
  }

  #count(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  async #answer(
    bucketName: string,
    request: WireRequest,
  ): Promise<{ status?: number; headers?: Record<string, string>; body?: string }> {
    const query = request.query ?? {};
    // Virtual-hosted style (bucket.s3.region.amazonaws.com/key) or path style (/bucket/key).
    const path = decodeURIComponent(request.path.replace(/^\//, ''));
    const key = request.hostname?.startsWith(`${bucketName}.`)
      ? path
      : path.replace(new RegExp(`^${bucketName}/?`), '');
    if (request.method === 'GET' && query['list-type'] === '2') {
      this.#count('ListObjectsV2');
      const prefix = String(query.prefix ?? '');
      const keys = [...this.objects.keys()].filter((name) => name.startsWith(prefix)).sort();
      const after = query['continuation-token'] ? String(query['continuation-token']) : '';
      const page = keys.filter((name) => name > after).slice(0, 1000);
      const truncated = page.length === 1000 && page.at(-1) !== keys.at(-1);
      return {
        headers: XML,
        body: `<ListBucketResult><Name>${bucketName}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${escapeXml(page.at(-1) ?? '')}</NextContinuationToken>` : ''}${page.map((name) => `<Contents><Key>${escapeXml(name)}</Key></Contents>`).join('')}</ListBucketResult>`,
      };
    }
    if (request.method === 'GET') {
      this.#count('GetObject');
      const stored = this.objects.get(key);
      if (stored === undefined) {
        return {
          status: 404,
          headers: XML,
          body: `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`,
        };
      }
      const text = typeof stored === 'string' ? stored : stored();
      return { headers: { 'content-type': 'application/json' }, body: text };
    }
    if (request.method === 'POST' && 'uploads' in query) {
      this.#count('CreateMultipartUpload');
      this.#uploads.set(key, { bytes: 0, parts: 0 });
      return {
        headers: XML,
        body: `<InitiateMultipartUploadResult><Bucket>${bucketName}</Bucket><Key>${escapeXml(key)}</Key><UploadId>upload-1</UploadId></InitiateMultipartUploadResult>`,
      };
    }
    if (request.method === 'PUT' && query.partNumber !== undefined) {
      this.#count('UploadPart');
      // Parts arrive side by side: their bytes are read before any is added.
      const bytes = await bodyBytes(request.body);
      const upload = this.#uploads.get(key) ?? { bytes: 0, parts: 0 };
      upload.bytes += bytes;
      upload.parts += 1;
      this.#uploads.set(key, upload);
      return { headers: { etag: `"part-${String(query.partNumber)}"` } };
    }
    if (request.method === 'POST' && query.uploadId !== undefined) {
      this.#count('CompleteMultipartUpload');
      this.written.set(key, this.#uploads.get(key) ?? { bytes: 0, parts: 0 });
      return {
        headers: XML,
        body: `<CompleteMultipartUploadResult><Bucket>${bucketName}</Bucket><Key>${escapeXml(key)}</Key><ETag>"done-1"</ETag></CompleteMultipartUploadResult>`,
      };
    }
    if (request.method === 'PUT') {
      this.#count('PutObject');
      this.written.set(key, { bytes: await bodyBytes(request.body), parts: 1 });
      return { headers: { etag: '"single"' } };
    }
    throw new Error(`fake S3: no answer for ${request.method} ${request.path}`);
  }
}
