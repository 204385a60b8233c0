import type { Rule } from '../types.ts';
import { BOOTSTRAP_RULES } from './bootstrap-rules.ts';
import { eksClusterHealthIssue } from './eks-cluster-health-issue.ts';
import { eksInsight } from './eks-insight.ts';
import { eksNodegroupHealthIssue } from './eks-nodegroup-health-issue.ts';
import { eksVersionStandardSupportEnding } from './eks-version-standard-support-ending.ts';
import { LIFECYCLE_RULES } from './lifecycle-rules.ts';
import { nodeDrift } from './node-drift.ts';
import { runningOnUnavailableAmi } from './running-on-unavailable-ami.ts';
import { windowsBuildContradictsAmi } from './windows-build-contradicts-ami.ts';

/**
 * Rules about the cluster's support ahead and what EKS itself reports of it and of its node
 * groups, and about what the groups' nodes really run against what they declare (issue 10).
 */
export const CLUSTER_AND_RUNNING_NODE_RULES: readonly Rule[] = [
  eksVersionStandardSupportEnding,
  eksInsight,
  eksClusterHealthIssue,
  eksNodegroupHealthIssue,
  nodeDrift,
  runningOnUnavailableAmi,
  windowsBuildContradictsAmi,
];

/** The rule catalogue, in the order of SPEC section 4 and docs/rules.md. */
export const RULES: readonly Rule[] = [
  ...LIFECYCLE_RULES,
  ...BOOTSTRAP_RULES,
  ...CLUSTER_AND_RUNNING_NODE_RULES,
];
