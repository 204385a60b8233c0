import {
  DescribeClusterCommand,
  type Cluster as EksCluster,
  paginateListClusters,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import type { Cluster } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { healthIssuesOf } from './health.ts';
import { collectPages } from './pagination.ts';
import { assignDefined } from './records.ts';

/**
 * Every cluster of the region. Throws when the list fails, or when `abortSignal` fires (a
 * retry's backoff included): the caller marks the region, or does without.
 */
export async function listClusterNames(
  context: Pick<CollectContext, 'clients' | 'limits' | 'stop'>,
  abortSignal?: AbortSignal,
): Promise<string[]> {
  const { eks } = context.clients;
  return context.limits.eks(() =>
    collectPages(
      paginateListClusters(
        { client: eks, pageSize: 100 },
        {},
        ...(abortSignal === undefined ? [] : [{ abortSignal }]),
      ),
      (page) => page.clusters,
      context.stop,
    ),
  );
}

/**
 * DescribeCluster for one cluster. A cluster that does not exist yields undefined and an
 * error entry, unless ListClusters named it (`listed`): deleted since, it has nothing left to
 * check, as a node group deleted meanwhile. The deadline yields undefined without an entry.
 * Any other failure is recorded too, but the cluster is kept with its name only so that its
 * node groups and Auto Scaling groups are still collected.
 */
export async function describeCluster(
  context: CollectContext,
  name: string,
  { listed = false }: { listed?: boolean } = {},
): Promise<Cluster | undefined> {
  try {
    const response = await context.limits.eks(async () =>
      context.stop.requested
        ? undefined
        : context.clients.eks.send(new DescribeClusterCommand({ name })),
    );
    return response === undefined ? undefined : toCluster(name, response.cluster);
  } catch (error) {
    const gone = error instanceof ResourceNotFoundException;
    if (!(gone && listed)) context.errors.record('DescribeCluster', error, name);
    return gone ? undefined : { name, tags: {} };
  }
}

function toCluster(name: string, cluster: EksCluster | undefined): Cluster {
  const network = cluster?.kubernetesNetworkConfig;
  const result: Cluster = { name: cluster?.name ?? name, tags: { ...cluster?.tags } };
  assignDefined(result, {
    arn: cluster?.arn,
    version: cluster?.version,
    endpoint: cluster?.endpoint,
    certificateAuthority: cluster?.certificateAuthority?.data,
    serviceIpv4Cidr: network?.serviceIpv4Cidr,
    serviceIpv6Cidr: network?.serviceIpv6Cidr,
    ipFamily: network?.ipFamily,
    status: cluster?.status,
    vpcId: cluster?.resourcesVpcConfig?.vpcId,
  });
  const issues = healthIssuesOf(cluster?.health);
  if (issues.length > 0) result.healthIssues = issues;
  return result;
}
