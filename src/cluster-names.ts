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
