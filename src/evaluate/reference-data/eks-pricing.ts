/**
 * What Amazon EKS charges per cluster for the control plane, by support tier. A price change
 * is a one-line change here. US dollars per cluster-hour, as the AWS price list gives them
 * (the same in every commercial region).
 */

export const EKS_PRICING_SOURCE =
  'Amazon EKS pricing — https://aws.amazon.com/eks/pricing/ ("$0.10 per cluster per hour" in standard support, "$0.60 per cluster per hour" in extended support)';

export const EKS_CLUSTER_HOURLY_USD = {
  /** A cluster on a Kubernetes version in standard support. */
  standardSupport: 0.1,
  /** A cluster on a Kubernetes version in extended support. */
  extendedSupport: 0.6,
} as const;

/** Hours the AWS price list counts in a month. */
export const HOURS_PER_MONTH = 730;

/** How many times the standard price extended support costs (6). */
export function extendedSupportPriceFactor(): number {
  return (
    Math.round(
      (EKS_CLUSTER_HOURLY_USD.extendedSupport / EKS_CLUSTER_HOURLY_USD.standardSupport) * 100,
    ) / 100
  );
}

/** What extended support adds per cluster and month, in whole dollars (365). */
export function extendedSupportExtraPerMonthUsd(): number {
  return Math.round(
    (EKS_CLUSTER_HOURLY_USD.extendedSupport - EKS_CLUSTER_HOURLY_USD.standardSupport) *
      HOURS_PER_MONTH,
  );
}
