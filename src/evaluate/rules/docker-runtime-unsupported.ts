import {
  compareKubernetesVersions,
  containerRuntimeOf,
  imageEvidenceOf,
  kubernetesMinorOf,
  parseKubernetesVersion,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import { LAST_KUBERNETES_VERSION_WITH_DOCKER } from '../reference-data/container-runtimes.ts';
import type { Rule, RuleHit } from '../types.ts';

export const dockerRuntimeUnsupported: Rule = {
  id: 'docker-runtime-unsupported',
  severity: 'CRITICAL',
  title: 'Docker runtime on Kubernetes 1.24 or later',
  description:
    'The cluster control plane runs Kubernetes 1.24 or later, where EKS no longer supports Docker, but these nodes start with Docker: the bootstrap call passes -ContainerRuntime docker (or dockerd, as eksctl writes it), or the node uses an EKS AMI built for Kubernetes 1.23 or earlier, whose bootstrap defaults to Docker, without -ContainerRuntime containerd. EKS AMIs for 1.24 and later contain only containerd, so a Docker bootstrap on them fails and the node never joins.',
  remediation:
    'Remove -ContainerRuntime docker/dockerd from the bootstrap call (or set -ContainerRuntime containerd), move the nodes to an EKS optimized Windows AMI built for the cluster version, test workloads that mount the Docker socket, and replace the nodes.',
  resourceTypes: [
    'AwsEc2LaunchTemplate',
    'AwsAutoScalingLaunchConfiguration',
    'AwsEc2Instance',
    'AwsEksNodegroup',
  ],
  permissions: [
    'eks:DescribeCluster',
    'eks:DescribeNodegroup',
    'ec2:DescribeLaunchTemplateVersions',
    'autoscaling:DescribeLaunchConfigurations',
    'ec2:DescribeInstanceAttribute',
    'ec2:DescribeImages',
  ],
  source:
    'Amazon EKS optimized Windows AMIs, bootstrap script configuration parameters — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html; Amazon EKS ended support for Dockershim — https://docs.aws.amazon.com/eks/latest/userguide/dockershim-deprecation.html',
  evaluate({ inventory }) {
    const hits: RuleHit[] = [];
    const lastWithDocker = parseKubernetesVersion(LAST_KUBERNETES_VERSION_WITH_DOCKER);
    for (const windowsSite of windowsSitesOf(inventory)) {
      const kubernetesVersion = kubernetesMinorOf(windowsSite.cluster?.version);
      const controlPlane = parseKubernetesVersion(kubernetesVersion);
      if (!kubernetesVersion || !controlPlane || !lastWithDocker) continue;
      if (compareKubernetesVersions(controlPlane, lastWithDocker) <= 0) continue;
      const use = containerRuntimeOf(inventory, windowsSite);
      if (use?.runtime !== 'docker') continue;
      const detail =
        use.basis === 'argument'
          ? `The bootstrap call passes -ContainerRuntime ${use.value}, but the cluster runs Kubernetes ${kubernetesVersion}, which does not support Docker.`
          : `The node's EKS AMI is built for Kubernetes ${use.nodeKubernetesVersion} and defaults to Docker (no -ContainerRuntime containerd), but the cluster runs ${kubernetesVersion}.`;
      hits.push(
        siteHit(
          windowsSite,
          {
            kubernetesVersion,
            containerRuntime: 'docker',
            runtimeBasis: use.basis,
            ...(use.basis === 'argument'
              ? { containerRuntimeArgument: use.value }
              : { nodeKubernetesVersion: use.nodeKubernetesVersion }),
            ...imageEvidenceOf(windowsSite.site),
          },
          detail,
        ),
      );
    }
    return hits;
  },
};
