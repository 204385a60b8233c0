/**
 * User data may hold passwords (SPEC 5). A distinctive secret is seeded into user data in
 * every shape the scanner meets — bootstrap arguments it never quotes, names it keeps,
 * statements after the call, text it cannot decode or parse — and the whole chain runs on
 * mocked AWS: the scan, every report format, the command line, the Security Hub findings,
 * the SNS message and the Lambda function's logs. The secret must appear in none of them.
 * The adversarial corpus (test/support/adversarial.ts) carries the same secret.
 */

import { gzipSync } from 'node:zlib';
import {
  AutoScalingClient,
  type AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  EC2ServiceException,
  type Image,
  type Instance,
} from '@aws-sdk/client-ec2';
import {
  DescribeClusterCommand,
  EKSClient,
  ListClustersCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DescribeInstanceInformationCommand,
  GetParametersCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { toAsff } from '../../src/publish/security-hub/index.ts';
import { buildNotification, messageAttributes } from '../../src/publish/sns/index.ts';
import { formatReport, REPORT_FORMATS } from '../../src/report/format/index.ts';
import type { Report } from '../../src/report/types.ts';
import { runScan } from '../../src/scan.ts';
import { adversarialCorpus } from '../support/adversarial.ts';
import { lambdaContext } from '../support/lambda-context.ts';
import { MemoryStream } from './cli/memory-stream.ts';

const SECRET = 'ZebraS3cr3t7731';
/** A PIN: written with an address's characters, it passes the checks on -DNSClusterIP and the like. */
const PIN = '48291736';
/** A passphrase: written with a runtime name's characters (letters and hyphens). */
const PASSPHRASE = 'zebra-staple-horse-cactus';
const ACCOUNT_ID = '123456789012';
const REGION = 'us-west-2';
const NOW = new Date('2026-11-25T12:00:00.000Z');
const IMAGE_ID = 'ami-0eks2019windows';
const BOOTSTRAP = '& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"';
/** An EKS endpoint host of another cluster: quoted as evidence only when nothing follows it. */
const EKS_HOST = 'FEDCBA9876543210FEDCBA9876543210.gr7.us-west-2.eks.amazonaws.com';

const NAMED_UP_TO_DNS = `${BOOTSTRAP} -EKSClusterName prod -KubeletExtraArgs '--v=2' -KubeProxyExtraArgs '--v=2' -Endpoint e -APIServerEndpoint https://${EKS_HOST} -Base64ClusterCA abc`;

const base64 = (data: string | Buffer): string => Buffer.from(data).toString('base64');
const powershell = (script: string): string => base64(`<powershell>\n${script}\n</powershell>\n`);

/** User data as EC2 returns it (base64), one per shape the secret can take. */
const USER_DATA: Record<string, string> = {
  'kubelet-and-kube-proxy-arguments': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -KubeletExtraArgs "--node-labels=team=win,token=${SECRET}" -KubeProxyExtraArgs '--kube-api-token=${SECRET}' 3>&1 4>&1 5>&1 6>&1`,
  ),
  'unknown-parameter-names': powershell(
    `${BOOTSTRAP} -EKSClusterName other -Password ${SECRET} -${SECRET} -Credential:${SECRET}`,
  ),
  'unresolved-variable-names': powershell(
    `${BOOTSTRAP} -EKSClusterName $${SECRET} -DNSClusterIP $${SECRET} -ServiceCIDR $env:${SECRET} -ContainerRuntime $${SECRET}.Value -ExcludedSnatCIDRs $(Get-Secret ${SECRET})`,
  ),
  'statements-and-comments-after-the-call': powershell(
    `${BOOTSTRAP} -EKSClusterName prod\nnet user Administrator ${SECRET} /add\n# password: ${SECRET}\n<# ${SECRET} #>\n$password = ConvertTo-SecureString '${SECRET}' -AsPlainText -Force`,
  ),
  'a-string-never-closed': powershell(
    `${BOOTSTRAP} -EKSClusterName "prod\nnet user Administrator ${SECRET}\n`,
  ),
  'a-single-quoted-string-never-closed': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -DNSClusterIP '10.100.0.10\n$pw = ${SECRET}`,
  ),
  'a-here-string-never-closed': powershell(
    `$labels = @"\n--node-labels=token=${SECRET}\n${BOOTSTRAP} -EKSClusterName prod -KubeletExtraArgs $labels`,
  ),
  'a-line-continuation-into-the-next-statement': powershell(
    `${BOOTSTRAP} -EKSClusterName prod \`\nnet user Administrator ${SECRET}`,
  ),
  'a-dotted-password-after-a-stray-continuation': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -Base64ClusterCA abc \`\nnet user Administrator ${SECRET}.Pw1`,
  ),
  'a-password-bound-by-position-to-the-cluster-name': powershell(`${BOOTSTRAP} \`\n${SECRET}`),
  'a-password-bound-by-position-to-the-container-runtime': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -KubeletExtraArgs '--v=2' -KubeProxyExtraArgs '--v=2' -APIServerEndpoint https://${EKS_HOST} -Base64ClusterCA abc -DNSClusterIP 10.100.0.10 \`\n${SECRET}`,
  ),
  // Every parameter before the target named, so that the PIN after a stray continuation is
  // bound by position to the target (-Endpoint takes a position of its own).
  'a-pin-bound-by-position-to-the-dns-cluster-ip': powershell(`${NAMED_UP_TO_DNS} \`\n${PIN}`),
  'a-pin-bound-by-position-to-the-service-cidr': powershell(
    `${NAMED_UP_TO_DNS} -DNSClusterIP 10.100.0.10 \`\n${PIN}`,
  ),
  'a-pin-bound-by-position-to-the-excluded-snat-cidrs': powershell(
    `${NAMED_UP_TO_DNS} -DNSClusterIP 10.100.0.10 -ServiceCIDR 10.100.0.0/16 \`\n${PIN}`,
  ),
  // Options of the Linux bootstrap.sh, bound by position: a known name is quoted, an unknown
  // one and every value never.
  'linux-bootstrap-options': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -KubeProxyExtraArgs '--v=2' --${SECRET} x --kubelet-extra-args "--node-labels=token=${SECRET}" --apiserver-endpoint=${SECRET}`,
  ),
  // Parameters without a value: before an undeclared name and before a redirection to a file,
  // both made of the secret. Only the script's own names are quoted.
  'parameters-without-value': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -APIServerEndpoint -${SECRET} -Base64ClusterCA 2>C:\\${SECRET}.log`,
  ),
  // Kubelet arguments not quoted as one string: a stray word after a comma, --flags spilled
  // by position past -KubeletExtraArgs. Counted and placed, never quoted.
  'kubelet-arguments-malformed': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -KubeletExtraArgs --node-labels=token=${SECRET},${SECRET}=x --${SECRET}=${SECRET} "--v=2 ${SECRET}"`,
  ),
  'a-token-in-the-endpoint-path': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -Base64ClusterCA abc -APIServerEndpoint https://${EKS_HOST}/${SECRET}`,
  ),
  'a-token-after-a-semicolon-in-the-endpoint': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -Base64ClusterCA abc -APIServerEndpoint 'https://${EKS_HOST};${SECRET}'`,
  ),
  'a-token-after-a-backslash-in-the-endpoint': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -Base64ClusterCA abc -APIServerEndpoint 'https://${EKS_HOST}\\${SECRET}'`,
  ),
  'a-percent-encoded-token-in-the-endpoint': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -Base64ClusterCA abc -APIServerEndpoint https://${EKS_HOST}%2F${SECRET}`,
  ),
  // Lines ended by a carriage return alone: PowerShell ends each statement there, so a
  // command after the call passes nothing to it, even one whose flags abbreviate its
  // parameters (-d binds to -DNSClusterIP, whose value is quoted when written in digits).
  'statements-after-a-lone-carriage-return': base64(
    `<powershell>\r${BOOTSTRAP} -EKSClusterName prod -KubeletExtraArgs '--v=2'\rsqlcmd -S db01 -d ${PIN}\r</powershell>\r`,
  ),
  // Another command's flags after a stray line continuation that abbreviate the script's
  // parameters bind to them by name: judged, never quoted, as values bound by position.
  'a-pin-bound-through-an-abbreviated-name-after-a-stray-continuation': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -KubeletExtraArgs '--v=2' \`\nsqlcmd -S db01 -d ${PIN}`,
  ),
  // Kubelet arguments through an abbreviated name (another command's -Kubelet flag): a
  // restricted label key, a flag before a stray word, a flag left without its value.
  'kubelet-arguments-through-an-abbreviated-name-after-a-stray-continuation': powershell(
    `${BOOTSTRAP} -EKSClusterName prod \`\nregister-agent -Kubelet "--node-labels=node-role.kubernetes.io/p${PIN}=x --p${PIN}=1 stray --t${PIN}"`,
  ),
  'a-token-bound-to-the-cluster-name-through-an-abbreviated-name': powershell(
    `${BOOTSTRAP} -KubeletExtraArgs '--v=2' \`\nregister-agent -EKS ghp${PIN}token`,
  ),
  // A variable named like a password, wired into parameters whose values are otherwise
  // quoted: the cluster name (the secret names no cluster the scan found), the runtime (a
  // passphrase of letters is no runtime's near miss), the DNS IP (a PIN has no dot).
  'a-password-variable-passed-as-the-cluster-name': powershell(
    `$AdminPassword = '${SECRET}'\nnet user Administrator $AdminPassword\n${BOOTSTRAP} -EKSClusterName $AdminPassword`,
  ),
  'a-passphrase-passed-as-the-container-runtime': powershell(
    `$Passphrase = '${PASSPHRASE}'\n${BOOTSTRAP} -EKSClusterName prod -ContainerRuntime $Passphrase`,
  ),
  'a-pin-passed-by-name-to-the-dns-cluster-ip': powershell(
    `${BOOTSTRAP} -EKSClusterName prod -DNSClusterIP ${PIN} -ServiceCIDR ${PIN} -ExcludedSnatCIDRs ${PIN}`,
  ),
  'splatted-hashtable': powershell(
    `$BootstrapArgs = @{ EKSClusterName = 'prod'; Password = '${SECRET}'; KubeletExtraArgs = '--token=${SECRET}' }\n${BOOTSTRAP} @BootstrapArgs`,
  ),
  'batch-section': base64(
    `<script>\npowershell.exe -ExecutionPolicy Bypass -File "C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod ${SECRET}\n</script>\n`,
  ),
  'gzip-and-mime': gzipSync(
    [
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="==B=="',
      '',
      '--==B==',
      'Content-Type: text/x-shellscript',
      '',
      `<powershell>\n${BOOTSTRAP} -EKSClusterName prod -KubeletExtraArgs "--token=${SECRET}"\n</powershell>`,
      '--==B==--',
      '',
    ].join('\r\n'),
  ).toString('base64'),
  'not-base64': `<powershell>$pw = '${SECRET}'</powershell>`,
  'corrupt-gzip': base64(
    Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from(SECRET)]),
  ),
  binary: base64(Buffer.concat([Buffer.from([0, 1, 2, 3, 0, 0, 0]), Buffer.from(SECRET)])),
  // Not UTF-8: read as Windows-1252, as Windows PowerShell reads it, so the secret is parsed.
  'windows-1252': base64(
    Buffer.concat([Buffer.from(`<powershell>${SECRET}`), Buffer.from([0xc3, 0x28])]),
  ),
  'mime-without-boundary': base64(`Content-Type: multipart/mixed\r\n\r\n${SECRET}\r\n`),
  'nested-too-deep': powershell(`${'('.repeat(200)}${SECRET}${')'.repeat(200)}`),
  'too-large': powershell(`# ${SECRET}\n`.repeat(4000)),
  // Every input of the adversarial corpus that carries the secret: self-referencing
  // hashtables, nested -Command, stray continuations before dotted passwords, tokens in
  // endpoint URLs, deep nesting, here-strings, backticks, quotes, MIME, gzip, YAML, and the
  // inputs that run out of the work budget.
  ...Object.fromEntries(
    adversarialCorpus(SECRET)
      .filter((input) => input.carriesSecret)
      .map((input) => [`adversarial-${input.name}`, input.encoded]),
  ),
};

/** A launch configuration and a stand-alone instance carry user data too. */
const LAUNCH_CONFIGURATION_USER_DATA = powershell(
  `${BOOTSTRAP} -EKSClusterName prod -KubeProxyExtraArgs "--token=${SECRET}" -Base64ClusterCA ${SECRET}`,
);
const INSTANCE_USER_DATA = powershell(
  `$secret = @'\n${SECRET}\n'@\n${BOOTSTRAP} -EKSClusterName prod -APIServerEndpoint "https://admin:${SECRET}@api.example.com/?token=${SECRET}" -Base64ClusterCA abc`,
);

const SHAPES = Object.keys(USER_DATA);
const templateIdOf = (shape: string): string =>
  `lt-0${SHAPES.indexOf(shape).toString(16).padStart(16, '0')}`;
const ownership = { Key: 'kubernetes.io/cluster/prod', Value: 'owned' };

function autoScalingGroup(name: string, source: Partial<AutoScalingGroup>): AutoScalingGroup {
  return {
    AutoScalingGroupName: name,
    MinSize: 0,
    MaxSize: 1,
    DesiredCapacity: 0,
    DefaultCooldown: 300,
    AvailabilityZones: [`${REGION}a`],
    HealthCheckType: 'EC2',
    CreatedTime: new Date('2024-01-01T00:00:00Z'),
    Instances: [],
    Tags: [
      {
        ...ownership,
        ResourceId: name,
        ResourceType: 'auto-scaling-group',
        PropagateAtLaunch: true,
      },
    ],
    ...source,
  };
}

const GROUPS: AutoScalingGroup[] = [
  ...SHAPES.map((shape) =>
    autoScalingGroup(`win-${shape}`, {
      LaunchTemplate: { LaunchTemplateId: templateIdOf(shape), Version: '1' },
    }),
  ),
  autoScalingGroup('win-launch-configuration', { LaunchConfigurationName: 'win-lc' }),
];

/** Every AWS client, answering as an account with one cluster of Windows node sources. */
function mockAws() {
  const mocks = {
    sts: mockClient(STSClient),
    eks: mockClient(EKSClient),
    autoScaling: mockClient(AutoScalingClient),
    ec2: mockClient(EC2Client),
    ssm: mockClient(SSMClient),
    securityHub: mockClient(SecurityHubClient),
    sns: mockClient(SNSClient),
  };
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT_ID });
  mocks.eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
  mocks.eks.on(DescribeClusterCommand).resolves({
    cluster: {
      name: 'prod',
      arn: `arn:aws:eks:${REGION}:${ACCOUNT_ID}:cluster/prod`,
      version: '1.31',
      endpoint: `https://0123456789ABCDEF.gr7.${REGION}.eks.amazonaws.com`,
      certificateAuthority: { data: 'LS0tLS1CRUdJTi==' },
      kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
      status: 'ACTIVE',
      tags: {},
    },
  });
  mocks.eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
  mocks.autoScaling
    .on(DescribeAutoScalingGroupsCommand)
    .callsFake((input: { AutoScalingGroupNames?: string[] }) => ({
      AutoScalingGroups: input.AutoScalingGroupNames
        ? GROUPS.filter((group) =>
            input.AutoScalingGroupNames?.includes(group.AutoScalingGroupName ?? ''),
          )
        : GROUPS,
    }));
  mocks.autoScaling.on(DescribeLaunchConfigurationsCommand).resolves({
    LaunchConfigurations: [
      {
        LaunchConfigurationName: 'win-lc',
        ImageId: IMAGE_ID,
        InstanceType: 'm5.large',
        CreatedTime: new Date('2024-01-01T00:00:00Z'),
        UserData: LAUNCH_CONFIGURATION_USER_DATA,
      },
    ],
  });
  mocks.ec2
    .on(DescribeLaunchTemplateVersionsCommand)
    .callsFake((input: { LaunchTemplateId?: string }) => ({
      LaunchTemplateVersions: SHAPES.filter(
        (shape) =>
          input.LaunchTemplateId === undefined || input.LaunchTemplateId === templateIdOf(shape),
      ).map((shape) => ({
        LaunchTemplateId: templateIdOf(shape),
        LaunchTemplateName: `win-${shape}`,
        VersionNumber: 1,
        DefaultVersion: true,
        LaunchTemplateData: { ImageId: IMAGE_ID, UserData: USER_DATA[shape] },
      })),
    }));
  // A failed call puts an AWS error into the report and the logs too.
  mocks.ec2.on(DescribeLaunchTemplatesCommand).rejects(
    new EC2ServiceException({
      name: 'UnauthorizedOperation',
      $fault: 'client',
      $metadata: {},
      message: 'You are not authorized to perform this operation.',
    }),
  );
  mocks.ec2.on(DescribeImagesCommand).resolves({
    Images: [
      {
        ImageId: IMAGE_ID,
        Name: 'Windows_Server-2019-English-Core-EKS_Optimized-1.29-2024.05.14',
        OwnerId: '801119661308',
        Platform: 'windows' as Image['Platform'],
        Public: true,
        CreationDate: '2024-05-14T10:00:00.000Z',
        State: 'available',
      },
    ],
  });
  mocks.ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        Instances: [
          {
            InstanceId: 'i-0standalone000001',
            ImageId: IMAGE_ID,
            Platform: 'windows' as Instance['Platform'],
            State: { Name: 'running', Code: 16 },
            Tags: [ownership],
          },
        ],
      },
    ],
  });
  mocks.ec2
    .on(DescribeInstanceAttributeCommand)
    .resolves({ UserData: { Value: INSTANCE_USER_DATA } });
  mocks.ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
    Parameters: [],
    InvalidParameters: input.Names,
  }));
  mocks.ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
  mocks.securityHub.on(GetFindingsCommand).resolves({ Findings: [] });
  mocks.securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({
    FailedCount: 0,
    SuccessCount: input.Findings.length,
    FailedFindings: [],
  }));
  mocks.securityHub
    .on(BatchUpdateFindingsCommand)
    .resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
  mocks.sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  return mocks;
}

/** Names of every output that holds the secret, the encoded user data, or a part of it. */
function leaks(outputs: Record<string, string>): string[] {
  const encoded = [...Object.values(USER_DATA), LAUNCH_CONFIGURATION_USER_DATA, INSTANCE_USER_DATA];
  return Object.entries(outputs)
    .filter(
      ([, text]) =>
        text.toLowerCase().includes(SECRET.toLowerCase()) ||
        text.includes(PIN) ||
        text.includes(PASSPHRASE) ||
        encoded.some((data) => text.includes(data.slice(0, 40))),
    )
    .map(([name]) => name);
}

describe('Secrets in user data', () => {
  let mocks: ReturnType<typeof mockAws>;
  let report: Report;

  // The adversarial corpus makes each scan read some megabytes of hostile user data.
  beforeAll(async () => {
    mocks = mockAws();
    report = await runScan({ regions: [REGION], now: NOW });
  }, 60_000);

  afterAll(() => {
    for (const mock of Object.values(mocks)) mock.restore();
  });

  it('scans every shape: each source is a Windows node source, the unreadable ones found as such', () => {
    // Assess
    expect(report.summary.windowsNodeSources).toBe(SHAPES.length + 2);
    const unreadable = report.findings
      .filter((finding) => finding.ruleId === 'userdata-unreadable')
      .map((finding) => finding.resource.name);
    expect(unreadable).toEqual(
      expect.arrayContaining(
        [
          'not-base64',
          'corrupt-gzip',
          'binary',
          'nested-too-deep',
          'too-large',
          'adversarial-nested-command-distinct-texts',
          'adversarial-splatted-hashtable-many-calls',
          'adversarial-gzip-bomb-powershell',
        ].map((shape) => `win-${shape}`),
      ),
    );
    expect(report.findings.map((finding) => finding.ruleId)).toContain(
      'bootstrap-cluster-mismatch',
    );
    expect(
      report.findings.filter(
        (finding) =>
          finding.ruleId === 'bootstrap-linux-option' &&
          finding.resource.name === 'win-linux-bootstrap-options',
      ),
    ).toHaveLength(1);
    expect(
      report.findings.filter(
        (finding) =>
          finding.ruleId === 'bootstrap-parameter-value-missing' &&
          finding.resource.name === 'win-parameters-without-value',
      ),
    ).toHaveLength(1);
    expect(
      report.findings
        .filter((finding) => finding.resource.name === 'win-kubelet-arguments-malformed')
        .map((finding) => finding.ruleId)
        .filter((id) => id.startsWith('kubelet-') || id.startsWith('bootstrap-')),
    ).toEqual(['kubelet-arguments-malformed']);
  });

  it('appears in no report format', () => {
    // Act
    const outputs = Object.fromEntries(
      REPORT_FORMATS.map((format) => [format, formatReport(report, format, { width: 400 })]),
    );

    // Assess
    expect(leaks(outputs)).toEqual([]);
  });

  it('appears in no Security Hub finding and no SNS message', () => {
    // Act
    const outputs: Record<string, string> = {
      sns: JSON.stringify(buildNotification({ report, minimumSeverity: 'INFORMATIONAL' })),
      attributes: JSON.stringify(messageAttributes(report, 'INFORMATIONAL')),
    };
    for (const finding of report.findings) {
      outputs[`asff ${finding.id}`] = JSON.stringify(
        toAsff(finding, { now: NOW, scannerVersion: '0.0.0' }),
      );
    }

    // Assess
    expect(report.findings.length).toBeGreaterThan(SHAPES.length);
    expect(leaks(outputs)).toEqual([]);
  });

  it('appears in nothing the command line writes, in any format, with DEBUG set', async () => {
    // Prepare
    const outputs: Record<string, string> = {};

    // Act
    for (const format of REPORT_FORMATS) {
      const stdout = new MemoryStream();
      const stderr = new MemoryStream();
      await runCli(['scan', '--region', REGION, '--format', format, '--now', NOW.toISOString()], {
        stdout,
        stderr,
        env: { AWS_REGION: REGION, DEBUG: '1' },
      });
      outputs[`${format} stdout`] = stdout.text;
      outputs[`${format} stderr`] = stderr.text;
    }

    // Assess
    expect(outputs['json stdout']).toContain('"schemaVersion": "1"');
    expect(leaks(outputs)).toEqual([]);
  }, 120_000);

  it('appears in none of the Lambda function logs, its result, the findings imported or the message sent', async () => {
    // Prepare
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
    vi.stubEnv('SECURITY_HUB_ENABLED', 'true');
    vi.stubEnv('NOTIFY_POLICY', 'always');
    vi.stubEnv('NOTIFY_MINIMUM_SEVERITY', 'INFORMATIONAL');
    vi.stubEnv('SNS_TOPIC_ARN', `arn:aws:sns:${REGION}:${ACCOUNT_ID}:eks-windows-scanner`);
    // Logs and metrics go to stdout, warnings and errors to stderr, as in Lambda.
    const logged: string[] = [];
    const writes = [process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        logged.push(chunk.toString());
        return true;
      }),
    );
    vi.resetModules();

    try {
      // Act
      const { handler } = await import('../../src/handler.ts');
      const result = await handler({ action: 'audit', publish: true }, lambdaContext());

      // Assess
      const imported = mocks.securityHub.commandCalls(BatchImportFindingsCommand);
      const published = mocks.sns.commandCalls(PublishCommand);
      expect(imported.length).toBeGreaterThan(0);
      expect(published).toHaveLength(1);
      expect(logged.join('')).toContain('Scan finished');
      expect(logged.join('')).toContain('UnauthorizedOperation');
      expect(
        leaks({
          logs: logged.join(''),
          result: JSON.stringify(result),
          imported: JSON.stringify(imported.map((call) => call.args[0].input)),
          published: JSON.stringify(published.map((call) => call.args[0].input)),
        }),
      ).toEqual([]);
    } finally {
      for (const write of writes) write.mockRestore();
      vi.unstubAllEnvs();
    }
  }, 60_000);
});
