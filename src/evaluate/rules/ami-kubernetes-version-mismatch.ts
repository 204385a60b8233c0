import {
  afterTheUpgrade,
  allowedKubeletLag,
  compareKubernetesVersions,
  imageEvidenceOf,
  kubernetesMinorOf,
  nodeKubernetesVersionOf,
  parseKubernetesVersion,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import { KUBELET_VERSION_SKEW } from '../reference-data/kubernetes-versions.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMI_VERSIONS, SITE_AMI_READS } from './metadata.ts';

export const amiKubernetesVersionMismatch: Rule = {
  id: 'ami-kubernetes-version-mismatch',
  severity: 'HIGH',
  title: 'Node AMI built for a Kubernetes version the control plane does not accept',
  description:
    'The EKS optimized Windows AMI (or managed node group release) of these nodes is built for a Kubernetes version newer than the cluster control plane, or older by more than the kubelet version skew allows: 3 minor versions for control planes on 1.28 and later, 2 before. Kubelets outside the skew are unsupported and may fail to register or misbehave.',
  remediation:
    'Use the EKS optimized Windows AMI built for the control plane version (SSM parameter /aws/service/ami-windows-latest/Windows_Server-<release>-English-<Core|Full>-EKS_Optimized-<k8s>/image_id), or update the managed node group to the cluster version, and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [
    'eks:DescribeCluster',
    'eks:DescribeNodegroup',
    ...SITE_AMI_READS,
    'ec2:DescribeImages',
  ],
  source: `${KUBELET_VERSION_SKEW.source}; ${EKS_WINDOWS_AMI_VERSIONS}`,
  upgradeReadiness:
    'The kubelet skew right after the control plane upgrade: the nodes as they are today against the target version (EKS upgrades the control plane first, the nodes after).',
  evaluate({ inventory }) {
    const hits: RuleHit[] = [];
    for (const windowsSite of windowsSitesOf(inventory)) {
      const kubernetesVersion = kubernetesMinorOf(windowsSite.cluster?.version);
      const nodeKubernetesVersion = kubernetesMinorOf(
        nodeKubernetesVersionOf(inventory, windowsSite.source, windowsSite.site),
      );
      const controlPlane = parseKubernetesVersion(kubernetesVersion);
      const node = parseKubernetesVersion(nodeKubernetesVersion);
      if (!kubernetesVersion || !nodeKubernetesVersion || !controlPlane || !node) continue;
      const allowedLag = allowedKubeletLag(controlPlane);
      const newer = compareKubernetesVersions(node, controlPlane) > 0;
      const tooOld =
        node.major !== controlPlane.major || controlPlane.minor - node.minor > allowedLag;
      if (!newer && !tooOld) continue;
      const after = afterTheUpgrade(windowsSite.cluster);
      const detail = newer
        ? `The node software is built for Kubernetes ${nodeKubernetesVersion}, newer than the control plane's ${kubernetesVersion}${after}.`
        : `The node software is built for Kubernetes ${nodeKubernetesVersion}, more than ${allowedLag} minor versions behind the control plane's ${kubernetesVersion}${after}.`;
      hits.push(
        siteHit(
          windowsSite,
          {
            kubernetesVersion,
            nodeKubernetesVersion,
            allowedMinorVersionsBehind: allowedLag,
            ...imageEvidenceOf(windowsSite.site),
          },
          detail,
        ),
      );
    }
    return hits;
  },
};
