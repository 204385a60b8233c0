/**
 * The few AWS calls the command line makes itself, around the scan: the account's enabled
 * regions for `--region all`, a region's clusters to name the ones that exist when a
 * `--cluster` was found nowhere, and a profile's credentials for `--profile`.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import type { AwsClientOptions } from '../aws-client-config.ts';
import { partitionOf } from '../regions.ts';

/** Credentials are refreshed this long before they expire. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

function expiresSoon(credentials: AwsCredentialIdentity): boolean {
  const { expiration } = credentials;
  return expiration !== undefined && expiration.getTime() - Date.now() < EXPIRY_MARGIN_MS;
}

export interface CliAws {
  /**
   * Regions enabled in the account (opted in, or needing no opt-in), from EC2 in `homeRegion`,
   * of `homeRegion`'s partition.
   */
  enabledRegions(homeRegion: string, options: AwsClientOptions): Promise<string[]>;
  /** Every cluster name of a region. */
  listClusters(region: string, options: AwsClientOptions): Promise<string[]>;
  /** Credentials of a profile of the shared files (static keys, role, SSO or process). */
  profileCredentials(profile: string, files: ProfileFiles): AwsClientOptions['credentials'];
}

/** The shared files the profile was found in (the same the SDK would read). */
export interface ProfileFiles {
  configPath: string;
  credentialsPath: string;
}

const ENABLED = new Set(['opt-in-not-required', 'opted-in']);

export const SDK_AWS: CliAws = {
  async enabledRegions(homeRegion, options) {
    const [{ EC2Client, DescribeRegionsCommand }, { awsClientConfig }] = await Promise.all([
      import('@aws-sdk/client-ec2'),
      import('../aws-client-config.ts'),
    ]);
    const client = new EC2Client(awsClientConfig(homeRegion, options));
    try {
      const { Regions = [] } = await client.send(new DescribeRegionsCommand({ AllRegions: true }));
      return (
        Regions.filter(
          (region) => region.OptInStatus === undefined || ENABLED.has(region.OptInStatus),
        )
          .map((region) => region.RegionName)
          .filter((name): name is string => name !== undefined && name !== '')
          // One set of credentials reaches one partition, as for a list of regions named. AWS
          // lists only its own partition's regions; an emulator or a proxy may list them all.
          .filter((name) => partitionOf(name) === partitionOf(homeRegion))
          .sort()
      );
    } finally {
      client.destroy();
    }
  },

  async listClusters(region, options) {
    const { listClusterNamesIn } = await import('../list-cluster-names.ts');
    return listClusterNamesIn(region, options);
  },

  profileCredentials(profile, files) {
    // One resolution shared by every client (a role profile assumes its role once), again
    // only when the credentials are about to expire.
    let pending: Promise<AwsCredentialIdentity> | undefined;
    return async () => {
      const current = pending && (await pending.catch(() => undefined));
      if (current !== undefined && !expiresSoon(current)) return current;
      pending = import('@aws-sdk/credential-providers').then(({ fromIni }) =>
        fromIni({ profile, filepath: files.credentialsPath, configFilepath: files.configPath })(),
      );
      return pending;
    };
  },
};
