import { controlPlaneRuns, dockerHit, dockerSitesOf } from '../facts.ts';
import { CONTAINER_RUNTIME_SOURCE } from '../reference-data/container-runtimes.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, DOCKER_USE_READS, DOCKERSHIM_END } from './metadata.ts';

export const dockerRuntimeMigrationDue: Rule = {
  id: 'docker-runtime-migration-due',
  severity: 'MEDIUM',
  title: 'Docker runtime must move to containerd before Kubernetes 1.24',
  description:
    'The cluster control plane runs Kubernetes 1.23 or earlier and these nodes start with Docker, explicitly (-ContainerRuntime docker) or by the default of their EKS AMI. EKS ends Docker support with 1.24: the nodes must move to containerd before the cluster is upgraded.',
  remediation:
    'Set -ContainerRuntime containerd in the bootstrap call (Kubernetes 1.23 EKS AMIs accept it), test workloads that mount the Docker socket or build images with Docker, and replace the nodes before upgrading the cluster to 1.24.',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [...DOCKER_USE_READS],
  source: `${CONTAINER_RUNTIME_SOURCE}; ${DOCKERSHIM_END}`,
  upgradeReadiness:
    'As if the control plane ran the target version: fires only for targets of 1.23 or earlier (later ones make it docker-runtime-unsupported).',
  evaluate({ inventory }) {
    return dockerSitesOf(inventory).flatMap((dockerSite): RuleHit[] => {
      const { cluster, clusterSupportsDocker, kubernetesVersion, runtime } = dockerSite;
      if (!clusterSupportsDocker) return [];
      const how =
        runtime.basis === 'argument'
          ? `the bootstrap call passes -ContainerRuntime ${runtime.value}`
          : `the node's EKS AMI, built for Kubernetes ${runtime.nodeKubernetesVersion}, defaults to Docker`;
      return [
        dockerHit(
          dockerSite,
          `The cluster ${controlPlaneRuns(cluster, `Kubernetes ${kubernetesVersion}`)} and ${how}.`,
        ),
      ];
    });
  },
};
