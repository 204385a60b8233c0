import { DescribeVpcsCommand, type Vpc } from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, ListClustersCommand } from '@aws-sdk/client-eks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { describeVpcCidrs } from '../../../src/collect/vpcs.ts';
import {
  collect,
  collectContext,
  ec2Error,
  eksCluster,
  type MockedAws,
  mockAws,
  restoreAws,
} from './aws-responses.ts';

/** A VPC as DescribeVpcs returns it: the primary block is also the first association. */
function vpc(id: string, primary: string, others: [string, string][] = []): Vpc {
  return {
    VpcId: id,
    CidrBlock: primary,
    State: 'available',
    CidrBlockAssociationSet: [
      {
        AssociationId: `${id}-assoc-0`,
        CidrBlock: primary,
        CidrBlockState: { State: 'associated' },
      },
      ...others.map(([CidrBlock, state], index) => ({
        AssociationId: `${id}-assoc-${index + 1}`,
        CidrBlock,
        CidrBlockState: { State: state as 'associated' },
      })),
    ],
  };
}

/** Clusters `name → VPC id` as DescribeCluster returns them. */
function clustersIn(vpcs: Record<string, string | undefined>, aws: MockedAws): void {
  aws.eks.on(ListClustersCommand).resolves({ clusters: Object.keys(vpcs) });
  aws.eks.on(DescribeClusterCommand).callsFake((input: { name: string }) => {
    const vpcId = vpcs[input.name];
    return {
      cluster: eksCluster(
        input.name,
        vpcId === undefined ? {} : { resourcesVpcConfig: { vpcId, subnetIds: ['subnet-1'] } },
      ),
    };
  });
}

describe('Function: collectRegion, the clusters’ VPCs', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('lists the primary CIDR block first, then the other associated ones, skipping disassociated blocks', async () => {
    // Prepare
    clustersIn({ prod: 'vpc-0prod' }, aws);
    aws.ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [
        vpc('vpc-0prod', '10.0.0.0/16', [
          ['100.64.0.0/16', 'associated'],
          ['10.1.0.0/16', 'disassociated'],
          ['10.2.0.0/16', 'disassociating'],
          ['10.3.0.0/16', 'associating'],
        ]),
      ],
    });

    // Act
    const inventory = await collect();

    // Assess
    expect(inventory.clusters).toEqual([
      expect.objectContaining({
        name: 'prod',
        vpcId: 'vpc-0prod',
        vpcIpv4Cidrs: ['10.0.0.0/16', '100.64.0.0/16'],
      }),
    ]);
    expect(inventory.errors).toEqual([]);
  });

  it('describes the distinct VPCs of all clusters in one call, shared or not', async () => {
    // Prepare
    clustersIn({ a: 'vpc-0shared', b: 'vpc-0shared', c: 'vpc-0own', d: undefined }, aws);
    aws.ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [vpc('vpc-0shared', '10.0.0.0/16'), vpc('vpc-0own', '192.168.0.0/16')],
    });

    // Act
    const inventory = await collect();

    // Assess
    expect(aws.ec2).toReceiveCommandTimes(DescribeVpcsCommand, 1);
    const [call] = aws.ec2.commandCalls(DescribeVpcsCommand);
    expect([...(call?.args[0].input.VpcIds ?? [])].sort()).toEqual(['vpc-0own', 'vpc-0shared']);
    expect(call?.args[0].input.MaxResults).toBeUndefined();
    expect(
      inventory.clusters.map((cluster) => [cluster.name, cluster.vpcId, cluster.vpcIpv4Cidrs]),
    ).toEqual([
      ['a', 'vpc-0shared', ['10.0.0.0/16']],
      ['b', 'vpc-0shared', ['10.0.0.0/16']],
      ['c', 'vpc-0own', ['192.168.0.0/16']],
      ['d', undefined, undefined],
    ]);
  });

  it('does not call DescribeVpcs when no cluster names a VPC', async () => {
    // Prepare
    clustersIn({ a: undefined }, aws);

    // Act
    await collect();

    // Assess
    expect(aws.ec2).not.toReceiveCommand(DescribeVpcsCommand);
  });

  it('records a failing DescribeVpcs and leaves the CIDR blocks unknown', async () => {
    // Prepare
    clustersIn({ prod: 'vpc-0prod' }, aws);
    aws.ec2
      .on(DescribeVpcsCommand)
      .rejects(
        ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      );

    // Act
    const inventory = await collect();

    // Assess
    expect(inventory.clusters[0]?.vpcId).toBe('vpc-0prod');
    expect(inventory.clusters[0]).not.toHaveProperty('vpcIpv4Cidrs');
    expect(inventory.errors).toEqual([
      expect.objectContaining({ operation: 'DescribeVpcs', code: 'UnauthorizedOperation' }),
    ]);
    expect(inventory.nodeSources).toEqual([]);
  });
});

describe('Function: describeVpcCidrs', () => {
  let aws: MockedAws;

  beforeEach(() => {
    aws = mockAws();
  });

  afterEach(() => {
    restoreAws(aws);
  });

  it('asks for each VPC on its own when one does not exist, and records only that one', async () => {
    // Prepare: moto names every id of the request in its message, so the message is no guide.
    aws.ec2
      .on(DescribeVpcsCommand, { VpcIds: ['vpc-0a', 'vpc-0gone', 'vpc-0b'] })
      .rejects(
        ec2Error(
          'InvalidVpcID.NotFound',
          "VpcID {'vpc-0a', 'vpc-0gone', 'vpc-0b'} does not exist.",
        ),
      );
    aws.ec2
      .on(DescribeVpcsCommand, { VpcIds: ['vpc-0a'] })
      .resolves({ Vpcs: [vpc('vpc-0a', '10.0.0.0/16')] });
    aws.ec2
      .on(DescribeVpcsCommand, { VpcIds: ['vpc-0b'] })
      .resolves({ Vpcs: [vpc('vpc-0b', '10.1.0.0/16')] });
    aws.ec2
      .on(DescribeVpcsCommand, { VpcIds: ['vpc-0gone'] })
      .rejects(ec2Error('InvalidVpcID.NotFound', "The vpc ID 'vpc-0gone' does not exist"));
    const context = collectContext();

    // Act
    const cidrs = await describeVpcCidrs(context, ['vpc-0a', 'vpc-0gone', 'vpc-0b', 'vpc-0a']);

    // Assess
    expect(cidrs).toEqual(
      new Map([
        ['vpc-0a', ['10.0.0.0/16']],
        ['vpc-0b', ['10.1.0.0/16']],
      ]),
    );
    expect(context.errors.entries).toEqual([
      expect.objectContaining({
        operation: 'DescribeVpcs',
        code: 'InvalidVpcID.NotFound',
        message: "The vpc ID 'vpc-0gone' does not exist",
      }),
    ]);
  });

  it('asks for at most 200 VPCs per call and follows NextToken', async () => {
    // Prepare
    const ids = Array.from({ length: 201 }, (_, index) => `vpc-0${index}`);
    aws.ec2
      .on(DescribeVpcsCommand)
      .resolvesOnce({ Vpcs: [vpc('vpc-00', '10.0.0.0/16')], NextToken: 'p2' })
      .resolves({ Vpcs: [] });

    // Act
    await describeVpcCidrs(collectContext(), ids);

    // Assess
    const calls = aws.ec2.commandCalls(DescribeVpcsCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => input.VpcIds?.length).sort()).toEqual([1, 200, 200]);
    expect(aws.ec2).toReceiveCommandWith(DescribeVpcsCommand, {
      VpcIds: ids.slice(0, 200),
      NextToken: 'p2',
    });
  });
});
