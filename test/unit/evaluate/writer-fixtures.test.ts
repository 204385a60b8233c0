/**
 * Issue 6 end to end through decode and the whole rule catalogue: user data as the tools that
 * write it in the field shape it (eksctl, Karpenter, terraform-aws-eks, the AWS examples),
 * base64 as EC2 returns it, and the rule ids that must (and must not) fire.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeUserData } from '../../../src/decode/index.ts';
import { evaluateInventory } from '../../../src/evaluate/index.ts';
import { bootstrapCallSnippet } from '../../../src/evaluate/rules/fix-snippets.ts';
import type { Cluster } from '../../../src/inventory/types.ts';
import {
  aCluster,
  anEksWindowsImage,
  anInventoryWithSite,
  imagesOf,
  NOW,
} from '../../builders/inventory.ts';

const SCRIPT_FILE =
  '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"';

/** In standard support at NOW, so that no cluster-level finding mixes in. */
const STANDARD_SUPPORT_VERSION = '1.36';

/** The rule ids the scan reports for a self-managed group whose launch template has this user data. */
function rulesFiredFor(
  powershell: string,
  cluster: Partial<Cluster> = {},
  kubernetesVersion = cluster.version ?? STANDARD_SUPPORT_VERSION,
  compress = false,
): string[] {
  const text = Buffer.from(`<powershell>\n${powershell}\n</powershell>`);
  const encoded = (compress ? gzipSync(text) : text).toString('base64');
  const image = anEksWindowsImage({
    name: `Windows_Server-2022-English-Core-EKS_Optimized-${kubernetesVersion}-2026.11.10`,
  });
  const inventory = anInventoryWithSite(
    { userData: decodeUserData(encoded), imageId: image.imageId },
    {
      clusters: [aCluster({ version: STANDARD_SUPPORT_VERSION, ...cluster })],
      images: imagesOf(image),
    },
  );
  const { findings } = evaluateInventory(inventory, {
    now: NOW,
    endOfSupportWarningDays: 180,
    amiExpiryWarningDays: 30,
  });
  return findings
    .map((finding) => finding.ruleId)
    .filter((id) => id !== 'windows-server-mainstream-ended')
    .sort();
}

const prod = aCluster();
const endpoint = prod.endpoint ?? '';
const ca = prod.certificateAuthority ?? '';

describe('Issue 6, as real writers write user data', () => {
  it('reports gzip-compressed user data as never bootstrapping, and judges no argument of a call that never runs', () => {
    // Act: the call names another cluster and no container runtime
    const fired = rulesFiredFor(
      `${SCRIPT_FILE}\n& $EKSBootstrapScriptFile -EKSClusterName 'other'`,
      {},
      undefined,
      true,
    );

    // Assess
    expect(fired).toEqual(['bootstrap-missing']);
  });

  it.each([
    ['Invoke-Expression', `Invoke-Expression "& '$EKSBootstrapScriptFile' -EKSClusterName prod"`],
    [
      'Start-Process powershell.exe',
      'Start-Process powershell.exe -ArgumentList \'-File "C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod\' -Wait',
    ],
  ])('finds nothing wrong with a bootstrap call run through %s', (_, line) => {
    // Act
    const fired = rulesFiredFor(`${SCRIPT_FILE}\n${line}`);

    // Assess
    expect(fired).toEqual([]);
  });

  it('finds nothing wrong with the exact line the bootstrap-missing fix text gives', () => {
    // Act
    const fired = rulesFiredFor(bootstrapCallSnippet('prod'));

    // Assess
    expect(fired).toEqual([]);
  });

  it('reports eksctl-style -ContainerRuntime "dockerd" as invalid on 1.23, not as Docker', () => {
    // Act
    const fired = rulesFiredFor(
      `${SCRIPT_FILE}\n& $EKSBootstrapScriptFile -EKSClusterName "prod" -APIServerEndpoint "${endpoint}" -Base64ClusterCA "${ca}" -ContainerRuntime "dockerd" 3>&1 4>&1 5>&1 6>&1`,
      { version: '1.23' },
    );

    // Assess
    expect(fired).toContain('container-runtime-invalid');
    expect(fired).not.toContain('docker-runtime-migration-due');
  });

  it("reports Karpenter's endpoint without a CA as ignored (LOW), not as a mismatch", () => {
    // Prepare: another cluster's endpoint, which the script throws away for its own lookup.
    const other = 'https://0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com';

    // Act
    const fired = rulesFiredFor(
      `${SCRIPT_FILE}\n& $EKSBootstrapScriptFile -EKSClusterName 'prod' -APIServerEndpoint '${other}' -KubeletExtraArgs '--max-pods=110' -DNSClusterIP '172.20.0.10'`,
    );

    // Assess
    expect(fired).toEqual(['bootstrap-endpoint-ca-incomplete']);
  });

  it('reports the AWS launch template example in a cluster with its own service range', () => {
    // Act
    const fired = rulesFiredFor(
      `${SCRIPT_FILE}\n& $EKSBootstrapScriptFile -EKSClusterName prod \`\n\t -Base64ClusterCA ${ca} \`\n\t -APIServerEndpoint ${endpoint} \`\n\t -DNSClusterIP 10.200.0.10`,
      { serviceIpv4Cidr: '10.200.0.0/16', vpcIpv4Cidrs: ['10.0.0.0/16'] },
    );

    // Assess
    expect(fired).toEqual(['bootstrap-dns-outside-service-cidr', 'bootstrap-service-cidr-missing']);
  });

  it('accepts terraform-aws-eks user data whose pre-bootstrap step sets SERVICE_IPV4_CIDR', () => {
    // Prepare
    const terraform = (cidr: string) =>
      [
        `[Environment]::SetEnvironmentVariable('SERVICE_IPV4_CIDR', '${cidr}', 'Machine')`,
        '[string]$EKSBinDir = "$env:ProgramFiles\\Amazon\\EKS"',
        "[string]$EKSBootstrapScriptName = 'Start-EKSBootstrap.ps1'",
        '[string]$EKSBootstrapScriptFile = "$EKSBinDir\\$EKSBootstrapScriptName"',
        `& $EKSBootstrapScriptFile -EKSClusterName prod -APIServerEndpoint ${endpoint} -Base64ClusterCA ${ca} 3>&1 4>&1 5>&1 6>&1`,
      ].join('\n');
    const cluster = { serviceIpv4Cidr: '10.200.0.0/16', vpcIpv4Cidrs: ['10.0.0.0/16'] };

    // Act
    const right = rulesFiredFor(terraform('10.200.0.0/16'), cluster);
    const wrong = rulesFiredFor(terraform('10.201.0.0/16'), cluster);

    // Assess
    expect(right).toEqual([]);
    expect(wrong).toEqual(['bootstrap-service-cidr-mismatch']);
  });

  it('reports eksctl Docker-era kubelet flags on a 1.29 node and a missing cluster name', () => {
    // Act
    const fired = rulesFiredFor(
      `${SCRIPT_FILE}\n& $EKSBootstrapScriptFile -APIServerEndpoint "${endpoint}" -Base64ClusterCA "${ca}" -KubeletExtraArgs "--network-plugin=cni --image-pull-progress-deadline=20m" 3>&1 4>&1 5>&1 6>&1`,
      { version: '1.29' },
    );

    // Assess
    expect(fired).toEqual([
      'bootstrap-cluster-name-missing',
      'eks-version-unsupported',
      'kubelet-flag-removed',
    ]);
  });

  it('reports -ProgressAction, which the Windows PowerShell 5.1 of EC2Launch lacks', () => {
    // Act
    const fired = rulesFiredFor(
      `${SCRIPT_FILE}\n& $EKSBootstrapScriptFile -EKSClusterName 'prod' -ProgressAction SilentlyContinue`,
    );

    // Assess
    expect(fired).toEqual(['bootstrap-parameter-unknown']);
  });

  it('reports the options of the Linux bootstrap.sh copied into the Windows call, and nothing else', () => {
    // Act
    const fired = rulesFiredFor(
      `${SCRIPT_FILE}\n& $EKSBootstrapScriptFile -EKSClusterName "prod" --kubelet-extra-args "--node-labels=a=b"`,
    );

    // Assess
    expect(fired).toEqual(['bootstrap-linux-option']);
  });

  it.each([
    [
      'the endpoint and the CA',
      '-EKSClusterName prod -APIServerEndpoint  -Base64ClusterCA  -KubeletExtraArgs "--max-pods=20" 3>&1 4>&1 5>&1 6>&1',
    ],
    ['the CA alone', `-EKSClusterName prod -APIServerEndpoint ${endpoint} -Base64ClusterCA  3>&1`],
    ['the cluster name', '-EKSClusterName  3>&1 4>&1 5>&1 6>&1'],
  ])(
    'reports terraform-aws-eks user data rendered with %s empty as a call PowerShell refuses, and nothing else',
    (_, argumentsText) => {
      // Act
      const fired = rulesFiredFor(`${SCRIPT_FILE}\n& $EKSBootstrapScriptFile ${argumentsText}`);

      // Assess: the names left without a value are unresolved, which no other rule judges
      expect(fired).toEqual(['bootstrap-parameter-value-missing']);
    },
  );

  it.each([
    ['an unquoted comma list', '-KubeletExtraArgs --node-labels=a=b,c=d'],
    ['a quoted value with a stray space', '-KubeletExtraArgs "--node-labels=a=b c=d"'],
    [
      'kubelet flags spilled past -KubeletExtraArgs',
      '-KubeletExtraArgs --node-labels=a=b --max-pods=20',
    ],
  ])(
    'reports %s as kubelet arguments that do not reach the kubelet, and nothing else',
    (_, args) => {
      // Act
      const fired = rulesFiredFor(
        `${SCRIPT_FILE}\n& $EKSBootstrapScriptFile -EKSClusterName prod -APIServerEndpoint ${endpoint} -Base64ClusterCA ${ca} ${args}`,
      );

      // Assess
      expect(fired).toEqual(['kubelet-arguments-malformed']);
    },
  );

  it.each([
    [
      'Karpenter',
      '-KubeletExtraArgs \'--node-labels="karpenter.sh/nodepool=default" --max-pods=110\'',
    ],
    ['eksctl', '-KubeletExtraArgs "--node-labels= --register-with-taints="'],
  ])('finds nothing wrong with kubelet arguments quoted as %s quotes them', (_, args) => {
    // Act
    const fired = rulesFiredFor(
      `${SCRIPT_FILE}\n& $EKSBootstrapScriptFile -EKSClusterName prod -APIServerEndpoint ${endpoint} -Base64ClusterCA ${ca} ${args} 3>&1 4>&1 5>&1 6>&1`,
    );

    // Assess
    expect(fired).toEqual([]);
  });

  it('reports Windows nodes in an IPv6 cluster', () => {
    // Act
    const fired = rulesFiredFor(bootstrapCallSnippet('prod'), {
      ipFamily: 'ipv6',
      serviceIpv4Cidr: undefined,
    });

    // Assess
    expect(fired).toEqual(['windows-ipv6-cluster']);
  });

  it('knows Kubernetes 1.36', () => {
    // Act
    const fired = rulesFiredFor(bootstrapCallSnippet('prod'), { version: '1.36' }, '1.36');

    // Assess
    expect(fired).toEqual([]);
  });
});
