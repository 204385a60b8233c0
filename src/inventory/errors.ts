import type { ScanError } from './types.ts';

/** The error of a named cluster that does not exist where it was looked for. */
export function isClusterNotFound(error: ScanError): boolean {
  return error.operation === 'DescribeCluster' && error.code === 'ResourceNotFoundException';
}
