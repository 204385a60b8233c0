import { daysUntil, releaseHit, unsupportedFrom, windowsReleaseSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, MICROSOFT_LIFECYCLE, WINDOWS_RELEASE_READS } from './metadata.ts';

export const windowsServerMainstreamEnded: Rule = {
  id: 'windows-server-mainstream-ended',
  severity: 'INFORMATIONAL',
  title: 'Windows Server release past Microsoft mainstream support',
  description:
    'Microsoft mainstream support for the Windows Server release of these nodes has ended: security updates continue until extended support ends, but no feature or non-security fixes. Not reported once the release is past end of support (windows-server-end-of-support covers that).',
  remediation:
    'No action is needed yet. Plan the move to a newer Windows Server LTSC release before extended support ends.',
  resourceTypes: [...CONFIG_SITE_TYPES, 'AwsEksNodegroup'],
  permissions: [...WINDOWS_RELEASE_READS],
  source: MICROSOFT_LIFECYCLE,
  evaluate({ inventory, options }) {
    return windowsReleaseSitesOf(inventory).flatMap((releaseSite): RuleHit[] => {
      const { endOfSupport, unsupportedFrom: endsFrom, lifecycle } = releaseSite.support;
      const { mainstreamEnd } = lifecycle;
      // Microsoft's mainstream end is its last day of mainstream support.
      if (mainstreamEnd === undefined) return [];
      if (daysUntil(options.now, unsupportedFrom(mainstreamEnd, 'microsoft')) > 0) return [];
      // Past end of support the CRITICAL finding says it all.
      if (endsFrom !== undefined && daysUntil(options.now, endsFrom) <= 0) return [];
      const until = endOfSupport ? ` until ${endOfSupport}` : '';
      return [
        releaseHit(
          releaseSite,
          { mainstreamEnd, ...(endOfSupport ? { endOfSupport } : {}) },
          `Microsoft mainstream support for Windows Server ${releaseSite.release.release} ended after ${mainstreamEnd}; security updates continue${until}.`,
        ),
      ];
    });
  },
};
