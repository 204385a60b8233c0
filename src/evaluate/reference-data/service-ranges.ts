/**
 * The Kubernetes service range Start-EKSBootstrap.ps1 falls back to when nothing tells it
 * the cluster's. Data, not code.
 *
 * Read 2026-11-26. AWS documents "Defaults to 172.20.0.0/16 or 10.100.0.0/16 based on the IP
 * address of the primary interface"; the script itself (Initialize-DefaultValues, Amazon-signed
 * copy) reads the VPC's CIDR blocks from instance metadata and picks 172.20.0.0/16 when any
 * block is in 10.0.0.0/8 (`-like '10.*'`), else 10.100.0.0/16. The DNS cluster IP defaults to
 * the .10 address of the same range. EKS picks a cluster's default service range by the same
 * rule, so the two agree unless the cluster was created with a custom range.
 */
export const SCRIPT_DEFAULT_SERVICE_RANGES = {
  /** When a CIDR block of the VPC lies in this network. */
  tenNetwork: '10.0.0.0/8',
  whenVpcInTenNetwork: '172.20.0.0/16',
  otherwise: '10.100.0.0/16',
  source:
    'Amazon EKS optimized Windows AMIs, bootstrap script configuration parameters — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html; Amazon EKS launch templates, custom service CIDR note — https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html',
} as const;
