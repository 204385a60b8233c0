import type { ClusterHealth, NodegroupHealth } from '@aws-sdk/client-eks';
import type { EksHealthIssue } from '../inventory/types.ts';
import { assignDefined } from './records.ts';

/** The health issues DescribeCluster or DescribeNodegroup reports, those with a code. */
export function healthIssuesOf(
  health: ClusterHealth | NodegroupHealth | undefined,
): EksHealthIssue[] {
  return (health?.issues ?? []).flatMap((issue) =>
    issue.code === undefined
      ? []
      : [
          assignDefined(
            { code: issue.code, resourceIds: [...(issue.resourceIds ?? [])] },
            { message: issue.message },
          ),
        ],
  );
}
