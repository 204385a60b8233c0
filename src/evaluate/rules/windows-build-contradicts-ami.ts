import type {
  DecodedInventory,
  DecodedNodeSource,
  RunningInstance,
} from '../../inventory/types.ts';
import { MAX_QUOTED_INSTANCES } from '../drift.ts';
import {
  affectedRefOf,
  imageOf,
  parseEksWindowsAmiName,
  reportedWindowsBuildOf,
  reportedWindowsReleaseOf,
  windowsSourcesOf,
} from '../facts.ts';
import { WINDOWS_RELEASES } from '../reference-data/windows-releases.ts';
import type { Rule, RuleHit } from '../types.ts';
import { EKS_WINDOWS_AMIS, NODE_SOURCE_DISCOVERY } from './metadata.ts';

const SSM_INSTANCE_INFORMATION =
  'SSM DescribeInstanceInformation — https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeInstanceInformation.html';
const WINDOWS_CONTAINER_COMPATIBILITY =
  'Windows container version compatibility — https://learn.microsoft.com/virtualization/windowscontainers/deploy-containers/version-compatibility';

/**
 * MEDIUM: the lifecycle rules already judge the release the nodes report, so the risk this
 * rule adds is the next replacement. Windows containers in process isolation (the default on
 * Windows Server nodes) need the container image's Windows build to match the host's, so pods that run
 * on today's nodes can fail to start on a node launched from the AMI (or the other way
 * round), and what the scanner and operators read from the AMI name (release, end of support,
 * the latest AMI to move to) is not what runs. Not HIGH: nothing is broken while the nodes run.
 */
export const windowsBuildContradictsAmi: Rule = {
  id: 'windows-build-contradicts-ami',
  severity: 'MEDIUM',
  title: 'Running Windows nodes report another Windows build than their AMI is named for',
  description:
    "Systems Manager reports a Windows Server build on these running nodes that is not the build of the release the name of the AMI they run says (an AMI named Windows_Server-2022-… whose nodes report 10.0.17763, Windows Server 2019, or a build of a release the scanner does not know): the AMI is misnamed, or the nodes were upgraded or rebuilt in place. The end-of-support and Kubernetes compatibility rules judge the build the nodes report; a node launched from the AMI next may run another build, and Windows containers in process isolation only start on a host of their image's Windows build.",
  remediation:
    'Find out which release the AMI really holds (launch one instance from it and read its build, or check the image pipeline that built it). Name custom AMIs after the release they hold, rebuild rather than upgrade Windows nodes in place, and replace these nodes from an AMI of the release the workloads are built for (an instance refresh, or a node group update), draining each Windows node first.',
  resourceTypes: ['AwsAutoScalingAutoScalingGroup', 'AwsEksNodegroup', 'AwsEc2Instance'],
  permissions: [...NODE_SOURCE_DISCOVERY, 'ec2:DescribeImages', 'ssm:DescribeInstanceInformation'],
  source: `${SSM_INSTANCE_INFORMATION}; ${EKS_WINDOWS_AMIS}; ${WINDOWS_CONTAINER_COMPATIBILITY}`,
  evaluate({ inventory }) {
    return windowsSourcesOf(inventory).flatMap((source) => contradictionsOf(inventory, source));
  },
};

/** A source's running nodes: a group's instances, or the instance itself on its own AMI. */
function runningNodesOf(source: DecodedNodeSource): RunningInstance[] {
  if (source.kind !== 'instance') return source.runningInstances ?? [];
  const imageId = source.sites[0]?.imageId;
  return [
    imageId === undefined ? { instanceId: source.ref.id } : { instanceId: source.ref.id, imageId },
  ];
}

interface Contradiction {
  imageId: string;
  amiRelease: string;
  /** Absent for a build the release calendar does not know. */
  reportedRelease?: string;
  reportedBuild: string;
  instanceIds: string[];
}

/** One hit per AMI and reported release that contradict each other, naming the nodes. */
function contradictionsOf(inventory: DecodedInventory, source: DecodedNodeSource): RuleHit[] {
  const nodes = runningNodesOf(source);
  const found = new Map<string, Contradiction>();
  for (const { instanceId, imageId } of nodes) {
    const reportedBuild = reportedWindowsBuildOf(inventory, instanceId);
    const amiRelease = parseEksWindowsAmiName(imageOf(inventory, imageId)?.name)?.release;
    // A release the calendar does not know has no build to compare with.
    const amiBuild = amiRelease && WINDOWS_RELEASES[amiRelease]?.build;
    if (imageId === undefined || reportedBuild === undefined || amiRelease === undefined) continue;
    if (amiBuild === undefined || reportedBuild === amiBuild) continue;
    const reportedRelease = reportedWindowsReleaseOf(inventory, instanceId);
    // A build of no known release keeps its own finding: it is not any release's.
    const key = `${imageId}/${reportedRelease ? `windows-${reportedRelease}` : `build-${reportedBuild}`}`;
    const known = found.get(key);
    if (known) known.instanceIds.push(instanceId);
    else
      found.set(key, {
        imageId,
        amiRelease,
        ...(reportedRelease ? { reportedRelease } : {}),
        reportedBuild,
        instanceIds: [instanceId],
      });
  }
  return [...found]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([qualifier, contradiction]) => {
      const instanceIds = [...new Set(contradiction.instanceIds)].sort();
      return {
        cluster: source.cluster,
        resource: source.ref,
        affected: [affectedRefOf(source)],
        evidence: {
          imageId: contradiction.imageId,
          amiRelease: contradiction.amiRelease,
          reportedRelease: contradiction.reportedRelease ?? null,
          reportedBuild: contradiction.reportedBuild,
          runningInstances: nodes.length,
          contradictingInstances: instanceIds.length,
          instanceIds: instanceIds.slice(0, MAX_QUOTED_INSTANCES),
        },
        detail: detailOf(contradiction, instanceIds.length, nodes.length),
        qualifier,
      };
    });
}

function detailOf(contradiction: Contradiction, count: number, total: number): string {
  const { imageId, amiRelease, reportedRelease, reportedBuild } = contradiction;
  const nodes = `${count} of ${total} running node${total === 1 ? '' : 's'}`;
  if (reportedRelease === undefined) {
    const amiBuild = WINDOWS_RELEASES[amiRelease]?.build;
    return `${nodes} run ${imageId}, whose name says Windows Server ${amiRelease} (build ${amiBuild}), but Systems Manager reports build ${reportedBuild} on them, a build of no release the scanner knows.`;
  }
  return `${nodes} run ${imageId}, whose name says Windows Server ${amiRelease}, but Systems Manager reports Windows Server ${reportedRelease} (build ${reportedBuild}) on them.`;
}
