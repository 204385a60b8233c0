/** Hand-made findings and reports for the SNS notification tests. */
import { RULES } from '../../../../src/evaluate/index.ts';
import type { ClusterReadiness, Finding } from '../../../../src/evaluate/types.ts';
import type { ScanError } from '../../../../src/inventory/types.ts';
import type { FindingChanges } from '../../../../src/publish/types.ts';
import { countBySeverity } from '../../../../src/report/build.ts';
import type { Report } from '../../../../src/report/types.ts';
import { ACCOUNT_ID, makeFinding as makeReportFinding } from '../../report/fixtures.ts';

export const REGION = 'us-west-2';
export const SCANNED_AT = '2026-11-25T12:00:00.000Z';

/** A rule's general description from the catalogue, as findings carry it before their own sentence. */
export function ruleDescription(ruleId: string): string {
  const rule = RULES.find((candidate) => candidate.id === ruleId);
  if (rule === undefined) throw new Error(`No rule ${ruleId} in the catalogue`);
  return rule.description;
}

export const AMI_UNAVAILABLE_DETAIL =
  'Launch template win-ng version 3 launches from ami-0123456789abcdef0, which DescribeImages no longer returns to this account.';

/** The report tests' finding, with the wording a notification shows. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const ruleId = overrides.ruleId ?? 'ami-unavailable';
  const resourceId = overrides.resource?.id ?? 'lt-0abc1234567890def';
  return makeReportFinding({
    id: `${ruleId}/${ACCOUNT_ID}/${REGION}/${resourceId}`,
    title: 'Windows nodes use an AMI the account can no longer see',
    description: `${ruleDescription('ami-unavailable')} ${AMI_UNAVAILABLE_DETAIL}`,
    remediation: 'Move the node source to a current EKS optimized Windows AMI and roll the nodes.',
    region: REGION,
    ...overrides,
  });
}

export interface ReportFixture {
  findings?: Finding[];
  errors?: ScanError[];
  complete?: boolean;
  accounts?: string[];
  regions?: string[];
}

/** A report shaped like `buildReport`'s: counts of unsuppressed findings, complete unless errors. */
export function makeReport(fixture: ReportFixture = {}): Report {
  const findings = fixture.findings ?? [];
  const errors = fixture.errors ?? [];
  return {
    schemaVersion: '1',
    scanner: { name: 'eks-windows-scanner', version: '0.1.0' },
    scannedAt: SCANNED_AT,
    complete: fixture.complete ?? errors.length === 0,
    scope: { accounts: fixture.accounts ?? [ACCOUNT_ID], regions: fixture.regions ?? [REGION] },
    summary: {
      clusters: 3,
      nodeSources: 7,
      windowsNodeSources: 5,
      findings: countBySeverity(findings.filter((finding) => !finding.suppressed)),
    },
    findings,
    errors,
  };
}

export function noChanges(overrides: Partial<FindingChanges> = {}): FindingChanges {
  return {
    newFindingIds: [],
    resolvedFindingIds: [],
    resolvedSeverities: {},
    resolvedTitles: {},
    ...overrides,
  };
}

/** Findings of several severities and clusters, one suppressed, one below MEDIUM. */
export function sampleFindings(): Finding[] {
  return [
    makeFinding({
      ruleId: 'docker-runtime-unsupported',
      severity: 'CRITICAL',
      title: 'Windows nodes run Docker on Kubernetes 1.24 or later',
      description:
        'Kubernetes removed dockershim in 1.24. Launch template win-2019-docker version 2 starts the bootstrap with -ContainerRuntime docker on a 1.29 cluster.',
      remediation:
        'Remove -ContainerRuntime docker (containerd is the default) or pass -ContainerRuntime containerd, then roll the nodes.',
      resource: {
        type: 'AwsEc2LaunchTemplate',
        id: 'lt-0aaa1111bbbb2222c',
        name: 'win-2019-docker',
      },
      affected: [
        { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg-a' },
        { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg-b' },
      ],
    }),
    makeFinding(),
    makeFinding({
      ruleId: 'bootstrap-cluster-mismatch',
      severity: 'HIGH',
      cluster: 'staging',
      title: 'The bootstrap names a different cluster than the one that owns the node group',
      description:
        'Nodes that join the wrong cluster never become Ready in their own. Node group win-staging passes -EKSClusterName prod, but it belongs to cluster staging.',
      remediation: 'Pass -EKSClusterName with the name of the cluster that owns the node group.',
      resource: { type: 'AwsEksNodegroup', id: 'win-staging', name: 'win-staging' },
      affected: [],
    }),
    makeFinding({
      ruleId: 'ami-outdated',
      severity: 'LOW',
      title: 'A newer EKS optimized Windows AMI is available',
      resource: { type: 'AwsEc2Instance', id: 'i-0123456789abcdef0' },
      affected: [],
    }),
    makeFinding({
      ruleId: 'windows-server-mainstream-ended',
      severity: 'MEDIUM',
      title: 'Microsoft mainstream support for Windows Server 2019 has ended',
      resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0bbb', name: 'win-2019' },
      suppressed: true,
    }),
  ];
}

/** A cluster's verdict for an upgrade from 1.35 to 1.36, with as many blockers as asked;
 * `assumed` for a scheduled scan's verdict on the next minor version. */
export function verdict(
  cluster: string,
  status: ClusterReadiness['status'],
  blockers = 0,
  assumed = false,
): ClusterReadiness {
  return {
    accountId: '123456789012',
    region: 'us-west-2',
    cluster,
    from: '1.35',
    to: '1.36',
    assumed,
    status,
    blockers: Array.from({ length: blockers }, (_, index) => ({
      ruleId: 'kubelet-flag-removed',
      severity: 'HIGH' as const,
      title: 'Bootstrap passes a kubelet flag that Kubernetes removed',
      resource: { type: 'AwsEc2LaunchTemplate' as const, id: `lt-0${cluster}${index}` },
      affected: [],
      problem: 'passes --pod-infra-container-image to a kubelet 1.36',
      remediation: 'Remove the flags from -KubeletExtraArgs and replace the nodes.',
    })),
  };
}

/** The protocols the message has a text of its own for (MessageStructure=json), sorted. */
export const PROTOCOL_KEYS = ['default', 'email', 'https', 'lambda', 'sms', 'sqs'];
