import { affectedRefOf, isWindowsSource, runsWindowsImages } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { healthDetailOf, healthEvidenceOf, healthTitleOf, issuesByCode } from './health-issues.ts';

export const EKS_NODEGROUP_HEALTH_SOURCE =
  'Amazon EKS API reference, Issue (managed node group health issues) — https://docs.aws.amazon.com/eks/latest/APIReference/API_Issue.html';

/**
 * The issues whose usual cause on Windows nodes is the cluster's Windows setup rather than
 * the node group: nodes that can't authenticate, or never join.
 */
const JOIN_ISSUES = new Set(['AccessDenied', 'NodeCreationFailure']);

const JOIN_HINT =
  " On Windows nodes this is most often the node role's access (an EC2_WINDOWS access entry, or eks:kube-proxy-windows in aws-auth) or Windows support not enabled for the cluster.";

/** One finding per issue code on a Windows managed node group. */
export const eksNodegroupHealthIssue: Rule = {
  id: 'eks-nodegroup-health-issue',
  severity: 'HIGH',
  title: 'Amazon EKS reports a health issue on a Windows managed node group',
  description:
    'Amazon EKS reports this issue on the managed node group (DescribeNodegroup health): its nodes fail to launch, to join the cluster or to be managed, and EKS marks the node group DEGRADED or failed. Evaluated for Windows node groups only (by AMI type, launch template or the AMIs their nodes run).',
  remediation:
    "Fix the cause the issue code names (the EKS API reference's Issue type lists them); EKS clears the issue once the node group recovers. Windows nodes that fail to join or to authenticate (NodeCreationFailure, AccessDenied) most often need the node role's access entry of type EC2_WINDOWS (or, in aws-auth, the group eks:kube-proxy-windows beside system:bootstrappers and system:nodes) and Windows support on for the cluster (enable-windows-ipam in the amazon-vpc-cni ConfigMap).",
  resourceTypes: ['AwsEksNodegroup'],
  permissions: ['eks:ListNodegroups', 'eks:DescribeNodegroup'],
  source: EKS_NODEGROUP_HEALTH_SOURCE,
  evaluate({ inventory }) {
    return inventory.nodeSources.flatMap((source): RuleHit[] => {
      const { healthIssues, status } = source;
      if (healthIssues === undefined) return [];
      // A CUSTOM node group whose launch template is gone has no site to tell by.
      if (!isWindowsSource(inventory, source) && !runsWindowsImages(inventory, source)) return [];
      const name = source.ref.name ?? source.ref.id;
      return issuesByCode(healthIssues).map((issues): RuleHit => {
        const code = issues[0]?.code ?? '';
        const detail = healthDetailOf(issues, `managed node group ${name}`, status);
        return {
          cluster: source.cluster,
          resource: source.ref,
          affected: [affectedRefOf(source)],
          evidence: healthEvidenceOf(issues, 'nodegroupStatus', status),
          detail: JOIN_ISSUES.has(code) ? `${detail}${JOIN_HINT}` : detail,
          qualifier: code,
          title: healthTitleOf(issues, 'a Windows managed node group'),
        };
      });
    });
  },
};
