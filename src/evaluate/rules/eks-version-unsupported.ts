import { clusterHit, kubernetesSupportOf, windowsClustersOf } from '../facts.ts';
import { KUBERNETES_VERSIONS_SOURCE } from '../reference-data/kubernetes-versions.ts';
import type { Evidence, Rule, RuleHit } from '../types.ts';

export const eksVersionUnsupported: Rule = {
  id: 'eks-version-unsupported',
  severity: 'HIGH',
  title: 'Cluster Kubernetes version past end of extended support',
  description:
    'The cluster runs a Kubernetes version past the end of Amazon EKS extended support (or older than every version in the EKS calendar, from before extended support existed). EKS upgrades such control planes automatically, which can break Windows nodes whose AMIs then fall outside the kubelet version skew. Evaluated for clusters with Windows nodes only.',
  remediation:
    'Upgrade the control plane one minor version at a time to a supported version, upgrading the Windows nodes (AMI built for the new version) after each step, before EKS does it on its own schedule.',
  resourceTypes: ['AwsEksCluster'],
  permissions: ['eks:DescribeCluster'],
  source: KUBERNETES_VERSIONS_SOURCE,
  evaluate({ inventory, options }) {
    const hits: RuleHit[] = [];
    for (const windowsCluster of windowsClustersOf(inventory)) {
      const support = kubernetesSupportOf(windowsCluster.cluster.version, options.now);
      let evidence: Evidence;
      let detail: string;
      if (support?.status === 'ended') {
        const { endOfExtendedSupport, confirmed } = support.lifecycle;
        evidence = {
          kubernetesVersion: support.version,
          endOfExtendedSupport,
          datesConfirmed: confirmed,
        };
        detail = `Kubernetes ${support.version} reached end of extended support on ${endOfExtendedSupport}.`;
      } else if (support?.status === 'older-than-table') {
        evidence = {
          kubernetesVersion: support.version,
          oldestVersionInTable: support.oldestKnown,
        };
        detail = `Kubernetes ${support.version} is older than ${support.oldestKnown}, the oldest version in the EKS calendar; it has no support.`;
      } else continue;
      hits.push(clusterHit(windowsCluster, evidence, detail));
    }
    return hits;
  },
};
