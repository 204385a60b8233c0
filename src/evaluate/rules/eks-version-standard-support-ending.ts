import { clusterHit, daysUntil, windowsClustersAt } from '../facts.ts';
import {
  EKS_CLUSTER_HOURLY_USD,
  EKS_PRICING_SOURCE,
  extendedSupportExtraPerMonthUsd,
  extendedSupportPriceFactor,
} from '../reference-data/eks-pricing.ts';
import { KUBERNETES_VERSIONS_SOURCE } from '../reference-data/kubernetes-versions.ts';
import type { Rule, RuleHit } from '../types.ts';

const usd = (amount: number) => `$${amount.toFixed(2)}`;

/**
 * Fires only while the version is in standard support: from the end of standard support on,
 * eks-version-extended-support says the same thing as a fact, not as a cost ahead. Today's
 * version only (no `upgradeReadiness`): the control plane's own support says nothing of
 * whether the Windows nodes survive an upgrade; the readiness verdict notes a target that
 * leaves standard support within the window instead (targetSupportNote in upgrade.ts).
 */
export const eksVersionStandardSupportEnding: Rule = {
  id: 'eks-version-standard-support-ending',
  severity: 'MEDIUM',
  title: 'Cluster Kubernetes version leaves standard support soon: extended support costs more',
  description: `The cluster's Kubernetes version reaches the end of Amazon EKS standard support within the warning window (default 180 days). From that date the cluster is in extended support, billed at ${usd(EKS_CLUSTER_HOURLY_USD.extendedSupport)} per cluster-hour instead of ${usd(EKS_CLUSTER_HOURLY_USD.standardSupport)} (${extendedSupportPriceFactor()} times the standard price, about $${extendedSupportExtraPerMonthUsd()} more per cluster and month), until extended support ends too and EKS upgrades the control plane itself. Evaluated for clusters with Windows nodes only.`,
  remediation:
    'Upgrade the control plane before the date, one minor version at a time, upgrading the Windows nodes (an EKS optimized Windows AMI built for the new version, a new launch template version or node group release, then an instance refresh) after each step. Where the upgrade must wait, set the cluster upgrade policy (supportType) knowingly: STANDARD has EKS upgrade the cluster at the end of standard support instead of billing extended support.',
  resourceTypes: ['AwsEksCluster'],
  permissions: ['eks:DescribeCluster'],
  source: `${KUBERNETES_VERSIONS_SOURCE}; ${EKS_PRICING_SOURCE}`,
  evaluate({ inventory, options }) {
    return windowsClustersAt(inventory, options.now, 'standard').flatMap(
      (windowsCluster): RuleHit[] => {
        const { version, lifecycle } = windowsCluster.support;
        const { endOfStandardSupport, endOfExtendedSupport, confirmed } = lifecycle;
        const daysRemaining = daysUntil(options.now, endOfStandardSupport);
        if (daysRemaining <= 0 || daysRemaining > options.endOfSupportWarningDays) return [];
        return [
          clusterHit(
            windowsCluster,
            {
              kubernetesVersion: version,
              endOfStandardSupport,
              endOfExtendedSupport,
              daysRemaining,
              datesConfirmed: confirmed,
              standardSupportHourlyUsd: EKS_CLUSTER_HOURLY_USD.standardSupport,
              extendedSupportHourlyUsd: EKS_CLUSTER_HOURLY_USD.extendedSupport,
            },
            `Kubernetes ${version} leaves standard support on ${endOfStandardSupport}, in ${daysRemaining} day${daysRemaining === 1 ? '' : 's'}; from then until ${endOfExtendedSupport} the cluster costs ${usd(EKS_CLUSTER_HOURLY_USD.extendedSupport)} an hour instead of ${usd(EKS_CLUSTER_HOURLY_USD.standardSupport)}.`,
          ),
        ];
      },
    );
  },
};
