import { daysUntil, releaseHit, windowsReleaseSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import {
  CONFIG_SITE_TYPES,
  EKS_WINDOWS_AMI_CALENDAR,
  MICROSOFT_LIFECYCLE,
  WINDOWS_RELEASE_READS,
} from './metadata.ts';

export const windowsServerSupportEnding: Rule = {
  id: 'windows-server-support-ending',
  severity: 'MEDIUM',
  title: 'Windows Server release nearing end of support',
  description:
    'The Windows Server release of these nodes reaches end of support (the earlier of the Amazon EKS end of support and the end of Microsoft extended support) within the warning window (default 180 days).',
  remediation:
    'Plan the move to a newer Windows Server LTSC release before the date: test workloads on a current EKS optimized Windows AMI of that release, then update the launch template, launch configuration or node group and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [...WINDOWS_RELEASE_READS],
  source: `${EKS_WINDOWS_AMI_CALENDAR}; ${MICROSOFT_LIFECYCLE}`,
  evaluate({ inventory, options }) {
    return windowsReleaseSitesOf(inventory).flatMap((releaseSite): RuleHit[] => {
      const { endOfSupport, endOfSupportBasis, unsupportedFrom, lifecycle } = releaseSite.support;
      if (!endOfSupport || !endOfSupportBasis || !unsupportedFrom) return [];
      const daysRemaining = daysUntil(options.now, unsupportedFrom);
      if (daysRemaining <= 0 || daysRemaining > options.endOfSupportWarningDays) return [];
      return [
        releaseHit(
          releaseSite,
          {
            endOfSupport,
            endOfSupportBasis,
            daysRemaining,
            datesConfirmed: lifecycle.datesConfirmed,
          },
          endOfSupportBasis === 'microsoft'
            ? `Microsoft supports Windows Server ${releaseSite.release.release} until ${endOfSupport}, its last day of extended support; support ends in ${daysRemaining} day${daysRemaining === 1 ? '' : 's'}.`
            : `Windows Server ${releaseSite.release.release} reaches end of support on ${endOfSupport}, in ${daysRemaining} day${daysRemaining === 1 ? '' : 's'}.`,
        ),
      ];
    });
  },
};
