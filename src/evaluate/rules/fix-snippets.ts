/**
 * Every line of PowerShell that a fix text tells an operator to paste, in one place, so that
 * a test (fix-snippets.test.ts) runs each through the project's own parser and fails unless
 * it is a valid Start-EKSBootstrap.ps1 call. Write a bootstrap call into a remediation or a
 * finding's detail only through these.
 */

/** Where the EKS optimized Windows AMIs install the bootstrap script. */
export const BOOTSTRAP_SCRIPT_PATH = '$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1';

/**
 * A cluster name as PowerShell reads it in single quotes. EKS names are letters, digits,
 * hyphens and underscores; a quote is doubled all the same, so the line stays one string.
 */
function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The bootstrap call for a cluster. The call operator `&` is required: a quoted path at the
 * start of a line is a string expression in PowerShell, not a command (AWS and eksctl write
 * `& $EKSBootstrapScriptFile …` for the same reason).
 */
export function bootstrapCallSnippet(clusterName: string): string {
  return `& "${BOOTSTRAP_SCRIPT_PATH}" -EKSClusterName ${singleQuoted(clusterName)}`;
}

/** The placeholder a rule-level fix text shows where the finding's detail names the cluster. */
export const CLUSTER_NAME_PLACEHOLDER = 'my-cluster';

/** The snippets rule metadata quotes; the test parses each of them. */
export const FIX_SNIPPETS = {
  bootstrapCall: bootstrapCallSnippet(CLUSTER_NAME_PLACEHOLDER),
} as const;
