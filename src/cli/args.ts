import { parseArgs } from 'node:util';
import { closeMatches } from '../close-matches.ts';
import { CLUSTER_NAME, clusterArnParts } from '../cluster-names.ts';
import type { ConfigFile } from '../config-file/types.ts';
import { RULES } from '../evaluate/rules/index.ts';
import { SEVERITIES, type Severity } from '../evaluate/types.ts';
import { parseTargetVersion, TargetVersionError } from '../evaluate/upgrade.ts';
import { EXTERNAL_ID, ROLE_NAME } from '../member-role.ts';
import {
  assertKnownRegion,
  isKnownRegion,
  parseRegionList,
  partitionOf,
  RegionListError,
  regionInAnotherPartition,
} from '../regions.ts';
import { severityRank } from '../report/build.ts';
import { formatOfFileName, REPORT_FORMATS, type ReportFormat } from '../report/format/index.ts';
import { MAX_WARNING_DAYS, PROGRAM } from './constants.ts';
import { UsageError } from './errors.ts';
import { NO_SHARED_CONFIG, type SharedConfig } from './shared-config.ts';

export interface ScanCommand {
  /** Empty only with `allRegions`: the regions are listed at scan time. */
  regions: string[];
  /** `--region all`: every region enabled in the account (EC2 DescribeRegions). */
  allRegions?: true;
  /** With `allRegions`: where EC2 is asked, the environment's or profile's region if any. */
  homeRegion?: string;
  /** Cluster names; each is looked for in every scanned region. */
  clusters: string[];
  /** Clusters named by ARN: each is looked for in its own region only. */
  clusterArns?: ClusterArn[];
  /** Where the clusters were named when not by --cluster: "scanner.yaml: clusters". */
  clustersSource?: string;
  /** Said on stderr: --output's file name asks for another format than the one written. */
  outputFormatHint?: string;
  /** Said on stderr: --severity shows nothing that --fail-on could fail on. */
  failOnHint?: string;
  /** Said on stderr: --exclude-rule takes out every rule --rule names, so nothing shows. */
  ruleSelectionHint?: string;
  /** Said on stderr: an option that takes one value was given several, and the last counts. */
  repeatedOptionsHint?: string;
  /** One format, or several with `outputDir`. */
  formats: ReportFormat[];
  /** A file, or `-` for standard output. */
  output?: string;
  /** Several formats: one file each, `eks-windows-scanner-report.<ext>` in this directory. */
  outputDir?: string;
  /** Undefined: findings never change the exit code. */
  failOn?: Severity;
  now?: Date;
  endOfSupportWarningDays?: number;
  amiExpiryWarningDays?: number;
  /** Deliver to SNS and Security Hub as configured by the environment (SPEC 2.4). */
  publish: boolean;
  /** Longest time one AWS call may take. */
  requestTimeoutMs?: number;
  /** Scan these accounts through a role assumed in each, instead of the caller's account. */
  accounts?: AccountsScope;
  /** `--profile`: credentials from this profile of the shared AWS files. */
  profile?: string;
  /** Shown findings (and the exit code): these severities only. */
  severities?: Severity[];
  /** Shown findings (and the exit code): these rules only. */
  rules?: string[];
  /** Shown findings (and the exit code): not these rules. */
  excludeRules?: string[];
  /** Errors only on stderr: no progress, no notes. */
  quiet?: true;
  /** `--no-color`: never colour, whatever the terminal and FORCE_COLOR say. */
  noColor?: true;
  /** `--show-suppressed`: the table lists suppressed findings with their reason. */
  showSuppressed?: true;
  /** `--target-version 1.36`: upgrade readiness for this Kubernetes version. */
  targetVersion?: string;
}

export interface ClusterArn {
  arn: string;
  name: string;
  region: string;
  accountId: string;
}

export interface AccountsScope {
  roleName: string;
  /** --external-id: the `sts:ExternalId` the role's trust policy requires. */
  externalId?: string;
  /** The accounts named by --accounts; absent with --organization (listed at scan time). */
  accountIds?: string[];
}

export const RULES_FORMATS = ['table', 'json'] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];

export interface RulesCommand {
  format: RulesFormat;
}

/** What `--help` or `help` is asked about: the scan (the whole help) or `rules`. */
export type HelpTopic = 'scan' | 'rules';

export type Command =
  | { kind: 'help'; topic: HelpTopic }
  | { kind: 'version' }
  | { kind: 'rules'; rules: RulesCommand }
  | { kind: 'scan'; scan: ScanCommand };

const OPTIONS = {
  region: { type: 'string', multiple: true },
  cluster: { type: 'string', multiple: true },
  format: { type: 'string', multiple: true },
  output: { type: 'string' },
  'output-dir': { type: 'string' },
  publish: { type: 'boolean' },
  'fail-on': { type: 'string' },
  severity: { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  'exclude-rule': { type: 'string', multiple: true },
  profile: { type: 'string' },
  config: { type: 'string' },
  'show-suppressed': { type: 'boolean' },
  now: { type: 'string' },
  'target-version': { type: 'string' },
  'end-of-support-warning-days': { type: 'string' },
  'ami-expiry-warning-days': { type: 'string' },
  'request-timeout': { type: 'string' },
  'role-name': { type: 'string' },
  'external-id': { type: 'string' },
  accounts: { type: 'string', multiple: true },
  organization: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** What the `rules` command reads; every other option belongs to `scan`. */
export const RULES_OPTIONS: ReadonlySet<OptionName> = new Set([
  'format',
  'quiet',
  'no-color',
  'help',
]);

const COMMANDS = "expected 'scan', 'rules' or 'help'";

export { MAX_WARNING_DAYS };

/** What the command line asks of a configuration file, before the file is read. */
export interface ConfigFileArgument {
  /** Only `scan` reads a configuration file (not `rules`, `--help` or `--version`). */
  scan: boolean;
  /** `--config FILE`; absent: the default file, when present. */
  path?: string;
}

/**
 * The `--config` of a command line, read before the rest (which needs the file's values):
 * throws UsageError for a command line that cannot be parsed at all, as parseCommandLine would.
 */
export function configFileArgument(argv: readonly string[]): ConfigFileArgument {
  const { values, positionals } = parseStrict(argv);
  const scan = !values.help && !values.version && positionals[0] === 'scan';
  if (values.config === undefined) return { scan };
  if (values.config.trim() === '') throw new UsageError('--config needs a file name');
  return { scan, path: values.config };
}

/**
 * Reads the command line; throws UsageError naming the bad value. `shared` is what the shared
 * AWS config and credentials files hold: the profile's region, and whether a profile exists.
 * `file` is the configuration file (--config, or the default one): what it sets applies when
 * the command line does not say (flags, then the file, then the environment and profile).
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  shared: SharedConfig = NO_SHARED_CONFIG,
  file?: ConfigFile,
  /** The configuration file as the user named it, for messages about what it says. */
  fileName?: string,
): Command {
  const { values, positionals, repeated } = parseStrict(argv);
  // `rules --help`, `help rules`: the help of the command named; `--help`, `help`: all of it.
  if (values.help) return { kind: 'help', topic: positionals[0] === 'rules' ? 'rules' : 'scan' };
  if (positionals[0] === 'help') return { kind: 'help', topic: helpTopicOf(positionals.slice(1)) };
  if (values.version) return { kind: 'version' };

  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError(`missing command: ${COMMANDS}`);
  if (command !== 'scan' && command !== 'rules') {
    const [meant] = closeMatches(command, ['scan', 'rules', 'help'], 1);
    const hint = meant === undefined ? '' : ` (did you mean ${meant}?)`;
    throw new UsageError(`unknown command '${command}'${hint}: ${COMMANDS}`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  if (command === 'rules') return { kind: 'rules', rules: parseRulesCommand(values) };

  const formatsFromFile = values.format === undefined && file?.formats !== undefined;
  const formats = parseFormats(values.format ?? file?.formats);
  const clusterArgs = unique(
    (values.cluster ?? file?.clusters ?? [])
      .flatMap((value) => value.split(','))
      .map((value) => value.trim()),
  );
  const clusterArns = clusterArgs.filter((value) => value.startsWith('arn:')).map(parseClusterArn);
  // What the messages on cluster ARNs name: the flags, or the file's keys the user wrote.
  const named = {
    clusters:
      values.cluster === undefined && file?.clusters !== undefined
        ? `clusters in ${fileName ?? file.source}`
        : '--cluster',
    regions:
      values.region === undefined && file?.regions !== undefined
        ? `regions in ${fileName ?? file.source}`
        : '--region',
  };
  // Said first: the other checks of ARNs would send the user elsewhere.
  if (clusterArns.length > 0 && values['role-name'] !== undefined) {
    throw clusterArnWithRoleName(named.clusters);
  }
  const clusters = clusterArgs.filter((value) => !value.startsWith('arn:')).map(parseCluster);
  const profile = parseProfile(values.profile, env, shared);
  const scan: ScanCommand = {
    ...parseRegions(values.region ?? file?.regions, env, shared, profile, clusterArns, clusters),
    clusters,
    formats,
    publish: values.publish === true,
  };
  if (values.cluster === undefined && file?.clusters !== undefined && fileName !== undefined) {
    scan.clustersSource = `${fileName}: clusters`;
  }
  // `--output report.json` without a format writes the table, as it always has: said, since
  // the file's name asks for another format.
  const namedFormat = values.output === undefined ? undefined : formatOfFileName(values.output);
  if (
    values.format === undefined &&
    file?.formats === undefined &&
    namedFormat &&
    namedFormat !== 'table'
  ) {
    scan.outputFormatHint = `--output ${values.output} gets the table, the default format: add --format ${namedFormat} to write ${namedFormat}`;
  }
  if (clusterArns.length > 0) {
    scan.clusterArns = clusterArns;
    assertEveryRegionHasACluster(scan, named);
  }
  if (values.profile !== undefined) scan.profile = values.profile;
  Object.assign(
    scan,
    parseOutputs(
      formats,
      values.output,
      values['output-dir'],
      formatsFromFile ? `formats ${formats.join(',')} of ${file?.source}` : undefined,
    ),
  );
  if (values['fail-on'] !== undefined) scan.failOn = parseSeverity('--fail-on', values['fail-on']);
  else if (file?.failOn !== undefined) scan.failOn = file.failOn;
  if (values.severity !== undefined) scan.severities = parseSeverities(values.severity);
  if (scan.failOn !== undefined && scan.severities !== undefined) {
    const failOnSource =
      values['fail-on'] === undefined ? `failOn ${scan.failOn} of ${file?.source}` : undefined;
    scan.failOnHint = failOnHintOf(scan.failOn, scan.severities, failOnSource);
  }
  if (values.rule !== undefined) scan.rules = parseRuleIds('--rule', values.rule);
  if (values['exclude-rule'] !== undefined) {
    scan.excludeRules = parseRuleIds('--exclude-rule', values['exclude-rule']);
  }
  if (repeated.length > 0) {
    // Values unsaid: --external-id's may be a secret.
    scan.repeatedOptionsHint = `${repeated.join(', ')} given more than once: the last value counts`;
  }
  const excluded = new Set(scan.excludeRules ?? []);
  if (scan.rules?.every((rule) => excluded.has(rule))) {
    scan.ruleSelectionHint = `--exclude-rule takes out every rule --rule names (${scan.rules.join(', ')}): no finding can be shown, and none can fail the scan`;
  }
  if (values.now !== undefined) scan.now = parseNow(values.now);
  if (values['target-version'] !== undefined) {
    scan.targetVersion = parseTargetVersionOption(values['target-version']);
  }
  const endOfSupport = values['end-of-support-warning-days'];
  if (endOfSupport !== undefined) {
    scan.endOfSupportWarningDays = parseDays('--end-of-support-warning-days', endOfSupport);
  } else if (file?.endOfSupportWarningDays !== undefined) {
    scan.endOfSupportWarningDays = file.endOfSupportWarningDays;
  }
  const amiExpiry = values['ami-expiry-warning-days'];
  if (amiExpiry !== undefined) {
    scan.amiExpiryWarningDays = parseDays('--ami-expiry-warning-days', amiExpiry);
  } else if (file?.amiExpiryWarningDays !== undefined) {
    scan.amiExpiryWarningDays = file.amiExpiryWarningDays;
  }
  const requestTimeout = values['request-timeout'];
  if (requestTimeout !== undefined) scan.requestTimeoutMs = parseTimeout(requestTimeout);
  if (values.quiet) scan.quiet = true;
  if (values['no-color']) scan.noColor = true;
  if (values['show-suppressed']) scan.showSuppressed = true;
  const accounts = parseAccountsScope(
    values['role-name'],
    values.accounts,
    values.organization,
    values['external-id'],
  );
  if (accounts !== undefined) {
    if (scan.allRegions) {
      throw new UsageError(
        '--region all does not work with --role-name: each account enables its own regions; name them with --region',
      );
    }
    if (clusterArns.length > 0) throw clusterArnWithRoleName(named.clusters);
    scan.accounts = accounts;
  }
  return { kind: 'scan', scan };
}

/**
 * --fail-on judges only the findings --severity shows: when it shows none at or above the
 * threshold, the exit code can never be 1. Said, not refused: the options mean what they say.
 */
function failOnHintOf(
  failOn: Severity,
  severities: readonly Severity[],
  fromFile: string | undefined,
): string | undefined {
  const threshold = severityRank(failOn);
  if (severities.some((severity) => severityRank(severity) <= threshold)) return undefined;
  return `${fromFile ?? `--fail-on ${failOn}`} can never fail this scan: --severity ${severities.join(',')} shows no finding at or above ${failOn}, and only shown findings are judged`;
}

/** `clusters`: where the ARN was written, `--cluster` or the configuration file's key. */
function clusterArnWithRoleName(clusters: string): UsageError {
  const what = clusters === '--cluster' ? '--cluster ARN' : `a cluster ARN (${clusters})`;
  return new UsageError(`${what} does not work with --role-name: name the cluster instead`);
}

type ParsedValues = ReturnType<typeof parseStrict>['values'];

/** `help`, `help scan`, `help rules`: the command whose help is asked for. */
function helpTopicOf(words: readonly string[]): HelpTopic {
  const [topic, ...extra] = words;
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  if (topic === undefined || topic === 'scan') return 'scan';
  if (topic === 'rules') return 'rules';
  throw new UsageError(`no help for '${topic}': expected 'help', 'help scan' or 'help rules'`);
}

function parseRulesCommand(values: ParsedValues): RulesCommand {
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && !RULES_OPTIONS.has(name as OptionName)) {
      throw new UsageError(`--${name} does not apply to 'rules' (only --format table|json)`);
    }
  }
  const given = values.format ?? ['table'];
  const format = RULES_FORMATS.find((candidate) => candidate === given.join(',').toLowerCase());
  if (format === undefined) {
    throw new UsageError(
      `invalid --format '${given.join(',')}' for 'rules': expected ${RULES_FORMATS.join(' or ')}`,
    );
  }
  return { format };
}

const ACCOUNT_ID = /^\d{12}$/;

function parseAccountsScope(
  roleName: string | undefined,
  accounts: readonly string[] | undefined,
  organization: boolean | undefined,
  externalId: string | undefined,
): AccountsScope | undefined {
  const accountIds = unique(
    (accounts ?? []).flatMap((list) => list.split(',')).map((id) => id.trim()),
  );
  const named = accounts !== undefined;
  if (roleName === undefined) {
    if (named || organization || externalId !== undefined) {
      const option = named ? '--accounts' : organization ? '--organization' : '--external-id';
      throw new UsageError(`${option} needs --role-name: the role to assume in each account`);
    }
    return undefined;
  }
  // Not echoed: the role's shared condition has no business in a terminal's scrollback.
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw new UsageError(
      'invalid --external-id: expected 2 to 1,224 of letters, digits and +=,.@:/-_',
    );
  }
  const role = { roleName, ...(externalId === undefined ? {} : { externalId }) };
  if (!ROLE_NAME.test(roleName)) {
    const name = /^arn:[^:]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(roleName)?.[1];
    const why =
      name !== undefined
        ? `pass the role's name (${name}), not its ARN`
        : roleName.includes('/')
          ? "pass the role's name alone: roles under an IAM path are not supported"
          : 'not an IAM role name';
    throw new UsageError(`invalid --role-name '${roleName}': ${why}`);
  }
  if (named && organization) {
    throw new UsageError('--accounts and --organization exclude each other: pass one');
  }
  if (organization) return role;
  if (!named) {
    throw new UsageError('--role-name needs --accounts ID,... or --organization');
  }
  if (accountIds.includes('')) {
    throw new UsageError('invalid --accounts: an empty entry (two commas, or one at an end)');
  }
  const invalid = accountIds.find((id) => !ACCOUNT_ID.test(id));
  if (invalid !== undefined || accountIds.length === 0) {
    throw new UsageError(
      `invalid --accounts '${invalid ?? ''}': expected 12-digit AWS account ids, comma-separated`,
    );
  }
  return { ...role, accountIds };
}

/** Longest --request-timeout: a Lambda invocation's whole 15 minutes. */
const MAX_REQUEST_TIMEOUT_SECONDS = 900;

function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(?:\.\d+)?$/.test(value) || seconds <= 0 || seconds > MAX_REQUEST_TIMEOUT_SECONDS) {
    throw new UsageError(
      `invalid --request-timeout '${value}': expected seconds, more than 0 and at most ${MAX_REQUEST_TIMEOUT_SECONDS}`,
    );
  }
  return Math.round(seconds * 1000);
}

/**
 * The options and positionals, and the options of one value given several times (Node keeps
 * the last): a line built from a template plus a flag appended silently overrides otherwise.
 */
function parseStrict(argv: readonly string[]) {
  let parsed: ReturnType<typeof parseWithTokens>;
  try {
    parsed = parseWithTokens(argv);
  } catch (error) {
    throw new UsageError(describeParseError(error), { cause: error });
  }
  const counts = new Map<string, number>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    const option = OPTIONS[token.name as keyof typeof OPTIONS];
    if ('multiple' in option) continue;
    counts.set(token.name, (counts.get(token.name) ?? 0) + 1);
  }
  const repeated = [...counts].flatMap(([name, count]) => (count > 1 ? [`--${name}`] : []));
  return { values: parsed.values, positionals: parsed.positionals, repeated };
}

function parseWithTokens(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: true,
    allowPositionals: true,
    tokens: true,
  });
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1];
    if (option !== undefined) {
      // Node names the option alone, without any `=value` (a value may be a secret).
      const known = Object.keys(OPTIONS).map((key) => `--${key}`);
      const close = option.startsWith('--') ? closeMatches(option, known) : [];
      const hint = close.length > 0 ? ` (did you mean ${close.join(', ')}?)` : '';
      return `unknown option '${option}'${hint}`;
    }
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && message.includes('ambiguous')) {
    const option = /'([^']+)'/.exec(message)?.[1] ?? 'the option';
    return `${option} needs a value (to pass one that starts with a dash, write ${option}=VALUE)`;
  }
  // The option given last, without its value: Node says "Option '-o, --output <value>'
  // argument missing"; said as the value before another option is.
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && message.includes('argument missing')) {
    const option = /--[\w-]+/.exec(message)?.[0];
    if (option !== undefined) return `${option} needs a value`;
  }
  // Node's messages start with a capital and may add hint sentences; keep the first.
  const first = message.split(/\.\s/)[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** `--format a,b` and `--format a --format b` alike, each once, in order. */
function parseFormats(given: readonly string[] | undefined): ReportFormat[] {
  const names = splitList(given ?? ['table']);
  if (names.length === 0) throw new UsageError('--format needs a format name');
  return unique(
    names.map((value) => {
      const format = value.toLowerCase();
      const known = REPORT_FORMATS.find((candidate) => candidate === format);
      if (known === undefined) {
        throw new UsageError(
          `invalid --format '${value}': expected one of ${REPORT_FORMATS.join(', ')}`,
        );
      }
      return known;
    }),
  );
}

function parseOutputs(
  formats: readonly ReportFormat[],
  output: string | undefined,
  outputDir: string | undefined,
  /** Where the formats come from when not --format (a configuration file), for messages. */
  formatsFrom?: string,
): Pick<ScanCommand, 'output' | 'outputDir'> {
  if (output === '') throw new UsageError('--output needs a file name (or - for standard output)');
  if (outputDir === '') throw new UsageError('--output-dir needs a directory');
  if (output !== undefined && outputDir !== undefined) {
    throw new UsageError('--output and --output-dir exclude each other: pass one');
  }
  if (outputDir !== undefined) return { outputDir };
  if (formats.length > 1) {
    throw new UsageError(
      `${formatsFrom ?? `--format ${formats.join(',')}`}: several formats need --output-dir DIR (one file each)${formatsFrom === undefined ? '' : ', or pass --format'}`,
    );
  }
  return output === undefined ? {} : { output };
}

function parseRegions(
  given: readonly string[] | undefined,
  env: Record<string, string | undefined>,
  shared: SharedConfig,
  profile: string,
  clusterArns: readonly ClusterArn[],
  clusterNames: readonly string[],
): Pick<ScanCommand, 'regions' | 'allRegions' | 'homeRegion'> {
  const arnRegions = unique(clusterArns.map((cluster) => cluster.region));
  const configured = () => configuredRegion(env, shared, profile);
  if (given !== undefined && given.length > 0) {
    const named = splitList(given);
    if (named.some((region) => region.toLowerCase() === 'all')) {
      if (named.length > 1) {
        throw new UsageError('--region all takes no other region: pass one or the other');
      }
      if (arnRegions.length > 0) {
        throw new UsageError('--region all and --cluster ARN exclude each other');
      }
      const home = configured();
      return { regions: [], allRegions: true, ...(home === undefined ? {} : { homeRegion: home }) };
    }
    return onePartition(unique([...regionList(named, '--region'), ...arnRegions]));
  }
  // A cluster's ARN says where it is: no other region is needed, unless plain names are given
  // too, which are looked for in the default region as well as in the ARNs' (when it is of
  // their partition: the credentials reach one).
  if (arnRegions.length > 0) {
    const regions = onePartition(arnRegions);
    const home = clusterNames.length > 0 ? configured() : undefined;
    if (home === undefined || partitionOf(home) !== partitionOf(arnRegions[0] as string)) {
      return regions;
    }
    return { regions: unique([home, ...regions.regions]) };
  }
  const region = configured();
  if (region !== undefined) return { regions: [region] };
  throw new UsageError(
    `no region to scan: pass --region, set AWS_REGION or a region in the AWS profile '${profile}'`,
  );
}

/**
 * The regions, when they are of one partition: one set of credentials reaches one partition
 * only (aws, aws-cn, aws-us-gov), so the other's regions would all fail.
 */
function onePartition(regions: string[]): { regions: string[] } {
  const [first] = regions;
  const elsewhere = first === undefined ? undefined : regionInAnotherPartition(regions, first);
  if (first !== undefined && elsewhere !== undefined) {
    throw new UsageError(
      `${first} is in the ${partitionOf(first)} partition and ${elsewhere} in ${partitionOf(elsewhere)}: credentials reach one partition only; scan each partition on its own`,
    );
  }
  return { regions };
}

/**
 * The region the environment names (AWS_REGION, then AWS_DEFAULT_REGION), else the profile's
 * (`region` in the shared config file), as the AWS CLI reads them; checked like --region.
 */
function configuredRegion(
  env: Record<string, string | undefined>,
  shared: SharedConfig,
  profile: string,
): string | undefined {
  for (const variable of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const region = env[variable]?.trim();
    if (region) return knownRegion(region, variable);
  }
  const profileRegion = shared.configFile[profile]?.region?.trim();
  if (profileRegion) return knownRegion(profileRegion, `region of profile '${profile}'`);
  return undefined;
}

function regionList(regions: readonly string[], field: string): string[] {
  try {
    return parseRegionList(regions, field);
  } catch (error) {
    if (error instanceof RegionListError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

function knownRegion(region: string, field: string): string {
  try {
    assertKnownRegion(region, field);
  } catch (error) {
    if (error instanceof RegionListError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
  return region;
}

/**
 * The profile in use: --profile, else AWS_PROFILE, else `default`. One that is named (flag or
 * variable) must exist in the shared files, or the SDK would only say "no credentials".
 */
function parseProfile(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  shared: SharedConfig,
): string {
  const fromEnv = env.AWS_PROFILE?.trim();
  const [profile, source] =
    flag !== undefined
      ? [flag, '--profile']
      : fromEnv
        ? [fromEnv, 'AWS_PROFILE']
        : ['default', undefined];
  if (source === undefined || !shared.loaded) return profile;
  if (profile.trim() === '') throw new UsageError('--profile needs a profile name');
  if (shared.configFile[profile] === undefined && shared.credentialsFile[profile] === undefined) {
    const known = unique([
      ...Object.keys(shared.configFile),
      ...Object.keys(shared.credentialsFile),
    ]).filter((name) => !name.includes('.'));
    const suggestions = closeMatches(profile, known);
    throw new UsageError(
      `${source} '${shown(profile)}': no such profile in ${shared.configPath} or ${shared.credentialsPath}` +
        (suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : ''),
    );
  }
  return profile;
}

function parseCluster(name: string): string {
  if (!CLUSTER_NAME.test(name)) {
    throw new UsageError(`invalid --cluster '${shown(name)}': not an EKS cluster name`);
  }
  return name;
}

/** `arn:<partition>:eks:<region>:<account>:cluster/<name>`, its partition the region's. */
function parseClusterArn(arn: string): ClusterArn {
  const parts = clusterArnParts(arn);
  if (parts === undefined || !CLUSTER_NAME.test(parts.name)) {
    throw new UsageError(
      `invalid --cluster '${shown(arn)}': not an EKS cluster ARN (arn:aws:eks:REGION:ACCOUNT:cluster/NAME)`,
    );
  }
  const { partition, region, accountId, name } = parts;
  if (!isKnownRegion(region)) knownRegion(region, `--cluster '${shown(arn)}'`);
  const expected = partitionOf(region);
  if (partition !== expected) {
    throw new UsageError(
      `invalid --cluster '${shown(arn)}': region ${region} is in partition ${expected}, not ${partition}`,
    );
  }
  return { arn, name, region, accountId };
}

/**
 * With --cluster ARNs, every scanned region must have a cluster to look for: a --region
 * without one would otherwise be scanned whole. `named`: where the regions and clusters were
 * written, the flags or the configuration file, for the message.
 */
function assertEveryRegionHasACluster(
  scan: ScanCommand,
  named: { regions: string; clusters: string },
): void {
  if (scan.clusters.length > 0) return;
  const arnRegions = new Set(scan.clusterArns?.map((cluster) => cluster.region));
  const idle = scan.regions.filter((region) => !arnRegions.has(region));
  if (idle.length > 0) {
    const arns = `(the ARNs name ${[...arnRegions].join(', ')}); name a cluster or leave the region out`;
    throw new UsageError(
      named.regions === '--region' && named.clusters === '--cluster'
        ? `--region ${idle.join(', ')}: no --cluster there ${arns}`
        : `${idle.join(', ')} (${named.regions}): none of the ${named.clusters === '--cluster' ? '--cluster ARNs' : named.clusters} is there ${arns}`,
    );
  }
}

function parseSeverity(option: string, value: string): Severity {
  const severity = SEVERITIES.find((candidate) => candidate === value.trim().toUpperCase());
  if (severity === undefined) {
    throw new UsageError(
      `invalid ${option} '${shown(value)}': expected one of ${SEVERITIES.join(', ')}`,
    );
  }
  return severity;
}

function parseTargetVersionOption(value: string): string {
  try {
    return parseTargetVersion(value);
  } catch (error) {
    if (error instanceof TargetVersionError) {
      throw new UsageError(`invalid --target-version '${shown(value)}': ${error.message}`);
    }
    throw error;
  }
}

function parseSeverities(given: readonly string[]): Severity[] {
  const values = splitList(given);
  if (values.length === 0) throw new UsageError('--severity needs a severity');
  const chosen = new Set(values.map((value) => parseSeverity('--severity', value)));
  return SEVERITIES.filter((severity) => chosen.has(severity));
}

const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

/** Rule ids of the catalogue, comma-separated or repeated; unknown ones named with look-alikes. */
function parseRuleIds(option: string, given: readonly string[]): string[] {
  const ids = unique(splitList(given));
  if (ids.length === 0) throw new UsageError(`${option} needs a rule id`);
  const unknown = ids.filter((id) => !RULE_IDS.includes(id));
  if (unknown.length > 0) {
    const described = unknown.map((id) => {
      const matches = closeMatches(id, RULE_IDS);
      return `'${shown(id)}'${matches.length > 0 ? ` (did you mean ${matches.join(', ')}?)` : ''}`;
    });
    throw new UsageError(
      `${option}: unknown rule id${unknown.length === 1 ? '' : 's'} ${described.join(', ')}; '${PROGRAM} rules' lists them`,
    );
  }
  return ids;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):(\d{2})))?$/;

/** An ISO 8601 date or instant whose every field is in range: 2026-02-30 is no date. */
function parseNow(value: string): Date {
  const invalid = () =>
    new UsageError(
      `invalid --now '${shown(value)}': expected an ISO 8601 date such as 2026-11-25T12:00:00Z`,
    );
  const match = ISO_DATE.exec(value);
  if (match === null) throw invalid();
  const [year, month, day, hour = 0, minute = 0, second = 0, , offsetHours = 0, offsetMinutes = 0] =
    match
      .slice(1)
      .map((field) => (field === undefined || field === 'Z' ? undefined : Number(field)));
  const daysInMonth = new Date(Date.UTC(year as number, month as number, 0)).getUTCDate();
  const inRange =
    (month as number) >= 1 &&
    (month as number) <= 12 &&
    (day as number) >= 1 &&
    (day as number) <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  const date = new Date(value);
  if (!inRange || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `invalid --now '${shown(value)}': not a real date or time (a month's days, 00-23 hours, 00-59 minutes)`,
    );
  }
  return date;
}

function parseDays(option: string, value: string): number {
  const days = Number(value);
  if (!/^\d{1,5}$/.test(value) || days > MAX_WARNING_DAYS) {
    throw new UsageError(
      `invalid ${option} '${shown(value)}': expected a whole number of days from 0 to ${MAX_WARNING_DAYS}`,
    );
  }
  return days;
}

/** Values of a repeatable option, each split on commas, trimmed, empty ones dropped. */
function splitList(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** A value quoted in a message: short, one line. */
function shown(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a message is one line
  const line = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
