/**
 * The node labels a kubelet may set on its own Node: any label outside the `kubernetes.io`
 * and `k8s.io` namespaces, and of those only these keys and namespaces. A kubelet given any
 * other such label with `--node-labels` refuses to start ("unknown 'kubernetes.io' or
 * 'k8s.io' labels specified with --node-labels"), since Kubernetes 1.16. Read 2026-11-27
 * from the Kubernetes source (cmd/kubelet/app/options/options.go, ValidateKubeletFlags;
 * staging/src/k8s.io/kubelet/pkg/apis/well_known_labels.go, kubeletLabels and
 * kubeletLabelNamespaces).
 */
export const KUBELET_NODE_LABELS_SOURCE =
  'Kubernetes, kubelet command line reference (--node-labels) — https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/';

export const KUBELET_SETTABLE_LABELS: ReadonlySet<string> = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
]);

/** Namespaces (and their subdomains) whose labels a kubelet may set freely. */
export const KUBELET_SETTABLE_NAMESPACES: readonly string[] = [
  'kubelet.kubernetes.io',
  'node.kubernetes.io',
];

/** The namespaces reserved to Kubernetes, and their subdomains. */
export const RESERVED_LABEL_NAMESPACES: readonly string[] = ['kubernetes.io', 'k8s.io'];
