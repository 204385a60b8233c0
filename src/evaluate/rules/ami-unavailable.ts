import { describeWindowsSite, siteHit, windowsSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, SITE_AMI_READS } from './metadata.ts';

/** Longest parameter selector quoted as evidence (SSM names are at most 2,048 characters). */
const MAX_QUOTED_PARAMETER = 200;

/** An SSM parameter selector as written in resolve:ssm:, quoted only in the characters SSM allows. */
function quotableSsmParameterName(name: string): string | undefined {
  return /^[A-Za-z0-9_.\-/:]+$/.test(name) && name.length <= MAX_QUOTED_PARAMETER
    ? name
    : undefined;
}

/**
 * Only an AMI that was looked up and not returned fires: an ID missing from the inventory's
 * images was never looked up (or the lookup failed), and that is unknown, not unavailable.
 */
export const amiUnavailable: Rule = {
  id: 'ami-unavailable',
  severity: 'HIGH',
  title: 'Windows nodes use an AMI the account can no longer see',
  description:
    'DescribeImages does not return the AMI this node source launches from: it was made private (EKS keeps optimized Windows AMIs public for about four months) or deregistered; or the launch template names its AMI as resolve:ssm:<parameter> and that Systems Manager parameter does not exist. Existing nodes keep running, but scale-out and node replacement fail ("Not authorized for images", or the parameter cannot be resolved).',
  remediation:
    'Move the node source to a current AMI: read the latest ID from the SSM parameter /aws/service/ami-windows-latest/Windows_Server-<release>-English-<Core|Full>-EKS_Optimized-<k8s>/image_id, put it in a new launch template version or launch configuration, and roll the nodes. For a launch template that names resolve:ssm:<parameter>, create the parameter or point the template at one that exists. While you move, you can ask AWS Support for access to a private AMI you still need; AWS does not guarantee it.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: ['ec2:DescribeImages', 'ssm:GetParameters', ...SITE_AMI_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const { imageId, imageParameter } = windowsSite.site;
      if (imageParameter?.status === 'missing') {
        const name = quotableSsmParameterName(imageParameter.name);
        return [
          siteHit(
            windowsSite,
            { ...(name === undefined ? {} : { imageParameter: name }), parameterExists: false },
            `${describeWindowsSite(windowsSite)} names its AMI as resolve:ssm:${name ?? '<parameter>'}, a Systems Manager parameter that does not exist: every launch fails.`,
          ),
        ];
      }
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
