import {
  creationTimeOf,
  daysUntil,
  describeWindowsSite,
  imageOf,
  isEksWindowsAmi,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import { EKS_WINDOWS_AMI_RETENTION } from '../reference-data/ami-retention.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, SITE_AMI_READS } from './metadata.ts';

const DAY_MS = 86_400_000;

function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export const amiExpiring: Rule = {
  id: 'ami-expiring',
  severity: 'MEDIUM',
  title: 'Windows nodes use an EKS AMI that is about to be made private',
  description: `Amazon EKS keeps an optimized Windows AMI public for about four months; the scanner expects it to be made private ${EKS_WINDOWS_AMI_RETENTION.days} days after its creation date, or at the deprecation time AWS set on the AMI (DescribeImages DeprecationTime) if that comes first. After that, scale-out and node replacement from this node source fail with "Not authorized for images".`,
  remediation:
    'Move the node source to a current EKS optimized Windows AMI before the date: read the latest ID from the SSM parameter /aws/service/ami-windows-latest/Windows_Server-<release>-English-<Core|Full>-EKS_Optimized-<k8s>/image_id, put it in a new launch template version (or launch configuration) and roll the nodes; or build your own AMI from it with EC2 Image Builder so its lifetime is yours.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: ['ec2:DescribeImages', ...SITE_AMI_READS],
  source: EKS_WINDOWS_AMI_RETENTION.source,
  evaluate({ inventory, options }) {
    const now = options.now.getTime();
    const warnUntil = now + options.amiExpiryWarningDays * DAY_MS;
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const image = imageOf(inventory, windowsSite.site.imageId);
      if (image === undefined || !isEksWindowsAmi(image, inventory.region)) return [];
      const created = creationTimeOf(image);
      const estimated =
        created === undefined ? Number.NaN : created + EKS_WINDOWS_AMI_RETENTION.days * DAY_MS;
      // A deprecation time counts only when it comes before the estimate: every public AMI
      // has one, two years after its creation unless its owner set it earlier, which says
      // nothing of the four months EKS keeps it.
      const deprecated = Date.parse(image.deprecationTime ?? '');
      const stated =
        !Number.isNaN(deprecated) && (Number.isNaN(estimated) || deprecated < estimated);
      if (Number.isNaN(estimated) && !stated) return [];
      const privateOn = stated ? deprecated : estimated;
      if (privateOn > warnUntil) return [];
      // Calendar days to the date shown beside them, as the other date rules count: an
      // instant later today is "today", not "in 1 day".
      const daysLeft = daysUntil(options.now, isoDate(privateOn));
      const inDays =
        daysLeft === 0 ? '(today)' : `(in ${daysLeft} day${daysLeft === 1 ? '' : 's'})`;
      const when = stated
        ? privateOn <= now
          ? `was deprecated by AWS on ${isoDate(privateOn)} and may be made private any day`
          : `is set by AWS to be deprecated on ${isoDate(privateOn)} ${inDays}, after which it is expected to be made private`
        : privateOn <= now
          ? `is more than ${EKS_WINDOWS_AMI_RETENTION.days} days old and is expected to be made private any day`
          : `is expected to be made private on ${isoDate(privateOn)} ${inDays}`;
      return [
        siteHit(
          windowsSite,
          {
            imageId: image.imageId,
            imageName: image.name ?? null,
            ...(created === undefined ? {} : { creationDate: new Date(created).toISOString() }),
            ...(stated
              ? {
                  deprecationTime: new Date(deprecated).toISOString(),
                  expectedFrom: 'deprecationTime',
                }
              : {}),
            expectedPrivateOn: isoDate(privateOn),
          },
          `${describeWindowsSite(windowsSite)} launches from ${image.imageId}, which ${when}.`,
        ),
      ];
    });
  },
};
