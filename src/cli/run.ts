import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ConfigurationError, ScannerConfig } from '../config.ts';
import { SEVERITIES, type Severity } from '../evaluate/types.ts';
import type { publishReport } from '../publish/index.ts';
import type { PublishResult } from '../publish/types.ts';
import { severityRank } from '../report/build.ts';
import { DEFAULT_TABLE_WIDTH, formatReport } from '../report/format/index.ts';
import { SCANNER_VERSION } from '../report/scanner.ts';
import type { Report } from '../report/types.ts';
import type { runScan, ScanOptions } from '../scan.ts';
import { type AccountsScope, parseCommandLine, type ScanCommand } from './args.ts';
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
  /** Delivery for --publish; defaults to `publishReport` with clients from the SDK chain. */
  publish?: (
    options: Pick<Parameters<typeof publishReport>[0], 'report' | 'config' | 'clusters' | 'now'>,
  ) => Promise<PublishResult>;
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
  // Configuration is checked before scanning, so that a bad variable costs no scan.
  const config = command.publish ? await publishConfig(command, io.env) : undefined;
  const scan = io.scan ?? (await import('../scan.ts')).runScan;

  const progress = io.stderr.isTTY === true ? createProgressLine(io.stderr) : undefined;
  let report: Report;
  try {
    const options = scanOptions(command, config, progress?.update);
    report =
      command.accounts === undefined
        ? await scan(options)
        : await scanManyAccounts(command, command.accounts, options);
  } finally {
    progress?.clear();
  }

  await writeReport(report, command, io);
  const code = exitCode(report, command.failOn, io.stderr);
  if (config === undefined) return code;
  const delivered = await publish(report, command, config, io);
  return delivered ? code : EXIT_CODES.incomplete;
}

/** Why Organizations won't list accounts for this caller: a setup problem, not a failed scan. */
const ORGANIZATIONS_REFUSALS = new Set([
  'AWSOrganizationsNotInUseException',
  'AccessDeniedException',
  'AccessDeniedForDependencyException',
]);

/** --role-name with --accounts or --organization: runScan per account, one merged report. */
async function scanManyAccounts(
  command: ScanCommand,
  scope: AccountsScope,
  options: ScanOptions,
): Promise<Report> {
  const [{ assumedRoleClientsFor, listActiveAccounts }, { scanAccounts }] = await Promise.all([
    import('../organization/accounts.ts'),
    import('../scan-accounts.ts'),
  ]);
  const homeRegion = command.regions[0] as string;
  const clientOptions = optional('requestTimeoutMs', command.requestTimeoutMs);
  const accountIds =
    scope.accountIds ??
    (await listActiveAccounts(homeRegion, clientOptions).catch((error: unknown) => {
      if (error instanceof Error && ORGANIZATIONS_REFUSALS.has(error.name)) {
        throw new UsageError(
          `--organization: cannot list the organization's accounts (${error.name}): ${firstLine(error.message)}`,
          { cause: error },
        );
      }
      throw error;
    }));
  if (accountIds.length === 0) throw new UsageError('--organization: no active account found');
  return scanAccounts(
    accountIds.map((accountId) => ({
      accountId,
      clientsFor: assumedRoleClientsFor(accountId, scope.roleName, homeRegion, clientOptions),
    })),
    options,
  );
}

async function publishConfig(command: ScanCommand, env: CliIo['env']): Promise<ScannerConfig> {
  const { loadConfig } = await import('../config.ts');
  let config: ScannerConfig;
  try {
    // The regions come from the command line; the variable only has to name one.
    config = loadConfig({ ...env, SCAN_REGIONS: command.regions.join(',') });
  } catch (error) {
    throw new UsageError(`--publish: ${(error as ConfigurationError).message}`, { cause: error });
  }
  if (config.snsTopicArn === undefined && !config.securityHub) {
    throw new UsageError(
      '--publish: nowhere to publish: set SNS_TOPIC_ARN and/or SECURITY_HUB_ENABLED=true',
    );
  }
  return config;
}

/** Delivers the report; says on stderr what happened and returns false unless all of it went. */
async function publish(
  report: Report,
  command: ScanCommand,
  config: ScannerConfig,
  io: CliIo,
): Promise<boolean> {
  const deliver =
    io.publish ??
    (async (options) => {
      const [{ publishReport }, { createPublishClients }] = await Promise.all([
        import('../publish/index.ts'),
        import('../publish/clients.ts'),
      ]);
      return publishReport({ ...options, clients: createPublishClients() });
    });
  let result: PublishResult;
  try {
    result = await deliver({
      report,
      config,
      ...(command.clusters.length > 0 ? { clusters: command.clusters } : {}),
      // Security Hub timestamps are real time, even when --now judges dates as of another day.
      now: new Date(),
    });
  } catch (error) {
    io.stderr.write(`${PROGRAM}: publishing failed: ${describeUnexpected(error)}\n`);
    // publishReport writes to Security Hub only after notifying: a failure left it untouched.
    if (config.securityHub) {
      io.stderr.write(`${PROGRAM}: Security Hub was not updated: nothing imported or archived\n`);
    }
    return false;
  }
  let complete = true;
  for (const hub of result.securityHub) {
    io.stderr.write(
      `${PROGRAM}: Security Hub ${hub.region}: ${hub.imported} imported, ${hub.archived} archived, ${hub.failed.length} failed${hub.archivingDone ? '' : ' (scan incomplete: nothing archived)'}\n`,
    );
    if (hub.failed.length > 0) complete = false;
  }
  const regionsSynced = new Set(result.securityHub.map((hub) => hub.region));
  if (config.securityHub && report.scope.regions.some((region) => !regionsSynced.has(region))) {
    io.stderr.write(`${PROGRAM}: Security Hub could not be updated in every region\n`);
    complete = false;
  }
  const { notification } = result;
  io.stderr.write(
    `${PROGRAM}: notification ${notification.sent ? 'sent' : 'not sent'}: ${notification.reason}\n`,
  );
  return complete;
}

/** `{ key: value }`, or nothing when the value is undefined (optional properties stay absent). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function scanOptions(
  command: ScanCommand,
  config: ScannerConfig | undefined,
  onProgress: ScanOptions['onProgress'],
): ScanOptions {
  return {
    regions: command.regions,
    clusters: command.clusters,
    ...(config ? { suppressions: config.suppressions } : {}),
    ...(command.now === undefined ? {} : { now: command.now }),
    ...optional(
      'endOfSupportWarningDays',
      command.endOfSupportWarningDays ?? config?.endOfSupportWarningDays,
    ),
    ...optional(
      'amiExpiryWarningDays',
      command.amiExpiryWarningDays ?? config?.amiExpiryWarningDays,
    ),
    ...optional('requestTimeoutMs', command.requestTimeoutMs),
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
