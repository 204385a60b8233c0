/** The AWS partition a region belongs to: ARNs and ASFF `Resources[].Partition` name it. */
export type AwsPartition =
  | 'aws'
  | 'aws-cn'
  | 'aws-us-gov'
  | 'aws-us-iso'
  | 'aws-us-iso-b'
  | 'aws-eusc';

export function partitionOf(region: string): AwsPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  // us-isob-* before us-iso-*: the shorter prefix would match both.
  if (region.startsWith('us-isob-')) return 'aws-us-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-us-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}
