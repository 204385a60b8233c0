import { partitionOf } from '../../regions.ts';

export { type AwsPartition, partitionOf } from '../../regions.ts';

/**
 * The product ARN of findings an account imports about itself ("default product"): the
 * account id appears twice, as the product's owner and as the account.
 */
export function defaultProductArn(region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}
