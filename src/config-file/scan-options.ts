import { type ClusterArnParts, clusterArnParts } from '../cluster-names.ts';
import type { ScopedSuppression } from '../evaluate/suppressions.ts';
import type { ConfigFile } from './types.ts';

/** The cluster name of a cluster ARN (`arn:aws:eks:…:cluster/<name>`), or the name itself. */
export function clusterNameOf(cluster: string): string {
  const slash = cluster.startsWith('arn:') ? cluster.lastIndexOf('/') : -1;
  return slash === -1 ? cluster : cluster.slice(slash + 1);
}

/** A cluster a file names by its ARN: the one cluster of that name, region and account. */
export interface ConfiguredClusterArn extends ClusterArnParts {
  /**
   * The file also writes the name plainly: that name is looked for in every region, as
   * written, so this ARN narrows nothing (it is still held to the checks of an ARN).
   */
  namedPlainly: boolean;
}

/** Every cluster ARN a file writes, each marked when its name is also written plainly. */
export function clusterArnsOf(clusters: readonly string[]): ConfiguredClusterArn[] {
  const plain = new Set(clusters.filter((cluster) => !cluster.startsWith('arn:')));
  return clusters.flatMap((cluster) => {
    const parts = clusterArnParts(cluster);
    return parts === undefined ? [] : [{ ...parts, namedPlainly: plain.has(parts.name) }];
  });
}

/**
 * The ARNs that confine their cluster's name to one account and region: not those whose name
 * the file also writes plainly, which is looked for everywhere as written. Their parts alone,
 * without that mark.
 */
export function confiningClusterArns(
  arns: readonly ConfiguredClusterArn[] | undefined,
): ClusterArnParts[] {
  return (arns ?? [])
    .filter((arn) => !arn.namedPlainly)
    .map(({ arn, partition, region, accountId, name }) => ({
      arn,
      partition,
      region,
      accountId,
      name,
    }));
}

/** The file's suppressions as the scan applies them, each naming its file and line. */
export function suppressionRulesOf(config: ConfigFile): ScopedSuppression[] {
  return config.suppressions.map((entry) => ({
    ruleId: entry.rule,
    ...(entry.account === undefined ? {} : { accountId: entry.account }),
    ...(entry.region === undefined ? {} : { region: entry.region }),
    ...(entry.cluster === undefined ? {} : { cluster: entry.cluster }),
    ...(entry.resource === undefined ? {} : { resource: entry.resource }),
    ...(entry.until === undefined ? {} : { until: entry.until }),
    reason: entry.reason,
    origin: `${config.source} line ${entry.line}`,
  }));
}

/** What a configuration file sets of runScan's options (ScanOptions), and nothing else. */
export interface ConfigFileScanOptions {
  regions?: string[];
  /** Cluster names (ARNs reduced to their names). */
  clusters?: string[];
  endOfSupportWarningDays?: number;
  amiExpiryWarningDays?: number;
  suppressionRules: ScopedSuppression[];
}

/**
 * The file's part of runScan's options: spread them under what takes precedence
 * (`{ ...scanOptionsOf(file), ...fromFlags }`). `failOn` and `formats` are the command
 * line's own business and stay in the ConfigFile.
 */
export function scanOptionsOf(config: ConfigFile): ConfigFileScanOptions {
  return {
    ...(config.regions === undefined ? {} : { regions: [...config.regions] }),
    ...(config.clusters === undefined
      ? {}
      : { clusters: [...new Set(config.clusters.map(clusterNameOf))] }),
    ...(config.endOfSupportWarningDays === undefined
      ? {}
      : { endOfSupportWarningDays: config.endOfSupportWarningDays }),
    ...(config.amiExpiryWarningDays === undefined
      ? {}
      : { amiExpiryWarningDays: config.amiExpiryWarningDays }),
    suppressionRules: suppressionRulesOf(config),
  };
}
