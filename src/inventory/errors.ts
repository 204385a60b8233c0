import type { ArnNamedCluster } from '../cluster-names.ts';
import type { ScanError } from './types.ts';

/** The error of a named cluster that does not exist where it was looked for. */
export function isClusterNotFound(error: ScanError): boolean {
  return error.operation === 'DescribeCluster' && error.code === 'ResourceNotFoundException';
}

/**
 * A "not found" that a namesake found in another account or region may forgive: that of a
 * cluster named by its name. A cluster named by ARN (one of `arns`, in its own account and
 * region) is one cluster: its "not found" stands whatever holds that name elsewhere.
 */
export function isForgivableNotFound(error: ScanError, arns: readonly ArnNamedCluster[]): boolean {
  return (
    error.cluster !== undefined &&
    isClusterNotFound(error) &&
    !arns.some(
      (arn) =>
        arn.name === error.cluster &&
        arn.region === error.region &&
        (error.accountId === undefined || arn.accountId === error.accountId),
    )
  );
}

/** Whether every one of `places` (accounts and regions) said the named cluster is not there. */
export function isClusterFoundNowhere(
  errors: readonly ScanError[],
  cluster: string,
  places: readonly { accountId: string; region: string }[],
): boolean {
  const notFound = errors.filter((error) => error.cluster === cluster && isClusterNotFound(error));
  return (
    places.length > 0 &&
    places.every((place) =>
      notFound.some(
        (error) => error.region === place.region && error.accountId === place.accountId,
      ),
    )
  );
}
