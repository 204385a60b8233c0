import type { DecodedInventory } from '../../inventory/types.ts';
import {
  affectedRefOf,
  creationTimeOf,
  describeWindowsSite,
  imageOf,
  isEksWindowsAmi,
  nodeKubernetesVersionOf,
  parseEksWindowsAmiName,
  parseWindowsAmiType,
  siteHit,
  type WindowsSite,
  windowsSitesOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, SITE_AMI_READS } from './metadata.ts';

/** The SSM public parameter naming the latest EKS optimized Windows AMI of a variant. */
export function latestWindowsAmiParameter(
  release: string,
  edition: string,
  kubernetesVersion: string,
): string {
  return `/aws/service/ami-windows-latest/Windows_Server-${release}-English-${edition}-EKS_Optimized-${kubernetesVersion}/image_id`;
}

/** The date of a managed node group release version: `1.29-2024.05.14`, `1.35-2026-01-22`, `1.29.3-20240514`. */
export function releaseVersionDate(releaseVersion: string | undefined): string | undefined {
  const match = /-(\d{4})[.-]?(\d{2})[.-]?(\d{2})$/.exec(releaseVersion ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** A site whose launch template or configuration names an EKS Windows AMI. */
function imageSiteHit(inventory: DecodedInventory, windowsSite: WindowsSite): RuleHit[] {
  const image = imageOf(inventory, windowsSite.site.imageId);
  const variant = parseEksWindowsAmiName(image?.name);
  if (image === undefined || variant === undefined || !isEksWindowsAmi(image, inventory.region))
    return [];
  const parameter = latestWindowsAmiParameter(
    variant.release,
    variant.edition,
    variant.kubernetesVersion,
  );
  const latestId = inventory.latestImageIds[parameter];
  if (latestId === undefined || latestId === image.imageId) return [];
  const latestLookup = inventory.images[latestId];
  if (latestLookup?.status === 'unavailable') return [];
  // Not newer when both dates are known and the "latest" is not after ours.
  const latest = latestLookup?.image;
  const [ours, theirs] = [creationTimeOf(image), latest && creationTimeOf(latest)];
  if (ours !== undefined && theirs !== undefined && theirs <= ours) return [];
  return [
    siteHit(
      windowsSite,
      {
        imageId: image.imageId,
        imageName: image.name ?? null,
        latestImageId: latestId,
        latestImageName: latest?.name ?? null,
        ssmParameter: parameter,
      },
      `${describeWindowsSite(windowsSite)} launches from ${image.imageId}; the recommended ${variant.release} ${variant.edition} AMI for Kubernetes ${variant.kubernetesVersion} is ${latestId}.`,
    ),
  ];
}

/**
 * A managed node group on a Windows amiType: EKS picks the AMI from the release version,
 * compared by date with the name of the latest AMI. Reported on the node group, which is
 * what an operator updates (UpdateNodegroupVersion).
 */
function managedNodeGroupHit(inventory: DecodedInventory, windowsSite: WindowsSite): RuleHit[] {
  const { source, site } = windowsSite;
  const variant = parseWindowsAmiType(source.amiType);
  const kubernetesVersion = nodeKubernetesVersionOf(inventory, source, site);
  const releaseDate = releaseVersionDate(source.releaseVersion);
  if (!variant || !kubernetesVersion || !releaseDate) return [];
  const parameter = latestWindowsAmiParameter(variant.release, variant.edition, kubernetesVersion);
  const latestId = inventory.latestImageIds[parameter];
  const latest = imageOf(inventory, latestId);
  const latestDate = parseEksWindowsAmiName(latest?.name)?.buildDate;
  if (latestId === undefined || latestDate === undefined || latestDate <= releaseDate) return [];
  return [
    {
      cluster: source.cluster,
      resource: source.ref,
      affected: [affectedRefOf(source)],
      evidence: {
        releaseVersion: source.releaseVersion ?? null,
        latestImageId: latestId,
        latestImageName: latest?.name ?? null,
        ssmParameter: parameter,
      },
      detail: `Managed node group ${source.ref.name ?? source.ref.id} runs release ${source.releaseVersion} from ${releaseDate}; a ${variant.release} ${variant.edition} AMI for Kubernetes ${kubernetesVersion} from ${latestDate} is available.`,
    },
  ];
}

export const amiOutdated: Rule = {
  id: 'ami-outdated',
  severity: 'LOW',
  title: 'A newer EKS optimized Windows AMI is recommended',
  description:
    'Amazon EKS publishes a newer optimized Windows AMI for the same Windows Server release, edition and Kubernetes version (SSM public parameter /aws/service/ami-windows-latest/…/image_id). Newer AMIs carry the monthly Windows security updates and EKS component fixes, and older ones are made private after about four months.',
  remediation:
    'Self-managed and custom-AMI nodes: put the AMI ID from the SSM parameter in a new launch template version (or launch configuration) and roll the nodes. Managed node groups: update the node group to the latest AMI release version (UpdateNodegroupVersion, or eksctl upgrade nodegroup).',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [
    'ssm:GetParameters',
    'ec2:DescribeImages',
    'eks:DescribeNodegroup',
    ...SITE_AMI_READS,
  ],
  source:
    'Retrieve recommended Microsoft Windows AMI IDs — https://docs.aws.amazon.com/eks/latest/userguide/retrieve-windows-ami-id.html',
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const { source, site } = windowsSite;
      if (site.imageId !== undefined) return imageSiteHit(inventory, windowsSite);
      const ekschoosesAmi =
        source.kind === 'managed-node-group' && parseWindowsAmiType(source.amiType) !== undefined;
      return ekschoosesAmi ? managedNodeGroupHit(inventory, windowsSite) : [];
    });
  },
};
