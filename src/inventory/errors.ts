import type { ScanError } from './types.ts';

/** The error of a named cluster that does not exist where it was looked for. */
export function isClusterNotFound(error: ScanError): boolean {
  return error.operation === 'DescribeCluster' && error.code === 'ResourceNotFoundException';
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
