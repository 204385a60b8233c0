/**
 * API benchmark: the real scan (`runScan`, the production SDK clients) against a fake AWS
 * that serves a synthetic estate with a latency per call and, in the `limits` model, AWS's
 * token buckets (bench/api/limits.ts). For each estate and model it prints and writes
 * (bench-results/api-<estate>.json) the wall time, the calls per operation against the
 * fewest the APIs allow (bench/api/minimum.ts), throttled calls, retries, peak RSS, and the
 * ratios calls / minimum and wall time / lower bound.
 *
 *   npm run bench:api -- --estate large --model limits --latency 50 --hang DescribeImages
 *   node bench/api.bench.ts --estate small --estate large --model both
 *
 * Options: --estate small|large|xl (repeatable; default large), --model latency|limits|both
 * (repeatable; default both), --runs N (default 3: each run against its own replay's CPU
 * floor, the pair of median ratio reported; the highest run's peak RSS), --latency ms (default
 * 50), --hang Operation (repeatable: those calls never answer; only an abort or the client's
 * own timeout ends them),
 * --request-timeout ms (passed to createAwsClients), --max-wall s (a run still going after it
 * is stopped and reported as unfinished; default 1800), --out dir (default bench-results).
 * Each run is a child process of its own, so its maximum RSS is its own, with the V8 heap flags
 * of the deployed scan function (template.yaml's ScannerFunction NODE_OPTIONS). Each replay's
 * process also times the scanner's own compute on the estate (decode, evaluate, report:
 * bench/api/own-compute.ts), to tell how much of a scan's time above its CPU floor is that.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildEstate,
  ESTATE_NAMES,
  ESTATE_SIZES,
  type EstateName,
  expectedCounts,
  REGIONS,
} from './api/estate.ts';
import { DEFAULT_RATE_LIMITS } from './api/limits.ts';
import { type LowerBound, lowerBound, type Minimum, minimumOf, OPERATIONS } from './api/minimum.ts';
import {
  MODELS,
  type Model,
  type ReplayOptions,
  type ReplayResult,
  type RunOptions,
  type RunResult,
} from './api/scan-run.ts';
import {
  describeCheck,
  growthTarget,
  runTargets,
  TARGET_ESTATES,
  type TargetCheck,
} from './api/targets.ts';
import { type ChildOutcome, deployedHeapFlags, runInChild } from './child-run.ts';
import { benchOptions, usageError, wholeNumberOption } from './options.ts';

const USAGE = `
Usage: node bench/api.bench.ts [options]   (npm run bench:api -- [options])

The real scan against a fake AWS serving a synthetic estate; prints and writes
<out>/api-<estate>.json: calls against the minimum, wall time against the lower bound.

  --estate small|large|xl   estate to scan (repeatable; default large)
  --model latency|limits|both
                            latency per call only, or AWS's rate limits too (default both)
  --runs N                  runs per estate and model, each against its own replay (default 3)
  --latency MS              latency of every call (default 50)
  --hang OPERATION          calls of this operation never answer (repeatable)
  --request-timeout MS      the clients' request timeout
  --max-wall S              a run still going after S seconds is stopped (default 1800)
  --out DIR                 where the JSON goes (default bench-results)
  --help                    this text
`;
const SCRIPT = 'api.bench';

const values = benchOptions(
  { script: SCRIPT, usage: USAGE },
  {
    estate: { type: 'string', multiple: true, default: ['large'] },
    model: { type: 'string', multiple: true, default: ['both'] },
    latency: { type: 'string', default: '50' },
    hang: { type: 'string', multiple: true, default: [] },
    'request-timeout': { type: 'string' },
    'max-wall': { type: 'string', default: '1800' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench-results' },
  },
);

function fail(message: string): never {
  return usageError(SCRIPT, message);
}

const estates = values.estate.map((name) => {
  if (!(ESTATE_NAMES as readonly string[]).includes(name)) {
    fail(`--estate must be one of ${ESTATE_NAMES.join(', ')}, not ${name}`);
  }
  return name as EstateName;
});
const models = [
  ...new Set(
    values.model.flatMap((model) => {
      if (model === 'both') return [...MODELS];
      if (!(MODELS as readonly string[]).includes(model))
        fail(`--model must be latency, limits or both, not ${model}`);
      return [model as Model];
    }),
  ),
];
const latencyMs = Number(values.latency);
if (values.latency.trim() === '' || !Number.isFinite(latencyMs) || latencyMs < 0)
  fail(`--latency must be a number of milliseconds, not ${values.latency}`);
for (const operation of values.hang) {
  if (!OPERATIONS.includes(operation))
    fail(`--hang names no operation the scanner calls: ${operation} (${OPERATIONS.join(', ')})`);
}
const requestTimeoutMs =
  values['request-timeout'] === undefined
    ? undefined
    : wholeNumberOption(SCRIPT, 'request-timeout', values['request-timeout'], 1);
const maxWallMs = wholeNumberOption(SCRIPT, 'max-wall', values['max-wall'], 1) * 1000;
const runs = wholeNumberOption(SCRIPT, 'runs', values.runs, 1);

/** The commit the scanner's code comes from, and whether src/ differs from it. */
function codeVersion(): { commit: string; srcModified: boolean } {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const commit = git('log', '--oneline', '-1').trim();
    const status = git('status', '--porcelain', '--', 'src');
    return { commit, srcModified: status.trim() !== '' };
  } catch {
    return { commit: process.env.BENCH_COMMIT ?? 'unknown', srcModified: false };
  }
}

type Outcome = ChildOutcome<RunResult & ReplayResult>;

// The scan function's heap flags: each run's peak RSS is the function's.
const heapFlags = await deployedHeapFlags('ScannerFunction');

function runScanInChild(options: RunOptions | ReplayOptions): Promise<Outcome> {
  return runInChild(new URL('./api/worker.ts', import.meta.url), options, {
    heapFlags,
    timeoutMs: maxWallMs,
    timeoutReason: `did not finish within ${maxWallMs / 1000} s (stopped)`,
  });
}

interface ModelReport {
  /** The run whose wall time against its own replay's bound is the median ratio. */
  run?: RunResult;
  /** Every run's wall time, CPU and peak RSS, and every replay's time (in the same order). */
  runs?: { wallMs: number; cpuMs: number; maxRssMb: number }[];
  replaysMs?: number[];
  /** The scanner's own compute measured in each replay's process (bench/api/own-compute.ts). */
  ownComputeMs?: number[];
  unfinished?: string;
  lowerBound: LowerBound & { cpuFloorMs?: number };
  ratios?: {
    callsToMinimum: number;
    /** Against the largest term: network (chain, rate, sockets) or the CPU floor. */
    wallToLowerBound: number;
    /** Against the network terms alone (the bound without the SDK's CPU). */
    wallToNetworkBound: number;
    /**
     * Against the bound with the scanner's own compute (decode, evaluate, report) added to the
     * CPU floor: not a lower bound of any scanner, but what is left of the gap once this one's
     * computing is counted (collection's own code, scheduling, waiting).
     */
    wallToBoundWithOwnCompute: number;
  };
  /** Issue 7's targets, checked against the median run (bench/api/targets.ts). */
  targets?: TargetCheck[];
}

/**
 * The network bound with the measured CPU floor as one more term: on one thread the scan can
 * overlap waiting with computing, but not skip the SDK's own work (bench/api/cpu-floor.ts).
 */
function withCpuFloor(bound: LowerBound, cpuFloorMs: number): LowerBound & { cpuFloorMs: number } {
  return { ...bound, ms: Math.max(bound.ms, cpuFloorMs), cpuFloorMs };
}

/** The highest peak RSS of the runs. */
function peakRssMb(report: ModelReport): number {
  return Math.max(
    report.run?.memory.maxRssMb ?? 0,
    ...(report.runs ?? []).map((run) => run.maxRssMb),
  );
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 100) / 100);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pad = (text: string | number, width: number) => String(text).padStart(width);

function printEstate(
  estate: EstateName,
  minimum: Minimum,
  reports: Partial<Record<Model, ModelReport>>,
  header: string,
): void {
  const shown = models.filter((model) => reports[model] !== undefined);
  console.log(`\n${header}`);
  const operations = [
    ...new Set([
      ...Object.keys(minimum.calls),
      ...shown.flatMap((model) => Object.keys(reports[model]?.run?.operations ?? {})),
    ]),
  ];
  const columns = shown
    .map((model) => `${model}: calls  ×min retries throttled`.padStart(40))
    .join('');
  console.log(`${'operation'.padEnd(32)}${pad('minimum', 8)}${columns}`);
  for (const operation of operations) {
    const cells = shown
      .map((model) => {
        const counter = reports[model]?.run?.operations[operation];
        const calls = counter?.calls ?? 0;
        const min = minimum.calls[operation] ?? 0;
        return `${pad(calls, 20)}${pad(min === 0 ? '' : ratio(calls, min).toFixed(2), 6)}${pad(counter?.retries ?? 0, 8)}${pad(counter?.throttled ?? 0, 10)}`;
      })
      .join('');
    console.log(`${operation.padEnd(32)}${pad(minimum.calls[operation] ?? 0, 8)}${cells}`);
  }
  const line = (label: string, cell: (report: ModelReport) => string) =>
    console.log(
      `${label.padEnd(40)}${shown.map((model) => pad(cell(reports[model] as ModelReport), 40)).join('')}`,
    );
  line('total calls (× minimum)', (report) =>
    report.run === undefined
      ? (report.unfinished ?? '')
      : `${report.run.totals.calls} (${report.ratios?.callsToMinimum.toFixed(2)}×) of ${minimum.total}`,
  );
  line('retries / throttled answers', (report) =>
    report.run === undefined ? '' : `${report.run.totals.retries} / ${report.run.totals.throttled}`,
  );
  if (shown.some((model) => (reports[model]?.run?.totals.hung ?? 0) > 0)) {
    line('never answered: timed out, aborted', (report) =>
      report.run === undefined
        ? ''
        : `${report.run.totals.hung}: ${report.run.totals.timedOut}, ${report.run.totals.aborted}`,
    );
  }
  line('wall / lower bound', (report) =>
    report.run === undefined
      ? `— / ${seconds(report.lowerBound.ms)}`
      : `${seconds(report.run.wallMs)} / ${seconds(report.lowerBound.ms)} (${report.ratios?.wallToLowerBound.toFixed(2)}×)`,
  );
  line('  runs · their replays (median pair shown)', (report) =>
    report.runs === undefined
      ? ''
      : `${report.runs.map((run) => (run.wallMs / 1000).toFixed(2)).join(' ')} · ${(report.replaysMs ?? []).map((ms) => (ms / 1000).toFixed(2)).join(' ')}`,
  );
  line(
    '  bound: chain · rate · sockets · CPU floor',
    (report) =>
      `${seconds(report.lowerBound.chainMs)} · ${seconds(report.lowerBound.rateLimitedMs)} · ${seconds(report.lowerBound.socketLimitedMs)} · ${report.lowerBound.cpuFloorMs === undefined ? '—' : seconds(report.lowerBound.cpuFloorMs)}`,
  );
  line('wall / network bound alone', (report) =>
    report.ratios === undefined ? '' : `${report.ratios.wallToNetworkBound.toFixed(2)}×`,
  );
  line("scanner's own compute: decode, evaluate, report", (report) =>
    report.ownComputeMs === undefined
      ? ''
      : report.ownComputeMs.map((ms) => (ms / 1000).toFixed(2)).join(' '),
  );
  line('wall / bound, own compute added to the CPU floor', (report) =>
    report.ratios === undefined ? '' : `${report.ratios.wallToBoundWithOwnCompute.toFixed(2)}×`,
  );
  line('CPU during the scan (of it the fake AWS)', (report) =>
    report.run === undefined
      ? ''
      : `${seconds(report.run.cpuMs)} (${seconds(report.run.fakeServingMs)})`,
  );
  line('main thread during the scan: busy · idle', (report) =>
    report.run === undefined
      ? ''
      : `${seconds(report.run.eventLoop.busyMs)} · ${seconds(report.run.eventLoop.idleMs)}`,
  );
  line('peak RSS, highest run (before scan; estate)', (report) =>
    report.run === undefined
      ? ''
      : `${peakRssMb(report)} MB (${report.run.memory.rssBeforeScanMb}; ${report.run.memory.estateMb})`,
  );
  line('report: complete, clusters, sources', (report) =>
    report.run === undefined
      ? ''
      : `${report.run.report.complete ? 'yes' : 'NO'}, ${report.run.report.clusters}/${report.run.expected.clusters}, ${report.run.report.nodeSources}/${report.run.expected.nodeSources}`,
  );
  line('report errors (throttling)', (report) =>
    report.run === undefined
      ? ''
      : `${report.run.report.errors} (${report.run.report.throttlingErrors})${
          report.run.report.errors > 0 ? ` ${JSON.stringify(report.run.report.errorCodes)}` : ''
        }`,
  );
  const slowest = shown
    .map((model) => reports[model])
    .find((report) => report?.lowerBound.slowest !== '' && report?.lowerBound.rateLimitedMs);
  if (slowest !== undefined) console.log(`slowest bucket: ${slowest.lowerBound.slowest}`);
  for (const model of shown) {
    const targets = reports[model]?.targets;
    if (targets !== undefined)
      console.log(`targets, ${model}: ${targets.map(describeCheck).join(' · ')}`);
  }
  void estate;
}

const version = codeVersion();
mkdirSync(values.out, { recursive: true });
const measured: {
  estate: EstateName;
  nodeSources: number;
  reports: Partial<Record<Model, ModelReport>>;
}[] = [];
for (const estate of estates) {
  const built = buildEstate(estate);
  const minimum = minimumOf(built);
  const expected = built.regions.map(expectedCounts);
  const nodeSources = expected.reduce((sum, counts) => sum + counts.nodeSources, 0);
  const size = ESTATE_SIZES[estate];
  const count = (of: (region: (typeof built.regions)[number]) => number) =>
    built.regions.reduce((sum, region) => sum + of(region), 0);
  const groups = count((region) => region.groups.length);
  const selfManaged = count(
    (region) => region.groups.filter((group) => group.kind === 'self-managed').length,
  );
  const header =
    `API benchmark · ${estate}: ${count((region) => region.clusters.length)} clusters, ` +
    `${count((region) => region.nodeGroups.length)} node groups, ${selfManaged} self-managed of ${groups} Auto Scaling groups, ` +
    `${count((region) => region.templates.length)} launch templates, ${count((region) => region.images.length)} AMIs, ` +
    `${count((region) => region.instances.length)} instances; ${nodeSources} node sources; ${REGIONS.length} regions · ` +
    `${latencyMs} ms a call${values.hang.length > 0 ? ` · never answering: ${values.hang.join(', ')}` : ''}\n` +
    `code: ${version.commit.length > 100 ? `${version.commit.slice(0, 99)}…` : version.commit}${version.srcModified ? ' (src/ modified)' : ''}\n` +
    `heap: ${heapFlags.length > 0 ? `${heapFlags.join(' ')} (template.yaml's ScannerFunction)` : "V8's defaults for this machine"}`;
  const reports: Partial<Record<Model, ModelReport>> = {};
  const commandsDir = mkdtempSync(join(tmpdir(), 'api-bench-'));
  for (const model of models) {
    const bound = lowerBound(
      minimum,
      latencyMs,
      model === 'limits' ? DEFAULT_RATE_LIMITS : undefined,
    );
    console.error(`… ${estate} / ${model}`);
    // Each run, then its replay, each in a fresh process: a run is set against its own replay,
    // measured right after it on the machine as it was then, and the pair of median ratio is
    // reported (on a shared 2-core machine the same code's times move by a third from one
    // minute to the next; a ratio of neighbours moves far less).
    const results: RunResult[] = [];
    const replays: number[] = [];
    const ownCompute: number[] = [];
    let failure: string | undefined;
    for (let attempt = 0; attempt < runs && failure === undefined; attempt++) {
      const commandsFile = join(commandsDir, `${model}-${attempt}.json`);
      const outcome = await runScanInChild({
        estate,
        model,
        latencyMs,
        hang: values.hang,
        commandsFile,
        ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
      });
      if (!outcome.ok) {
        failure = outcome.reason;
        break;
      }
      const replay = await runScanInChild({ replay: true, estate, commandsFile });
      if (!replay.ok) {
        failure = `the replay: ${replay.reason}`;
        break;
      }
      results.push(outcome.result);
      replays.push(replay.result.ms);
      ownCompute.push(replay.result.ownComputeMs);
    }
    const pairs = results
      .map((result, index) => ({
        result,
        floor: withCpuFloor(bound, replays[index] ?? 0),
        ownComputeMs: ownCompute[index] ?? 0,
      }))
      .sort((a, b) => a.result.wallMs / a.floor.ms - b.result.wallMs / b.floor.ms);
    const median = pairs[Math.floor(pairs.length / 2)];
    if (failure === undefined && median !== undefined) {
      const ratios = {
        callsToMinimum: ratio(median.result.totals.calls, minimum.total),
        wallToLowerBound: ratio(median.result.wallMs, median.floor.ms),
        wallToNetworkBound: ratio(median.result.wallMs, bound.ms),
        wallToBoundWithOwnCompute: ratio(
          median.result.wallMs,
          Math.max(median.floor.ms, (median.floor.cpuFloorMs ?? 0) + median.ownComputeMs),
        ),
      };
      const runsMeasured = results.map((result) => ({
        wallMs: result.wallMs,
        cpuMs: result.cpuMs,
        maxRssMb: result.memory.maxRssMb,
      }));
      const report: ModelReport = {
        run: median.result,
        runs: runsMeasured,
        replaysMs: replays,
        ownComputeMs: ownCompute,
        lowerBound: median.floor,
        ratios,
      };
      if (TARGET_ESTATES.includes(estate)) {
        report.targets = runTargets({
          callsToMinimum: ratios.callsToMinimum,
          wallToLowerBound: ratios.wallToLowerBound,
          throttlingErrors: median.result.report.throttlingErrors,
          peakRssMb: peakRssMb(report),
        });
      }
      reports[model] = report;
    } else {
      reports[model] = { unfinished: failure ?? 'no run finished', lowerBound: bound };
    }
  }
  rmSync(commandsDir, { recursive: true, force: true });
  printEstate(estate, minimum, reports, header);
  measured.push({ estate, nodeSources, reports });
  const file = `${values.out}/api-${estate}.json`;
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        estate,
        size,
        regions: REGIONS,
        expected: {
          clusters: expected.reduce((sum, counts) => sum + counts.clusters, 0),
          nodeSources,
        },
        code: version,
        node: process.version,
        heapFlags,
        measuredAt: new Date().toISOString(),
        latencyMs,
        hang: values.hang,
        rateLimits: DEFAULT_RATE_LIMITS,
        minimum: {
          calls: minimum.calls,
          total: minimum.total,
          chain: minimum.chain,
          regions: minimum.regions,
        },
        models: reports,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written: ${file}`);
}

// Memory growth between the estates measured, per 1,000 node sources.
const growths: { from: EstateName; to: EstateName; model: Model; target: TargetCheck }[] = [];
for (let i = 1; i < measured.length; i++) {
  const [a, b] = [measured[i - 1], measured[i]];
  if (a === undefined || b === undefined || b.nodeSources === a.nodeSources) continue;
  for (const model of models) {
    const [reportA, reportB] = [a.reports[model], b.reports[model]];
    const [ra, rb] = [reportA?.run, reportB?.run];
    if (reportA === undefined || reportB === undefined || ra === undefined || rb === undefined)
      continue;
    const growth =
      ((peakRssMb(reportB) - rb.memory.estateMb - (peakRssMb(reportA) - ra.memory.estateMb)) /
        (b.nodeSources - a.nodeSources)) *
      1000;
    // Judged between the estates the targets are for; a smaller estate's peak sits lower on
    // V8's heap sizing, so a slope from it is shown, not judged.
    const judged = TARGET_ESTATES.includes(a.estate) && TARGET_ESTATES.includes(b.estate);
    const target = growthTarget(Math.round(growth * 10) / 10);
    if (judged) growths.push({ from: a.estate, to: b.estate, model, target });
    console.log(
      `peak RSS growth ${a.estate} → ${b.estate} (${model}, the fake estate's own memory left out): ${growth.toFixed(1)} MB per 1,000 node sources${judged ? ` ${target.met ? '✓' : '✗'} (target < ${target.limit})` : ''}`,
    );
  }
}
if (growths.length > 0) {
  const file = `${values.out}/api-rss-growth.json`;
  writeFileSync(file, `${JSON.stringify({ code: version, growths }, null, 2)}\n`);
  console.log(`written: ${file}`);
}
