import { parseArgs } from 'node:util';
import { SEVERITIES, type Severity } from '../evaluate/types.ts';
import { REPORT_FORMATS, type ReportFormat } from '../report/format/index.ts';
import { UsageError } from './errors.ts';

export interface ScanCommand {
  regions: string[];
  clusters: string[];
  format: ReportFormat;
  output?: string;
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
}

export interface AccountsScope {
  roleName: string;
  /** The accounts named by --accounts; absent with --organization (listed at scan time). */
  accountIds?: string[];
}

export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'scan'; scan: ScanCommand };

const OPTIONS = {
  region: { type: 'string', multiple: true },
  cluster: { type: 'string', multiple: true },
  format: { type: 'string' },
  output: { type: 'string' },
  publish: { type: 'boolean' },
  'fail-on': { type: 'string' },
  now: { type: 'string' },
  'end-of-support-warning-days': { type: 'string' },
  'ami-expiry-warning-days': { type: 'string' },
  'request-timeout': { type: 'string' },
  'role-name': { type: 'string' },
  accounts: { type: 'string', multiple: true },
  organization: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

// Loose on purpose (new partitions and regions keep coming), but catches "us-west2".
const REGION = /^[a-z]{2}(?:-[a-z0-9]+)+-\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Reads the command line; throws UsageError naming the bad value. */
export function parseCommandLine(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Command {
  const { values, positionals } = parseStrict(argv);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError("missing command: expected 'scan'");
  if (command !== 'scan') throw new UsageError(`unknown command '${command}': expected 'scan'`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);

  const format = parseFormat(values.format ?? 'table');
  const scan: ScanCommand = {
    regions: parseRegions(values.region, env),
    clusters: unique(values.cluster ?? []).map(parseCluster),
    format,
    publish: values.publish === true,
  };
  if (values.output !== undefined) {
    if (values.output === '') throw new UsageError('--output needs a file name');
    scan.output = values.output;
  }
  if (values['fail-on'] !== undefined) scan.failOn = parseSeverity(values['fail-on']);
  if (values.now !== undefined) scan.now = parseNow(values.now);
  const endOfSupport = values['end-of-support-warning-days'];
  if (endOfSupport !== undefined) {
    scan.endOfSupportWarningDays = parseDays('--end-of-support-warning-days', endOfSupport);
  }
  const amiExpiry = values['ami-expiry-warning-days'];
  if (amiExpiry !== undefined) {
    scan.amiExpiryWarningDays = parseDays('--ami-expiry-warning-days', amiExpiry);
  }
  const requestTimeout = values['request-timeout'];
  if (requestTimeout !== undefined) scan.requestTimeoutMs = parseTimeout(requestTimeout);
  const accounts = parseAccountsScope(values['role-name'], values.accounts, values.organization);
  if (accounts !== undefined) {
    if (scan.publish) {
      throw new UsageError(
        '--publish does not work with --role-name yet: write the report (--format json) and publish from each account',
      );
    }
    scan.accounts = accounts;
  }
  return { kind: 'scan', scan };
}

// IAM role names: 1-64 characters of letters, digits and +=,.@_-.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;

function parseAccountsScope(
  roleName: string | undefined,
  accounts: readonly string[] | undefined,
  organization: boolean | undefined,
): AccountsScope | undefined {
  const accountIds = unique(
    (accounts ?? []).flatMap((list) => list.split(',')).map((id) => id.trim()),
  );
  const named = accounts !== undefined;
  if (roleName === undefined) {
    if (named || organization) {
      throw new UsageError(
        `${named ? '--accounts' : '--organization'} needs --role-name: the role to assume in each account`,
      );
    }
    return undefined;
  }
  if (!ROLE_NAME.test(roleName)) {
    throw new UsageError(`invalid --role-name '${roleName}': not an IAM role name`);
  }
  if (named && organization) {
    throw new UsageError('--accounts and --organization exclude each other: pass one');
  }
  if (organization) return { roleName };
  if (!named) {
    throw new UsageError('--role-name needs --accounts ID,... or --organization');
  }
  const invalid = accountIds.find((id) => !ACCOUNT_ID.test(id));
  if (invalid !== undefined || accountIds.length === 0) {
    throw new UsageError(
      `invalid --accounts '${invalid ?? ''}': expected 12-digit AWS account ids, comma-separated`,
    );
  }
  return { roleName, accountIds };
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

function parseStrict(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(error), { cause: error });
  }
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1];
    if (option !== undefined) return `unknown option '${option}'`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && message.includes('ambiguous')) {
    const option = /'([^']+)'/.exec(message)?.[1] ?? 'the option';
    return `${option} needs a value (to pass one that starts with a dash, write ${option}=VALUE)`;
  }
  // Node's messages start with a capital and may add hint sentences; keep the first.
  const first = message.split(/\.\s/)[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function parseFormat(value: string): ReportFormat {
  const format = value.toLowerCase();
  const known = REPORT_FORMATS.find((candidate) => candidate === format);
  if (known === undefined) {
    throw new UsageError(
      `invalid --format '${value}': expected one of ${REPORT_FORMATS.join(', ')}`,
    );
  }
  return known;
}

function parseRegions(
  given: readonly string[] | undefined,
  env: Record<string, string | undefined>,
): string[] {
  const fromEnvironment = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  const regions = given !== undefined && given.length > 0 ? unique(given) : [];
  if (regions.length === 0 && fromEnvironment) {
    if (!REGION.test(fromEnvironment)) {
      const variable = env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION';
      throw new UsageError(`invalid region '${fromEnvironment}' in ${variable}`);
    }
    return [fromEnvironment];
  }
  if (regions.length === 0) {
    throw new UsageError('no region to scan: pass --region or set AWS_REGION');
  }
  for (const region of regions) {
    if (!REGION.test(region)) {
      throw new UsageError(`invalid --region '${region}': expected a region such as us-west-2`);
    }
  }
  return regions;
}

function parseCluster(name: string): string {
  // EKS cluster names: 1-100 characters, letters, digits, hyphens and underscores.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(name)) {
    throw new UsageError(`invalid --cluster '${name}': not an EKS cluster name`);
  }
  return name;
}

function parseSeverity(value: string): Severity {
  const severity = SEVERITIES.find((candidate) => candidate === value.toUpperCase());
  if (severity === undefined) {
    throw new UsageError(`invalid --fail-on '${value}': expected one of ${SEVERITIES.join(', ')}`);
  }
  return severity;
}

function parseNow(value: string): Date {
  const date = new Date(value);
  if (!ISO_DATE.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `invalid --now '${value}': expected an ISO 8601 date such as 2026-11-25T12:00:00Z`,
    );
  }
  return date;
}

function parseDays(option: string, value: string): number {
  const days = Number(value);
  if (!/^\d{1,5}$/.test(value) || !Number.isSafeInteger(days)) {
    throw new UsageError(`invalid ${option} '${value}': expected a whole number of days`);
  }
  return days;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
