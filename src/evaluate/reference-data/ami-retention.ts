/**
 * How long Amazon EKS keeps an optimized Windows AMI public. Data, not code: if AWS
 * changes the policy, this is the one line to edit.
 */

export interface AmiRetentionPolicy {
  /** Days after its creation date that an EKS Windows AMI is expected to be made private. */
  days: number;
  source: string;
  /** The sentence the number rests on, as the source states it. */
  sourceText: string;
}

export const EKS_WINDOWS_AMI_RETENTION: AmiRetentionPolicy = {
  // "4 months" counted as 120 days from CreationDate (SPEC section 4, AMI retention).
  days: 120,
  source:
    'Amazon EKS optimized Windows AMIs — https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html',
  sourceText:
    'To ensure that you have the latest security updates by default, Amazon EKS maintains ' +
    'optimized Windows AMIs for the last 4 months. Each new AMI will be available for 4 months ' +
    'from the time of initial release. After this period, older AMIs are made private and are ' +
    'no longer accessible. (Earlier wording: "maintains at least the four most recent Windows ' +
    'Amazon EKS-optimized AMIs".)',
};
