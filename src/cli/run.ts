import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SEVERITIES, type Severity } from '../evaluate/types.ts';
import { severityRank } from '../report/build.ts';
import { DEFAULT_TABLE_WIDTH, formatReport } from '../report/format/index.ts';
import { SCANNER_VERSION } from '../report/scanner.ts';
import type { Report } from '../report/types.ts';
import type { runScan, ScanOptions } from '../scan.ts';
import { parseCommandLine, type ScanCommand } from './args.ts';
import { describeSetupFailure, firstLine, OutputError, UsageError } from './errors.ts';
import { HELP_TEXT, PROGRAM, USAGE_HINT } from './help.ts';
import type { OutputStream } from './io.ts';
import { createProgressLine } from './progress.ts';

export type { OutputStream } from './io.ts';

export const EXIT_CODES = {
  ok: 0,
  findingsAtOrAboveFailOn: 1,
  usage: 2,
  incomplete: 3,
} as const;

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** The scan; defaults to `runScan`, loaded only when a scan actually runs. */
  scan?: typeof runScan;
}

/**
 * The command line of SPEC 2.1 as a function: returns the exit code, never throws.
 * stdout carries the report only; everything else goes to stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCommandLine(argv, io.env);
    if (command.kind === 'help') {
      io.stdout.write(HELP_TEXT);
      return EXIT_CODES.ok;
    }
    if (command.kind === 'version') {
      io.stdout.write(`${SCANNER_VERSION}\n`);
      return EXIT_CODES.ok;
    }
    return await scanCommand(command.scan, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${PROGRAM}: ${error.message}\n${USAGE_HINT}\n`);
      return EXIT_CODES.usage;
    }
    if (error instanceof OutputError) {
      io.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    const setupProblem = describeSetupFailure(error, io.env);
    if (setupProblem !== undefined) {
      io.stderr.write(`${PROGRAM}: ${setupProblem}\n`);
      return EXIT_CODES.usage;
    }
    // Not the caller's setup: the scan itself failed, so it is at best incomplete.
    io.stderr.write(`${PROGRAM}: the scan failed: ${describeUnexpected(error)}\n`);
    if (io.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT_CODES.incomplete;
  }
}

async function scanCommand(command: ScanCommand, io: CliIo): Promise<number> {
  if (command.output !== undefined) await assertWritable(command.output);
  const scan = io.scan ?? (await import('../scan.ts')).runScan;

  const progress = io.stderr.isTTY === true ? createProgressLine(io.stderr) : undefined;
  let report: Report;
  try {
    report = await scan(scanOptions(command, progress?.update));
  } finally {
    progress?.clear();
  }

  await writeReport(report, command, io);
  return exitCode(report, command.failOn, io.stderr);
}

function scanOptions(command: ScanCommand, onProgress: ScanOptions['onProgress']): ScanOptions {
  return {
    regions: command.regions,
    clusters: command.clusters,
    ...(command.now === undefined ? {} : { now: command.now }),
    ...(command.endOfSupportWarningDays === undefined
      ? {}
      : { endOfSupportWarningDays: command.endOfSupportWarningDays }),
    ...(command.amiExpiryWarningDays === undefined
      ? {}
      : { amiExpiryWarningDays: command.amiExpiryWarningDays }),
    ...(onProgress === undefined ? {} : { onProgress }),
  };
}

async function writeReport(report: Report, command: ScanCommand, io: CliIo): Promise<void> {
  if (command.output === undefined) {
    const terminal = io.stdout.isTTY === true;
    io.stdout.write(
      formatReport(report, command.format, {
        color: terminal && !io.env.NO_COLOR,
        width: terminal && io.stdout.columns ? io.stdout.columns : DEFAULT_TABLE_WIDTH,
      }),
    );
    return;
  }
  const text = formatReport(report, command.format, { color: false, width: DEFAULT_TABLE_WIDTH });
  try {
    await writeFile(command.output, text, 'utf8');
  } catch (error) {
    throw new OutputError(
      `cannot write --output '${command.output}': ${firstLine(messageOf(error))}`,
      {
        cause: error,
      },
    );
  }
  io.stderr.write(`${PROGRAM}: report written to ${command.output}\n`);
}

/** Fails before a (possibly long) scan when the report could not be written anyway. */
async function assertWritable(file: string): Promise<void> {
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`--output '${file}' is a directory`);
  const directory = await stat(dirname(resolve(file))).catch(() => undefined);
  if (directory === undefined || !directory.isDirectory()) {
    throw new UsageError(`--output '${file}': the directory does not exist`);
  }
}

function exitCode(report: Report, failOn: Severity | undefined, stderr: OutputStream): number {
  if (!report.complete) {
    stderr.write(
      `${PROGRAM}: the scan is incomplete (${report.errors.length} error${report.errors.length === 1 ? '' : 's'}, listed in the report)\n`,
    );
    return EXIT_CODES.incomplete;
  }
  if (failOn === undefined) return EXIT_CODES.ok;
  const atOrAbove = SEVERITIES.filter((severity) => severityRank(severity) <= severityRank(failOn));
  const count = report.findings.filter(
    (finding) => !finding.suppressed && atOrAbove.includes(finding.severity),
  ).length;
  if (count === 0) return EXIT_CODES.ok;
  stderr.write(
    `${PROGRAM}: ${count} finding${count === 1 ? '' : 's'} at or above ${failOn} (--fail-on)\n`,
  );
  return EXIT_CODES.findingsAtOrAboveFailOn;
}

function describeUnexpected(error: unknown): string {
  const message = firstLine(messageOf(error));
  const name = error instanceof Error ? error.name : '';
  return name && name !== 'Error' ? `${name}: ${message}` : message || 'unknown error';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
