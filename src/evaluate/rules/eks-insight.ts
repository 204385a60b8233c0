import type { EksInsight } from '../../inventory/types.ts';
import { oneLine, truncateUnits } from '../../text.ts';
import { affectedRefOf, windowsClustersOf } from '../facts.ts';
import type { Evidence, Rule, RuleHit, Severity } from '../types.ts';

export const EKS_INSIGHTS_SOURCE =
  'Amazon EKS cluster insights — https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html';

/** An insight's status → the finding's severity. */
export const INSIGHT_SEVERITIES: Readonly<Record<string, Severity>> = {
  ERROR: 'HIGH',
  WARNING: 'MEDIUM',
};

/** Longest insight text quoted: EKS writes sentences, but a finding must stay bounded. */
const MAX_QUOTED_TEXT = 1000;

/**
 * Longest insight name a title quotes: EKS's are a phrase ("Kubelet version skew"). Security
 * Hub's title (256 characters) adds the cluster's name (100 at most), which must not be cut.
 */
const MAX_TITLE_NAME = 120;

/** EKS's text on one line, at most MAX_QUOTED_TEXT units. */
function bounded(text: string): string {
  return truncateUnits(oneLine(text), MAX_QUOTED_TEXT);
}

/**
 * One finding per failing insight: its resource is the cluster, with the insight's id in the
 * resource id (`<cluster>/insights/<id>`, as the EKS API path names it) so that insights of
 * one cluster stay apart and each keeps its id from run to run.
 */
export const eksInsight: Rule = {
  id: 'eks-insight',
  severity: 'HIGH',
  title: 'Amazon EKS cluster insight reports a problem',
  description:
    'Amazon EKS checks each cluster itself (cluster insights: upgrade readiness, such as deprecated Kubernetes APIs still in use or kubelet version skew, and misconfiguration) and reports this one in ERROR (severity HIGH) or WARNING (severity MEDIUM). Evaluated for clusters with Windows nodes only.',
  remediation:
    "Follow the insight's recommendation, quoted in the finding and in its evidence. `aws eks describe-insight --cluster-name <cluster> --id <insightId>` lists the resources it found. EKS refreshes insights periodically; `aws eks start-insights-refresh --cluster-name <cluster>` refreshes them now, so that a fixed problem clears on the next scan.",
  resourceTypes: ['AwsEksCluster'],
  permissions: ['eks:ListInsights', 'eks:DescribeInsight'],
  source: EKS_INSIGHTS_SOURCE,
  evaluate({ inventory }) {
    return windowsClustersOf(inventory).flatMap((windowsCluster) => {
      const { cluster, windowsSources } = windowsCluster;
      return (cluster.insights ?? []).flatMap((insight): RuleHit[] => {
        const severity = INSIGHT_SEVERITIES[insight.status];
        if (severity === undefined || insight.id === '') return [];
        return [
          {
            cluster: cluster.name,
            resource: {
              type: 'AwsEksCluster',
              id: `${cluster.name}/insights/${insight.id}`,
              name: cluster.name,
              ...(cluster.arn === undefined ? {} : { arn: cluster.arn }),
            },
            affected: windowsSources.map(affectedRefOf),
            evidence: evidenceOf(insight),
            detail: detailOf(insight),
            severity,
            ...titleOf(insight),
          },
        ];
      });
    });
  },
};

/** Insights of one cluster read apart in Security Hub's list by their names. */
function titleOf(insight: EksInsight): { title?: string } {
  const name = oneLine(insight.name ?? '');
  return name === ''
    ? {}
    : { title: `Amazon EKS cluster insight: ${truncateUnits(name, MAX_TITLE_NAME)}` };
}

function evidenceOf(insight: EksInsight): Evidence {
  const evidence: Evidence = { insightId: insight.id, insightStatus: insight.status };
  if (insight.name !== undefined) evidence.insightName = bounded(insight.name);
  if (insight.category !== undefined) evidence.category = insight.category;
  if (insight.kubernetesVersion !== undefined)
    evidence.kubernetesVersion = insight.kubernetesVersion;
  if (insight.reason !== undefined) evidence.reason = bounded(insight.reason);
  if (insight.recommendation !== undefined)
    evidence.recommendation = bounded(insight.recommendation);
  return evidence;
}

function detailOf(insight: EksInsight): string {
  const name = insight.name === undefined ? insight.id : `"${bounded(insight.name)}"`;
  const category = insight.category === undefined ? '' : ` (${insight.category})`;
  const reason = insight.reason === undefined ? '' : ` ${sentence(insight.reason)}`;
  const recommendation =
    insight.recommendation === undefined
      ? ' EKS gave no recommendation the scanner could read (DescribeInsight).'
      : ` EKS recommends: ${sentence(insight.recommendation)}`;
  return `EKS insight ${name}${category} is ${insight.status}.${reason}${recommendation}`;
}

function sentence(text: string): string {
  const flat = bounded(text);
  return /[.!?…]$/.test(flat) ? flat : `${flat}.`;
}
