import type { DecodedNodeSource } from '../../inventory/types.ts';
import {
  declarationOf,
  distinct,
  driftOf,
  type InstanceDrift,
  launchedFrom,
  MAX_QUOTED_INSTANCES,
} from '../drift.ts';
import { affectedRefOf, windowsSourcesOf } from '../facts.ts';
import type { Evidence, Rule, RuleHit } from '../types.ts';
import { NODE_SOURCE_DISCOVERY, SITE_AMI_READS } from './metadata.ts';

export const AUTO_SCALING_INSTANCE_REFRESH =
  'Amazon EC2 Auto Scaling instance refresh — https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-instance-refresh.html';

/**
 * MEDIUM when some instance runs another AMI than the group declares (its nodes are not the
 * Windows build, patches and Kubernetes version the templates say); LOW when only the launch
 * template version (or launch configuration) differs and the AMI is the same.
 */
export const nodeDrift: Rule = {
  id: 'node-drift',
  severity: 'MEDIUM',
  title: 'Running Windows nodes differ from what their group declares',
  description:
    'Instances the group runs now were launched from another AMI (severity MEDIUM), or only from another launch template version or launch configuration (severity LOW), than the group declares today: the template changed after they started and nothing replaced them. What the scanner judges from the templates (Windows release, AMI age, bootstrap arguments) is not what these nodes run. A managed node group is compared on its AMI only when the AMI is in its launch template (EKS launches its nodes from its own copy of the template).',
  remediation:
    'Replace the nodes so they launch from what the group declares: start an instance refresh on the Auto Scaling group (aws autoscaling start-instance-refresh --auto-scaling-group-name <group>, with a minimum healthy percentage that keeps Windows workloads scheduled), or update the managed node group (aws eks update-nodegroup-version). Drain each Windows node before it is terminated.',
  resourceTypes: ['AwsAutoScalingAutoScalingGroup', 'AwsEksNodegroup'],
  permissions: [...NODE_SOURCE_DISCOVERY, ...SITE_AMI_READS],
  source: AUTO_SCALING_INSTANCE_REFRESH,
  evaluate({ inventory }) {
    return windowsSourcesOf(inventory).flatMap((source): RuleHit[] => {
      if (source.kind === 'instance') return [];
      const drifted = driftOf(source);
      if (drifted.length === 0) return [];
      return [
        {
          cluster: source.cluster,
          resource: source.ref,
          affected: [affectedRefOf(source)],
          evidence: evidenceOf(source, drifted),
          detail: detailOf(source, drifted),
          severity: drifted.some((drift) => drift.image) ? 'MEDIUM' : 'LOW',
        },
      ];
    });
  },
};

function evidenceOf(source: DecodedNodeSource, drifted: InstanceDrift[]): Evidence {
  const declared = declarationOf(source);
  const byImage = drifted.filter((drift) => drift.image);
  const byTemplate = drifted.filter((drift) => drift.template);
  const evidence: Evidence = {
    runningInstances: source.runningInstances?.length ?? 0,
    driftedInstances: drifted.length,
    // Sorted before the cut: the API lists instances in no set order.
    instanceIds: drifted
      .map((drift) => drift.instance.instanceId)
      .sort()
      .slice(0, MAX_QUOTED_INSTANCES),
  };
  if (byImage.length > 0) {
    evidence.declaredImageIds = [...(declared.imageIds ?? [])].sort();
    evidence.runningImageIds = distinct(byImage.map((drift) => drift.instance.imageId));
  }
  if (byTemplate.length > 0) {
    evidence.declaredLaunchedFrom = declaredLaunchSites(source);
    evidence.runningLaunchedFrom = distinct(
      byTemplate.map((drift) => launchedFrom(drift.instance)),
    );
  }
  return evidence;
}

/** "lt-0abc:3" for each template version the group resolves, names of launch configurations. */
function declaredLaunchSites(source: DecodedNodeSource): string[] {
  return distinct(
    source.sites.map((site) =>
      site.ref.type === 'AwsEc2LaunchTemplate'
        ? `${site.ref.id}:${site.launchTemplateVersion ?? '?'}`
        : site.ref.type === 'AwsAutoScalingLaunchConfiguration'
          ? site.ref.id
          : undefined,
    ),
  );
}

function detailOf(source: DecodedNodeSource, drifted: InstanceDrift[]): string {
  const total = source.runningInstances?.length ?? 0;
  const byImage = drifted.filter((drift) => drift.image);
  const byTemplate = drifted.filter((drift) => drift.template && !drift.image);
  const parts: string[] = [];
  if (byImage.length > 0) {
    const running = distinct(byImage.map((drift) => drift.instance.imageId)).join(', ');
    const declared = [...(declarationOf(source).imageIds ?? [])].sort().join(', ');
    parts.push(
      `${count(byImage.length, total)} run ${running}, while the group now declares ${declared}`,
    );
  }
  if (byTemplate.length > 0) {
    const running = distinct(byTemplate.map((drift) => launchedFrom(drift.instance))).join(', ');
    const declared = declaredLaunchSites(source).join(', ');
    parts.push(
      `${count(byTemplate.length, total)} were launched from ${running}, while the group now launches from ${declared}`,
    );
  }
  return `${parts.join('; ')}: an instance refresh is due.`;
}

function count(drifted: number, total: number): string {
  return `${drifted} of ${total} running instance${total === 1 ? '' : 's'}`;
}
