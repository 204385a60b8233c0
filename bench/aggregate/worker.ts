/**
 * One aggregator run in a process of its own (its maximum RSS is the aggregator's): the
 * real `aggregateOrganizationScan` over a fake S3 holding an organisation's parts. Takes
 * its options as JSON in argv[2] and sends the result to the parent over IPC.
 *
 * `mode: 'string'` is the aggregator as it was before it streamed: each report built as one
 * string, then written.
 */
import { readFileSync } from 'node:fs';
import { StreamingReportBucket } from '../../src/lambda/report-bucket-upload.ts';
import { aggregateOrganizationScan } from '../../src/organization/aggregator.ts';
import { partKey, planKey, type ScanRun, type ScanTarget } from '../../src/organization/run.ts';
import type { Report } from '../../src/report/types.ts';
import { answerParent } from '../child-run.ts';
import { FakeS3 } from './fake-s3.ts';

export interface AggregateRunOptions {
  /** A file holding one Windows region's part: `{ report }` as a worker writes it. */
  partFile: string;
  accounts: number;
  /** Regions per account, of which the first `windowsRegions` have the part's estate. */
  regions: readonly string[];
  windowsRegions: number;
  mode: 'stream' | 'string';
  latencyMs: number;
}

export interface AggregateRunResult {
  mode: 'stream' | 'string';
  parts: number;
  wallMs: number;
  maxRssMb: number;
  summary: Report['summary'];
  findings: number;
  written: Record<string, { bytes: number; parts: number }>;
  calls: Record<string, number>;
}

const BUCKET = 'bench-reports';
const BUCKET_REGION = 'us-east-1';

/** The report bucket as the aggregator used it before: one string per report. */
class StringReportBucket extends StreamingReportBucket {
  override putChunks(key: string, chunks: Iterable<string>, contentType: string) {
    return this.put(key, [...chunks].join(''), contentType);
  }
}

export async function runAggregate(options: AggregateRunOptions): Promise<AggregateRunResult> {
  const { report: windows } = JSON.parse(readFileSync(options.partFile, 'utf8')) as {
    report: Report;
  };
  const [sourceAccount] = windows.scope.accounts;
  const [sourceRegion] = windows.scope.regions;
  if (sourceAccount === undefined || sourceRegion === undefined)
    throw new Error('the part has no account or region');
  const partText = (report: Report) =>
    JSON.stringify({ accountId: sourceAccount, region: sourceRegion, changes: null, report });
  const windowsText = partText(windows);
  // A region without clusters: what a worker writes there.
  const emptyText = partText({
    ...windows,
    complete: true,
    summary: { ...windows.summary, clusters: 0, nodeSources: 0, windowsNodeSources: 0 },
    findings: [],
    warnings: [],
    readiness: [],
    errors: [],
  });

  const run: ScanRun = { id: 'bench', scannedAt: windows.scannedAt };
  const fake = new FakeS3(options.latencyMs);
  const targets: ScanTarget[] = [];
  for (let account = 0; account < options.accounts; account += 1) {
    const accountId = String(200000000000 + account);
    for (const [index, region] of options.regions.entries()) {
      const target = { accountId, region };
      targets.push(target);
      const text = index < options.windowsRegions ? windowsText : emptyText;
      // Made when read, with its own account and region, as its worker would have written it.
      fake.objects.set(partKey(run, target), () =>
        text.replaceAll(sourceAccount, accountId).replaceAll(sourceRegion, region),
      );
    }
  }
  fake.objects.set(planKey(run), JSON.stringify(targets));

  const bucket = fake.bucket(
    BUCKET,
    BUCKET_REGION,
    options.mode === 'string' ? StringReportBucket : StreamingReportBucket,
  );
  const started = performance.now();
  const result = await aggregateOrganizationScan({
    run,
    plan: { bucket: BUCKET, key: planKey(run) },
    bucket,
    config: { notifyMinimumSeverity: 'HIGH', notifyPolicy: 'always' },
    publishClients: {
      sns: () => {
        throw new Error('the benchmark configures no SNS topic');
      },
    } as unknown as Parameters<typeof aggregateOrganizationScan>[0]['publishClients'],
  });
  const wallMs = performance.now() - started;
  return {
    mode: options.mode,
    parts: targets.length,
    wallMs: Math.round(wallMs),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    summary: result.summary,
    findings: Object.values(result.summary.findings).reduce((sum, count) => sum + count, 0),
    written: Object.fromEntries(fake.written),
    calls: Object.fromEntries(fake.calls),
  };
}

if (process.argv[2] !== undefined) {
  const options = JSON.parse(process.argv[2]) as AggregateRunOptions;
  answerParent(() => runAggregate(options));
}
