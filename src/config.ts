/**
 * Configuration from the environment (SPEC 2.4): the Lambda function's, and the command
 * line's when it publishes. Validated once; every message names the variable at fault.
 */

import type { ConfiguredClusterArn } from './config-file/scan-options.ts';
import { RULES } from './evaluate/rules/index.ts';
import {
  parseSuppressions,
  type ScopedSuppression,
  type Suppression,
} from './evaluate/suppressions.ts';
import { DEFAULT_EVALUATION_WINDOWS, SEVERITIES, type Severity } from './evaluate/types.ts';
import { EXTERNAL_ID, ROLE_NAME } from './member-role.ts';
import type { NotifyPolicy, PublishConfig } from './publish/types.ts';
import {
  assertKnownRegion,
  isKnownRegion,
  parseRegionList,
  partitionOf,
  RegionListError,
  regionInAnotherPartition,
} from './regions.ts';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export interface ScannerConfig extends PublishConfig {
  regions: string[];
  endOfSupportWarningDays: number;
  amiExpiryWarningDays: number;
  /** Org-wide suppressions: rule ids (optionally until a date) suppressed on every resource. */
  suppressions: Suppression[];
  /** The stack's report bucket, where an audit too large to return is written; none when absent. */
  reportBucket?: string;
  /**
   * Where the Lambda reads a configuration file (CONFIG_PARAMETER or CONFIG_S3_URI); the
   * handler loads it at cold start (src/config-file/remote.ts).
   */
  configFile?: ConfigFileLocation;
  /** Cluster names to scan, from a configuration file; absent scans every cluster. */
  clusters?: string[];
  /**
   * The file's clusters named by ARN (their names are in `clusters` too): the scanner function
   * looks for each in its ARN's region and account alone, unless the file also writes the name
   * plainly (`namedPlainly`); it holds every one to its region and account
   * (src/lambda/cluster-scope.ts).
   */
  clusterArns?: ConfiguredClusterArn[];
  /** A configuration file's scoped suppressions. */
  suppressionRules?: ScopedSuppression[];
  /**
   * True when a configuration file's `regions` replaced the environment's (SCAN_REGIONS, else
   * the function's own region): messages about `regions` then name the file's.
   */
  regionsFromFile?: boolean;
}

/** A configuration file kept in AWS: an SSM parameter, or an S3 object. */
export type ConfigFileLocation =
  | { kind: 'ssm-parameter'; name: string }
  | { kind: 's3-object'; bucket: string; key: string; uri: string };

/** The organisation-wide functions' configuration (planner, worker, aggregator). */
export interface OrganizationConfig extends ScannerConfig {
  /** The function's own region: the bucket's, and where STS assumes the member role. */
  homeRegion: string;
  reportBucket: string;
  /** The role of the same name in every member account (deploy/member-role.yaml). */
  memberRoleName: string;
  /** The `sts:ExternalId` the member role's trust policy requires, if any. */
  memberRoleExternalId?: string;
  /** Accounts to scan; empty scans every active account of the organisation. */
  scanAccounts: string[];
}

/** deploy/member-role.yaml's default role name. */
export const DEFAULT_MEMBER_ROLE_NAME = 'EksWindowsScannerAudit';

type Env = Record<string, string | undefined>;

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;
const SNS_FIFO_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,251}\.fifo$/;
// SSM's rules for parameter names (letters, digits, _ . - and / for the hierarchy), or the ARN.
const PARAMETER_NAME = /^(?:arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter)?\/?[\w.\-/]{1,2048}$/;
const S3_URI = /^s3:\/\/([^/]+)\/([^*?]{1,1024})$/;
// S3's rules for bucket names: 3 to 63 lowercase letters, digits, dots and hyphens.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ACCOUNT_ID = /^\d{12}$/;
const NOTIFY_POLICIES: readonly NotifyPolicy[] = ['always', 'on-change'];

function variableOf(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * What is wrong with a function's `regions` (SCAN_REGIONS, a configuration file's) that
 * reach into another partition than its own region's; undefined when none does.
 */
export function partitionConflict(
  regions: readonly string[],
  ownRegion: string,
): string | undefined {
  const elsewhere = regionInAnotherPartition(regions, ownRegion);
  return elsewhere === undefined
    ? undefined
    : `${elsewhere} is in the ${partitionOf(elsewhere)} partition and ${ownRegion} (AWS_REGION) in ${partitionOf(ownRegion)}: one set of credentials reaches one partition only; scan each partition from a deployment of its own`;
}

/** SCAN_REGIONS through the one region validator; unset, the function's own (valid) region. */
function regionsOf(env: Env): string[] {
  try {
    const listed = variableOf(env, 'SCAN_REGIONS');
    const ownRegion = variableOf(env, 'AWS_REGION');
    if (listed !== undefined) {
      const regions = parseRegionList(listed, 'SCAN_REGIONS');
      const conflict = ownRegion && partitionConflict(regions, ownRegion);
      if (conflict) throw new ConfigurationError(`SCAN_REGIONS: ${conflict}`);
      return regions;
    }
    if (ownRegion === undefined) {
      throw new ConfigurationError(
        'SCAN_REGIONS: empty, and AWS_REGION is not set to fall back on',
      );
    }
    assertKnownRegion(ownRegion, 'AWS_REGION (the fallback of an empty SCAN_REGIONS)');
    return [ownRegion];
  } catch (error) {
    if (error instanceof RegionListError) {
      throw new ConfigurationError(error.message, { cause: error });
    }
    throw error;
  }
}

/**
 * SNS_TOPIC_ARN: a standard topic of a region the SDK knows, in the partition of AWS_REGION
 * (when set). The notification goes with the function's credentials, which reach one
 * partition only: a topic of another partition, or of a region that does not exist, failed
 * every publish after a whole scan (`NotFoundException`, or a DNS error), run after run,
 * instead of the cold start naming the variable.
 */
function snsTopicOf(env: Env): string | undefined {
  const snsTopicArn = variableOf(env, 'SNS_TOPIC_ARN');
  if (snsTopicArn === undefined) return undefined;
  if (SNS_TOPIC_ARN.test(snsTopicArn)) {
    assertTopicReachable(snsTopicArn, variableOf(env, 'AWS_REGION'));
    return snsTopicArn;
  }
  if (SNS_FIFO_TOPIC_ARN.test(snsTopicArn)) {
    throw new ConfigurationError(
      `SNS_TOPIC_ARN: "${snsTopicArn}" is a FIFO topic; SNS FIFO topics cannot deliver to email (nor to Slack through Amazon Q Developer in chat applications), where the scanner's notifications go: use a standard topic`,
    );
  }
  throw new ConfigurationError(`SNS_TOPIC_ARN: "${snsTopicArn}" is not an SNS topic ARN`);
}

function assertTopicReachable(snsTopicArn: string, ownRegion: string | undefined): void {
  const [, arnPartition = '', , region = ''] = snsTopicArn.split(':');
  if (!isKnownRegion(region)) {
    throw new ConfigurationError(
      `SNS_TOPIC_ARN: "${snsTopicArn}" names the region ${region}, which is not an AWS region the SDK knows`,
    );
  }
  if (partitionOf(region) !== arnPartition) {
    throw new ConfigurationError(
      `SNS_TOPIC_ARN: "${snsTopicArn}" is an ARN of the ${arnPartition} partition, but its region ${region} is in ${partitionOf(region)}`,
    );
  }
  if (
    ownRegion !== undefined &&
    isKnownRegion(ownRegion) &&
    partitionOf(ownRegion) !== arnPartition
  ) {
    throw new ConfigurationError(
      `SNS_TOPIC_ARN: the topic is in the ${arnPartition} partition and ${ownRegion} (AWS_REGION) in ${partitionOf(ownRegion)}: one set of credentials reaches one partition only; use a topic of the deployment's own partition`,
    );
  }
}

/** CONFIG_PARAMETER or CONFIG_S3_URI: where the Lambda reads its configuration file. */
function configFileOf(env: Env): ConfigFileLocation | undefined {
  const parameter = variableOf(env, 'CONFIG_PARAMETER');
  const uri = variableOf(env, 'CONFIG_S3_URI');
  if (parameter !== undefined && uri !== undefined) {
    throw new ConfigurationError(
      'CONFIG_PARAMETER, CONFIG_S3_URI: both set; the configuration file comes from one place',
    );
  }
  if (parameter !== undefined) {
    if (!PARAMETER_NAME.test(parameter)) {
      throw new ConfigurationError(
        `CONFIG_PARAMETER: "${shorten(parameter)}" is not an SSM parameter name such as /eks-windows-scanner/config`,
      );
    }
    return { kind: 'ssm-parameter', name: parameter };
  }
  if (uri === undefined) return undefined;
  const match = S3_URI.exec(uri);
  const [, bucket = '', key = ''] = match ?? [];
  if (match === null || !BUCKET_NAME.test(bucket)) {
    throw new ConfigurationError(
      `CONFIG_S3_URI: "${shorten(uri)}" is not an S3 object URI such as s3://my-bucket/eks-windows-scanner.yaml`,
    );
  }
  return { kind: 's3-object', bucket, key, uri };
}

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

export type WarningWindows = Pick<
  ScannerConfig,
  'endOfSupportWarningDays' | 'amiExpiryWarningDays'
>;

/**
 * END_OF_SUPPORT_WARNING_DAYS and AMI_EXPIRY_WARNING_DAYS (their defaults when unset). They
 * change findings, so the command line reads them whether it publishes or not, as it reads
 * SUPPRESSIONS; `setOnly` leaves out the unset ones (the scan has the same defaults).
 */
export function warningWindowsFromEnvironment(env?: Env): WarningWindows;
export function warningWindowsFromEnvironment(env: Env, setOnly: boolean): Partial<WarningWindows>;
export function warningWindowsFromEnvironment(
  env: Env = process.env,
  setOnly = false,
): Partial<WarningWindows> {
  const defaults = DEFAULT_EVALUATION_WINDOWS;
  const endOfSupport = windowOf(
    env,
    'END_OF_SUPPORT_WARNING_DAYS',
    defaults.endOfSupportWarningDays,
    setOnly,
  );
  const amiExpiry = windowOf(
    env,
    'AMI_EXPIRY_WARNING_DAYS',
    defaults.amiExpiryWarningDays,
    setOnly,
  );
  return {
    ...(endOfSupport === undefined ? {} : { endOfSupportWarningDays: endOfSupport }),
    ...(amiExpiry === undefined ? {} : { amiExpiryWarningDays: amiExpiry }),
  };
}

function windowOf(env: Env, name: string, fallback: number, setOnly: boolean): number | undefined {
  return setOnly && variableOf(env, name) === undefined ? undefined : daysOf(env, name, fallback);
}

/**
 * The org-wide suppressions of `SUPPRESSIONS` (rule ids, each optionally `:until=`): the
 * Lambda's and, through runScan, the command line's with or without --publish.
 */
export function suppressionsFromEnvironment(env: Env = process.env): Suppression[] {
  try {
    return parseSuppressions(
      variableOf(env, 'SUPPRESSIONS') ?? '',
      new Set(RULES.map((rule) => rule.id)),
    );
  } catch (error) {
    throw new ConfigurationError(`SUPPRESSIONS: ${(error as Error).message}`, { cause: error });
  }
}

function bucketOf(env: Env): string | undefined {
  const bucket = variableOf(env, 'REPORT_BUCKET');
  if (bucket !== undefined && !BUCKET_NAME.test(bucket)) {
    throw new ConfigurationError(`REPORT_BUCKET: "${bucket}" is not an S3 bucket name`);
  }
  return bucket;
}

function accountsOf(env: Env): string[] {
  const listed = (variableOf(env, 'SCAN_ACCOUNTS') ?? '')
    .split(',')
    .map((account) => account.trim())
    .filter((account) => account.length > 0);
  const invalid = listed.find((account) => !ACCOUNT_ID.test(account));
  if (invalid !== undefined) {
    throw new ConfigurationError(`SCAN_ACCOUNTS: "${invalid}" is not a 12-digit account id`);
  }
  return [...new Set(listed)];
}

function booleanOf(env: Env, name: string, fallback: boolean): boolean {
  const value = variableOf(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigurationError(`${name}: "${value}" must be true or false`);
}

function daysOf(env: Env, name: string, fallback: number): number {
  const value = variableOf(env, name);
  if (value === undefined) return fallback;
  const days = Number(value);
  if (!/^\d+$/.test(value) || days > 3650) {
    throw new ConfigurationError(
      `${name}: "${value}" must be a whole number of days from 0 to 3650`,
    );
  }
  return days;
}

function severityOf(env: Env, name: string, fallback: Severity): Severity {
  const written = variableOf(env, name);
  if (written === undefined) return fallback;
  const severity = SEVERITIES.find((known) => known === written.toUpperCase());
  if (severity === undefined) {
    // Quoted as written: the user looks for that text, not our upper-cased copy of it.
    throw new ConfigurationError(`${name}: "${written}" must be one of ${SEVERITIES.join(', ')}`);
  }
  return severity;
}

export function loadConfig(env: Env = process.env): ScannerConfig {
  const snsTopicArn = snsTopicOf(env);
  const securityHub = booleanOf(env, 'SECURITY_HUB_ENABLED', false);
  const policyWritten = variableOf(env, 'NOTIFY_POLICY');
  const policyValue = policyWritten?.toLowerCase() ?? (securityHub ? 'on-change' : 'always');
  const notifyPolicy = NOTIFY_POLICIES.find((policy) => policy === policyValue);
  if (notifyPolicy === undefined) {
    throw new ConfigurationError(`NOTIFY_POLICY: "${policyWritten}" must be always or on-change`);
  }
  if (notifyPolicy === 'on-change' && !securityHub) {
    throw new ConfigurationError(
      'NOTIFY_POLICY: on-change compares with the previous run kept in Security Hub; set SECURITY_HUB_ENABLED=true or NOTIFY_POLICY=always',
    );
  }
  const suppressions = suppressionsFromEnvironment(env);
  const reportBucket = bucketOf(env);
  const configFile = configFileOf(env);
  return {
    regions: regionsOf(env),
    ...(snsTopicArn ? { snsTopicArn } : {}),
    securityHub,
    notifyMinimumSeverity: severityOf(env, 'NOTIFY_MINIMUM_SEVERITY', 'MEDIUM'),
    notifyPolicy,
    ...warningWindowsFromEnvironment(env),
    suppressions,
    ...(reportBucket ? { reportBucket } : {}),
    ...(configFile ? { configFile } : {}),
  };
}

export function loadOrganizationConfig(env: Env = process.env): OrganizationConfig {
  const config = loadConfig(env);
  if (config.reportBucket === undefined) {
    throw new ConfigurationError(
      'REPORT_BUCKET: not set; the organisation-wide scan keeps its reports there',
    );
  }
  const homeRegion = variableOf(env, 'AWS_REGION');
  if (homeRegion === undefined)
    throw new ConfigurationError('AWS_REGION: not set (Lambda sets it)');
  const memberRoleName = variableOf(env, 'MEMBER_ROLE_NAME') ?? DEFAULT_MEMBER_ROLE_NAME;
  if (!ROLE_NAME.test(memberRoleName)) {
    throw new ConfigurationError(`MEMBER_ROLE_NAME: "${memberRoleName}" is not an IAM role name`);
  }
  const memberRoleExternalId = variableOf(env, 'MEMBER_ROLE_EXTERNAL_ID');
  // Not echoed: an external id is no password, but it is the role's shared condition.
  if (memberRoleExternalId !== undefined && !EXTERNAL_ID.test(memberRoleExternalId)) {
    throw new ConfigurationError(
      'MEMBER_ROLE_EXTERNAL_ID: not an external id (2 to 1,224 of letters, digits and +=,.@:/-_)',
    );
  }
  return {
    ...config,
    homeRegion,
    reportBucket: config.reportBucket,
    memberRoleName,
    ...(memberRoleExternalId === undefined ? {} : { memberRoleExternalId }),
    scanAccounts: accountsOf(env),
  };
}
