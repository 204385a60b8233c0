/**
 * What decoding user data yields. Nothing here may hold raw user data: only the names and
 * values of the bootstrap parameters that rules read, which are cluster settings, not secrets.
 */

import type { ScriptParameter } from './bootstrap-parameters.ts';

/** Parameters of Start-EKSBootstrap.ps1, in their canonical spelling. */
export const BOOTSTRAP_PARAMETERS = [
  'EKSClusterName',
  'KubeletExtraArgs',
  'KubeProxyExtraArgs',
  'APIServerEndpoint',
  'Base64ClusterCA',
  'DNSClusterIP',
  'ContainerRuntime',
  'ServiceCIDR',
  'ExcludedSnatCIDRs',
] as const;

export type BootstrapParameter = (typeof BOOTSTRAP_PARAMETERS)[number];

export type BootstrapValue =
  /** A value known from the script text (quotes removed, variables resolved). */
  | {
      kind: 'literal';
      value: string;
      /**
       * Bound by position, not by name: rules judge it, evidence never quotes it — a word a
       * stray line continuation pulled into the call (a password after `net user`) binds so.
       */
      byPosition?: true;
      /**
       * Bound through an abbreviation of the parameter's name (`-d` for -DNSClusterIP): judged,
       * never quoted, as a value bound by position — another command's flag that a stray line
       * continuation pulled into the call binds so (`sqlcmd -S db01 -d <PIN>`).
       */
      abbreviated?: true;
    }
  /** An array value, e.g. -ExcludedSnatCIDRs "10.0.0.0/8","192.168.0.0/16" or @(...). */
  | {
      kind: 'list';
      values: string[];
      /** As for a literal. */
      byPosition?: true;
      /** As for a literal. */
      abbreviated?: true;
    }
  /** A value that can't be known from the script (a variable never assigned, a subexpression). */
  | {
      kind: 'unresolved';
      variable?: string;
      /**
       * A string the script writes with unknown parts in it, given by name: the text around
       * them, in order, an unknown part standing between each two
       * (`"--log-dir=$env:LogRoot\kube-proxy --v=2"` gives `["--log-dir=", "\\kube-proxy --v=2"]`).
       * Absent when none of its text is known, and for a value bound by position or through an
       * abbreviated name, which may be another command's words (see the literal's).
       */
      knownParts?: string[];
    };

/**
 * Machine-scoped environment variables Start-EKSBootstrap.ps1 reads when the matching
 * parameter is not given (a parameter wins): SERVICE_IPV4_CIDR for -ServiceCIDR,
 * EXCLUDED_SNAT_CIDRS (comma-separated) for -ExcludedSnatCIDRs. Source: "Amazon EKS optimized
 * Windows AMIs", bootstrap script configuration parameters.
 */
/**
 * Why a path named to run the bootstrap script runs nothing: `split-at-space`, cut at a space
 * that nothing quoted (`C:\Program Files\…`: Windows looks for `C:\Program`);
 * `variable-not-expanded`, `$env:NAME` left as text where nothing expands it.
 */
export type UnrunnablePath = 'split-at-space' | 'variable-not-expanded';

export const MACHINE_ENVIRONMENT_VARIABLES = ['SERVICE_IPV4_CIDR', 'EXCLUDED_SNAT_CIDRS'] as const;

export type MachineEnvironmentVariable = (typeof MACHINE_ENVIRONMENT_VARIABLES)[number];

/** An argument of the bootstrap call bound by position (see BootstrapCall.positional). */
export interface PositionalArgument {
  /** Undefined past the script's last parameter. */
  parameter?: ScriptParameter;
  value: BootstrapValue;
}

export interface BootstrapCall {
  /** Parameters given, by canonical name; a parameter absent here was not passed. */
  args: Partial<Record<BootstrapParameter, BootstrapValue>>;
  /** Names of parameters the script passes that Start-EKSBootstrap.ps1 does not define. */
  unknownParameters: string[];
  /**
   * The script's parameters the call gives more than once (by name, abbreviation or splat):
   * PowerShell refuses such a call. Absent when none is.
   */
  repeatedParameters?: ScriptParameter[];
  /**
   * The script's parameters the call names without a value (last, or followed by another
   * parameter or a redirection: what a template makes of an empty variable), in call order,
   * once each. PowerShell refuses such a call ("Missing an argument for parameter"); `args`
   * holds each as unresolved. Absent when none is.
   */
  parametersWithoutValue?: ScriptParameter[];
  /**
   * The arguments bound by position, in the order written, each with the parameter it binds
   * to: -Endpoint too, which `args` does not keep, and none past the script's last parameter
   * (PowerShell then rejects the call). After arguments of unknown number no position is
   * known, so only those before are listed. Absent when there is none.
   */
  positional?: PositionalArgument[];
  /**
   * The machine-scoped variables the user data set before the call
   * ([Environment]::SetEnvironmentVariable(…, 'Machine'), setx /M); EXCLUDED_SNAT_CIDRS as a list.
   */
  machineEnvironment?: Partial<Record<MachineEnvironmentVariable, BootstrapValue>>;
  /**
   * The script's parameters written on the line after the call, whose own line ends with a
   * backtick followed by a space or tab: that backtick escapes the whitespace instead of
   * continuing the line, so the call never gets them. Absent when there is no such line.
   */
  argumentsCutOff?: BootstrapParameter[];
  /**
   * True when the user data assigns $EKSCluster ($global:EKSCluster = Get-EKSCluster …, as
   * Karpenter documents) before the call: the script then reads the cluster's settings from it.
   */
  presetsEksCluster?: boolean;
}

export type UserDataAnalysis =
  | { status: 'absent' }
  /** `reason` says what was wrong in general terms; it never quotes the input. */
  | { status: 'unreadable'; reason: string }
  | {
      status: 'decoded';
      gzip: boolean;
      mime: boolean;
      /** True when the text holds a <powershell> or <script> section (EC2Launch). */
      powershell: boolean;
      /**
       * The first Start-EKSBootstrap.ps1 call (with, when it is in a branch, its statement's
       * other branches' calls: what they give differently is unresolved), or undefined when
       * the script never calls it.
       */
      bootstrap: BootstrapCall | undefined;
      /**
       * A <powershell> section holds a <powershell> tag of its own, so PowerShell refuses to
       * parse it and none of it runs: `bootstrap` comes from the other sections only.
       */
      nestedPowershellTag?: true;
      /**
       * A PowerShell section chains commands with `&&` or `||`, or (when no call runs) a text
       * given to Windows PowerShell to run does: Windows PowerShell 5.1 refuses to parse it,
       * so none of it runs, and its calls are not read.
       */
      pipelineChain?: true;
      /**
       * The closed `<powershell>` sections EC2Launch v1 (Windows Server 2016 and 2019) finds,
       * when the text opens some but closes not exactly one: it then runs none of them. It
       * runs a section only when it finds exactly one `<powershell>(.*?)</powershell>`
       * ("Zero or more than one <powershell> tag was not provided", Invoke-Userdata.ps1).
       */
      ec2LaunchV1PowershellSections?: number;
      /**
       * The PowerShell comes from executeScript tasks of EC2Launch v2 YAML user data, which
       * EC2Launch v1 (Windows Server 2016 and 2019) does not read: it runs only tagged sections.
       */
      ec2LaunchV2Yaml?: true;
      /**
       * No call was found, but the scripts name Start-EKSBootstrap.ps1: in a comment, in a
       * string (a file written to run later, a scheduled task's action), or on a line that
       * does not parse as a call (an unclosed quote before it). Never set with `bootstrap`.
       */
      bootstrapScriptNamed?: true;
      /**
       * No call was found, and the scripts run Start-EKSBootstrap.ps1 by a path that can't
       * run it: cut at a space nothing quoted, or holding `$env:` as text (the first such).
       */
      unrunnableScriptPath?: UnrunnablePath;
    };
