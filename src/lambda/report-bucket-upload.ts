/**
 * Writing a report larger than one string can be: the aggregator's alone, so that only its
 * role may abort an upload, and only its bundle carries the upload library.
 */
import { Readable } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import { type ObjectLocation, ReportBucket } from './report-bucket.ts';

/**
 * Parts of a streamed object: S3's smallest part is 5 MiB, and at most 10,000 parts make one
 * object, so 16 MiB parts carry up to 160 GB; four in flight hold 64 MiB.
 */
const PART_BYTES = 16 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;

export class StreamingReportBucket extends ReportBucket {
  /**
   * Writes the text `chunks` make as one object without ever holding it whole: a multipart
   * upload once it is larger than one part (a failed one is aborted, and the bucket's
   * lifecycle removes any left over).
   */
  async putChunks(
    key: string,
    chunks: Iterable<string>,
    contentType: string,
  ): Promise<ObjectLocation> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.name,
        Key: key,
        Body: Readable.from(chunks),
        ContentType: contentType,
      },
      partSize: PART_BYTES,
      queueSize: PARTS_IN_FLIGHT,
    });
    await upload.done();
    return this.location(key);
  }
}
