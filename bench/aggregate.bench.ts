/**
 * Aggregator benchmark: the organisation-wide run's last step at organisation scale. The
 * real `aggregateOrganizationScan` reads every account and region's part from a fake S3
 * (bench/aggregate/fake-s3.ts, `--latency` ms a call), merges them and writes the report as
 * JSON and HTML; each run in a process of its own with the heap flags of template.yaml's
 * AggregatorFunction, so that its peak RSS is the function's.
 *
 * The parts: one region of the `small` API-benchmark estate, scanned for real (70 node
 * sources, most of them non-compliant), copied into the first `--windows-regions` regions of
 * every account; the account's other regions have no cluster. Each size is also run with the
 * aggregator as it was before it streamed (`string`: each report built as one string, then
 * written), the baseline of the same run.
 *
 *   node bench/aggregate.bench.ts --accounts 100 --accounts 1000
 *
 * Options: --accounts N (repeatable; default 100, 500 and 1000), --regions N (per account,
 * default 17), --windows-regions N (default 2), --latency ms (S3, default 20), --out dir
 * (default bench-results).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScan } from '../src/scan.ts';
import type { AggregateRunOptions, AggregateRunResult } from './aggregate/worker.ts';
import { buildEstate, REGIONS } from './api/estate.ts';
import { useFakeCredentials } from './api/scan-run.ts';
import { FakeAws } from './api/transport.ts';
import { type ChildOutcome, deployedHeapFlags, runInChild } from './child-run.ts';
import { benchOptions, usageError, wholeNumberOption } from './options.ts';

const USAGE = `
Usage: node bench/aggregate.bench.ts [options]   (npm run bench:aggregate -- [options])

The organisation-wide aggregator over a fake S3; writes <out>/aggregate.json.

  --accounts N          accounts of a run (repeatable; default 100, 500 and 1000)
  --regions N           regions per account, at most 17 (default 17)
  --windows-regions N   regions per account with Windows clusters (default 2)
  --latency MS          latency of every S3 call (default 20)
  --out DIR             where the JSON goes (default bench-results)
  --help                this text
`;
const SCRIPT = 'aggregate.bench';

const values = benchOptions(
  { script: SCRIPT, usage: USAGE },
  {
    accounts: { type: 'string', multiple: true, default: ['100', '500', '1000'] },
    regions: { type: 'string', default: '17' },
    'windows-regions': { type: 'string', default: '2' },
    latency: { type: 'string', default: '20' },
    out: { type: 'string', default: 'bench-results' },
  },
);

function fail(message: string): never {
  return usageError(SCRIPT, message);
}

/** Seventeen commercial regions, as many as an account has enabled by default. */
const REGION_NAMES = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1',
  'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1',
  'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'sa-east-1',
]; // biome-ignore format: a table

const accountCounts = values.accounts.map((value) =>
  wholeNumberOption(SCRIPT, 'accounts', value, 1),
);
const regionCount = wholeNumberOption(SCRIPT, 'regions', values.regions, 1);
if (regionCount > REGION_NAMES.length) fail(`--regions can be at most ${REGION_NAMES.length}`);
const windowsRegions = wholeNumberOption(SCRIPT, 'windows-regions', values['windows-regions'], 0);
if (windowsRegions > regionCount) fail('--windows-regions cannot exceed --regions');
const latencyMs = wholeNumberOption(SCRIPT, 'latency', values.latency, 0);
const regions = REGION_NAMES.slice(0, regionCount);
const heapFlags = await deployedHeapFlags('AggregatorFunction');
/** The Lambda's timeout (template.yaml): a run still going then is stopped. */
const TIMEOUT_MS = 900_000;

type Outcome = ChildOutcome<AggregateRunResult>;

function runAggregateInChild(options: AggregateRunOptions): Promise<Outcome> {
  return runInChild(new URL('./aggregate/worker.ts', import.meta.url), options, {
    heapFlags,
    timeoutMs: TIMEOUT_MS,
    timeoutReason: `still running after ${TIMEOUT_MS / 1000} s, the Lambda's timeout`,
  });
}

// One Windows region's part, scanned for real.
useFakeCredentials();
const estate = buildEstate('small');
const [partRegion] = REGIONS;
const report = await runScan({
  regions: [partRegion],
  clientsFor: new FakeAws(estate, { latencyMs: 0 }).clientsFor,
});
const work = mkdtempSync(join(tmpdir(), 'aggregate-bench-'));
const partFile = join(work, 'part.json');
writeFileSync(partFile, JSON.stringify({ report }));

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
console.log(
  `Aggregator benchmark · a Windows region's part: ${report.summary.nodeSources} node sources, ` +
    `${report.findings.length} findings, ${Math.round(JSON.stringify(report).length / 1000)} KB · ${windowsRegions} of ` +
    `${regionCount} regions an account · S3 ${latencyMs} ms a call\n` +
    `heap: ${heapFlags.length > 0 ? `${heapFlags.join(' ')} (template.yaml's AggregatorFunction)` : "V8's defaults"}`,
);
const measured = [];
for (const accounts of accountCounts) {
  const outcomes: Partial<Record<'stream' | 'string', Outcome>> = {};
  for (const mode of ['stream', 'string'] as const) {
    console.error(`… ${accounts} accounts, ${mode}`);
    outcomes[mode] = await runAggregateInChild({
      partFile,
      accounts,
      regions,
      windowsRegions,
      mode,
      latencyMs,
    });
  }
  const describe = (outcome: Outcome | undefined) =>
    outcome?.ok
      ? `${(outcome.result.wallMs / 1000).toFixed(1)} s, ${outcome.result.maxRssMb} MB peak RSS`
      : `failed: ${outcome?.reason}`;
  const stream = outcomes.stream?.ok ? outcomes.stream.result : undefined;
  const string = outcomes.string?.ok ? outcomes.string.result : undefined;
  const written = stream?.written ?? {};
  const sizes = Object.entries(written)
    .map(
      ([key, { bytes, parts }]) =>
        `${key.split('.').at(-1)} ${mb(bytes)} in ${parts} part${parts === 1 ? '' : 's'}`,
    )
    .join(', ');
  console.log(
    `\n${accounts} accounts × ${regionCount} regions = ${accounts * regionCount} parts` +
      (stream
        ? ` · ${stream.summary.nodeSources} node sources, ${stream.findings} findings · ${sizes}`
        : ''),
  );
  console.log(`  streamed:  ${describe(outcomes.stream)}`);
  console.log(`  one string (before): ${describe(outcomes.string)}`);
  if (stream && string) {
    console.log(
      `  streamed / one string: time ${(stream.wallMs / string.wallMs).toFixed(2)}×, ` +
        `peak RSS ${(stream.maxRssMb / string.maxRssMb).toFixed(2)}×`,
    );
  }
  measured.push({ accounts, regions: regionCount, windowsRegions, latencyMs, ...outcomes });
}
rmSync(work, { recursive: true, force: true });
mkdirSync(values.out, { recursive: true });
const file = join(values.out, 'aggregate.json');
writeFileSync(file, `${JSON.stringify({ heapFlags, measured }, null, 2)}\n`);
console.log(`\nwritten: ${file}`);
