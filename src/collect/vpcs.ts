import { paginateDescribeVpcs, type Vpc } from '@aws-sdk/client-ec2';
import type { Cluster } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { chunk, collectPages } from './pagination.ts';

/** VPC ids per DescribeVpcs call. */
const VPC_IDS_PER_CALL = 200;

/**
 * Fills `vpcIpv4Cidrs` of the clusters from their VPCs, with one DescribeVpcs call for all of
 * them (per 200 VPCs). A cluster whose VPC could not be described keeps the field absent
 * (unknown) and the failure is recorded. Never rejects.
 */
export async function collectClusterVpcs(
  context: CollectContext,
  clusters: readonly Cluster[],
): Promise<void> {
  const cidrs = await describeVpcCidrs(
    context,
    clusters.map((cluster) => cluster.vpcId),
  );
  for (const cluster of clusters) {
    const found = cluster.vpcId === undefined ? undefined : cidrs.get(cluster.vpcId);
    if (found !== undefined) cluster.vpcIpv4Cidrs = found;
  }
}

/** VPC id → its IPv4 CIDR blocks, primary first, for the VPCs EC2 described. */
export async function describeVpcCidrs(
  context: CollectContext,
  vpcIds: Iterable<string | undefined>,
): Promise<Map<string, string[]>> {
  const wanted = new Set<string>();
  for (const id of vpcIds) if (id !== undefined && id !== '') wanted.add(id);
  const cidrs = new Map<string, string[]>();
  if (context.stop.requested) return cidrs;
  await Promise.all(
    chunk([...wanted], VPC_IDS_PER_CALL).map((batch) =>
      context.limits.ec2.DescribeVpcs(() => describeBatch(context, batch, cidrs)),
    ),
  );
  return cidrs;
}

async function describeBatch(
  context: CollectContext,
  batch: string[],
  cidrs: Map<string, string[]>,
): Promise<void> {
  if (context.stop.requested) return;
  try {
    // No page size: EC2 may refuse MaxResults together with VpcIds, and the ids fit one page
    // anyway. The paginator still follows a NextToken.
    const vpcs = await collectPages(
      paginateDescribeVpcs({ client: context.clients.ec2 }, { VpcIds: batch }),
      (page) => page.Vpcs,
      context.stop,
    );
    for (const vpc of vpcs) {
      if (vpc.VpcId !== undefined) cidrs.set(vpc.VpcId, ipv4CidrsOf(vpc));
    }
  } catch (error) {
    if (batch.length > 1 && error instanceof Error && error.name === 'InvalidVpcID.NotFound') {
      // One id that does not exist fails the whole call, and its message may name them all
      // (moto does): ask for each on its own. Sequentially, inside this EC2 slot.
      for (const id of batch) await describeBatch(context, [id], cidrs);
      return;
    }
    context.errors.record('DescribeVpcs', error);
  }
}

/** The primary block, then every other block still associated, each once. */
function ipv4CidrsOf(vpc: Vpc): string[] {
  const blocks = new Set<string>();
  if (vpc.CidrBlock !== undefined) blocks.add(vpc.CidrBlock);
  for (const association of vpc.CidrBlockAssociationSet ?? []) {
    if (association.CidrBlock !== undefined && association.CidrBlockState?.State === 'associated') {
      blocks.add(association.CidrBlock);
    }
  }
  return [...blocks];
}
