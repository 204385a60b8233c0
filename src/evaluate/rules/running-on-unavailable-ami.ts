import type { DecodedInventory, DecodedNodeSource } from '../../inventory/types.ts';
import { distinct, MAX_QUOTED_INSTANCES } from '../drift.ts';
import { affectedRefOf, windowsSourcesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { EKS_WINDOWS_AMIS, NODE_SOURCE_DISCOVERY } from './metadata.ts';

/**
 * Running instances on an AMI that no site of their group names and that DescribeImages no
 * longer returns. An AMI a site still names is ami-unavailable's (on the site): said once.
 */
export const runningOnUnavailableAmi: Rule = {
  id: 'running-on-unavailable-ami',
  severity: 'HIGH',
  title: 'Running Windows nodes use an AMI the account can no longer see',
  description:
    'Instances the group runs now were launched from an AMI that DescribeImages no longer returns to this account (made private, as EKS does with optimized Windows AMIs after about four months, or deregistered), and that the group no longer declares. They keep working until they are replaced; a replacement (scale-in and out, a failed health check, a Spot interruption) launches from what the group declares now, which may behave differently: its Windows build, patches and bootstrap were never seen running on these nodes.',
  remediation:
    'Replace these nodes on your own schedule rather than at the next failure: test the AMI the group declares now, then start an instance refresh on the Auto Scaling group (or update the managed node group), draining each Windows node first. A copy of the old AMI cannot be made any more; AWS Support can sometimes restore access to an EKS AMI that was made private.',
  resourceTypes: ['AwsAutoScalingAutoScalingGroup', 'AwsEksNodegroup'],
  permissions: [...NODE_SOURCE_DISCOVERY, 'ec2:DescribeImages'],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSourcesOf(inventory).flatMap((source): RuleHit[] => {
      if (source.kind === 'instance') return [];
      const stranded = (source.runningInstances ?? []).filter(
        (instance) =>
          instance.imageId !== undefined &&
          inventory.images[instance.imageId]?.status === 'unavailable' &&
          !source.sites.some((site) => site.imageId === instance.imageId),
      );
      if (stranded.length === 0) return [];
      const imageIds = distinct(stranded.map((instance) => instance.imageId));
      const replacement = replacementOf(inventory, source);
      return [
        {
          cluster: source.cluster,
          resource: source.ref,
          affected: [affectedRefOf(source)],
          evidence: {
            imageIds,
            runningInstances: source.runningInstances?.length ?? 0,
            affectedInstances: stranded.length,
            // Sorted before the cut: the API lists instances in no set order.
            instanceIds: stranded
              .map((instance) => instance.instanceId)
              .sort()
              .slice(0, MAX_QUOTED_INSTANCES),
            replacementImageIds: replacement.imageIds,
            ...(replacement.available === undefined
              ? {}
              : { replacementAvailable: replacement.available }),
          },
          detail: `${stranded.length} of ${source.runningInstances?.length ?? 0} running instances run ${imageIds.join(', ')}, which DescribeImages no longer returns to this account; a replacement launches from ${replacement.sentence}.`,
        },
      ];
    });
  },
};

interface Replacement {
  imageIds: string[];
  /** Whether every AMI a replacement may launch from is available; undefined when unknown. */
  available?: boolean;
  sentence: string;
}

function replacementOf(inventory: DecodedInventory, source: DecodedNodeSource): Replacement {
  const imageIds = distinct(source.sites.map((site) => site.imageId));
  if (imageIds.length === 0 || imageIds.length < source.sites.length) {
    const release =
      source.releaseVersion === undefined ? '' : ` for release version ${source.releaseVersion}`;
    return {
      imageIds,
      sentence:
        source.kind === 'managed-node-group'
          ? `the AMI EKS picks${release} (amiType ${source.amiType ?? 'unknown'})`
          : 'an AMI the scanner could not resolve',
    };
  }
  const statuses = imageIds.map((id) => inventory.images[id]?.status);
  const available = statuses.every((status) => status === 'available')
    ? true
    : statuses.some((status) => status === 'unavailable')
      ? false
      : undefined;
  const suffix =
    available === false
      ? ', which the account cannot see either: the replacement fails (see ami-unavailable)'
      : available === true
        ? ', which is available'
        : '';
  return { imageIds, available, sentence: `${imageIds.join(', ')}${suffix}` };
}
