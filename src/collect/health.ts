import type { ClusterHealth, NodegroupHealth } from '@aws-sdk/client-eks';
import type { EksHealthIssue } from '../inventory/types.ts';
import { assignDefined } from './records.ts';

/**
 * The health issues DescribeCluster or DescribeNodegroup reports, those with a code: the code
 * names the finding and keeps its id.
 */
export function healthIssuesOf(
  health: ClusterHealth | NodegroupHealth | undefined,
): EksHealthIssue[] {
  return (health?.issues ?? []).flatMap((issue) =>
    issue.code === undefined || issue.code.trim() === ''
      ? []
      : [
          assignDefined(
            { code: issue.code, resourceIds: [...(issue.resourceIds ?? [])] },
            { message: issue.message },
          ),
        ],
  );
}
