import type { DecodedInventory } from '../../inventory/types.ts';
import {
  bootstrapCallOf,
  describeWindowsSite,
  mustBootstrapItself,
  siteHit,
  type WindowsSite,
  windowsReleasesOf,
  windowsSitesOf,
} from '../facts.ts';
import { WINDOWS_RELEASES } from '../reference-data/windows-releases.ts';
import { SUPPRESS_TAG } from '../suppressions.ts';
import type { Rule, RuleHit } from '../types.ts';
import { bootstrapCallSnippet, CLUSTER_NAME_PLACEHOLDER, FIX_SNIPPETS } from './fix-snippets.ts';
import {
  CONFIG_SITE_TYPES,
  EKS_WINDOWS_AMIS,
  NODE_SOURCE_DISCOVERY,
  USER_DATA_READS,
} from './metadata.ts';

/**
 * Self-managed groups, Karpenter and stand-alone instances, and `CUSTOM` managed node groups
 * get no bootstrap from EKS: without a Start-EKSBootstrap.ps1 call the instance boots and
 * never registers. Unreadable user data is left to `userdata-unreadable`.
 *
 * Decision: gzip-compressed user data counts as no call. The scanner reads through the
 * compression, but the Windows launch agents do not (EC2Launch logs "User data format:
 * unrecognized" and runs nothing: philips-labs/terraform-aws-github-runner#3736, fixed by
 * no longer compressing Windows user data in #3759).
 *
 * Decision: on Windows Server 2019 (and the older releases), whose AMIs run EC2Launch v1,
 * user data with several `<powershell>` sections, or one never closed, or EC2Launch v2 YAML,
 * counts as no call: EC2Launch v1 runs a section only when it finds exactly one closed one
 * (Invoke-Userdata.ps1), and reads no YAML. EC2Launch v2, on 2022 and 2025, documents no
 * such rule for sections: there, and where the release is unknown, the sections are read
 * together and the call in them counts.
 *
 * Decision: a call by a path that can't reach the script counts as no call: one cut at a
 * space on its way (`powershell -Command "& $env:ProgramFiles\Amazon\EKS\…"` from
 * PowerShell, also with the path in double quotes inside the text, which Windows PowerShell
 * 5.1 does not pass on; `-File %ProgramFiles%\…` in a batch section; Start-Process
 * -ArgumentList, which joins its strings without quoting them), or one holding `$env:` as
 * text (`-File "$env:ProgramFiles\…"` in a batch section). The folder variables are known
 * (src/decode/windows-folders.ts): `C:\Program Files` always holds a space.
 *
 * Decision: a PowerShell section that chains commands with `&&` or `||` counts as no call.
 * Both launch agents run sections with Windows PowerShell 5.1, which refuses to parse such a
 * script ("The token '&&' is not a valid statement separator in this version").
 */
export const bootstrapMissing: Rule = {
  id: 'bootstrap-missing',
  severity: 'HIGH',
  title: 'Windows nodes never call the EKS bootstrap script',
  description:
    'This node source launches Windows nodes that EKS does not bootstrap (a self-managed Auto Scaling group, a Karpenter or stand-alone instance, or a managed node group with a custom AMI), so its user data must run Start-EKSBootstrap.ps1, uncompressed (the Windows launch agents do not read gzip) and, on Windows Server 2019, from the only <powershell> section (EC2Launch v1 runs none of several, nor one never closed, nor EC2Launch v2 YAML), in PowerShell that Windows PowerShell 5.1 parses (a section that chains commands with && or || runs nothing), by a path that reaches the script whole (C:\\Program Files holds a space: the path must stay one word through every shell that passes it on, its variables expanded); without that call the instances start but never join the cluster.',
  remediation: `Add a <powershell> section to the user data (not gzip-compressed; the only one, closed by </powershell>) that runs ${FIX_SNIPPETS.bootstrapCall} (with the owning cluster's name for ${CLUSTER_NAME_PLACEHOLDER}; each finding gives the line for its cluster), publish it (new launch template version or launch configuration) and replace the running nodes.`,
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...NODE_SOURCE_DISCOVERY, ...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const { source, site } = windowsSite;
      if (!mustBootstrapItself(source)) return [];
      const { userData } = site;
      if (userData.status === 'unreadable') return [];
      const where = describeWindowsSite(windowsSite);
      if (userData.status === 'decoded' && userData.gzip) {
        return [
          siteHit(
            windowsSite,
            {
              userData: 'gzip-compressed',
              bootstrapCallInside: userData.bootstrap !== undefined,
            },
            `${where} has gzip-compressed user data, which the Windows launch agents do not decompress: no script in it runs. Store it uncompressed (base64 of the text itself).`,
          ),
        ];
      }
      const fix = ` The call to add: ${bootstrapCallSnippet(source.cluster)}`;
      const skipped = ec2LaunchV1SkipsPowershell(inventory, windowsSite);
      if (skipped !== undefined) {
        const call = bootstrapCallOf(site) !== undefined;
        const { release, sections } = skipped;
        const [what, fixIt] =
          sections === undefined
            ? [
                'is EC2Launch v2 YAML, which it does not read',
                'Write the script as a <powershell> section',
              ]
            : sections === 0
              ? ['holds a <powershell> section never closed by </powershell>', 'Close the section']
              : [`holds ${sections} <powershell> sections`, 'Merge them into one section'];
        return [
          siteHit(
            windowsSite,
            {
              userData: 'powershell-not-run',
              ...(sections === undefined
                ? { ec2LaunchV2Yaml: true }
                : { powershellSections: sections }),
              release,
              bootstrapCallInside: call,
            },
            `${where} runs Windows Server ${release}, whose launch agent EC2Launch v1 runs a <powershell> section only when the user data holds exactly one: this user data ${what}, so none of it runs${call ? ', the bootstrap call included' : ''}. ${fixIt}.${call ? '' : fix}`,
          ),
        ];
      }
      if (bootstrapCallOf(site) !== undefined) return [];
      if (userData.status === 'absent') {
        return [siteHit(windowsSite, { userData: 'absent' }, `${where} has no user data.${fix}`)];
      }
      if (userData.status === 'decoded' && userData.nestedPowershellTag) {
        // The call may well be there: adding another would not help.
        return [
          siteHit(
            windowsSite,
            { userData: 'no-bootstrap-call', powershell: true, nestedPowershellTag: true },
            `${where} has a <powershell> tag inside its <powershell> section (custom user data wrapped in tags of its own inside a section that has them already, such as the one Karpenter adds): PowerShell refuses to parse that section, so none of it runs, a bootstrap call included. Remove the inner tags.`,
          ),
        ];
      }
      if (userData.status === 'decoded' && userData.pipelineChain) {
        return [
          siteHit(
            windowsSite,
            { userData: 'no-bootstrap-call', powershell: true, pipelineChain: true },
            `${where} chains commands with && or || in PowerShell that Windows PowerShell 5.1 runs (its PowerShell user data, which the launch agent runs with it, or a text given to powershell.exe -Command or to Invoke-Expression): it refuses to parse that ("The token '&&' is not a valid statement separator in this version"), so none of that script runs, a bootstrap call included. Put each command on a line of its own (test $LASTEXITCODE between them where one must stop the next).`,
          ),
        ];
      }
      if (userData.status === 'decoded' && userData.unrunnableScriptPath !== undefined) {
        const why =
          userData.unrunnableScriptPath === 'split-at-space'
            ? `by a path that is cut at the space of C:\\Program Files on its way (a folder variable such as $env:ProgramFiles or %ProgramFiles% expanded unquoted into a command line or a -Command text, or double quotes inside a -Command text, which Windows PowerShell 5.1 does not pass on): PowerShell then looks for C:\\Program ("The term 'C:\\Program' is not recognized", or "The argument 'C:\\Program' to the -File parameter does not exist") and the script never runs`
            : 'by a path that holds $env: as text, which nothing expands there (powershell.exe -File and a path in single quotes take it as written): no such file exists, so the script never runs';
        return [
          siteHit(
            windowsSite,
            {
              userData: 'no-bootstrap-call',
              powershell: userData.powershell,
              scriptPath: userData.unrunnableScriptPath,
            },
            `${where} runs Start-EKSBootstrap.ps1 ${why}. Give the path as one word all the way: in PowerShell, call it directly (${bootstrapCallSnippet(source.cluster)}), and inside a -Command text use single quotes ("& '$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1' …"); in a batch section, powershell -File "%ProgramFiles%\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName ${source.cluster}`,
          ),
        ];
      }
      if (userData.status === 'decoded' && userData.bootstrapScriptNamed) {
        // Named but not called where the scanner can see: a deferred run is possible, so the
        // finding says how to tell and how to keep it quiet for that resource.
        return [
          siteHit(
            windowsSite,
            {
              userData: 'no-bootstrap-call',
              powershell: userData.powershell,
              bootstrapScriptNamed: true,
            },
            `${where} names Start-EKSBootstrap.ps1 in its user data but never calls it where the scanner can see: the name is in a comment or a string (a script written to a file to run later, a scheduled task's action), or the line that calls it does not parse (a quote left open before it). If the nodes do join through a call run later, suppress the rule on this resource (tag ${SUPPRESS_TAG} = ${bootstrapMissing.id}); if nothing runs it, add the call: ${bootstrapCallSnippet(source.cluster)}`,
          ),
        ];
      }
      const detail = userData.powershell
        ? `${where} has PowerShell user data that never calls Start-EKSBootstrap.ps1.`
        : `${where} has user data without a <powershell> section.`;
      return [
        siteHit(
          windowsSite,
          { userData: 'no-bootstrap-call', powershell: userData.powershell },
          `${detail}${fix}`,
        ),
      ];
    });
  },
};

/**
 * The EC2Launch v1 release a site runs, when that agent runs none of its user data's
 * PowerShell: `sections`, the closed `<powershell>` sections when they are not one, or
 * undefined for EC2Launch v2 YAML. Undefined when it runs the section, or the site's release
 * does not run that agent (or is unknown).
 */
function ec2LaunchV1SkipsPowershell(
  inventory: DecodedInventory,
  { source, site }: WindowsSite,
): { release: string; sections: number | undefined } | undefined {
  if (site.userData.status !== 'decoded') return undefined;
  const sections = site.userData.ec2LaunchV1PowershellSections;
  if (sections === undefined && site.userData.ec2LaunchV2Yaml !== true) return undefined;
  const release = windowsReleasesOf(inventory, source, site)
    .map(({ release }) => release.release)
    .find((name) => WINDOWS_RELEASES[name]?.launchAgent === 'EC2Launch v1');
  return release === undefined ? undefined : { release, sections };
}
