import type { ConfigSite, ImageParameter, NodeSource } from '../inventory/types.ts';
import type { CollectContext } from './context.ts';
import { launchTemplateArn, type NodeSourceDraft, type SiteRequest } from './drafts.ts';
import type { FailureDetail } from './errors.ts';
import { type ImageParameterResolution, imageParameterName } from './image-parameters.ts';
import type { UserDataResult } from './instances.ts';
import type {
  LaunchConfigurationResolution,
  ResolvedLaunchConfiguration,
} from './launch-configurations.ts';
import {
  type ResolvedTemplateVersion,
  type TemplateResolution,
  templateRefKey,
} from './launch-templates.ts';
import { assignDefined } from './records.ts';

/** What the batched lookups found, keyed as each lookup keys its results. */
export interface SiteLookups {
  templates: Map<string, TemplateResolution>;
  configurations: Map<string, LaunchConfigurationResolution>;
  userData: Map<string, UserDataResult>;
  /** `resolve:ssm:` parameter name → what it resolved to. */
  imageParameters: Map<string, ImageParameterResolution>;
}

/**
 * A launch template (or its version) that no longer exists: a Karpenter node's user data is
 * then read from the instance. A template that could not be read (access denied, throttled)
 * is no reason to: that is an error of the scan, and the findings stay on the template.
 */
function isGone(resolution: TemplateResolution | undefined): boolean {
  return resolution?.ok === false && resolution.failure.code.includes('NotFound');
}

/**
 * Instances whose user data must be read from their attribute: stand-alone nodes, and
 * Karpenter nodes whose launch template is gone.
 */
export function instancesNeedingUserData(
  drafts: readonly NodeSourceDraft[],
  templates: Map<string, TemplateResolution>,
): string[] {
  return drafts.flatMap((draft) =>
    draft.requests.flatMap((request) => {
      if (request.kind === 'instance-user-data') return [request.instance.id];
      if (request.kind === 'launch-template' && request.fallbackInstance !== undefined) {
        const resolution = templates.get(templateRefKey(request.template));
        if (isGone(resolution)) return [request.fallbackInstance.id];
      }
      return [];
    }),
  );
}

/**
 * The `resolve:ssm:` parameters that launch template sites name as their AMI: the template
 * version's ImageId, or a mixed instances override's.
 */
export function imageParametersNamedBy(
  drafts: readonly NodeSourceDraft[],
  templates: Map<string, TemplateResolution>,
): string[] {
  const names = new Set<string>();
  for (const draft of drafts) {
    for (const request of draft.requests) {
      if (request.kind !== 'launch-template') continue;
      const resolution = templates.get(templateRefKey(request.template));
      if (resolution?.ok !== true) continue;
      const name = imageParameterName(request.imageId ?? resolution.version.imageId);
      if (name !== undefined) names.add(name);
    }
  }
  return [...names];
}

/**
 * The AMIs the sites of these drafts will name, from the lookups made so far (user data is
 * not needed to know them): a template version's (or its `resolve:ssm:` parameter's) unless
 * the source names its own, a launch configuration's, an instance's.
 */
export function siteImageIds(
  drafts: readonly NodeSourceDraft[],
  lookups: Omit<SiteLookups, 'userData'>,
): (string | undefined)[] {
  return drafts.flatMap((draft) => draft.requests.map((request) => siteImageId(request, lookups)));
}

function siteImageId(
  request: SiteRequest,
  lookups: Omit<SiteLookups, 'userData'>,
): string | undefined {
  if (request.kind === 'known') return request.site.imageId;
  if (request.kind === 'launch-configuration') {
    const resolution = lookups.configurations.get(request.name);
    return resolution?.ok === true ? resolution.configuration.imageId : undefined;
  }
  if (request.kind === 'launch-template') {
    const resolution = lookups.templates.get(templateRefKey(request.template));
    if (resolution?.ok === true) {
      return imageOf(request.imageId ?? resolution.version.imageId, lookups.imageParameters)
        .imageId;
    }
    // A template that is gone leaves an instance its own AMI, and any other source no site.
    return resolution !== undefined && request.fallbackInstance !== undefined
      ? request.imageId
      : undefined;
  }
  return request.imageId;
}

/** The launch templates the sites of these drafts will be. */
export function siteTemplateIds(
  drafts: readonly NodeSourceDraft[],
  templates: Map<string, TemplateResolution>,
): string[] {
  return drafts.flatMap((draft) =>
    draft.requests.flatMap((request) => {
      if (request.kind === 'known') {
        return request.site.ref.type === 'AwsEc2LaunchTemplate' ? [request.site.ref.id] : [];
      }
      if (request.kind !== 'launch-template') return [];
      const resolution = templates.get(templateRefKey(request.template));
      return resolution?.ok === true ? [resolution.version.templateId] : [];
    }),
  );
}

/**
 * The node source with its sites. A site whose lookup failed is left out and the failure
 * recorded against the source's cluster; one the deadline left unresolved is left out silently
 * (the inventory is incomplete anyway).
 */
export function assembleNodeSource(
  context: CollectContext,
  draft: NodeSourceDraft,
  lookups: SiteLookups,
): NodeSource {
  const sites = draft.requests.flatMap((request) => {
    const site = siteOf(context, draft.source.cluster, request, lookups);
    return site === undefined ? [] : [site];
  });
  return { ...draft.source, sites };
}

function siteOf(
  context: CollectContext,
  cluster: string,
  request: SiteRequest,
  lookups: SiteLookups,
): ConfigSite | undefined {
  switch (request.kind) {
    case 'known':
      return request.site;
    case 'launch-template': {
      const resolution = lookups.templates.get(templateRefKey(request.template));
      if (isGone(resolution) && request.fallbackInstance !== undefined) {
        const fallback = assignDefined(
          { kind: 'instance-user-data' as const, instance: request.fallbackInstance },
          { imageId: request.imageId },
        );
        return siteOf(context, cluster, fallback, lookups);
      }
      const resolved = found(context, cluster, 'DescribeLaunchTemplateVersions', resolution);
      if (resolved === undefined) return undefined;
      return launchTemplateSite(context, request, resolved.version, lookups.imageParameters);
    }
    case 'launch-configuration': {
      const resolution = lookups.configurations.get(request.name);
      const resolved = found(context, cluster, 'DescribeLaunchConfigurations', resolution);
      if (resolved === undefined) return undefined;
      return launchConfigurationSite(resolved.configuration);
    }
    case 'instance-user-data': {
      const result = lookups.userData.get(request.instance.id);
      const resolved = found(context, cluster, 'DescribeInstanceAttribute', result);
      if (resolved === undefined) return undefined;
      return assignDefined(
        { ref: request.instance, userData: resolved.userData },
        { imageId: request.imageId },
      );
    }
  }
}

/**
 * What a batched lookup found; undefined when the deadline left it unresolved, or when it
 * failed, the failure then recorded against the cluster.
 */
function found<T extends { ok: true }>(
  context: CollectContext,
  cluster: string,
  operation: string,
  result: T | { ok: false; failure: FailureDetail } | undefined,
): T | undefined {
  if (result === undefined) return undefined;
  if (!result.ok) {
    context.errors.add(operation, result.failure, cluster);
    return undefined;
  }
  return result;
}

function launchTemplateSite(
  context: CollectContext,
  request: Extract<SiteRequest, { kind: 'launch-template' }>,
  version: ResolvedTemplateVersion,
  imageParameters: Map<string, ImageParameterResolution>,
): ConfigSite {
  return assignDefined(
    {
      ref: assignDefined(
        {
          type: 'AwsEc2LaunchTemplate' as const,
          id: version.templateId,
          arn: launchTemplateArn(context.region, context.accountId, version.templateId),
        },
        { name: version.templateName },
      ),
      launchTemplateVersion: version.versionNumber,
      requestedVersion: request.template.version,
      userData: version.userData,
    },
    imageOf(request.imageId ?? version.imageId, imageParameters),
  );
}

/** A `resolve:ssm:` image is the AMI its parameter holds, or none known. */
function imageOf(
  imageId: string | undefined,
  imageParameters: Map<string, ImageParameterResolution>,
): { imageId: string | undefined; imageParameter?: ImageParameter } {
  const name = imageParameterName(imageId);
  if (name === undefined) return { imageId };
  const resolution = imageParameters.get(name) ?? { status: 'unknown' };
  return {
    imageId: resolution.status === 'resolved' ? resolution.imageId : undefined,
    imageParameter: { name, status: resolution.status },
  };
}

function launchConfigurationSite(configuration: ResolvedLaunchConfiguration): ConfigSite {
  return assignDefined(
    {
      ref: assignDefined(
        {
          type: 'AwsAutoScalingLaunchConfiguration' as const,
          id: configuration.name,
          name: configuration.name,
        },
        { arn: configuration.arn },
      ),
      userData: configuration.userData,
    },
    { imageId: configuration.imageId },
  );
}
