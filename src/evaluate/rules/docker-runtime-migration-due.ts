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

export const dockerRuntimeMigrationDue: Rule = {
  id: 'docker-runtime-migration-due',
  severity: 'MEDIUM',
  title: 'Docker runtime must move to containerd before Kubernetes 1.24',
  description:
    'The cluster control plane runs Kubernetes 1.23 or earlier and these nodes start with Docker, explicitly (-ContainerRuntime docker or dockerd) or by the default of their EKS AMI. EKS ends Docker support with 1.24: the nodes must move to containerd before the cluster is upgraded.',
  remediation:
    'Set -ContainerRuntime containerd in the bootstrap call (Kubernetes 1.23 EKS AMIs accept it), test workloads that mount the Docker socket or build images with Docker, and replace the nodes before upgrading the cluster to 1.24.',
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
      if (compareKubernetesVersions(controlPlane, lastWithDocker) > 0) continue;
      const use = containerRuntimeOf(inventory, windowsSite);
      if (use?.runtime !== 'docker') continue;
      const how =
        use.basis === 'argument'
          ? `the bootstrap call passes -ContainerRuntime ${use.value}`
          : `the node's EKS AMI, built for Kubernetes ${use.nodeKubernetesVersion}, defaults to Docker`;
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
          `The cluster runs Kubernetes ${kubernetesVersion} and ${how}.`,
        ),
      );
    }
    return hits;
  },
};
