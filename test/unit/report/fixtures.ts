/** Small, hand-made findings and inventories for report and command-line tests. */
import type { ClusterReadiness, EvaluatedInventory, Finding } from '../../../src/evaluate/types.ts';
import type { DecodedNodeSource, ScanError } from '../../../src/inventory/types.ts';
import { buildReport } from '../../../src/report/build.ts';
import type { Report } from '../../../src/report/types.ts';

export const ACCOUNT_ID = '123456789012';
export const SCANNED_AT = new Date('2026-11-25T12:00:00.000Z');

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const ruleId = overrides.ruleId ?? 'ami-unavailable';
  const resourceId = overrides.resource?.id ?? 'lt-0abc1234567890def';
  return {
    id: `${ruleId}/${resourceId}`,
    ruleId,
    severity: 'HIGH',
    title: 'The launch template names an AMI the account can no longer use',
    description: 'The AMI is private or deregistered.',
    remediation: 'Point the launch template at a current EKS optimized Windows AMI.',
    accountId: ACCOUNT_ID,
    region: 'us-west-2',
    cluster: 'prod',
    resource: { type: 'AwsEc2LaunchTemplate', id: resourceId, name: 'win-ng' },
    affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg' }],
    evidence: { imageId: 'ami-0123456789abcdef0' },
    suppressed: false,
    ...overrides,
  };
}

export function makeNodeSource(name: string, cluster = 'prod'): DecodedNodeSource {
  return {
    kind: 'auto-scaling-group',
    ref: { type: 'AwsAutoScalingAutoScalingGroup', id: name, name },
    cluster,
    sites: [],
    instanceIds: [],
    tags: {},
  };
}

export interface EvaluatedFixture {
  region?: string;
  clusters?: string[];
  nodeSources?: number;
  windowsNodeSources?: number;
  findings?: Finding[];
  errors?: ScanError[];
  complete?: boolean;
  readiness?: ClusterReadiness[];
}

export function makeEvaluated(fixture: EvaluatedFixture = {}): EvaluatedInventory {
  const clusters = fixture.clusters ?? ['prod'];
  return {
    inventory: {
      accountId: ACCOUNT_ID,
      region: fixture.region ?? 'us-west-2',
      clusters: clusters.map((name) => ({ name, tags: {} })),
      nodeSources: Array.from({ length: fixture.nodeSources ?? 2 }, (_, index) =>
        makeNodeSource(`asg-${index}`),
      ),
      images: {},
      latestImageIds: {},
      instanceOs: {},
      errors: fixture.errors ?? [],
      complete: fixture.complete ?? true,
    },
    findings: fixture.findings ?? [],
    windowsNodeSources: fixture.windowsNodeSources ?? 1,
    ...(fixture.readiness === undefined ? {} : { readiness: fixture.readiness }),
  };
}

/** A finding of an upgrade's evaluation: Docker nodes once prod runs 1.24. */
export function makeUpgradeFinding(overrides: Partial<Finding> = {}): Finding {
  return makeFinding({
    id: 'docker-runtime-unsupported/lt-0aaa1111bbbb2222c/upgrade-1.24',
    ruleId: 'docker-runtime-unsupported',
    severity: 'CRITICAL',
    title: 'Docker runtime on Kubernetes 1.24 or later (after the upgrade to 1.24)',
    description:
      'Upgrade readiness: evaluated as if the control plane ran Kubernetes 1.24 (it runs 1.23 today). The nodes start with Docker.',
    remediation: 'Remove -ContainerRuntime docker from the bootstrap call and replace the nodes.',
    resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-0aaa1111bbbb2222c', name: 'win-2019-docker' },
    evidence: { containerRuntime: 'docker', kubernetesVersion: '1.24' },
    upgrade: { from: '1.23', to: '1.24' },
    ...overrides,
  });
}

/** Verdicts of two clusters: prod blocked by `makeUpgradeFinding()`, staging ready. */
export function sampleReadiness(): ClusterReadiness[] {
  const finding = makeUpgradeFinding();
  return [
    {
      accountId: ACCOUNT_ID,
      region: 'us-west-2',
      cluster: 'prod',
      from: '1.23',
      to: '1.24',
      assumed: false,
      status: 'blocked',
      blockers: [
        {
          ruleId: finding.ruleId,
          severity: finding.severity,
          title: finding.title,
          resource: finding.resource,
          affected: finding.affected,
          problem: 'The bootstrap call passes -ContainerRuntime docker.',
          remediation: finding.remediation,
          findingId: finding.id,
        },
      ],
    },
    {
      accountId: ACCOUNT_ID,
      region: 'us-west-2',
      cluster: 'staging',
      from: '1.23',
      to: '1.24',
      assumed: false,
      status: 'ready',
      blockers: [],
    },
  ];
}

/** A report through the real `buildReport`, one region per fixture. */
export function makeReport(...fixtures: EvaluatedFixture[]): Report {
  const evaluated = (fixtures.length > 0 ? fixtures : [{}]).map(makeEvaluated);
  return buildReport({
    scannedAt: SCANNED_AT,
    accountIds: [ACCOUNT_ID],
    regions: evaluated.map((entry) => entry.inventory.region),
    evaluated,
  });
}

/** A few findings of different severities, clusters and suppression states. */
export function sampleFindings(): Finding[] {
  return [
    makeFinding({
      ruleId: 'docker-runtime-unsupported',
      severity: 'CRITICAL',
      title: 'Docker on Kubernetes 1.24 or later',
      resource: {
        type: 'AwsEc2LaunchTemplate',
        id: 'lt-0aaa1111bbbb2222c',
        name: 'win-2019-docker',
      },
      affected: [
        { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg-a' },
        { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg-b' },
      ],
      evidence: { containerRuntime: 'docker', kubernetesVersion: '1.29' },
    }),
    makeFinding(),
    makeFinding({
      ruleId: 'bootstrap-cluster-mismatch',
      cluster: 'staging-windows-workloads-eu-central-cluster',
      title: 'The bootstrap names a different cluster than the one that owns the node group',
      resource: {
        type: 'AwsEc2LaunchTemplate',
        id: 'lt-0fff9999eeee8888d',
        name: 'a-very-long-launch-template-name-for-windows-2022-nodes',
      },
      evidence: { eksClusterName: 'staging' },
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
      severity: 'INFORMATIONAL',
      title: 'Microsoft mainstream support for Windows Server 2019 has ended',
      suppressed: true,
    }),
  ];
}

/** A node source AWS gives an ARN: an Auto Scaling group. */
export const GROUP_WITH_ARN = {
  type: 'AwsAutoScalingAutoScalingGroup',
  id: 'win-asg',
  name: 'win-asg',
  arn: 'arn:aws:autoscaling:us-west-2:123456789012:autoScalingGroup:0f1e2d3c-aaaa-bbbb-cccc-0123456789ab:autoScalingGroupName/win-asg',
} as const;

/** Two findings: one about the group, one naming it as a node source that is affected. */
export function aboutAndNamingTheGroup(): { about: Finding; naming: Finding } {
  return {
    about: makeFinding({ resource: GROUP_WITH_ARN, affected: [] }),
    naming: makeFinding({ affected: [GROUP_WITH_ARN] }),
  };
}

/** A stand-alone instance's finding: it lists its instance as affected, then a group. */
export function standAloneInstanceFinding(): Finding {
  const instance = {
    type: 'AwsEc2Instance',
    id: 'i-0123456789abcdef0',
    name: 'win-node',
    arn: 'arn:aws:ec2:us-west-2:123456789012:instance/i-0123456789abcdef0',
  } as const;
  return makeFinding({
    resource: instance,
    affected: [instance, { type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg' }],
  });
}

/** A finding whose node sources are named three ways: by ARN, by id only, by name only. */
export function affectedNamedThreeWays(): Finding {
  return makeFinding({
    affected: [
      GROUP_WITH_ARN,
      { type: 'AwsEc2Instance', name: 'win-node', id: 'i-0123456789abcdef0' },
      { type: 'AwsAutoScalingAutoScalingGroup', name: 'other-asg' },
    ],
  });
}
