/**
 * How EKS names a cluster, for every place that reads one from a user (command line, events,
 * configuration) or from user data.
 */

/** An EKS cluster name (CreateCluster: 1 to 100 letters, digits, - and _, a letter or digit first). */
export const CLUSTER_NAME = /^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/;

/**
 * `arn:<partition>:eks:<region>:<account>:cluster/<name>`, in groups partition, region,
 * account and name; the name is not checked (test it with CLUSTER_NAME).
 */
export const CLUSTER_ARN = /^arn:([a-z-]+):eks:([a-z0-9-]+):(\d{12}):cluster\/(.+)$/;

/** A cluster ARN's parts; the name is not checked (test it with CLUSTER_NAME). */
export interface ClusterArnParts {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  name: string;
}

/** A cluster named by its ARN, as far as telling it from its namesakes needs. */
export type ArnNamedCluster = Pick<ClusterArnParts, 'accountId' | 'region' | 'name'>;

/** The parts of `text` when it has the shape of a cluster ARN, else undefined. */
export function clusterArnParts(text: string): ClusterArnParts | undefined {
  const match = CLUSTER_ARN.exec(text);
  if (match === null) return undefined;
  const [, partition = '', region = '', accountId = '', name = ''] = match;
  return { arn: text, partition, region, accountId, name };
}
