/**
 * The Amazon EKS Kubernetes version calendar and the kubelet skew policy. A new version
 * is a one-line change here. Dates are calendar days (YYYY-MM-DD, UTC).
 */

export interface KubernetesVersionLifecycle {
  endOfStandardSupport: string;
  endOfExtendedSupport: string;
  /** False while EKS has announced the dates only provisionally. */
  confirmed: boolean;
}

export const KUBERNETES_VERSIONS_SOURCE =
  'Amazon EKS Kubernetes version lifecycle — https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html';

/**
 * Oldest first. A version older than the first entry is unsupported (1.22 and before had
 * no extended support); one newer than the last is treated as supported.
 */
export const KUBERNETES_VERSIONS: Readonly<Record<string, KubernetesVersionLifecycle>> = {
  '1.23': {
    endOfStandardSupport: '2023-10-11',
    endOfExtendedSupport: '2024-10-11',
    confirmed: true,
  },
  '1.24': {
    endOfStandardSupport: '2024-01-31',
    endOfExtendedSupport: '2025-01-31',
    confirmed: true,
  },
  '1.25': {
    endOfStandardSupport: '2024-05-01',
    endOfExtendedSupport: '2025-05-01',
    confirmed: true,
  },
  '1.26': {
    endOfStandardSupport: '2024-06-11',
    endOfExtendedSupport: '2025-06-11',
    confirmed: true,
  },
  '1.27': {
    endOfStandardSupport: '2024-07-24',
    endOfExtendedSupport: '2025-07-24',
    confirmed: true,
  },
  '1.28': {
    endOfStandardSupport: '2024-11-26',
    endOfExtendedSupport: '2025-11-26',
    confirmed: true,
  },
  '1.29': {
    endOfStandardSupport: '2025-03-23',
    endOfExtendedSupport: '2026-03-23',
    confirmed: true,
  },
  '1.30': {
    endOfStandardSupport: '2025-07-23',
    endOfExtendedSupport: '2026-07-23',
    confirmed: true,
  },
  '1.31': {
    endOfStandardSupport: '2025-11-26',
    endOfExtendedSupport: '2026-11-26',
    confirmed: true,
  },
  '1.32': {
    endOfStandardSupport: '2026-03-23',
    endOfExtendedSupport: '2027-03-23',
    confirmed: true,
  },
  '1.33': {
    endOfStandardSupport: '2026-07-29',
    endOfExtendedSupport: '2027-07-29',
    confirmed: true,
  },
  '1.34': {
    endOfStandardSupport: '2026-12-02',
    endOfExtendedSupport: '2027-12-02',
    confirmed: true,
  },
  '1.35': {
    endOfStandardSupport: '2027-03-27',
    endOfExtendedSupport: '2028-03-27',
    confirmed: false,
  },
};

/**
 * How many minor versions a kubelet may lag its control plane: 3 from Kubernetes 1.28
 * (KEP-3935), 2 before. A kubelet may never be newer than the control plane.
 */
export const KUBELET_VERSION_SKEW = {
  /** The first control plane version that allows the wider skew. */
  widerSkewSince: '1.28',
  minorsBehind: 3,
  minorsBehindBefore: 2,
  source: 'Kubernetes version skew policy — https://kubernetes.io/releases/version-skew-policy/',
} as const;
