import type { ScriptParameter } from '../../decode/bootstrap-parameters.ts';
import type { BootstrapCall, BootstrapParameter, BootstrapValue } from '../../decode/types.ts';
import {
  bootstrapCallOf,
  describeWindowsSite,
  givenByName,
  siteHit,
  windowsSitesOf,
} from '../facts.ts';
import type { Rule, RuleHit } from '../types.ts';
import { CONFIG_SITE_TYPES, EKS_WINDOWS_AMIS, USER_DATA_READS } from './metadata.ts';

/**
 * The options of the Linux /etc/eks/bootstrap.sh of the Amazon Linux 2 EKS AMI (its help
 * text, awslabs/amazon-eks-ami templates/al2/runtime/bootstrap.sh; -h/--help left out), each
 * with the parameter of Start-EKSBootstrap.ps1 that takes the same setting, if any.
 * bootstrap.sh reads every one as `--option value`, the option a word of its own. Only an
 * argument that is exactly one of these is quoted: any other `--word` may be a secret, or
 * text a stray line continuation pulled into the call.
 */
const LINUX_OPTIONS: ReadonlyMap<string, BootstrapParameter | undefined> = new Map([
  ['--apiserver-endpoint', 'APIServerEndpoint'],
  ['--aws-api-retry-attempts', undefined],
  ['--b64-cluster-ca', 'Base64ClusterCA'],
  ['--cluster-id', undefined],
  ['--container-runtime', 'ContainerRuntime'],
  ['--containerd-config-file', undefined],
  ['--dns-cluster-ip', 'DNSClusterIP'],
  ['--docker-config-json', undefined],
  ['--enable-docker-bridge', undefined],
  ['--enable-local-outpost', undefined],
  ['--ip-family', undefined],
  ['--kubelet-extra-args', 'KubeletExtraArgs'],
  ['--local-disks', undefined],
  ['--mount-bpf-fs', undefined],
  ['--pause-container-account', undefined],
  ['--pause-container-version', undefined],
  ['--service-ipv6-cidr', undefined],
  ['--use-max-pods', undefined],
]);

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

/** The text of an argument bound by position; one word on -ExcludedSnatCIDRs arrives as a list of one. */
export function positionalText(value: BootstrapValue): string | undefined {
  if (value.kind === 'literal') return value.value;
  return value.kind === 'list' && value.values.length === 1 ? value.values[0] : undefined;
}

/**
 * For each argument of `call.positional`: `option` when it is exactly one of LINUX_OPTIONS,
 * `value` when it follows one (bootstrap.sh reads each known option with the word after it
 * as its value, `--kubelet-extra-args "--node-labels=…"`, so that word is no option of its
 * own), else undefined. Rule kubelet-arguments-malformed reads it too, to leave these alone.
 */
export function linuxOptionRolesOf(call: BootstrapCall): ('option' | 'value' | undefined)[] {
  let valueOfPrevious = false;
  return (call.positional ?? []).map(({ value }) => {
    if (valueOfPrevious) {
      valueOfPrevious = false;
      return 'value';
    }
    const text = positionalText(value);
    valueOfPrevious = text !== undefined && LINUX_OPTIONS.has(text);
    return valueOfPrevious ? 'option' : undefined;
  });
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

/** What a Linux option (or any flag) does where PowerShell binds it. */
export function consequenceAt(parameter: ScriptParameter | undefined): string {
  switch (parameter) {
    case undefined:
      return 'no parameter is left for it, so PowerShell rejects the call and the script never runs';
    case 'KubeletExtraArgs':
      return 'kubelet refuses the flag and the node never joins';
    case 'KubeProxyExtraArgs':
      return 'kube-proxy refuses the flag and does not start';
    case 'EKSClusterName':
      return 'no EKS cluster can have that name, so the script finds none and the node never joins';
    case 'ContainerRuntime':
      return 'PowerShell refuses it, as the parameter takes docker or containerd only, and the script never runs';
    default:
      return 'the script gets a value it cannot use for that setting';
  }
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
