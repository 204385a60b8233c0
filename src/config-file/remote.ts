/**
 * The Lambda function's configuration file: the same format as .eks-windows-scanner.yaml,
 * kept in an SSM parameter (CONFIG_PARAMETER) or an S3 object (CONFIG_S3_URI), read once at
 * cold start. Precedence (docs/configuration.md): an audit event's fields, then the file,
 * then the environment, then the defaults; suppressions add up (tags, SUPPRESSIONS, file).
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsClientConfig } from '../aws-client-config.ts';
import {
  type ConfigFileLocation,
  ConfigurationError,
  partitionConflict,
  type ScannerConfig,
} from '../config.ts';
import { isKnownRegion } from '../regions.ts';
import { errorName } from '../text.ts';
import { ConfigFileError } from './errors.ts';
import { MAX_CONFIG_FILE_BYTES, parseConfigText } from './parse.ts';
import { clusterArnsOf, scanOptionsOf } from './scan-options.ts';
import type { LoadedConfigFile } from './types.ts';

export interface RemoteConfigOptions {
  /** The function's region: where the parameter is, and where S3 is first asked. */
  region: string;
  ssm?: SSMClient;
  s3?: S3Client;
  /** Sees each client this module makes (tracing). */
  instrument?: <T extends SSMClient | S3Client>(client: T) => T;
}

/** The variable that names the location, for messages. */
export function variableOf(location: ConfigFileLocation): string {
  return location.kind === 'ssm-parameter' ? 'CONFIG_PARAMETER' : 'CONFIG_S3_URI';
}

/** How messages and reports name the file. */
export function sourceNameOf(location: ConfigFileLocation): string {
  return location.kind === 'ssm-parameter' ? `ssm:${location.name}` : location.uri;
}

const NOT_FOUND = new Set([
  'ParameterNotFound',
  'ParameterVersionNotFound',
  'NoSuchKey',
  'NoSuchBucket',
  'NotFound',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'KMSAccessDeniedException']);

/**
 * A refusal of KMS rather than of SSM: the parameter is there and readable, but encrypted.
 * AWS says so in the message ("not authorized to perform: kms:Decrypt … (Service: AWSKMS …)",
 * or, from older keys, "The ciphertext refers to a customer master key …").
 */
function refusedByKms(error: unknown): boolean {
  if (errorName(error).startsWith('KMS')) return true;
  const message = error instanceof Error ? error.message : '';
  return /kms:Decrypt|\(Service: AWSKMS|ciphertext refers to/i.test(message);
}

async function readText(
  location: ConfigFileLocation,
  options: RemoteConfigOptions,
): Promise<string> {
  const instrument = options.instrument ?? (<T>(client: T) => client);
  if (location.kind === 'ssm-parameter') {
    const ssm = options.ssm ?? instrument(new SSMClient(awsClientConfig(options.region)));
    const { Parameter } = await ssm.send(
      new GetParameterCommand({ Name: location.name, WithDecryption: true }),
    );
    return Parameter?.Value ?? '';
  }
  const s3 =
    options.s3 ??
    instrument(new S3Client({ ...awsClientConfig(options.region), followRegionRedirects: true }));
  const object = await s3.send(
    new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
  );
  if ((object.ContentLength ?? 0) > MAX_CONFIG_FILE_BYTES) {
    throw new ConfigFileError(
      sourceNameOf(location),
      undefined,
      undefined,
      `larger than ${MAX_CONFIG_FILE_BYTES / 1024} KiB`,
    );
  }
  return (await object.Body?.transformToString('utf-8')) ?? '';
}

/**
 * Reads and validates the configuration file at `location`. Every failure is a
 * ConfigurationError naming the variable: the parameter or object missing or denied, or the
 * file's own fault (`CONFIG_S3_URI: s3://b/k:12: suppressions[0].reason: missing (required)`).
 */
export async function loadRemoteConfigFile(
  location: ConfigFileLocation,
  options: RemoteConfigOptions,
): Promise<LoadedConfigFile> {
  const variable = variableOf(location);
  const source = sourceNameOf(location);
  let text: string;
  try {
    text = await readText(location, options);
  } catch (error) {
    if (error instanceof ConfigFileError) {
      throw new ConfigurationError(`${variable}: ${error.message}`, { cause: error });
    }
    const name = errorName(error);
    const problem = NOT_FOUND.has(name)
      ? 'does not exist'
      : DENIED.has(name) && location.kind === 'ssm-parameter' && refusedByKms(error)
        ? `is a SecureString, which the function's role may not decrypt (the template denies kms:Decrypt through SSM): store the file as a String parameter, since it holds no secret`
        : DENIED.has(name)
          ? `access denied (${name}): the function's role may read only the location the template names`
          : `cannot be read (${name})`;
    throw new ConfigurationError(`${variable}: ${source} ${problem}`, { cause: error });
  }
  try {
    return parseConfigText(text, source);
  } catch (error) {
    if (error instanceof ConfigFileError) {
      throw new ConfigurationError(`${variable}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The environment's configuration with the file's over it: the file wins for what it sets
 * (regions, clusters, warning windows); its suppressions join SUPPRESSIONS and the tags.
 * `failOn` and `formats` mean nothing to the Lambda and are ignored.
 */
export function withConfigFile<C extends ScannerConfig>(config: C, file: LoadedConfigFile): C {
  const options = scanOptionsOf(file.config);
  const clusterArns = clusterArnsOf(file.config.clusters ?? []);
  return {
    ...config,
    ...(options.regions === undefined ? {} : { regions: options.regions, regionsFromFile: true }),
    ...(options.clusters === undefined ? {} : { clusters: options.clusters }),
    ...(clusterArns.length === 0 ? {} : { clusterArns }),
    ...(options.endOfSupportWarningDays === undefined
      ? {}
      : { endOfSupportWarningDays: options.endOfSupportWarningDays }),
    ...(options.amiExpiryWarningDays === undefined
      ? {}
      : { amiExpiryWarningDays: options.amiExpiryWarningDays }),
    suppressionRules: options.suppressionRules,
  };
}

/**
 * A function's whole configuration: the environment's, and the file's over it when
 * CONFIG_PARAMETER or CONFIG_S3_URI names one. Warnings are the file's (unknown rule ids).
 * The scanner function's and the organisation-wide planner's and worker's alike
 * (src/lambda/cold-start-config.ts).
 */
export async function loadLambdaConfig<C extends ScannerConfig>(
  config: C,
  options: RemoteConfigOptions,
): Promise<{ config: C; warnings: string[] }> {
  if (config.configFile === undefined) return { config, warnings: [] };
  const file = await loadRemoteConfigFile(config.configFile, options);
  const merged = withConfigFile(config, file);
  assertRegionsInOwnPartition(merged.regions, config.configFile, options.region);
  return { config: merged, warnings: file.warnings };
}

/**
 * The file's regions, held to SCAN_REGIONS' rule: in the partition of the function's region.
 * Without it, `regions: [cn-north-1]` in the file of a function in us-west-2 passed the cold
 * start that refuses the same list in SCAN_REGIONS, and every scheduled scan then failed
 * every call there (the function's credentials reach its own partition only).
 */
function assertRegionsInOwnPartition(
  regions: readonly string[],
  location: ConfigFileLocation,
  ownRegion: string,
): void {
  if (!isKnownRegion(ownRegion)) return;
  const conflict = partitionConflict(regions, ownRegion);
  if (conflict === undefined) return;
  throw new ConfigurationError(
    `${variableOf(location)}: ${sourceNameOf(location)}: regions: ${conflict}`,
  );
}
