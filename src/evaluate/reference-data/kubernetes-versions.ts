/**
 * The Amazon EKS Kubernetes version calendar and the kubelet skew policy. A new version
 * is a one-line change here. Dates are calendar days (YYYY-MM-DD, UTC).
 */

export interface KubernetesVersionLifecycle {
  endOfStandardSupport: string;
  endOfExtendedSupport: string;
  /** False while EKS has announced the dates only provisionally, or we read them second-hand. */
  confirmed: boolean;
  /** Where this row was read when it is not the EKS calendar page itself, and when (YYYY-MM-DD). */
  readFrom?: { source: string; on: string };
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
    // AWS: "Dates with only a month and a year are approximate"; this row has full dates
    // (EKS release 2026-01-27, + 14 and + 26 months), so they are the exact ones.
    confirmed: true,
    readFrom: {
      source:
        'the EKS calendar row "1.35 | December 17, 2025 | January 27, 2026 | March 27, 2027 | March 27, 2028", read in copies of the AWS table; the EKS 1.35 release notes (kubernetes-versions-standard) confirm the release',
      on: '2026-11-26',
    },
  },
  '1.36': {
    endOfStandardSupport: '2027-08-02',
    endOfExtendedSupport: '2028-08-02',
    // EKS release 2026-06-02 + 14 and + 26 months, full dates in AWS's own table: exact.
    confirmed: true,
    readFrom: {
      source:
        'the EKS calendar row "1.36 | August 2, 2027 | August 2, 2028" as endoflife.date\'s release-data (releases/amazon-eks.json) scraped it from the AWS page from 2026-06-02 to 2026-08-18, with platform version 1.36-eks-3 on 2026-06-02',
      on: '2026-11-28',
    },
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
