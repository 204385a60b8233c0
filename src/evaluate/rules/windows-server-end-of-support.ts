import { daysUntil, releaseHit, windowsReleaseSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import {
  CONFIG_SITE_TYPES,
  EKS_WINDOWS_AMI_CALENDAR,
  MICROSOFT_LIFECYCLE,
  WINDOWS_RELEASE_READS,
} from './metadata.ts';

export const windowsServerEndOfSupport: Rule = {
  id: 'windows-server-end-of-support',
  severity: 'CRITICAL',
  title: 'Windows Server release past end of support',
  description:
    'The Windows Server release of these nodes is past its end of support: the earlier of the Amazon EKS end of support and the end of Microsoft extended support. EKS publishes no new AMIs for it and Microsoft no security updates.',
  remediation:
    'Move the nodes to a supported Windows Server LTSC release (2022, or 2025 on Kubernetes 1.35 and later): point the launch template, launch configuration or node group at a current EKS optimized Windows AMI of that release and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [...WINDOWS_RELEASE_READS],
  source: `${EKS_WINDOWS_AMI_CALENDAR}; ${MICROSOFT_LIFECYCLE}`,
  evaluate({ inventory, options }) {
    return windowsReleaseSitesOf(inventory).flatMap((releaseSite): RuleHit[] => {
      const { endOfSupport, endOfSupportBasis, unsupportedFrom } = releaseSite.support;
      if (!endOfSupport || !endOfSupportBasis || !unsupportedFrom) return [];
      if (daysUntil(options.now, unsupportedFrom) > 0) return [];
      const when =
        endOfSupportBasis === 'microsoft'
          ? `after ${endOfSupport}, Microsoft's last day of extended support`
          : `on ${endOfSupport}`;
      return [
        releaseHit(
          releaseSite,
          { endOfSupport, endOfSupportBasis },
          `Windows Server ${releaseSite.release.release} reached end of support ${when}.`,
        ),
      ];
    });
  },
};
