import type { NodeGroupHealthIssue } from '../../inventory/types.ts';
import { MAX_QUOTED_INSTANCES } from '../drift.ts';
import { affectedRefOf, isWindowsSource, quotedInstances } from '../facts.ts';
import type { Evidence, Rule, RuleHit } from '../types.ts';

export const EKS_NODEGROUP_HEALTH_SOURCE =
  'Amazon EKS API reference, Issue (managed node group health issues) — https://docs.aws.amazon.com/eks/latest/APIReference/API_Issue.html';

/** Longest message quoted: EKS writes a sentence, but a finding must stay bounded. */
const MAX_QUOTED_MESSAGE = 500;

/**
 * The issues whose usual cause on Windows nodes is the cluster's Windows setup rather than
 * the node group: nodes that can't authenticate, or never join.
 */
const JOIN_ISSUES = new Set(['AccessDenied', 'NodeCreationFailure']);

/**
 * One finding per issue code on a Windows managed node group (the code in the finding id,
 * so that each issue keeps its id from run to run and a cleared one is archived).
 */
export const eksNodegroupHealthIssue: Rule = {
  id: 'eks-nodegroup-health-issue',
  severity: 'HIGH',
  title: 'Amazon EKS reports a health issue on a Windows managed node group',
  description:
    'Amazon EKS reports this issue on the managed node group (DescribeNodegroup health): its nodes fail to launch, to join the cluster or to be managed, and EKS marks the node group DEGRADED or failed. Evaluated for Windows node groups only.',
  remediation:
    "Fix the cause the issue code names (the EKS API reference's Issue type lists them); EKS clears the issue once the node group recovers. Windows nodes that fail to join or to authenticate (NodeCreationFailure, AccessDenied) most often need the node role's access entry of type EC2_WINDOWS (or, in aws-auth, the group eks:kube-proxy-windows beside system:bootstrappers and system:nodes) and Windows support on for the cluster (enable-windows-ipam in the amazon-vpc-cni ConfigMap).",
  resourceTypes: ['AwsEksNodegroup'],
  permissions: ['eks:ListNodegroups', 'eks:DescribeNodegroup'],
  source: EKS_NODEGROUP_HEALTH_SOURCE,
  evaluate({ inventory }) {
    return inventory.nodeSources.flatMap((source): RuleHit[] => {
      const issues = source.healthIssues;
      if (issues === undefined || !isWindowsSource(inventory, source)) return [];
      const codes = new Set<string>();
      return issues.flatMap((issue): RuleHit[] => {
        if (codes.has(issue.code)) return [];
        codes.add(issue.code);
        const sameCode = issues.filter((other) => other.code === issue.code);
        return [
          {
            cluster: source.cluster,
            resource: source.ref,
            affected: [affectedRefOf(source)],
            evidence: evidenceOf(source.status, sameCode),
            detail: detailOf(source.ref.name ?? source.ref.id, source.status, sameCode),
            qualifier: issue.code,
          },
        ];
      });
    });
  },
};

function bounded(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_QUOTED_MESSAGE ? flat : `${flat.slice(0, MAX_QUOTED_MESSAGE - 1)}…`;
}

function messagesOf(issues: readonly NodeGroupHealthIssue[]): string[] {
  return [...new Set(issues.flatMap((issue) => (issue.message ? [bounded(issue.message)] : [])))];
}

function resourceIdsOf(issues: readonly NodeGroupHealthIssue[]): string[] {
  return [...new Set(issues.flatMap((issue) => issue.resourceIds))];
}

function evidenceOf(status: string | undefined, issues: readonly NodeGroupHealthIssue[]): Evidence {
  const [first] = issues;
  const evidence: Evidence = { issueCode: first?.code ?? null };
  if (status !== undefined) evidence.nodegroupStatus = status;
  const messages = messagesOf(issues);
  if (messages.length > 0) evidence.issueMessage = messages.join(' ');
  const resourceIds = resourceIdsOf(issues);
  if (resourceIds.length > 0) {
    evidence.resourceCount = resourceIds.length;
    evidence.resourceIds = resourceIds.slice(0, MAX_QUOTED_INSTANCES);
  }
  return evidence;
}

function detailOf(
  name: string,
  status: string | undefined,
  issues: readonly NodeGroupHealthIssue[],
): string {
  const code = issues[0]?.code ?? '';
  const state = status === undefined ? '' : ` (node group ${status})`;
  const messages = messagesOf(issues);
  const said = messages.length === 0 ? '' : `: "${messages.join(' ')}"`;
  const resourceIds = resourceIdsOf(issues);
  const concerning =
    resourceIds.length === 0 ? '' : ` It concerns ${quotedInstances(resourceIds)}.`;
  const hint = JOIN_ISSUES.has(code)
    ? " On Windows nodes this is most often the node role's access (an EC2_WINDOWS access entry, or eks:kube-proxy-windows in aws-auth) or Windows support not enabled for the cluster."
    : '';
  return `EKS reports ${code} on managed node group ${name}${state}${said}.${concerning}${hint}`;
}
