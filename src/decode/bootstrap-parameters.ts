/**
 * How PowerShell binds a parameter name written in a call to a parameter of
 * Start-EKSBootstrap.ps1: case-insensitively, by a unique prefix, or by a common
 * parameter's alias (the script declares [CmdletBinding()]).
 */
import type { BootstrapParameter } from './types.ts';
import { BOOTSTRAP_PARAMETERS } from './types.ts';

/**
 * The script's parameters in declaration order, which is also the order positional
 * arguments bind in. `Endpoint` (the EKS service endpoint for Get-EKSCluster) is declared
 * by the script but not analysed, so it is accepted and otherwise ignored.
 * Source: Start-EKSBootstrap.ps1 in the EKS optimized Windows AMI.
 */
export const SCRIPT_PARAMETERS = [
  'EKSClusterName',
  'KubeletExtraArgs',
  'KubeProxyExtraArgs',
  'Endpoint',
  'APIServerEndpoint',
  'Base64ClusterCA',
  'DNSClusterIP',
  'ServiceCIDR',
  'ExcludedSnatCIDRs',
  'ContainerRuntime',
] as const;

export type ScriptParameter = (typeof SCRIPT_PARAMETERS)[number];

/**
 * Common parameters of every advanced script in Windows PowerShell 5.1 (what EC2Launch
 * runs), with their aliases; two are switches. -ProgressAction is missing on purpose: it
 * came with PowerShell 7.4, and 5.1 rejects it as an unknown parameter.
 */
const COMMON_PARAMETERS: Record<string, { aliases: string[]; switch: boolean }> = {
  Verbose: { aliases: ['vb'], switch: true },
  Debug: { aliases: ['db'], switch: true },
  ErrorAction: { aliases: ['ea'], switch: false },
  WarningAction: { aliases: ['wa'], switch: false },
  InformationAction: { aliases: ['infa'], switch: false },
  ErrorVariable: { aliases: ['ev'], switch: false },
  WarningVariable: { aliases: ['wv'], switch: false },
  InformationVariable: { aliases: ['iv'], switch: false },
  OutVariable: { aliases: ['ov'], switch: false },
  OutBuffer: { aliases: ['ob'], switch: false },
  PipelineVariable: { aliases: ['pv'], switch: false },
};

export type ResolvedParameter =
  /** A parameter the analysis keeps. */
  | { kind: 'bootstrap'; name: BootstrapParameter; exact: boolean }
  /** A parameter the script accepts that the analysis doesn't keep (Endpoint, -Verbose). */
  | { kind: 'ignored'; name: string; takesValue: boolean }
  /** A name that binds to nothing (or to more than one parameter): the call fails. */
  | { kind: 'unknown' };

function isBootstrapParameter(name: string): name is BootstrapParameter {
  return (BOOTSTRAP_PARAMETERS as readonly string[]).includes(name);
}

const ALL_NAMES = [...SCRIPT_PARAMETERS, ...Object.keys(COMMON_PARAMETERS)];

function resolved(name: string, exact: boolean): ResolvedParameter {
  if (isBootstrapParameter(name)) return { kind: 'bootstrap', name, exact };
  const common = COMMON_PARAMETERS[name];
  return { kind: 'ignored', name, takesValue: common === undefined || !common.switch };
}

export function resolveParameter(written: string): ResolvedParameter {
  const lower = written.toLowerCase();
  const exact = ALL_NAMES.find((name) => name.toLowerCase() === lower);
  if (exact !== undefined) return resolved(exact, true);
  const alias = Object.entries(COMMON_PARAMETERS).find(([, common]) =>
    common.aliases.includes(lower),
  );
  if (alias !== undefined) return resolved(alias[0], false);
  const [only, ...others] = unambiguousPrefixMatches(namesStartingWith(lower));
  return only !== undefined && others.length === 0 ? resolved(only, false) : { kind: 'unknown' };
}

function namesStartingWith(lower: string): string[] {
  return ALL_NAMES.filter((name) => name.toLowerCase().startsWith(lower));
}

/**
 * Of the parameters a prefix matches, the one it binds to: PowerShell prefers the script's
 * own over the common ones (`-D` is -DNSClusterIP, not -Debug), and only when that still
 * leaves several is the name ambiguous (MergedCommandParameterMetadata.GetMatchingParameter).
 */
function unambiguousPrefixMatches(prefixed: string[]): string[] {
  if (prefixed.length <= 1) return prefixed;
  const declared = prefixed.filter((name) =>
    (SCRIPT_PARAMETERS as readonly string[]).includes(name),
  );
  return declared.length === 1 ? declared : prefixed;
}

/**
 * The parameters an abbreviation could mean when it could mean more than one (`-Kube`:
 * KubeletExtraArgs and KubeProxyExtraArgs), which PowerShell refuses as ambiguous; else [].
 */
export function ambiguousMatchesOf(written: string): string[] {
  if (resolveParameter(written).kind !== 'unknown') return [];
  const matches = unambiguousPrefixMatches(namesStartingWith(written.toLowerCase()));
  return matches.length > 1 ? matches : [];
}
