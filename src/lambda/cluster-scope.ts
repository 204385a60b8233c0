/**
 * Which clusters the scanner function looks for in each region. A configuration file's
 * cluster ARN names one cluster: one name in one region and account. The function used to
 * take it by its name in every region it scans, so a namesake in another region was scanned,
 * and reported, as if it were that cluster, while an ARN of a region it does not scan was
 * silently never looked at. The organisation-wide planner holds the ARNs to its regions (at
 * cold start, as this function does) and to its accounts (when it has listed them); its
 * workers look for each in its own account and region (src/organization/cluster-scope.ts).
 */
import { ConfigurationError, type ScannerConfig } from '../config.ts';
import { sourceNameOf, variableOf } from '../config-file/remote.ts';
import { type ConfiguredClusterArn, confiningClusterArns } from '../config-file/scan-options.ts';
import { isKnownRegion, partitionOf } from '../regions.ts';
import type { ScanOptions } from '../scan.ts';
import { EventValidationError } from './events.ts';

/** `CONFIG_PARAMETER: ssm:/name: clusters: arn:…`, as the other file faults read. */
function arnFault(config: ScannerConfig, arn: ConfiguredClusterArn, problem: string): never {
  const where =
    config.configFile === undefined
      ? 'clusters'
      : `${variableOf(config.configFile)}: ${sourceNameOf(config.configFile)}: clusters`;
  throw new ConfigurationError(`${where}: ${arn.arn} ${problem}`);
}

/**
 * Cold start of the scanner function: each cluster ARN of the configuration file is in a
 * known region of its partition that the function scans. Such an ARN would otherwise never
 * be scanned, every scheduled run saying nothing of it. An ARN whose name the file also
 * writes plainly is held to it too: a mistyped ARN beside the name was silently ignored.
 */
export function assertClusterArnsScanned(config: ScannerConfig): void {
  for (const arn of config.clusterArns ?? []) {
    if (!isKnownRegion(arn.region)) arnFault(config, arn, `names an unknown region ${arn.region}`);
    if (partitionOf(arn.region) !== arn.partition) {
      arnFault(
        config,
        arn,
        `names partition ${arn.partition}, but its region ${arn.region} is in ${partitionOf(arn.region)}`,
      );
    }
    // The function's regions are of one partition, its own (the cold start holds them to it):
    // adding an ARN's region of another one would fail that check in turn.
    const own = config.regions[0] === undefined ? undefined : partitionOf(config.regions[0]);
    if (own !== undefined && arn.partition !== own) {
      arnFault(
        config,
        arn,
        `is in the ${arn.partition} partition and this function's regions (${config.regions.join(', ')}) in ${own}: one set of credentials reaches one partition only; scan it from a deployment in ${arn.partition}`,
      );
    }
    if (!config.regions.includes(arn.region)) {
      const scanned = config.regions.join(', ');
      // Without the file's own `regions`, the function's come from SCAN_REGIONS (else its own
      // region): a `regions` added to the file for this ARN alone would replace them all.
      const remedy = config.regionsFromFile
        ? `(the file's regions: ${scanned}): add ${arn.region} to regions`
        : `(regions: ${scanned}, from SCAN_REGIONS or the function's own region: the file sets no regions): add ${arn.region} to SCAN_REGIONS (template parameter ScanRegions), or give the file a regions list of every region to scan`;
      // Its name written plainly too is looked for in the regions scanned, which miss this one.
      const orName = arn.namedPlainly
        ? ` (its name, written plainly too, is looked for only in the regions scanned)`
        : `, or write the cluster's name to look for it in every region`;
      arnFault(
        config,
        arn,
        `is in ${arn.region}, which this function does not scan ${remedy}${orName}`,
      );
    }
  }
}

/**
 * The organisation-wide planner, once it knows the run's accounts: each cluster ARN of the
 * configuration file is in one of them. Such an ARN would otherwise never be scanned, every
 * run saying nothing of it. `listed`: the accounts are the organisation's active accounts,
 * else SCAN_ACCOUNTS.
 */
export function assertClusterArnAccountsPlanned(
  config: ScannerConfig,
  accounts: readonly string[],
  listed: boolean,
): void {
  const planned = new Set(accounts);
  const missing = (config.clusterArns ?? []).find((arn) => !planned.has(arn.accountId));
  if (missing === undefined) return;
  arnFault(
    config,
    missing,
    listed
      ? `is in account ${missing.accountId}, which is not an active account of the organisation (Organizations ListAccounts listed ${planned.size}): correct the account, or remove the cluster`
      : `is in account ${missing.accountId}, which is not among the accounts this run scans (SCAN_ACCOUNTS, template parameter ScanAccounts: ${accounts.join(', ')}): add it there, or correct the account`,
  );
}

export type ClusterScope = Pick<
  ScanOptions,
  'regions' | 'clusters' | 'clustersByRegion' | 'clusterArns'
>;

/**
 * The regions and clusters of one invocation, from the configuration file's clusters: its
 * plain names in every region, each ARN's cluster in its own region alone. A region left
 * with nothing to look for is not scanned (no names there would mean every cluster). With
 * the function's account known, an ARN of another account is a configuration fault: this
 * function's credentials reach its own account only, where the name could be a namesake.
 */
export function configuredClusterScope(
  config: ScannerConfig,
  regions: readonly string[],
  accountId: string | undefined,
): ClusterScope {
  // Every ARN written, also one whose name is written plainly (a mistyped account is no less
  // a mistake for it); only the others confine their name to their region.
  const written = config.clusterArns ?? [];
  const foreign = written.find((arn) => accountId !== undefined && arn.accountId !== accountId);
  if (foreign !== undefined) {
    arnFault(
      config,
      foreign,
      `is in account ${foreign.accountId}, and this function scans its own account ${accountId} only (scan other accounts with the organisation-wide scan)`,
    );
  }
  const arns = confiningClusterArns(written);
  if (arns.length === 0) {
    return { regions: [...regions], ...(config.clusters ? { clusters: config.clusters } : {}) };
  }
  const confined = new Set(arns.map((arn) => arn.name));
  const plain = (config.clusters ?? []).filter((name) => !confined.has(name));
  const clustersByRegion: Record<string, string[]> = {};
  for (const region of regions) {
    const names = [
      ...new Set([...plain, ...arns.filter((arn) => arn.region === region).map((arn) => arn.name)]),
    ];
    if (names.length > 0) clustersByRegion[region] = names;
  }
  const scanned = regions.filter((region) => Object.hasOwn(clustersByRegion, region));
  if (scanned.length === 0) {
    // Only an audit's own regions get here: the cold start holds the file's ARNs to its regions.
    throw new EventValidationError(
      'regions',
      `holds none of the configuration file's clusters, which are named by ARN in ${[...new Set(arns.map((arn) => arn.region))].join(', ')}: name those regions, or the clusters in the audit's clusters`,
    );
  }
  // The names looked for somewhere, for the report's scope (and the message's): an ARN's name
  // whose region this invocation does not scan is not one of them.
  const sought = new Set(Object.values(clustersByRegion).flat());
  const clusters = (config.clusters ?? []).filter((name) => sought.has(name));
  // Each ARN's "not found" stands whatever another region holds under its name.
  const clusterArns = arns.map(({ accountId, region, name }) => ({ accountId, region, name }));
  return { regions: scanned, clusters, clustersByRegion, clusterArns };
}
