import { EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import { type AwsClientOptions, awsClientConfig } from './aws-client-config.ts';

/**
 * Every cluster name of a region, outside a scan: what the command line and an audit list
 * when a cluster asked for was found nowhere (clusters-not-found.ts).
 */
export async function listClusterNamesIn(
  region: string,
  options: AwsClientOptions = {},
): Promise<string[]> {
  const client = new EKSClient(awsClientConfig(region, options));
  try {
    const names: string[] = [];
    for await (const page of paginateListClusters({ client, pageSize: 100 }, {})) {
      names.push(...(page.clusters ?? []));
    }
    return names;
  } finally {
    client.destroy();
  }
}
