/**
 * What a group's running instances were launched from against what the group declares now
 * (its sites): the facts node-drift and running-on-unavailable-ami share, and the site each
 * instance was launched from, which the Windows release facts need. Pure; what is not known
 * (an AMI EC2 did not describe, a version Auto Scaling reports as `$Latest`) is never counted
 * as drift.
 */
import type { DecodedConfigSite, DecodedNodeSource, RunningInstance } from '../inventory/types.ts';

/** Most instance ids a finding quotes; the count says how many there are. */
export const MAX_QUOTED_INSTANCES = 20;

/** What a group declares now, site by site. */
export interface GroupDeclaration {
  /** The AMIs its sites name; undefined when some site's AMI is not known (EKS picks it). */
  imageIds: ReadonlySet<string> | undefined;
  /** Launch template id → the version numbers its sites resolved to. */
  templateVersions: ReadonlyMap<string, ReadonlySet<string>>;
  /** The launch configurations its sites are. */
  launchConfigurations: ReadonlySet<string>;
}

export function declarationOf(source: DecodedNodeSource): GroupDeclaration {
  const imageIds = new Set<string>();
  let everyImageKnown = source.sites.length > 0;
  const templateVersions = new Map<string, Set<string>>();
  const launchConfigurations = new Set<string>();
  for (const site of source.sites) {
    if (site.imageId === undefined) everyImageKnown = false;
    else imageIds.add(site.imageId);
    if (site.ref.type === 'AwsEc2LaunchTemplate') {
      const versions = templateVersions.get(site.ref.id) ?? new Set<string>();
      if (site.launchTemplateVersion !== undefined) versions.add(site.launchTemplateVersion);
      templateVersions.set(site.ref.id, versions);
    } else if (site.ref.type === 'AwsAutoScalingLaunchConfiguration') {
      launchConfigurations.add(site.ref.id);
    }
  }
  return {
    imageIds: everyImageKnown ? imageIds : undefined,
    templateVersions,
    launchConfigurations,
  };
}

/** One running instance that differs from the group's declaration. */
export interface InstanceDrift {
  instance: RunningInstance;
  /** It runs an AMI no site of the group names. */
  image: boolean;
  /** It was launched from another launch template, version of it, or launch configuration. */
  template: boolean;
}

/**
 * The running instances of a group that differ from what it declares. Launch templates are
 * compared only for self-managed groups: EKS launches a managed node group's instances from a
 * copy of the template it makes itself, whose versions are its own.
 */
export function driftOf(source: DecodedNodeSource): InstanceDrift[] {
  const declared = declarationOf(source);
  return (source.runningInstances ?? []).flatMap((instance): InstanceDrift[] => {
    const image =
      declared.imageIds !== undefined &&
      instance.imageId !== undefined &&
      !declared.imageIds.has(instance.imageId);
    const template = source.kind === 'auto-scaling-group' && launchedElsewhere(instance, declared);
    return image || template ? [{ instance, image, template }] : [];
  });
}

function launchedElsewhere(instance: RunningInstance, declared: GroupDeclaration): boolean {
  const { launchTemplate, launchConfigurationName } = instance;
  const declaresTemplates = declared.templateVersions.size > 0;
  const declaresConfigurations = declared.launchConfigurations.size > 0;
  if (launchTemplate?.id !== undefined) {
    const versions = declared.templateVersions.get(launchTemplate.id);
    // Moved from a launch configuration, or to another template altogether.
    if (versions === undefined) return declaresTemplates || declaresConfigurations;
    const version = launchTemplate.version;
    return (
      version !== undefined && /^\d+$/.test(version) && versions.size > 0 && !versions.has(version)
    );
  }
  if (launchConfigurationName !== undefined) {
    if (declared.launchConfigurations.has(launchConfigurationName)) return false;
    return declaresConfigurations || declaresTemplates;
  }
  return false;
}

/**
 * The site of its source a running instance was launched from, as the launch template or
 * launch configuration it records tells: the sites of that template (by id, else by name),
 * narrowed to those of its version, then to those of its AMI, wherever that leaves some (a
 * mixed instances group may name one template at two versions, or with an override's AMI);
 * or the site of that launch configuration. An instance launched from an older version of a
 * template counts for the template's site. Undefined when no site fits, or several still do.
 */
export function launchSiteOf(
  source: DecodedNodeSource,
  instance: RunningInstance,
): DecodedConfigSite | undefined {
  const { launchTemplate, launchConfigurationName } = instance;
  let candidates: DecodedConfigSite[];
  if (launchTemplate?.id !== undefined || launchTemplate?.name !== undefined) {
    candidates = narrowed(
      source.sites.filter(
        ({ ref }) =>
          ref.type === 'AwsEc2LaunchTemplate' &&
          (launchTemplate.id !== undefined
            ? ref.id === launchTemplate.id
            : ref.name === launchTemplate.name),
      ),
      // A version neither side knows tells nothing.
      (site) =>
        launchTemplate.version !== undefined &&
        site.launchTemplateVersion === launchTemplate.version,
    );
  } else if (launchConfigurationName !== undefined) {
    candidates = source.sites.filter(
      ({ ref }) =>
        ref.type === 'AwsAutoScalingLaunchConfiguration' && ref.id === launchConfigurationName,
    );
  } else {
    return undefined;
  }
  const [site, ...others] = narrowed(
    candidates,
    (candidate) => instance.imageId !== undefined && candidate.imageId === instance.imageId,
  );
  return others.length === 0 ? site : undefined;
}

/** The sites that pass `test`, or all of them when none does. */
function narrowed(
  sites: DecodedConfigSite[],
  test: (site: DecodedConfigSite) => boolean,
): DecodedConfigSite[] {
  const passing = sites.filter(test);
  return passing.length > 0 ? passing : sites;
}

/** "lt-0abc:3" for a template version, the name for a launch configuration. */
export function launchedFrom(instance: RunningInstance): string | undefined {
  const { launchTemplate, launchConfigurationName } = instance;
  if (launchTemplate?.id !== undefined)
    return `${launchTemplate.id}:${launchTemplate.version ?? '?'}`;
  return launchConfigurationName;
}

/** Distinct values, sorted, so that evidence is the same from run to run. */
export function distinct(values: Iterable<string | undefined>): string[] {
  return [...new Set([...values].filter((value): value is string => value !== undefined))].sort();
}
