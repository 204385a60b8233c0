import type { ScriptParameter } from '../../decode/bootstrap-parameters.ts';
import type { BootstrapCall } from '../../decode/types.ts';
import {
  bootstrapCallOf,
  describeWindowsSite,
  givenByName,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import {
  consequenceAt,
  LINUX_OPTIONS,
  linuxOptionRolesOf,
  positionalText,
} from '../positional-arguments.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/**
 * Parameters whose value the script hands to kubelet or kube-proxy as flags: there, a
 * `--word` that is no bootstrap.sh option may be a real flag (`& $script prod '--max-pods=20'`).
 */
const PASSED_THROUGH: ReadonlySet<ScriptParameter | undefined> = new Set([
  'KubeletExtraArgs',
  'KubeProxyExtraArgs',
]);

/** How bootstrap.sh and kubelet write an option: two dashes and a letter. */
const LINUX_STYLE_OPTION = /^--[A-Za-z]/;

interface LinuxOption {
  /** The option as written, when it is one of LINUX_OPTIONS; else undefined (not quoted). */
  known: string | undefined;
  /** The parameter PowerShell bound it to by position; none past the script's last. */
  boundTo: ScriptParameter | undefined;
}

/** The Linux-style options among the call's arguments bound by position, in the order written. */
function linuxOptionsOf(call: BootstrapCall): LinuxOption[] {
  const roles = linuxOptionRolesOf(call);
  // After -KubeletExtraArgs given by name, an unknown --word is most likely a kubelet flag its
  // unquoted value spilled: kubelet-arguments-malformed reports it, not this rule.
  const kubeletArgumentsNamed = givenByName(call, 'KubeletExtraArgs');
  return (call.positional ?? []).flatMap(({ parameter, value }, index): LinuxOption[] => {
    const role = roles[index];
    const text = positionalText(value);
    if (role === 'value' || text === undefined || !LINUX_STYLE_OPTION.test(text)) return [];
    const known = role === 'option' ? text : undefined;
    // A flag of kubelet or kube-proxy passed by position to their own arguments works.
    if (known === undefined && (PASSED_THROUGH.has(parameter) || kubeletArgumentsNamed)) return [];
    return [{ known, boundTo: parameter }];
  });
}

/** Where PowerShell binds an option: "to -KubeletExtraArgs", or past every parameter. */
function placeOf(option: LinuxOption): string {
  return option.boundTo === undefined ? 'past the last parameter' : `to -${option.boundTo}`;
}

/** The option as the sentence names it: quoted only when it is one of LINUX_OPTIONS. */
function labelOf(option: LinuxOption, alone: boolean): string {
  if (option.known !== undefined) {
    return alone ? `${option.known}, an option of the Linux bootstrap.sh,` : option.known;
  }
  return alone
    ? 'an option written as for the Linux bootstrap.sh (not quoted: none the scanner knows),'
    : 'one not quoted';
}

/** What Start-EKSBootstrap.ps1 takes instead of the known options, or has no parameter for. */
function windowsWayOf(options: LinuxOption[]): string {
  const known = [...new Set(options.flatMap((option) => option.known ?? []))];
  const meant = known.flatMap((name) => {
    const parameter = LINUX_OPTIONS.get(name);
    return parameter === undefined ? [] : [`-${parameter} for ${name}`];
  });
  const missing = known.filter((name) => LINUX_OPTIONS.get(name) === undefined);
  return [
    ...(meant.length === 0 ? [] : [` Start-EKSBootstrap.ps1 takes ${meant.join(', ')}.`]),
    ...(missing.length === 0
      ? []
      : [` Start-EKSBootstrap.ps1 has no parameter for ${missing.join(', ')}.`]),
  ].join('');
}

/**
 * User data copied from Amazon Linux nodes passes bootstrap.sh's options to the Windows
 * script: `& $EKSBootstrapScriptFile -EKSClusterName prod --kubelet-extra-args "--node-labels=…"`.
 * PowerShell reads `--kubelet-extra-args` as no parameter name but a string, and binds it by
 * position to the next parameter not given by name (-KubeletExtraArgs here, its value to
 * -KubeProxyExtraArgs), or rejects the call when no parameter is left ("A positional
 * parameter cannot be found that accepts argument …").
 */
export const bootstrapLinuxOption: Rule = {
  id: 'bootstrap-linux-option',
  severity: 'HIGH',
  title: 'Bootstrap call passes options of the Linux bootstrap.sh',
  description:
    'The call to Start-EKSBootstrap.ps1 passes an option written for the Linux /etc/eks/bootstrap.sh (--kubelet-extra-args, --apiserver-endpoint, --b64-cluster-ca, …). PowerShell does not read such a word as a parameter name: it is a plain string, bound by position to the next parameter of the script not given by name, and the value after it to the one after that; with no parameter left, PowerShell rejects the call. Where it lands on -KubeletExtraArgs, kubelet refuses the flag and the node never joins the cluster; elsewhere kube-proxy refuses it, PowerShell refuses it (-ContainerRuntime takes docker or containerd only), or the script gets a value it cannot use for that setting.',
  remediation:
    'Pass the settings as the named parameters of Start-EKSBootstrap.ps1: -KubeletExtraArgs "--node-labels=…" for --kubelet-extra-args, -APIServerEndpoint for --apiserver-endpoint, -Base64ClusterCA for --b64-cluster-ca, -DNSClusterIP for --dns-cluster-ip, -ContainerRuntime for --container-runtime; drop the options the Windows script has no parameter for. Publish the corrected user data and replace the nodes.',
  resourceTypes: [...CONFIG_SITE_TYPES],
  permissions: [...USER_DATA_READS],
  source: EKS_WINDOWS_AMIS,
  evaluate({ inventory }) {
    return windowsSitesOf(inventory).flatMap((windowsSite): RuleHit[] => {
      const call = bootstrapCallOf(windowsSite.site);
      const options = call === undefined ? [] : linuxOptionsOf(call);
      const [only] = options;
      if (only === undefined) return [];
      const passes =
        options.length === 1
          ? `${labelOf(only, true)} which PowerShell binds by position ${placeOf(only)}: ${consequenceAt(only.boundTo)}.`
          : `${options.length} options written as for the Linux bootstrap.sh, which PowerShell binds by position: ${options
              .map(
                (option) =>
                  `${labelOf(option, false)} ${placeOf(option)} (${consequenceAt(option.boundTo)})`,
              )
              .join(', ')}.`;
      return [
        siteHit(
          windowsSite,
          {
            linuxOptionCount: options.length,
            linuxOptions: [...new Set(options.flatMap((option) => option.known ?? []))],
            boundParameters: options.map((option) => option.boundTo ?? '(none: past the last)'),
          },
          `${describeWindowsSite(windowsSite)} passes ${passes}${windowsWayOf(options)}`,
        ),
      ];
    });
  },
};
