/**
 * Container runtimes Start-EKSBootstrap.ps1 accepts, and when EKS dropped Docker. Values
 * compare case-insensitively, as PowerShell does.
 */

export const CONTAINER_RUNTIMES = {
  // The script declares [ValidateSet("docker","containerd")]. `dockerd` is eksctl's spelling
  // for Amazon Linux nodes; on Windows it fails parameter validation, so it is invalid here.
  docker: ['docker'],
  containerd: ['containerd'],
} as const;

/** The last Kubernetes version whose EKS Windows AMIs ship Docker and default to it. */
export const LAST_KUBERNETES_VERSION_WITH_DOCKER = '1.23';

export const CONTAINER_RUNTIME_SOURCE =
  'Amazon EKS optimized Windows AMIs, bootstrap script configuration parameters — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html';
