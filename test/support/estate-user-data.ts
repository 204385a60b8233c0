/**
 * Windows user data as the tools that write it in the field shape it (eksctl, Karpenter,
 * terraform-aws-eks, the AWS CloudFormation sample, hand-written scripts), for the seeded
 * estate. Each function returns the PowerShell text; `toBase64` encodes it as EC2 expects.
 */

/** The fake secret one template carries, so tests can check it never leaks anywhere. */
export const SEEDED_SECRET = 'Do-not-leak-42';

export function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

interface ClusterAccess {
  clusterName: string;
  endpoint: string;
  certificateAuthority: string;
}

/** eksctl's self-managed Windows node group (pkg/nodebootstrap/windows.go): double quotes. */
export function eksctlUserData(
  options: ClusterAccess & { nodeGroup: string; dnsClusterIp: string },
): string {
  const labels = `alpha.eksctl.io/cluster-name=${options.clusterName},alpha.eksctl.io/nodegroup-name=${options.nodeGroup}`;
  return [
    '<powershell>',
    '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"',
    `& $EKSBootstrapScriptFile -EKSClusterName "${options.clusterName}" -APIServerEndpoint "${options.endpoint}" -Base64ClusterCA "${options.certificateAuthority}" -DNSClusterIP "${options.dnsClusterIp}" -KubeletExtraArgs "--node-labels=${labels} --register-with-taints=os=windows:NoSchedule" 3>&1 4>&1 5>&1 6>&1`,
    '</powershell>',
  ].join('\n');
}

/** Karpenter's Windows2022 AMI family (pkg/providers/amifamily/bootstrap/windows.go): single quotes, no redirections. */
export function karpenterUserData(
  options: ClusterAccess & { nodePool: string; dnsClusterIp: string },
): string {
  return [
    '<powershell>',
    '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"',
    `& $EKSBootstrapScriptFile -EKSClusterName '${options.clusterName}' -APIServerEndpoint '${options.endpoint}' -Base64ClusterCA '${options.certificateAuthority}' -KubeletExtraArgs '--node-labels="karpenter.sh/capacity-type=on-demand,karpenter.sh/nodepool=${options.nodePool}" --max-pods=110' -DNSClusterIP '${options.dnsClusterIp}'`,
    '</powershell>',
  ].join('\n');
}

/** terraform-aws-eks (templates/windows_user_data.tpl): unquoted values, script path built from variables. */
export function terraformUserData(options: ClusterAccess): string {
  return [
    '<powershell>',
    '[string]$EKSBinDir = "$env:ProgramFiles\\Amazon\\EKS"',
    "[string]$EKSBootstrapScriptName = 'Start-EKSBootstrap.ps1'",
    '[string]$EKSBootstrapScriptFile = "$EKSBinDir\\$EKSBootstrapScriptName"',
    `& $EKSBootstrapScriptFile -EKSClusterName ${options.clusterName} -APIServerEndpoint ${options.endpoint} -Base64ClusterCA ${options.certificateAuthority} 3>&1 4>&1 5>&1 6>&1`,
    '$LastError = if ($?) { 0 } else { $Error[0].Exception.HResult }',
    '</powershell>',
  ].join('\n');
}

/**
 * A hand-written template copied from another cluster: it names that cluster and its DNS
 * address, and creates a local administrator whose password sits in the script.
 */
export function copiedFromStagingUserData(): string {
  return [
    '<powershell>',
    '# Break-glass local administrator (see runbook WIN-12)',
    `$AdminPassword = '${SEEDED_SECRET}'`,
    'net user eksadmin $AdminPassword /add /y',
    'net localgroup Administrators eksadmin /add',
    '',
    '[string]$EKSBinDir = "$env:ProgramFiles\\Amazon\\EKS"',
    "[string]$EKSBootstrapScriptName = 'Start-EKSBootstrap.ps1'",
    '[string]$EKSBootstrapScriptFile = "$EKSBinDir\\$EKSBootstrapScriptName"',
    '& $EKSBootstrapScriptFile -EKSClusterName staging `',
    '  -DNSClusterIP 10.100.0.10 `',
    "  -KubeletExtraArgs '--node-labels=nodegroup=win-selfmanaged-lt --register-with-taints=os=windows:NoSchedule' 3>&1 4>&1 5>&1 6>&1",
    '$LastError = if ($?) { 0 } else { $Error[0].Exception.HResult }',
    '</powershell>',
    '<persist>false</persist>',
  ].join('\n');
}

/** The cluster name in a variable assigned earlier; no endpoint or CA (the script calls Get-EKSCluster). */
export function variableClusterNameUserData(clusterName: string, label: string): string {
  return [
    '<powershell>',
    `$ClusterName = '${clusterName}'`,
    '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"',
    `& $EKSBootstrapScriptFile -EKSClusterName $ClusterName -KubeletExtraArgs '--node-labels=${label}' 3>&1 4>&1 5>&1 6>&1`,
    '</powershell>',
  ].join('\n');
}

/** Custom steps before joining, for a managed node group: it should leave the bootstrap to EKS but calls it too. */
export function managedNodeGroupExtraStepsUserData(clusterName: string): string {
  return [
    '<powershell>',
    '# IIS workloads need the web server role before the node registers',
    'Install-WindowsFeature -Name Web-Server -IncludeManagementTools',
    '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"',
    `& $EKSBootstrapScriptFile -EKSClusterName "${clusterName}" -KubeletExtraArgs "--node-labels=workload=iis" 3>&1 4>&1 5>&1 6>&1`,
    '</powershell>',
  ].join('\n');
}

/** The AWS CloudFormation sample node group of the Docker era, with cfn-signal. */
export function cloudFormationSampleUserData(options: {
  clusterName: string;
  stackName: string;
  containerRuntime: string;
  region: string;
}): string {
  return [
    '<powershell>',
    '[string]$EKSBinDir = "$env:ProgramFiles\\Amazon\\EKS"',
    "[string]$EKSBootstrapScriptName = 'Start-EKSBootstrap.ps1'",
    '[string]$EKSBootstrapScriptFile = "$EKSBinDir\\$EKSBootstrapScriptName"',
    '[string]$cfn_signal = "$env:ProgramFiles\\Amazon\\cfn-bootstrap\\cfn-signal.exe"',
    `& $EKSBootstrapScriptFile -EKSClusterName ${options.clusterName} -KubeletExtraArgs '--node-labels=nodegroup=${options.stackName}' -ContainerRuntime ${options.containerRuntime} 3>&1 4>&1 5>&1 6>&1`,
    '$LastError = if ($?) { 0 } else { $Error[0].Exception.HResult }',
    '& $cfn_signal --exit-code=$LastError `',
    `  --stack="${options.stackName}" \``,
    '  --resource="NodeGroup" `',
    `  --region=${options.region}`,
    '</powershell>',
  ].join('\n');
}

/** A stand-alone node launched by hand: the script's literal path, no variables. */
export function literalPathUserData(clusterName: string): string {
  return [
    '<powershell>',
    `& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName '${clusterName}'`,
    '</powershell>',
  ].join('\n');
}

/** What EKS writes into the launch template it creates for a managed Windows node group. */
export function eksManagedUserData(options: ClusterAccess): string {
  return [
    '<powershell>',
    '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"',
    `& $EKSBootstrapScriptFile -EKSClusterName "${options.clusterName}" -APIServerEndpoint "${options.endpoint}" -Base64ClusterCA "${options.certificateAuthority}" 3>&1 4>&1 5>&1 6>&1`,
    '</powershell>',
  ].join('\n');
}

/**
 * The AWS launch template example for a custom Windows AMI (EKS user guide, "Customize managed
 * nodes with launch templates"): endpoint, CA and DNS IP with backtick continuations, no
 * -ServiceCIDR. `extra` appends arguments; `withoutClusterName` drops the first line, as a
 * careless copy does.
 */
export function awsLaunchTemplateExampleUserData(
  options: ClusterAccess & { dnsClusterIp: string; extra?: string; withoutClusterName?: boolean },
): string {
  const name = options.withoutClusterName ? '' : ` -EKSClusterName ${options.clusterName}`;
  return [
    '<powershell>',
    '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"',
    `& $EKSBootstrapScriptFile${name} \``,
    `\t -Base64ClusterCA ${options.certificateAuthority} \``,
    `\t -APIServerEndpoint ${options.endpoint} \``,
    `\t -DNSClusterIP ${options.dnsClusterIp}${options.extra ? ` \`\n\t ${options.extra}` : ''}`,
    '</powershell>',
  ].join('\n');
}

/**
 * A node class's user data written by someone used to PowerShell 7: -ProgressAction on the
 * call (Windows PowerShell 5.1, which EC2Launch runs, has no such parameter) and a pause image
 * pinned with a kubelet flag that Kubernetes 1.35 removed.
 */
export function powershell7HabitsUserData(options: ClusterAccess): string {
  return [
    '<powershell>',
    "$ProgressPreference = 'SilentlyContinue'",
    '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"',
    `& $EKSBootstrapScriptFile -EKSClusterName '${options.clusterName}' -APIServerEndpoint '${options.endpoint}' -Base64ClusterCA '${options.certificateAuthority}' -KubeletExtraArgs '--pod-infra-container-image=mcr.microsoft.com/oss/kubernetes/pause:3.9 --max-pods=110' -ProgressAction SilentlyContinue`,
    '</powershell>',
  ].join('\n');
}
