import { describeWindowsSite, siteHit, windowsSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, USER_DATA_READS } from './metadata.ts';

/** Prowler's "manual" result: say what couldn't be checked instead of guessing. */
export const userdataUnreadable: Rule = {
  id: 'userdata-unreadable',
  severity: 'INFORMATIONAL',
  title: 'Windows node user data could not be read',
  description:
    'The user data of this Windows node source could not be decoded or parsed (too large, not valid base64, corrupt gzip or MIME, or a shape the scanner does not understand), so the rules that check bootstrap arguments did not run for it.',
  remediation:
    'Check the user data by hand: it should be at most 16 KB in raw form, before base64 encoding (the EC2 limit), and hold a <powershell> section that calls Start-EKSBootstrap.ps1. If it is valid, report the shape (without any secrets) so the scanner can learn it.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source:
    'Amazon EC2 user data — https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html',
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const { userData } = windowsSite.site;
      if (userData.status !== 'unreadable') return [];
      // The reason is generic by contract (decode never quotes the input).
      return [
        siteHit(
          windowsSite,
          { reason: userData.reason },
          `${describeWindowsSite(windowsSite)} has user data that could not be read: ${userData.reason}.`,
        ),
      ];
    });
  },
};
