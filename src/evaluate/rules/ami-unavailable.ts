import { describeWindowsSite, siteHit, windowsSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, SITE_AMI_READS } from './metadata.ts';

/**
 * Only an AMI that was looked up and not returned fires: an ID missing from the inventory's
 * images was never looked up (or the lookup failed), and that is unknown, not unavailable.
 */
export const amiUnavailable: Rule = {
  id: 'ami-unavailable',
  severity: 'HIGH',
  title: 'Windows nodes use an AMI the account can no longer see',
  description:
    'DescribeImages does not return the AMI this node source launches from: it was made private (EKS keeps optimized Windows AMIs public for about four months) or deregistered. Existing nodes keep running, but scale-out and node replacement fail with "Not authorized for images".',
  remediation:
    'Move the node source to a current AMI: read the latest ID from the SSM parameter /aws/service/ami-windows-latest/Windows_Server-<release>-English-<Core|Full>-EKS_Optimized-<k8s>/image_id, put it in a new launch template version (or launch configuration), and roll the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: ['ec2:DescribeImages', ...SITE_AMI_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const { imageId } = windowsSite.site;
      if (imageId === undefined || inventory.images[imageId]?.status !== 'unavailable') return [];
      return [
        siteHit(
          windowsSite,
          { imageId },
          `${describeWindowsSite(windowsSite)} launches from ${imageId}, which DescribeImages no longer returns to this account.`,
        ),
      ];
    });
  },
};
