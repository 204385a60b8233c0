/**
 * Other accounts of the emulator, as the organisation-wide tests reach them: a role assumed
 * through STS (moto lets any role be assumed in any account), and our findings in an
 * account's own Security Hub, read with that account's credentials.
 */
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface EmulatorAccess {
  endpoint: string;
  region: string;
  /** Who asks: the caller's credentials. */
  credentials: AwsCredentialIdentity;
}

export async function assumeRoleIn(
  access: EmulatorAccess,
  accountId: string,
  roleName: string,
): Promise<AwsCredentialIdentity> {
  const sts = new STSClient(access);
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
        RoleSessionName: 'test',
      }),
    );
    return {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    };
  } finally {
    sts.destroy();
  }
}

/** The ids of our findings that the Security Hub of `access.credentials`' account holds. */
export async function ourSecurityHubFindingIds(access: EmulatorAccess): Promise<string[]> {
  const hub = new SecurityHubClient(access);
  try {
    const { Findings = [] } = await hub.send(new GetFindingsCommand({ MaxResults: 100 }));
    return Findings.filter((finding) => finding.GeneratorId?.startsWith('eks-windows-scanner/'))
      .map((finding) => finding.Id ?? '')
      .sort();
  } finally {
    hub.destroy();
  }
}
