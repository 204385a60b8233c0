import {
  DescribeInstanceAttributeCommand,
  type Instance,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import type { ConfigSite, ImageLookup, NodeSource, ResourceRef } from '../inventory/types.ts';
import {
  AUTO_SCALING_GROUP_TAG_KEY,
  KARPENTER_NODE_POOL_TAG_KEY,
  ownershipTagKeys,
  owningCluster,
  taggedClusterNames,
} from './cluster-tags.ts';
import type { CollectContext } from './context.ts';
import { instanceArn, launchTemplateArn, type NodeSourceDraft, templateKey } from './drafts.ts';
import { describeFailure, type FailureDetail } from './errors.ts';
import { chunk, collectPages } from './pagination.ts';
import { assignDefined, tagRecord } from './records.ts';
import { type InstanceFacts, instanceFactsOf } from './running-instances.ts';

const NODE_STATES = ['pending', 'running', 'stopping', 'stopped'];
/**
 * Tag keys per listing: EC2 takes at most 200 filter values a call (FilterLimitExceeded), the
 * states among them. One listing for up to 97 clusters, so no instance comes back twice (a
 * Karpenter node carries `karpenter.sh/nodepool` and its cluster's key).
 */
const TAG_KEYS_PER_CALL = 200 - NODE_STATES.length;
/** The maximum page size of DescribeInstances. */
const PAGE_SIZE = 1000;

/** EC2 adds these to every instance launched from a launch template (Karpenter's are). */
const LAUNCH_TEMPLATE_ID_TAG_KEY = 'aws:ec2launchtemplate:id';
const LAUNCH_TEMPLATE_VERSION_TAG_KEY = 'aws:ec2launchtemplate:version';

/** A Karpenter or stand-alone node of a scanned cluster. */
export interface ClusterInstance {
  cluster: string;
  /** As NodeSource.ownerCandidates. */
  ownerCandidates?: string[];
  ref: ResourceRef;
  imageId?: string;
  /** "windows" for Windows instances (EC2 takes it from the AMI); absent for Linux. */
  platform?: string;
  launchTemplate?: { id: string; version: string };
  tags: Record<string, string>;
}

/**
 * Instances of the scanned clusters that no Auto Scaling group owns (Karpenter nodes and
 * stand-alone ones), found with one region-wide listing filtered on tag keys. A failing call
 * is recorded; the others still count. The listing's instances of Auto Scaling groups go to
 * `groupInstances`, when given: what they run, for their group.
 */
export async function listClusterInstances(
  context: CollectContext,
  clusterNames: readonly string[],
  groupInstances?: Map<string, InstanceFacts>,
  onTemplates?: (templateKeysOf: () => readonly string[]) => void,
): Promise<ClusterInstance[]> {
  const tagKeys = [KARPENTER_NODE_POOL_TAG_KEY, ...ownershipTagKeys(clusterNames)];
  const scanned = new Set(clusterNames);
  // The launch templates of each page's node instances, as the pages come in.
  const onPage =
    onTemplates &&
    ((instances: readonly Instance[]) =>
      onTemplates(() => instances.flatMap((instance) => nodeTemplateKeys(instance, scanned))));
  const results = await Promise.all(
    chunk(tagKeys, TAG_KEYS_PER_CALL).map((keys) => describeInstances(context, keys, onPage)),
  );

  const seen = new Set<string>();
  const instances: ClusterInstance[] = [];
  for (const instance of results.flat()) {
    const id = instance.InstanceId;
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    const tags = tagRecord(instance.Tags);
    // Auto Scaling groups (self-managed or behind a managed node group) are sources of their own.
    if (tags[AUTO_SCALING_GROUP_TAG_KEY] !== undefined) {
      groupInstances?.set(id, instanceFactsOf(instance));
      continue;
    }
    const cluster = owningCluster(tags, scanned);
    if (cluster !== undefined)
      instances.push(toClusterInstance(context, cluster, id, instance, tags));
  }
  return instances;
}

/**
 * The launch template of a listed instance that is a node source of its own (of a scanned
 * cluster, in no Auto Scaling group), keyed by `templateKey`.
 */
function nodeTemplateKeys(instance: Instance, scanned: ReadonlySet<string>): string[] {
  const tags = tagRecord(instance.Tags);
  if (tags[AUTO_SCALING_GROUP_TAG_KEY] !== undefined) return [];
  if (owningCluster(tags, scanned) === undefined) return [];
  const id = tags[LAUNCH_TEMPLATE_ID_TAG_KEY];
  return id !== undefined && tags[LAUNCH_TEMPLATE_VERSION_TAG_KEY] !== undefined
    ? [templateKey({ id })]
    : [];
}

async function describeInstances(
  context: CollectContext,
  tagKeys: string[],
  onPage?: (instances: readonly Instance[]) => void,
): Promise<Instance[]> {
  if (context.stop.requested) return [];
  const { ec2 } = context.clients;
  try {
    // The `platform` filter would save Linux nodes but fails in moto (HTTP 500); the
    // platform is judged from each instance instead.
    return await context.limits.ec2.DescribeInstances(() =>
      collectPages(
        paginateDescribeInstances(
          { client: ec2, pageSize: PAGE_SIZE },
          {
            Filters: [
              { Name: 'tag-key', Values: tagKeys },
              { Name: 'instance-state-name', Values: NODE_STATES },
            ],
          },
        ),
        (page) => (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []),
        context.stop,
        onPage,
      ),
    );
  } catch (error) {
    context.errors.record('DescribeInstances', error);
    return [];
  }
}

function toClusterInstance(
  context: CollectContext,
  cluster: string,
  id: string,
  instance: Instance,
  tags: Record<string, string>,
): ClusterInstance {
  const ref: ResourceRef = assignDefined(
    { type: 'AwsEc2Instance', id, arn: instanceArn(context.region, context.accountId, id) },
    { name: tags.Name },
  );
  const result: ClusterInstance = assignDefined(
    { cluster, ref, tags },
    { imageId: instance.ImageId, platform: instance.Platform?.toLowerCase() },
  );
  const tagged = taggedClusterNames(tags);
  if (tagged.length > 1) result.ownerCandidates = tagged;
  const templateId = tags[LAUNCH_TEMPLATE_ID_TAG_KEY];
  const templateVersion = tags[LAUNCH_TEMPLATE_VERSION_TAG_KEY];
  if (templateId !== undefined && templateVersion !== undefined) {
    result.launchTemplate = { id: templateId, version: templateVersion };
  }
  return result;
}

/**
 * Whether an instance may run Windows: EC2 says so, or its AMI does, or its AMI is not known.
 * Only those have their user data read; Linux nodes are counted, not evaluated.
 */
export function mayRunWindows(
  instance: ClusterInstance,
  images: Record<string, ImageLookup>,
): boolean {
  if (instance.platform === 'windows') return true;
  const lookup = instance.imageId === undefined ? undefined : images[instance.imageId];
  if (lookup?.status !== 'available') return true;
  return (
    lookup.image.platform?.toLowerCase() === 'windows' ||
    (lookup.image.name?.startsWith('Windows_Server-') ?? false)
  );
}

/**
 * The node source of an instance. Its site is the launch template it was launched from, with
 * the instance's own AMI (the template's may have changed since), else the instance itself
 * with the user data of its attribute.
 */
export function instanceDraft(
  context: CollectContext,
  instance: ClusterInstance,
  readUserData: boolean,
): NodeSourceDraft {
  const source: NodeSource = {
    kind: 'instance',
    ref: instance.ref,
    cluster: instance.cluster,
    sites: [],
    instanceIds: [instance.ref.id],
    tags: instance.tags,
  };
  if (instance.ownerCandidates !== undefined) source.ownerCandidates = instance.ownerCandidates;
  const template = instance.launchTemplate;
  if (readUserData) {
    if (template !== undefined) {
      return {
        source,
        requests: [
          assignDefined(
            {
              kind: 'launch-template' as const,
              template: { id: template.id, version: template.version },
              fallbackInstance: instance.ref,
            },
            { imageId: instance.imageId },
          ),
        ],
      };
    }
    return {
      source,
      requests: [
        assignDefined(
          { kind: 'instance-user-data' as const, instance: instance.ref },
          { imageId: instance.imageId },
        ),
      ],
    };
  }
  const site: ConfigSite =
    template === undefined
      ? { ref: instance.ref, userData: undefined }
      : {
          ref: {
            type: 'AwsEc2LaunchTemplate',
            id: template.id,
            arn: launchTemplateArn(context.region, context.accountId, template.id),
          },
          launchTemplateVersion: template.version,
          requestedVersion: template.version,
          userData: undefined,
        };
  if (instance.imageId !== undefined) site.imageId = instance.imageId;
  return { source, requests: [{ kind: 'known', site }] };
}

export type UserDataResult =
  | { ok: true; userData?: string }
  | { ok: false; failure: FailureDetail };

/**
 * DescribeInstanceAttribute userData for each instance (there is no batch form). Instances
 * left out because the deadline came are absent from the result.
 */
export async function readInstanceUserData(
  context: CollectContext,
  instanceIds: readonly string[],
): Promise<Map<string, UserDataResult>> {
  const results = new Map<string, UserDataResult>();
  const { ec2 } = context.clients;
  await Promise.all(
    [...new Set(instanceIds)].map((InstanceId) =>
      context.limits.ec2.DescribeInstanceAttribute(async () => {
        if (context.stop.requested) return;
        try {
          const response = await ec2.send(
            new DescribeInstanceAttributeCommand({ InstanceId, Attribute: 'userData' }),
          );
          const value = response.UserData?.Value;
          results.set(InstanceId, value ? { ok: true, userData: value } : { ok: true });
        } catch (error) {
          results.set(InstanceId, { ok: false, failure: describeFailure(error) });
        }
      }),
    ),
  );
  return results;
}
