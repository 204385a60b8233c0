import { bootstrapCallOf, describeWindowsSite, siteHit, windowsSitesOf } from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, USER_DATA_READS } from './metadata.ts';

/**
 * In Windows PowerShell 5.1, which runs the user data of Windows nodes (EC2Launch starts
 * powershell.exe), a backtick continues a line only when it is the line's last character
 * (PowerShell 7 relaxed that; 5.1 did not). Followed by a space or tab (trailing whitespace an
 * editor or a template left), it escapes that character instead: the call ends on its own line with one more argument, a blank, and the
 * parameters on the next lines run as a command of their own, which PowerShell refuses. The
 * node still joins, configured without them, and no error stops the user data. The names
 * quoted are the script's own, never the text written.
 */
export const bootstrapArgumentsCutOff: Rule = {
  id: 'bootstrap-arguments-cut-off',
  severity: 'HIGH',
  title: 'Bootstrap call loses the arguments after a broken line continuation',
  description:
    'The Start-EKSBootstrap.ps1 call is split over several lines, and the backtick that should continue its line is followed by a space or tab. In Windows PowerShell, which runs the user data, a backtick continues a line only as its last character; before whitespace it escapes the whitespace, so the call ends there and runs without the parameters written on the next lines, which PowerShell then tries to run as a command of its own and refuses. The node joins the cluster without those settings (service range, DNS address, kubelet flags such as its labels and taints), and nothing in the user data reports it.',
  remediation:
    'Remove the whitespace after each line-ending backtick of the call (or write the call on one line, or pass its arguments by splatting a hashtable), publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source:
    'PSScriptAnalyzer rule MisleadingBacktick — https://learn.microsoft.com/powershell/utility-modules/psscriptanalyzer/rules/misleadingbacktick',
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const cutOff = bootstrapCallOf(windowsSite.site)?.argumentsCutOff ?? [];
      if (cutOff.length === 0) return [];
      const named = cutOff.map((name) => `-${name}`).join(', ');
      return [
        siteHit(
          windowsSite,
          { argumentsCutOff: [...cutOff] },
          `${describeWindowsSite(windowsSite)} ends a line of its Start-EKSBootstrap.ps1 call with a backtick followed by whitespace, so the call ends there and never gets ${named} from the next line: the node joins without ${cutOff.length === 1 ? 'it' : 'them'}. Remove the whitespace after the backtick.`,
        ),
      ];
    });
  },
};
