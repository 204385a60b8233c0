import {
  DescribeNodegroupCommand,
  type Nodegroup,
  paginateListNodegroups,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import type { NodeSource, ResourceRef } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { type NodeSourceDraft, normaliseVersion } from './drafts.ts';
import { healthIssuesOf } from './health.ts';
import { collectPages } from './pagination.ts';
import { assignDefined } from './records.ts';

export interface NodeGroupDraft extends NodeSourceDraft {
  /** The Auto Scaling groups EKS runs the node group's instances in. */
  autoScalingGroupNames: string[];
}

/** Where a failed call of one cluster goes; recorded against the cluster unless told. */
export type FailureSink = (operation: string, error: unknown) => void;

/**
 * The managed node groups of one cluster. A failing list is recorded and yields none; a
 * failing DescribeNodegroup loses that node group only. A node group listed but no longer
 * there when described (ResourceNotFoundException: deleted meanwhile; one being deleted is
 * still described) has no nodes left to check, so it is skipped without an error. None once
 * the deadline has come.
 */
export async function collectNodeGroups(
  context: CollectContext,
  clusterName: string,
  recordFailure: FailureSink = (operation, error) =>
    context.errors.record(operation, error, clusterName),
): Promise<NodeGroupDraft[]> {
  const { eks } = context.clients;
  let names: string[];
  try {
    names = await context.limits.eks(async () =>
      context.stop.requested
        ? []
        : collectPages(
            paginateListNodegroups({ client: eks, pageSize: 100 }, { clusterName }),
            (page) => page.nodegroups,
            context.stop,
          ),
    );
  } catch (error) {
    recordFailure('ListNodegroups', error);
    return [];
  }

  const drafts = await Promise.all(
    names.map(async (nodegroupName) => {
      if (context.stop.requested) return undefined;
      try {
        const { nodegroup } = await context.limits.eks(() =>
          eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName })),
        );
        return nodegroup === undefined ? undefined : toDraft(clusterName, nodegroupName, nodegroup);
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) {
          recordFailure('DescribeNodegroup', error);
        }
        return undefined;
      }
    }),
  );
  return drafts.filter((draft) => draft !== undefined);
}

function toDraft(clusterName: string, name: string, nodegroup: Nodegroup): NodeGroupDraft {
  const ref: ResourceRef = assignDefined(
    { type: 'AwsEksNodegroup', id: name, name },
    { arn: nodegroup.nodegroupArn },
  );
  const source: NodeSource = assignDefined(
    {
      kind: 'managed-node-group',
      ref,
      cluster: clusterName,
      sites: [],
      instanceIds: [],
      tags: { ...nodegroup.tags },
    },
    {
      amiType: nodegroup.amiType,
      releaseVersion: nodegroup.releaseVersion,
      kubernetesVersion: nodegroup.version,
      status: nodegroup.status,
    },
  );
  const issues = healthIssuesOf(nodegroup.health);
  if (issues.length > 0) source.healthIssues = issues;
  const template = nodegroup.launchTemplate;
  const hasTemplate = template?.id !== undefined || template?.name !== undefined;
  return {
    source,
    // Without a launch template EKS picks the AMI and writes the user data: the node group
    // itself is the only place an operator configures anything.
    requests: hasTemplate
      ? [
          {
            kind: 'launch-template',
            template: assignDefined(
              { version: normaliseVersion(template?.version) },
              { id: template?.id, name: template?.name },
            ),
          },
        ]
      : [{ kind: 'known', site: { ref, userData: undefined } }],
    autoScalingGroupNames: (nodegroup.resources?.autoScalingGroups ?? []).flatMap((group) =>
      group.name === undefined ? [] : [group.name],
    ),
  };
}
