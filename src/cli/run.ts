import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClientOptions } from '../aws-client-config.ts';
import { clustersNotFound } from '../clusters-not-found.ts';
import type { ConfigurationError, ScannerConfig, WarningWindows } from '../config.ts';
import type { LoadedConfigFile } from '../config-file/types.ts';
import type { Suppression } from '../evaluate/suppressions.ts';
import { SEVERITIES, type Severity } from '../evaluate/types.ts';
import type { publishReport } from '../publish/index.ts';
import { describeRefusals } from '../publish/refusals.ts';
import type { PublishResult } from '../publish/types.ts';
import { severityRank } from '../report/build.ts';
import { DEFAULT_TABLE_WIDTH, formatReportChunks } from '../report/format/index.ts';
import { formatTable } from '../report/format/table.ts';
import { errorPlace, scopeLabel, selectionOptions } from '../report/format/text.ts';
import { SCANNER_VERSION } from '../report/scanner.ts';
import type { Report } from '../report/types.ts';
import {
  reachedAccounts,
  refusedRegions,
  STS_REGION_DISABLED,
} from '../report/unreached-accounts.ts';
import type { runScan, ScanOptions } from '../scan.ts';
import { oneLine, plural } from '../text.ts';
import {
  type AccountsScope,
  type ClusterArn,
  configFileArgument,
  parseCommandLine,
  type ScanCommand,
} from './args.ts';
import { type CliAws, type ProfileFiles, SDK_AWS } from './aws.ts';
import { canRewriteLines, useColor } from './color.ts';
import { DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_FILE_YML } from './constants.ts';
import {
  checkEndpointVariables,
  describeSetupFailure,
  describeTimeout,
  firstLine,
  OutputError,
  SetupError,
  UsageError,
} from './errors.ts';
import { HELP_TEXT, PROGRAM, RULES_HELP_TEXT, USAGE_HINT } from './help.ts';
import type { OutputStream } from './io.ts';
import {
  discardOutputs,
  discardOutputsOnInterrupt,
  type OutputTarget,
  prepareOutputs,
  writeOutput,
} from './output.ts';
import { createProgressLine } from './progress.ts';
import { formatRules } from './rules.ts';
import { selectFindings } from './select.ts';
import { loadSharedConfig } from './shared-config.ts';

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
    options: Pick<
      Parameters<typeof publishReport>[0],
      'report' | 'config' | 'clusters' | 'now' | 'onSecurityHubError'
    >,
  ) => Promise<PublishResult>;
  /** The command line's own AWS calls (enabled regions, cluster names, profile credentials). */
  aws?: Partial<CliAws>;
  /**
   * The working directory: where the default configuration file is looked for and a relative
   * --config is read. Defaults to the process's (and file names are shown as given).
   */
  cwd?: string;
}

/**
 * The command line of SPEC 2.1 as a function: returns the exit code, never throws.
 * stdout carries the report only; everything else goes to stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // The region asked first (who the caller is, or the role's session): named when AWS refuses
  // the credentials there, which it also does in a region the account has not enabled.
  let firstRegion: string | undefined;
  try {
    const shared = await loadSharedConfig(io.env);
    const wanted = configFileArgument(argv);
    const file = wanted.scan ? await readConfigFile(wanted.path, io.cwd) : undefined;
    const command = parseCommandLine(argv, io.env, shared, file?.config, file?.name);
    if (command.kind === 'scan') firstRegion = command.scan.regions[0];
    if (command.kind === 'help') {
      io.stdout.write(
        command.topic === 'rules' ? RULES_HELP_TEXT : `${HELP_TEXT}${shippedFilesLine()}`,
      );
      return EXIT_CODES.ok;
    }
    if (command.kind === 'version') {
      io.stdout.write(`${SCANNER_VERSION}\n`);
      return EXIT_CODES.ok;
    }
    if (command.kind === 'rules') {
      const width = io.stdout.isTTY === true && io.stdout.columns ? io.stdout.columns : 1_000;
      io.stdout.write(formatRules(command.rules.format, width));
      return EXIT_CODES.ok;
    }
    // --quiet: only errors on stderr. On Node.js 20 the AWS SDK warns once that its releases
    // after January 2027 need Node.js 22; the SDK's own switch keeps that off stderr. Its other
    // warnings (AWS_PROFILE set next to key variables, say) go to console.warn, which the
    // command line never uses for its own words.
    return await withEnvironment(
      command.scan.quiet ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } : {},
      () =>
        withConsoleWarnings(!command.scan.quiet, () =>
          scanCommand(
            command.scan,
            io,
            shared,
            file,
            wanted.path === undefined ? file?.name : undefined,
          ),
        ),
    );
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${PROGRAM}: ${error.message}\n${USAGE_HINT}\n`);
      return EXIT_CODES.usage;
    }
    if (error instanceof OutputError || error instanceof SetupError) {
      io.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    const setupProblem = describeSetupFailure(error, io.env, firstRegion);
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

/**
 * The configuration file: `--config FILE` (which must exist), else DEFAULT_CONFIG_FILE (or the
 * same name ending in .yml) in the working directory when there is one. A file that cannot be
 * used is a usage error naming the file, the line and the field.
 */
async function readConfigFile(
  path: string | undefined,
  cwd: string | undefined,
): Promise<(LoadedConfigFile & { name: string }) | undefined> {
  const { ConfigFileError, loadConfigFile } = await import('../config-file/index.ts');
  const locationOf = (name: string) =>
    cwd === undefined || isAbsolute(name) ? name : join(cwd, name);
  const given = path ?? (await defaultConfigFile(locationOf));
  if (given === undefined) return undefined;
  try {
    return { ...(await loadConfigFile(locationOf(given))), name: given };
  } catch (error) {
    // The file is wrong, not the command line: no pointer to --help.
    if (error instanceof ConfigFileError) throw new SetupError(error.message, { cause: error });
    throw error;
  }
}

/**
 * The default configuration file present in the working directory, if any: under .yaml or
 * .yml. Both is a usage error: which one counts would be a guess.
 */
async function defaultConfigFile(
  locationOf: (name: string) => string,
): Promise<string | undefined> {
  const present: string[] = [];
  for (const name of [DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_FILE_YML]) {
    const found = await stat(locationOf(name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (found !== undefined) present.push(name);
  }
  if (present.length > 1) {
    throw new UsageError(
      `both ${present.join(' and ')} are in the working directory: keep one, or name it with --config`,
    );
  }
  return present[0];
}

/** `SUPPRESSIONS` of the environment, with or without --publish; invalid: a usage error. */
async function environmentSuppressions(env: CliIo['env']): Promise<Suppression[]> {
  const { suppressionsFromEnvironment } = await import('../config.ts');
  return asSetupError(() => suppressionsFromEnvironment(env));
}

/** The warning windows of the environment: they change findings, published or not. */
async function environmentWarningWindows(env: CliIo['env']): Promise<Partial<WarningWindows>> {
  const { warningWindowsFromEnvironment } = await import('../config.ts');
  return asSetupError(() => warningWindowsFromEnvironment(env, true));
}

/** A bad variable as the command line's setup error (exit 2), naming it. */
async function asSetupError<T>(read: () => T): Promise<T> {
  const { ConfigurationError } = await import('../config.ts');
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      throw new SetupError(error.message, { cause: error });
    }
    throw error;
  }
}

async function scanCommand(
  command: ScanCommand,
  io: CliIo,
  profileFiles: ProfileFiles,
  file: LoadedConfigFile | undefined,
  /** The file's name when it was found in the working directory rather than named. */
  foundFile?: string,
): Promise<number> {
  checkEndpointVariables(io.env);
  const aws: CliAws = { ...SDK_AWS, ...io.aws };
  const note = (text: string) => {
    if (!command.quiet) io.stderr.write(`${PROGRAM}: ${text}\n`);
  };
  // Not errors, so --quiet silences them; the report keeps them in `warnings` regardless.
  const warn = (text: string) => note(`warning: ${oneLine(text)}`);
  // A file nobody named changes the scan: say which, so that its settings never surprise.
  if (foundFile !== undefined)
    note(`reading ${foundFile} in the working directory (--config names another)`);
  for (const warning of file?.warnings ?? []) warn(warning);
  // After the file is opened: one that can't be written is the error to read, not this.
  const targets = await prepareOutputs(command);
  if (command.outputFormatHint !== undefined) warn(command.outputFormatHint);
  if (command.failOnHint !== undefined) warn(command.failOnHint);
  if (command.ruleSelectionHint !== undefined) warn(command.ruleSelectionHint);
  if (command.repeatedOptionsHint !== undefined) warn(command.repeatedOptionsHint);
  const stopDiscardingOnInterrupt = discardOutputsOnInterrupt(targets);
  let written = false;
  try {
    // Configuration is checked before scanning, so that a bad variable costs no scan.
    const config = command.publish ? await publishConfig(command, io.env) : undefined;
    const suppressions = config?.suppressions ?? (await environmentSuppressions(io.env));
    const windows = config ?? (await environmentWarningWindows(io.env));
    const clientOptions: AwsClientOptions = {
      ...optional('requestTimeoutMs', command.requestTimeoutMs),
      ...(command.profile === undefined
        ? {}
        : { credentials: aws.profileCredentials(command.profile, profileFiles) }),
    };
    const regions = command.allRegions
      ? await allEnabledRegions(command.homeRegion ?? 'us-east-1', clientOptions, aws)
      : command.regions;
    const scan = io.scan ?? (await import('../scan.ts')).runScan;
    // Many accounts: one session of the role per account, for its scan and its Security Hub.
    const many =
      command.accounts === undefined
        ? undefined
        : {
            scope: command.accounts,
            sessions: (await import('../organization/accounts.ts')).assumedRoleSessions(
              { name: command.accounts.roleName, externalId: command.accounts.externalId },
              homeRegionOf(command),
              clientOptions,
            ),
          };

    const progress =
      !command.quiet && canRewriteLines(io.stderr, io.env)
        ? createProgressLine(io.stderr)
        : undefined;
    let report: Report;
    try {
      const fromFile = file === undefined ? {} : await configFileScanOptions(file);
      // The file's settings under the command line's: flags win (regions, clusters and
      // windows of the file are in `command` already, below its flags, above the environment).
      const options: ScanOptions = {
        ...fromFile,
        ...scanOptions(command, regions, windows, progress?.update),
        suppressions,
        ...(command.profile === undefined ? {} : await clientsOf(clientOptions)),
      };
      report =
        many === undefined
          ? await scan(options)
          : await scanManyAccounts(command, many, options, clientOptions);
    } finally {
      progress?.clear();
    }
    const clustersHint = await assertClustersFound(report, command, (region, accountId) =>
      aws.listClusters(
        region,
        many === undefined
          ? clientOptions
          : { ...clientOptions, credentials: many.sessions(accountId) },
      ),
    );

    const shown = selectFindings(report, command);
    // The reports say it too (`selection`); -q leaves them to say it alone.
    if (shown.selection !== undefined && shown.findings.length < report.findings.length) {
      note(
        `${shown.findings.length} of ${report.findings.length} findings shown (${selectionOptions(shown.selection)})`,
      );
    }
    await writeReports(shown, targets, command, io, note);
    written = true;
    // The reports are whole: an interruption from here on leaves them.
    stopDiscardingOnInterrupt();
    // A table on standard output lists the warnings; anything else is read by a program or
    // lands in a file, so they are said here too. A file's unknown rule ids were said already.
    const tableOnStdout = targets.some(
      (target) => target.format === 'table' && target.path === undefined,
    );
    if (!tableOnStdout) {
      const fileWarned = (file?.warnings.length ?? 0) > 0;
      const unsaid = (report.warnings ?? []).filter(
        (warning) => !(fileWarned && warning.code === 'suppression-unknown-rule'),
      );
      const scopeOf = scopeLabel(report);
      for (const warning of unsaid.slice(0, MAX_WARNING_LINES)) {
        const scope = scopeOf(warning);
        warn(`${scope === undefined ? '' : `(${scope}) `}${warning.message}`);
      }
      if (unsaid.length > MAX_WARNING_LINES) {
        warn(`${unsaid.length - MAX_WARNING_LINES} more in the report's warnings`);
      }
    }
    const errorsWritten = targets.some((target) => FORMATS_WITH_ERRORS.has(target.format));
    if (command.accounts !== undefined) {
      const { roleName, externalId } = command.accounts;
      const stsRegion = homeRegionOf(command);
      for (const hint of unreachableAccountsHints(report, { roleName, externalId }, stsRegion)) {
        io.stderr.write(`${PROGRAM}: ${hint}\n`);
      }
    }
    if (clustersHint !== undefined) io.stderr.write(`${PROGRAM}: ${clustersHint}\n`);
    const disabledHint = disabledRegionsHint(report);
    if (disabledHint !== undefined) io.stderr.write(`${PROGRAM}: ${disabledHint}\n`);
    const code = exitCode(shown, command.failOn, io.stderr, note, errorsWritten);
    if (config === undefined) return code;
    // Delivered whole: Security Hub archives what a complete scan no longer finds, so a
    // selection of what to show must not decide what it keeps.
    const delivered = await publish(report, command, config, io, note, {
      clientOptions,
      ...optional('memberSessions', many?.sessions),
    });
    return delivered ? code : EXIT_CODES.incomplete;
  } finally {
    stopDiscardingOnInterrupt();
    if (!written) await discardOutputs(targets);
  }
}

/** Runs `action` with `variables` set in the process's environment, then puts them back. */
async function withEnvironment<T>(
  variables: Record<string, string>,
  action: () => Promise<T>,
): Promise<T> {
  const before = Object.fromEntries(
    Object.keys(variables).map((name) => [name, process.env[name]] as const),
  );
  Object.assign(process.env, variables);
  try {
    return await action();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Runs `action` with what libraries write to console.warn dropped unless `shown`, then puts it back. */
async function withConsoleWarnings<T>(shown: boolean, action: () => Promise<T>): Promise<T> {
  if (shown) return action();
  const warn = console.warn;
  console.warn = () => {};
  try {
    return await action();
  } finally {
    console.warn = warn;
  }
}

/** `--region all`: asked of EC2 in the region the environment or profile names, else us-east-1. */
async function allEnabledRegions(
  home: string,
  clientOptions: AwsClientOptions,
  aws: CliAws,
): Promise<string[]> {
  const regions = await aws.enabledRegions(home, clientOptions);
  if (regions.length === 0) throw new UsageError('--region all: the account has no region enabled');
  return regions;
}

/** Report warnings said on stderr at most; the report lists every one. */
const MAX_WARNING_LINES = 10;

/** What the configuration file sets of the scan's options (its suppressions above all). */
async function configFileScanOptions(file: LoadedConfigFile): Promise<Partial<ScanOptions>> {
  const { scanOptionsOf } = await import('../config-file/index.ts');
  return scanOptionsOf(file.config);
}

/**
 * Where the files the help names (docs/, deploy/, examples/, schema/) are: the package's
 * folder, two up from this module in the sources (src/cli/) and in the bundle (dist/cli/)
 * alike. An installed command's relative "docs/configuration.md" is otherwise nowhere to find.
 */
function shippedFilesLine(): string {
  return `\nThe files named above (docs/, deploy/, examples/, schema/) are in ${fileURLToPath(new URL('../../', import.meta.url))}\n`;
}

/** Clients of the SDK made with the profile's credentials. */
async function clientsOf(
  clientOptions: AwsClientOptions,
): Promise<Pick<ScanOptions, 'clientsFor'>> {
  const { createAwsClients } = await import('../collect/clients.ts');
  return { clientsFor: (region: string) => createAwsClients(region, clientOptions) };
}

/**
 * A cluster named on the command line that no scanned region has is a mistake of usage
 * (exit 2), not a failed scan: says so, with the clusters that do exist. One that some
 * region has is fine (the scan forgives the others' "not found"); one whose region could not
 * be asked stays an error of the scan (exit 3). So does one missing from every account
 * reached while some account was not: it may be there, so the same text comes back as a hint
 * for stderr. An ARN's account must be the one scanned.
 */
async function assertClustersFound(
  report: Report,
  command: ScanCommand,
  listClusters: (region: string, accountId: string) => Promise<string[]>,
): Promise<string | undefined> {
  for (const cluster of command.clusterArns ?? []) {
    if (!report.scope.accounts.includes(cluster.accountId)) {
      throw new UsageError(
        `--cluster '${cluster.arn}' is in account ${cluster.accountId}, but the credentials are of account ${report.scope.accounts.join(', ')}`,
      );
    }
  }
  // Each plain name in every region; each ARN (whose name is not also given plainly) in its
  // own region alone, whatever its namesakes elsewhere.
  const regions = report.scope.regions;
  const sought = [
    ...command.clusters.map((name) => ({ asked: name, name, where: regions })),
    ...confiningClusterArns(command).map((arn) => ({
      asked: arn.arn,
      name: arn.name,
      where: [arn.region],
    })),
  ];
  const notFound = await clustersNotFound(report, sought, listClusters, {
    namesAccounts: command.accounts !== undefined,
  });
  if (notFound === undefined) return undefined;
  const text = `${command.clustersSource ?? '--cluster'} ${notFound.missing.map(({ asked }) => `'${asked}'`).join(', ')}: ${notFound.detail}`;
  // An account whose role could not be assumed was not looked into: the cluster may be there.
  const unreached = report.scope.accounts.length - reachedAccounts(report).length;
  if (unreached > 0)
    return `${text}; not looked for in the ${plural(unreached, 'account')} not reached`;
  throw new UsageError(text);
}

/** Each account's session of the member role (--role-name). */
type MemberSessions = (accountId: string) => AwsCredentialIdentityProvider;

/** Where STS assumes the member role and Organizations is asked: the first region named. */
function homeRegionOf(command: ScanCommand): string {
  return command.regions[0] as string;
}

/** --role-name with --accounts or --organization: runScan per account, one merged report. */
async function scanManyAccounts(
  command: ScanCommand,
  { scope, sessions }: { scope: AccountsScope; sessions: MemberSessions },
  options: ScanOptions,
  clientOptions: AwsClientOptions,
): Promise<Report> {
  const [
    { callerAccountId, sessionClientsFor, listActiveAccounts, organizationsRefusal },
    { scanAccounts },
  ] = await Promise.all([import('../organization/accounts.ts'), import('../scan-accounts.ts')]);
  // The caller's own credentials and endpoint first: when they fail, every AssumeRole would,
  // and that is a setup problem (exit 2), not N unreachable accounts. --organization's
  // listing is that check already.
  if (scope.accountIds !== undefined) await callerAccountId(homeRegionOf(command), clientOptions);
  const accountIds =
    scope.accountIds ??
    (await listActiveAccounts(homeRegionOf(command), clientOptions).catch((error: unknown) => {
      const refusal = organizationsRefusal(error);
      // Said of Organizations, not of the endpoint: STS may well answer where it does not.
      const noAnswer = describeTimeout(error);
      if (refusal === undefined && noAnswer !== undefined) {
        throw new SetupError(
          `--organization: AWS Organizations gave ListAccounts ${noAnswer}. Check that this network reaches the Organizations endpoint (a proxy or VPC endpoint rule), or list the accounts with --accounts`,
          { cause: error },
        );
      }
      if (refusal === undefined) throw error;
      throw new SetupError(
        `--organization: cannot list the organization's accounts (${refusal.name}): ${refusal.message}${refusal.hint ? ` (${refusal.hint})` : ''}`,
        { cause: error },
      );
    }));
  if (accountIds.length === 0) throw new SetupError('--organization: no active account found');
  return scanAccounts(
    accountIds.map((accountId) => ({
      accountId,
      credentials: sessions(accountId),
      stsRegion: homeRegionOf(command),
      clientsFor: sessionClientsFor(sessions(accountId), clientOptions),
    })),
    options,
  );
}

async function publishConfig(command: ScanCommand, env: CliIo['env']): Promise<ScannerConfig> {
  const { loadConfig } = await import('../config.ts');
  let config: ScannerConfig;
  try {
    // The regions come from the command line, and the first is where it signs in (as for
    // every other call): the variables only have to name one.
    config = loadConfig({
      ...env,
      AWS_REGION: homeRegionOf(command),
      SCAN_REGIONS: command.regions.join(','),
    });
  } catch (error) {
    // Said in the command line's terms: its --region list, the first of which signs in.
    const message = (error as ConfigurationError).message
      .replace(/^SCAN_REGIONS:/, '--region:')
      .replace('(AWS_REGION)', '(the first --region)');
    throw new UsageError(`--publish: ${message}`, { cause: error });
  }
  if (config.snsTopicArn === undefined && !config.securityHub) {
    throw new UsageError(
      '--publish: nowhere to publish: set SNS_TOPIC_ARN and/or SECURITY_HUB_ENABLED=true',
    );
  }
  return config;
}

/**
 * Delivers the report; says on stderr what happened and returns false unless all of it went.
 * A report of many accounts goes into each account's own Security Hub, through its session of
 * the member role; the one SNS message goes with the caller's credentials.
 */
async function publish(
  report: Report,
  command: ScanCommand,
  config: ScannerConfig,
  io: CliIo,
  note: (text: string) => void,
  reach: {
    clientOptions: AwsClientOptions;
    memberSessions?: MemberSessions;
  },
): Promise<boolean> {
  const deliver =
    io.publish ??
    (async (options) => {
      const [{ publishReport }, { createPublishClients }] = await Promise.all([
        import('../publish/index.ts'),
        import('../publish/clients.ts'),
      ]);
      return publishReport({
        ...options,
        clients: createPublishClients(undefined, reach.clientOptions, reach.memberSessions),
      });
    });
  // Accounts named when the scan reached into others (--role-name), even just one.
  const manyAccounts = command.accounts !== undefined;
  const hubName = (accountId: string, region: string) =>
    `Security Hub ${manyAccounts ? `${accountId} ${region}` : region}`;
  let result: PublishResult;
  try {
    result = await deliver({
      report,
      config,
      onSecurityHubError: (region, error, accountId) =>
        io.stderr.write(
          `${PROGRAM}: ${hubName(accountId, region)}: not updated: ${describeUnexpected(error)}\n`,
        ),
      ...(clusterNames(command).length > 0 ? { clusters: clusterNames(command) } : {}),
      // A region's hub is asked only of the clusters looked for there (ARNs are in one region).
      ...clustersByRegion(command, report.scope.regions),
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
    const line = `${hubName(hub.accountId, hub.region)}: ${hub.imported} imported, ${hub.archived} archived, ${hub.failed.length} failed${hub.archivingDone ? '' : ' (scan incomplete: nothing archived)'}`;
    // A failure is an error, which --quiet still shows, with why; a full success only a note.
    if (hub.failed.length > 0)
      io.stderr.write(`${PROGRAM}: ${line}: ${describeRefusals(hub.failed)}\n`);
    else note(line);
    if (hub.failed.length > 0) complete = false;
  }
  // Every account the scan reached, in every region (one it could not reach is an error of
  // the report already, and the scan's exit code says so).
  const synced = new Set(result.securityHub.map((hub) => `${hub.accountId}/${hub.region}`));
  const unsynced = reachedAccounts(report).some((accountId) =>
    report.scope.regions.some((region) => !synced.has(`${accountId}/${region}`)),
  );
  if (config.securityHub && unsynced) {
    io.stderr.write(
      `${PROGRAM}: Security Hub could not be updated in every ${manyAccounts ? 'account and region' : 'region'}\n`,
    );
    complete = false;
  }
  const { notification } = result;
  // The decision's own words start "Notifying: " or "Not notifying: ", which this line says.
  const why = notification.reason.replace(/^(?:Not notifying|Notifying): /, '');
  note(`notification ${notification.sent ? 'sent' : 'not sent'}: ${why}`);
  return complete;
}

/** `{ key: value }`, or nothing when the value is undefined (optional properties stay absent). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** Every cluster name the command line asks for, ARNs' included. */
function clusterNames(command: ScanCommand): string[] {
  return [
    ...new Set([...command.clusters, ...(command.clusterArns ?? []).map(({ name }) => name)]),
  ];
}

/**
 * With --cluster ARNs, each region gets the names and the clusters whose ARN is in it; else
 * every region gets the names (none: every cluster).
 */
function clustersByRegion(
  command: ScanCommand,
  regions: readonly string[],
): Pick<ScanOptions, 'clustersByRegion'> {
  const arns = command.clusterArns ?? [];
  if (arns.length === 0) return {};
  return {
    clustersByRegion: Object.fromEntries(
      regions.map((region) => [
        region,
        [
          ...new Set([
            ...command.clusters,
            ...arns.filter((arn) => arn.region === region).map(({ name }) => name),
          ]),
        ],
      ]),
    ),
  };
}

/**
 * The --cluster ARNs whose name is not also given plainly: their "not found" stands whatever
 * another region holds under that name (a plain name is looked for everywhere as given).
 */
function confiningClusterArns(command: ScanCommand): ClusterArn[] {
  return (command.clusterArns ?? []).filter(({ name }) => !command.clusters.includes(name));
}

function scanOptions(
  command: ScanCommand,
  regions: string[],
  windows: Partial<WarningWindows>,
  onProgress: ScanOptions['onProgress'],
): ScanOptions {
  const confining = confiningClusterArns(command);
  return {
    regions,
    clusters: clusterNames(command),
    ...clustersByRegion(command, regions),
    ...(confining.length === 0 ? {} : { clusterArns: confining }),
    ...(command.now === undefined ? {} : { now: command.now }),
    ...optional('targetVersion', command.targetVersion),
    ...optional(
      'endOfSupportWarningDays',
      command.endOfSupportWarningDays ?? windows.endOfSupportWarningDays,
    ),
    ...optional(
      'amiExpiryWarningDays',
      command.amiExpiryWarningDays ?? windows.amiExpiryWarningDays,
    ),
    ...optional('requestTimeoutMs', command.requestTimeoutMs),
    ...(onProgress === undefined ? {} : { onProgress }),
  };
}

/** Each format where it goes: coloured only on standard output, as the terminal allows. */
async function writeReports(
  report: Report,
  targets: readonly OutputTarget[],
  command: ScanCommand,
  io: CliIo,
  note: (text: string) => void,
): Promise<void> {
  for (const target of targets) {
    if (target.path === undefined) {
      const terminal = io.stdout.isTTY === true;
      const pieces = render(report, target.format, command, {
        color: useColor(io.stdout, io.env, command.noColor === true),
        width: terminal && io.stdout.columns ? io.stdout.columns : DEFAULT_TABLE_WIDTH,
      });
      for (const piece of pieces) io.stdout.write(piece);
      continue;
    }
    const pieces = render(report, target.format, command, {
      color: false,
      width: DEFAULT_TABLE_WIDTH,
    });
    await writeOutput({ ...target, path: target.path }, pieces);
    note(`report written to ${target.path}`);
  }
}

/** One format's text, in pieces; the table lists suppressed findings only with --show-suppressed. */
function render(
  report: Report,
  format: OutputTarget['format'],
  command: ScanCommand,
  table: { color: boolean; width: number },
): Iterable<string> {
  if (format === 'table') {
    return [formatTable(report, { ...table, showSuppressed: command.showSuppressed === true })];
  }
  return formatReportChunks(report, format, { ...table, ...optional('failOn', command.failOn) });
}

/** The formats that carry the scan's errors: CSV rows and OCSF events are findings only. */
const FORMATS_WITH_ERRORS: ReadonlySet<string> = new Set([
  'table',
  'json',
  'html',
  'sarif',
  'junit',
]);
/** Accounts or regions a hint on stderr names before counting the rest; the report lists every one. */
const MAX_HINTED = 5;

/** "a, b, c, d, e and 3 more": the first MAX_HINTED of a hint's accounts or regions. */
function firstOf(items: readonly string[]): string {
  const more = items.length - MAX_HINTED;
  return `${items.slice(0, MAX_HINTED).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * AssumeRole failures that say nothing of the role: STS gave no answer in time, throttled the
 * caller, failed on its side, or the network did (a system code such as ECONNRESET). Asking
 * the operator to check the role's trust policy would send them the wrong way.
 */
const STS_UNANSWERED =
  /^(TimeoutError|AbortError|RequestTimeout(Exception)?|Throttling(Exception)?|RequestLimitExceeded|TooManyRequestsException|InternalFailure|InternalError|ServiceUnavailable(Exception)?|IDPCommunicationError|HTTP 5\d\d|E[A-Z0-9_]+)$/;

/**
 * What to check when the role could not be assumed in some accounts: the same cause (a role
 * not deployed there, a trust policy without the caller, a misspelt --role-name) fails each
 * account on its own, and AWS's message names none of them. STS is asked in the first
 * --region: an account that has not enabled it refuses there, whatever its role.
 */
function unreachableAccountsHints(
  report: Report,
  { roleName, externalId }: { roleName: string; externalId?: string | undefined },
  stsRegion: string,
): string[] {
  const accountsWhere = (matches: (code: string) => boolean) => [
    ...new Set(
      report.errors.flatMap((error) =>
        error.operation === 'AssumeRole' && error.accountId !== undefined && matches(error.code)
          ? [error.accountId]
          : [],
      ),
    ),
  ];
  const listed = (accounts: readonly string[]) =>
    `${plural(accounts.length, 'account')} (${firstOf(accounts)})`;
  const hints: string[] = [];
  const refused = accountsWhere(
    (code) => code !== STS_REGION_DISABLED && !STS_UNANSWERED.test(code),
  );
  if (refused.length > 0) {
    const every = report.scope.accounts.length > 1 ? 'every account: ' : '';
    const all =
      refused.length === report.scope.accounts.length
        ? ` (${every}is --role-name spelt right?)`
        : '';
    // A wrong external id is refused just as a caller the trust policy does not name.
    const admits =
      externalId === undefined
        ? 'admits the caller'
        : 'admits the caller with the --external-id given (its sts:ExternalId condition)';
    hints.push(
      `role ${roleName} could not be assumed in ${listed(refused)}${all}: check that it exists there (deploy/member-role.yaml) and that its trust policy ${admits}`,
    );
  }
  const unanswered = accountsWhere((code) => STS_UNANSWERED.test(code));
  if (unanswered.length > 0) {
    const codes = [
      ...new Set(
        report.errors.flatMap((error) =>
          error.operation === 'AssumeRole' && STS_UNANSWERED.test(error.code) ? [error.code] : [],
        ),
      ),
    ];
    hints.push(
      `role ${roleName} could not be assumed in ${listed(unanswered)}: STS did not answer in time or failed (${codes.join(', ')}), which says nothing of the role there: scan again later, with a longer --request-timeout if it timed out`,
    );
  }
  const regionDisabled = accountsWhere((code) => code === STS_REGION_DISABLED);
  if (regionDisabled.length > 0) {
    hints.push(
      `role ${roleName} could not be assumed in ${listed(regionDisabled)}: STS is asked in the first --region, ${stsRegion}, which they have not enabled; put first a region every account has enabled`,
    );
  }
  return hints;
}

/**
 * The regions whose calls were refused as AWS refuses valid credentials in a region the
 * account has not enabled (they worked elsewhere: a report was made). The first region named
 * gets that hint from the setup failure; the others get it here. The first call there is
 * ListClusters, or DescribeCluster for the clusters --cluster names.
 */
function disabledRegionsHint(report: Report): string | undefined {
  const manyAccounts = report.scope.accounts.length > 1;
  // "account region" each: the account said only when there are several.
  const places = [...refusedRegions(report.errors)].map((place) =>
    manyAccounts ? place : place.slice(place.indexOf(' ') + 1),
  );
  if (places.length === 0) return undefined;
  return `AWS refused the credentials in ${firstOf(places)}, as it does in a region the account has not enabled: enable it, or leave it out of --region`;
}

/** Errors said on stderr when no report written carries them; the rest counted. */
const MAX_ERROR_LINES = 10;

function exitCode(
  report: Report,
  failOn: Severity | undefined,
  stderr: OutputStream,
  note: (text: string) => void,
  errorsWritten: boolean,
): number {
  if (!report.complete) {
    const count = plural(report.errors.length, 'error');
    if (errorsWritten) {
      stderr.write(`${PROGRAM}: the scan is incomplete (${count}, listed in the report)\n`);
      return EXIT_CODES.incomplete;
    }
    // Nowhere else to read them: said here, as the table would say them.
    const manyAccounts = report.scope.accounts.length > 1;
    for (const error of report.errors.slice(0, MAX_ERROR_LINES)) {
      stderr.write(
        `${PROGRAM}: error: ${oneLine(`${error.operation}${errorPlace(error, manyAccounts)}: ${error.code}: ${firstLine(error.message)}`)}\n`,
      );
    }
    const more = report.errors.length - MAX_ERROR_LINES;
    stderr.write(
      `${PROGRAM}: the scan is incomplete (${count}${more > 0 ? `, ${more} not shown: --format json has them all` : ''})\n`,
    );
    return EXIT_CODES.incomplete;
  }
  if (failOn === undefined) return EXIT_CODES.ok;
  const atOrAbove = SEVERITIES.filter((severity) => severityRank(severity) <= severityRank(failOn));
  const count = report.findings.filter(
    (finding) => !finding.suppressed && atOrAbove.includes(finding.severity),
  ).length;
  if (count === 0) return EXIT_CODES.ok;
  note(`${count} finding${count === 1 ? '' : 's'} at or above ${failOn} (--fail-on)`);
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
