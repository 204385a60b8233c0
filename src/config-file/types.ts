import type { Severity } from '../evaluate/types.ts';

/** The report formats a configuration file may name (the command line's --format values). */
export const CONFIG_FILE_FORMATS = [
  'table',
  'json',
  'csv',
  'html',
  'sarif',
  'junit',
  'ocsf',
] as const;
export type ConfigFileFormat = (typeof CONFIG_FILE_FORMATS)[number];

/** One entry of `suppressions:` as the file writes it (`all` already read as `*`). */
export interface ConfigFileSuppression {
  /** A rule id, or `*` for every rule. */
  rule: string;
  /** 12-digit account id. */
  account?: string;
  region?: string;
  cluster?: string;
  /** Glob (`*`, `?`) on the resource's ARN, id or name, or an affected node source's id or name. */
  resource?: string;
  /** YYYY-MM-DD, inclusive (UTC). */
  until?: string;
  reason: string;
  /** 1-based line of the entry in the file. */
  line: number;
}

/** A configuration file, validated: every key optional but `suppressions` (empty when absent). */
export interface ConfigFile {
  /** The file as named to the loader: reports and messages name it. */
  source: string;
  /** Known to the SDK, deduplicated, in order. */
  regions?: string[];
  /** Names or ARNs as written, deduplicated. */
  clusters?: string[];
  failOn?: Severity;
  formats?: ConfigFileFormat[];
  endOfSupportWarningDays?: number;
  amiExpiryWarningDays?: number;
  suppressions: ConfigFileSuppression[];
}

/** A loaded file and what its reader should be told (unknown rule ids). */
export interface LoadedConfigFile {
  config: ConfigFile;
  /** Each one `file:line: field: problem`, ready to print. */
  warnings: string[];
}
