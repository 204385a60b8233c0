/**
 * Configuration from the environment (SPEC 2.4): the Lambda function's, and the command
 * line's when it publishes. Validated once; every message names the variable at fault.
 */

import { RULES } from './evaluate/rules/index.ts';
import { parseSuppressions, type Suppression } from './evaluate/suppressions.ts';
import { SEVERITIES, type Severity } from './evaluate/types.ts';
import type { NotifyPolicy, PublishConfig } from './publish/types.ts';

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
}

/** The organisation-wide functions' configuration (planner, worker, aggregator). */
export interface OrganizationConfig extends ScannerConfig {
  /** The function's own region: the bucket's, and where STS assumes the member role. */
  homeRegion: string;
  reportBucket: string;
  /** The role of the same name in every member account (deploy/member-role.yaml). */
  memberRoleName: string;
  /** Accounts to scan; empty scans every active account of the organisation. */
  scanAccounts: string[];
}

/** deploy/member-role.yaml's default role name. */
export const DEFAULT_MEMBER_ROLE_NAME = 'EksWindowsScannerAudit';

type Env = Record<string, string | undefined>;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;
// S3's rules for bucket names: 3 to 63 lowercase letters, digits, dots and hyphens.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
const NOTIFY_POLICIES: readonly NotifyPolicy[] = ['always', 'on-change'];

function variableOf(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function regionsOf(env: Env): string[] {
  const listed = (variableOf(env, 'SCAN_REGIONS') ?? '')
    .split(',')
    .map((region) => region.trim())
    .filter((region) => region.length > 0);
  const invalid = listed.find((region) => !REGION.test(region));
  if (invalid !== undefined) {
    throw new ConfigurationError(
      `SCAN_REGIONS: "${invalid}" is not a region name such as us-west-2`,
    );
  }
  const ownRegion = variableOf(env, 'AWS_REGION');
  const regions = listed.length > 0 ? listed : ownRegion ? [ownRegion] : [];
  if (regions.length === 0) {
    throw new ConfigurationError('SCAN_REGIONS: empty, and AWS_REGION is not set to fall back on');
  }
  return [...new Set(regions)];
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
  const value = variableOf(env, name)?.toUpperCase();
  if (value === undefined) return fallback;
  const severity = SEVERITIES.find((known) => known === value);
  if (severity === undefined) {
    throw new ConfigurationError(`${name}: "${value}" must be one of ${SEVERITIES.join(', ')}`);
  }
  return severity;
}

export function loadConfig(env: Env = process.env): ScannerConfig {
  const snsTopicArn = variableOf(env, 'SNS_TOPIC_ARN');
  if (snsTopicArn !== undefined && !SNS_TOPIC_ARN.test(snsTopicArn)) {
    throw new ConfigurationError(`SNS_TOPIC_ARN: "${snsTopicArn}" is not an SNS topic ARN`);
  }
  const securityHub = booleanOf(env, 'SECURITY_HUB_ENABLED', false);
  const policyValue =
    variableOf(env, 'NOTIFY_POLICY')?.toLowerCase() ?? (securityHub ? 'on-change' : 'always');
  const notifyPolicy = NOTIFY_POLICIES.find((policy) => policy === policyValue);
  if (notifyPolicy === undefined) {
    throw new ConfigurationError(`NOTIFY_POLICY: "${policyValue}" must be always or on-change`);
  }
  if (notifyPolicy === 'on-change' && !securityHub) {
    throw new ConfigurationError(
      'NOTIFY_POLICY: on-change compares with the previous run kept in Security Hub; set SECURITY_HUB_ENABLED=true or NOTIFY_POLICY=always',
    );
  }
  let suppressions: Suppression[];
  try {
    suppressions = parseSuppressions(
      variableOf(env, 'SUPPRESSIONS') ?? '',
      new Set(RULES.map((rule) => rule.id)),
    );
  } catch (error) {
    throw new ConfigurationError(`SUPPRESSIONS: ${(error as Error).message}`, { cause: error });
  }
  const reportBucket = bucketOf(env);
  return {
    regions: regionsOf(env),
    ...(snsTopicArn ? { snsTopicArn } : {}),
    securityHub,
    notifyMinimumSeverity: severityOf(env, 'NOTIFY_MINIMUM_SEVERITY', 'MEDIUM'),
    notifyPolicy,
    endOfSupportWarningDays: daysOf(env, 'END_OF_SUPPORT_WARNING_DAYS', 180),
    amiExpiryWarningDays: daysOf(env, 'AMI_EXPIRY_WARNING_DAYS', 30),
    suppressions,
    ...(reportBucket ? { reportBucket } : {}),
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
  return {
    ...config,
    homeRegion,
    reportBucket: config.reportBucket,
    memberRoleName,
    scanAccounts: accountsOf(env),
  };
}
