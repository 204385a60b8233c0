/**
 * Arguments of the bootstrap call bound by position, as the rules on them read them: which are
 * options of the Linux bootstrap.sh (and their values), and what a word does on the parameter
 * it lands on. Shared by bootstrap-linux-option and kubelet-arguments-malformed.
 */
import type { ScriptParameter } from '../decode/bootstrap-parameters.ts';
import type { BootstrapCall, BootstrapParameter, BootstrapValue } from '../decode/types.ts';

/**
 * The options of the Linux /etc/eks/bootstrap.sh of the Amazon Linux 2 EKS AMI (its help
 * text, awslabs/amazon-eks-ami templates/al2/runtime/bootstrap.sh; -h/--help left out), each
 * with the parameter of Start-EKSBootstrap.ps1 that takes the same setting, if any.
 * bootstrap.sh reads every one as `--option value`, the option a word of its own. Only an
 * argument that is exactly one of these is quoted: any other `--word` may be a secret, or
 * text a stray line continuation pulled into the call.
 */
export const LINUX_OPTIONS: ReadonlyMap<string, BootstrapParameter | undefined> = new Map([
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

/** The text of an argument bound by position; one word on -ExcludedSnatCIDRs arrives as a list of one. */
export function positionalText(value: BootstrapValue): string | undefined {
  if (value.kind === 'literal') return value.value;
  return value.kind === 'list' && value.values.length === 1 ? value.values[0] : undefined;
}

/**
 * For each argument of `call.positional`: `option` when it is exactly one of LINUX_OPTIONS,
 * `value` when it follows one (bootstrap.sh reads each known option with the word after it
 * as its value, `--kubelet-extra-args "--node-labels=…"`, so that word is no option of its
 * own), else undefined. kubelet-arguments-malformed reads it to leave these to
 * bootstrap-linux-option.
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
