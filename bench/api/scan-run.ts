/**
 * One benchmark run: the real `runScan` over a fake AWS serving one estate under one model,
 * with what the transport counted, the report's own counts and the process's memory.
 */

import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { runScan } from '../../src/scan.ts';
import { type CpuFloor, replayCommands } from './cpu-floor.ts';
import { buildEstate, type EstateName, expectedCounts, REGIONS } from './estate.ts';
import { DEFAULT_RATE_LIMITS } from './limits.ts';
import { measureOwnCompute } from './own-compute.ts';
import { FakeAws, type OperationCounters } from './transport.ts';

export const MODELS = ['latency', 'limits'] as const;
export type Model = (typeof MODELS)[number];

export interface RunOptions {
  estate: EstateName;
  model: Model;
  latencyMs: number;
  hang: string[];
  requestTimeoutMs?: number;
  /** How often to sample the RSS during the scan. */
  sampleEveryMs?: number;
  /** Write the commands the scan sent to this file (JSON), for `runReplay`. */
  commandsFile?: string;
}

/**
 * A replay in a fresh process: the CPU floor of the commands a scan sent (bench/api/cpu-floor.ts),
 * then the scanner's own compute on the same estate (bench/api/own-compute.ts).
 */
export interface ReplayOptions {
  replay: true;
  estate: EstateName;
  commandsFile: string;
}

export interface RunResult {
  estate: EstateName;
  model: Model;
  latencyMs: number;
  hang: string[];
  wallMs: number;
  /** CPU time of the process during the scan (user + system): the scanner's own work, the SDK's and the fake's. */
  cpuMs: number;
  /** Of which the fake AWS building its answers (real AWS does that on its side). */
  fakeServingMs: number;
  /**
   * The main thread during the scan: busy (running the scanner, the SDK, the fake) and idle
   * (nothing to run until an answer comes). Mostly busy: the scan is held by CPU, not waiting.
   */
  eventLoop: { busyMs: number; idleMs: number };
  operations: Record<string, Omit<OperationCounters, 'operation'>>;
  totals: ReturnType<FakeAws['totals']>;
  report: {
    complete: boolean;
    clusters: number;
    nodeSources: number;
    windowsNodeSources: number;
    findings: number;
    errors: number;
    /** Errors whose code is a throttling code: the retries did not absorb them. */
    throttlingErrors: number;
    errorCodes: Record<string, number>;
  };
  expected: { clusters: number; nodeSources: number };
  memory: {
    /** What building the fake estate added to the RSS (not the scanner's). */
    estateMb: number;
    /** RSS after the estate is built, before the scan starts. */
    rssBeforeScanMb: number;
    /** Highest RSS sampled during the scan. */
    peakSampledRssMb: number;
    /** The process's maximum resident set size (getrusage). */
    maxRssMb: number;
  };
}

const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

async function startProfiler(file: string | undefined) {
  if (file === undefined || file === '') return undefined;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Fake credentials for the standard chain, so it never looks further (files, IMDS). */
export function useFakeCredentials(): void {
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  delete process.env.AWS_SESSION_TOKEN;
}

export async function runOnce(options: RunOptions): Promise<RunResult> {
  useFakeCredentials();
  const rssBeforeEstate = process.memoryUsage().rss;
  const estate = buildEstate(options.estate);
  const fake = new FakeAws(estate, {
    latencyMs: options.latencyMs,
    ...(options.model === 'limits' ? { rateLimits: DEFAULT_RATE_LIMITS } : {}),
    hang: new Set(options.hang),
    record: options.commandsFile !== undefined,
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: options.requestTimeoutMs }),
  });
  const rssBeforeScan = process.memoryUsage().rss;
  let peak = rssBeforeScan;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, options.sampleEveryMs ?? 50);
  // BENCH_CPU_PROFILE=file: a CPU profile of the scan alone (open it in Chrome's DevTools).
  const profiler = await startProfiler(process.env.BENCH_CPU_PROFILE);
  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const started = performance.now();
  let report: Awaited<ReturnType<typeof runScan>>;
  try {
    report = await runScan({ regions: [...REGIONS], clientsFor: fake.clientsFor });
  } finally {
    clearInterval(sampler);
  }
  await profiler?.stop();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const loop = performance.eventLoopUtilization(loopBefore);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (options.commandsFile !== undefined)
    writeFileSync(options.commandsFile, JSON.stringify(fake.sent));

  const errorCodes: Record<string, number> = {};
  for (const error of report.errors) errorCodes[error.code] = (errorCodes[error.code] ?? 0) + 1;
  const expected = estate.regions.map(expectedCounts).reduce(
    (sum, counts) => ({
      clusters: sum.clusters + counts.clusters,
      nodeSources: sum.nodeSources + counts.nodeSources,
    }),
    { clusters: 0, nodeSources: 0 },
  );
  const operations = Object.fromEntries(
    [...fake.counters.values()]
      .sort((a, b) => a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation))
      .map(({ operation, ...counter }) => [operation, counter]),
  );
  return {
    estate: options.estate,
    model: options.model,
    latencyMs: options.latencyMs,
    hang: options.hang,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    fakeServingMs: Math.round(fake.servingMs),
    eventLoop: { busyMs: Math.round(loop.active), idleMs: Math.round(loop.idle) },
    operations,
    totals: fake.totals(),
    report: {
      complete: report.complete,
      clusters: report.summary.clusters,
      nodeSources: report.summary.nodeSources,
      windowsNodeSources: report.summary.windowsNodeSources,
      findings: report.findings.length,
      errors: report.errors.length,
      throttlingErrors: report.errors.filter((error) => THROTTLING_CODES.has(error.code)).length,
      errorCodes,
    },
    expected,
    memory: {
      estateMb: mb(rssBeforeScan - rssBeforeEstate),
      rssBeforeScanMb: mb(rssBeforeScan),
      peakSampledRssMb: mb(peak),
      maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
    },
  };
}

/**
 * The commands of a scan sent again, in a process as fresh as the scan's (its first calls pay
 * the SDK's loading and warming up, as the scan's did).
 */
/** What a replay's process measures: the CPU floor, then the scanner's own compute. */
export type ReplayResult = CpuFloor & { ownComputeMs: number };

export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  useFakeCredentials();
  const estate = buildEstate(options.estate);
  const sent = JSON.parse(await readFile(options.commandsFile, 'utf8'));
  const floor = await replayCommands(estate, sent);
  // After the replay: the scanner's code is still cold, as it is when a scan gets to it.
  const own = await measureOwnCompute(estate);
  return { ...floor, ownComputeMs: own.ms };
}
