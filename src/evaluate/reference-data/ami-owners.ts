/**
 * The accounts that publish Amazon's Windows AMIs, the EKS optimized ones among them, by
 * partition and by opt-in region (each opt-in region has a publisher of its own). Data,
 * not code: a new region is one line. Read 2026-11-26.
 *
 * DescribeImages also says `ImageOwnerAlias: amazon` for Amazon's images; the rules accept
 * that alias or an account below, so a missing line here costs nothing where the alias is set.
 */
import { partitionOf } from '../../regions.ts';

export interface AmiPublisher {
  ownerId: string;
  /** Where the account id was read. */
  source: string;
}

const COMMERCIAL_SOURCE =
  'eksctl pkg/ami/auto_resolver.go (ownerIDWindowsFamily); AWS "Subscribe to Windows AMI notifications" (arn:aws:sns:us-east-1:801119661308:ec2-windows-ami-update)';
const GOVCLOUD_SOURCE =
  'AWS "Subscribe to Windows AMI notifications": arn:aws-us-gov:sns:us-gov-west-1:077303321853:ec2-windows-ami-update';
const CHINA_SOURCE =
  'Windows AMI owner for the aws-cn partition in public tooling (terraform EKS modules, Packer templates); not stated by AWS documentation';
const OPT_IN_SOURCE =
  'per-region Amazon Windows AMI owners in public tooling that filters on owner-alias amazon (ap-east-1 also seen in describe-images output); not stated by AWS documentation';

/** By partition: commercial, AWS GovCloud (US), China. */
export const WINDOWS_AMI_PUBLISHERS_BY_PARTITION: Readonly<Record<string, AmiPublisher>> = {
  aws: { ownerId: '801119661308', source: COMMERCIAL_SOURCE },
  'aws-us-gov': { ownerId: '077303321853', source: GOVCLOUD_SOURCE },
  'aws-cn': { ownerId: '016951021795', source: CHINA_SOURCE },
};

/** Opt-in regions of the commercial partition, each with its own publisher. */
export const WINDOWS_AMI_PUBLISHERS_BY_REGION: Readonly<Record<string, AmiPublisher>> = {
  'af-south-1': { ownerId: '442396546477', source: OPT_IN_SOURCE },
  'ap-east-1': { ownerId: '777534740333', source: OPT_IN_SOURCE },
  'ap-south-2': { ownerId: '159365745649', source: OPT_IN_SOURCE },
  'ap-southeast-3': { ownerId: '903064639964', source: OPT_IN_SOURCE },
  'ap-southeast-4': { ownerId: '311529897437', source: OPT_IN_SOURCE },
  'ap-southeast-5': { ownerId: '002667544638', source: OPT_IN_SOURCE },
  'ap-southeast-7': { ownerId: '767398017123', source: OPT_IN_SOURCE },
  'ca-west-1': { ownerId: '194652444849', source: OPT_IN_SOURCE },
  'eu-central-2': { ownerId: '536790793924', source: OPT_IN_SOURCE },
  'eu-south-1': { ownerId: '460214486919', source: OPT_IN_SOURCE },
  'eu-south-2': { ownerId: '688423173695', source: OPT_IN_SOURCE },
  'il-central-1': { ownerId: '185158320714', source: OPT_IN_SOURCE },
  'me-central-1': { ownerId: '878052572473', source: OPT_IN_SOURCE },
  'me-south-1': { ownerId: '162367869970', source: OPT_IN_SOURCE },
  'mx-central-1': { ownerId: '574179025982', source: OPT_IN_SOURCE },
};

/** The alias DescribeImages gives Amazon's own images. */
export const AMAZON_OWNER_ALIAS = 'amazon';

/** The publisher accounts of Amazon's Windows AMIs in a region: its own, else its partition's. */
export function windowsAmiPublishersIn(region: string): string[] {
  const partition = WINDOWS_AMI_PUBLISHERS_BY_PARTITION[partitionOf(region)];
  const own = WINDOWS_AMI_PUBLISHERS_BY_REGION[region];
  // eksctl resolves the commercial account in every commercial region; keep it beside the opt-in one.
  return [own?.ownerId, partition?.ownerId].filter((id): id is string => id !== undefined);
}
