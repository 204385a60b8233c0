import { controlPlaneRuns, dockerHit, dockerSitesOf } from '../facts.ts';
import { CONTAINER_RUNTIME_SOURCE } from '../reference-data/container-runtimes.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, DOCKER_USE_READS, DOCKERSHIM_END } from './metadata.ts';

export const dockerRuntimeUnsupported: Rule = {
  id: 'docker-runtime-unsupported',
  severity: 'CRITICAL',
  title: 'Docker runtime on Kubernetes 1.24 or later',
  description:
    'The cluster control plane runs Kubernetes 1.24 or later, where EKS no longer supports Docker, but these nodes start with Docker: the bootstrap call passes -ContainerRuntime docker, or the node uses an EKS AMI built for Kubernetes 1.23 or earlier, whose bootstrap defaults to Docker, without -ContainerRuntime containerd. EKS AMIs for 1.24 and later contain only containerd, so a Docker bootstrap on them fails and the node never joins.',
  remediation:
    'Remove -ContainerRuntime docker from the bootstrap call (or set -ContainerRuntime containerd), move the nodes to an EKS optimized Windows AMI built for the cluster version, test workloads that mount the Docker socket, and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [...DOCKER_USE_READS],
  source: `${CONTAINER_RUNTIME_SOURCE}; ${DOCKERSHIM_END}`,
  upgradeReadiness:
    'As if the control plane ran the target version: nodes that start with Docker block an upgrade to 1.24 or later.',
  evaluate({ inventory }) {
    return dockerSitesOf(inventory).flatMap((dockerSite): RuleHit[] => {
      const { cluster, clusterSupportsDocker, kubernetesVersion, runtime } = dockerSite;
      if (clusterSupportsDocker) return [];
      const detail =
        runtime.basis === 'argument'
          ? `The bootstrap call passes -ContainerRuntime ${runtime.value}, but the cluster ${controlPlaneRuns(cluster, `Kubernetes ${kubernetesVersion}`)}, which does not support Docker.`
          : `The node's EKS AMI is built for Kubernetes ${runtime.nodeKubernetesVersion} and defaults to Docker (no -ContainerRuntime containerd), but the cluster ${controlPlaneRuns(cluster, kubernetesVersion)}.`;
      return [dockerHit(dockerSite, detail)];
    });
  },
};
