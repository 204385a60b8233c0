import {
  type DescribeLaunchTemplateVersionsRequest,
  type LaunchTemplateVersion,
  paginateDescribeLaunchTemplateVersions,
} from '@aws-sdk/client-ec2';
import type { CollectContext } from './context.ts';
import type { LaunchTemplateRef } from './drafts.ts';
import {
  describeFailure,
  type FailureDetail,
  LaunchTemplateVersionNotFoundError,
} from './errors.ts';
import { collectPages } from './pagination.ts';

/**
 * The largest page AWS allows. Always passed: moto returns at most MaxResults items (15 by
 * default) and never a NextToken.
 */
const PAGE_SIZE = 200;

/**
 * From this many templates, one region-wide paginated call (every template's default and
 * latest version) is cheaper than one call per template: it also holds every numbered version
 * that is a template's default or latest. Below it, it may cost more pages than it saves calls.
 */
export const REGION_WIDE_MIN_TEMPLATES = 3;

const ALIASES = new Set(['$Default', '$Latest']);

export interface ResolvedTemplateVersion {
  templateId: string;
  templateName?: string;
  /** The version number the reference resolved to. */
  versionNumber: string;
  imageId?: string;
  /** Base64, exactly as EC2 returns it. */
  userData?: string;
}

export type TemplateResolution =
  | { ok: true; version: ResolvedTemplateVersion }
  | { ok: false; failure: FailureDetail };

/** Identifies a reference in the map `resolveLaunchTemplateVersions` returns. */
export function templateRefKey(ref: LaunchTemplateRef): string {
  // Asked for every node source and site, so no JSON. The length before the id or name
  // says where the version starts, whatever either holds.
  const [kind, value] = ref.id === undefined ? ['name', ref.name ?? ''] : ['id', ref.id];
  return `${kind}${value.length}:${value}${ref.version}`;
}

/** One template with every version the node sources ask of it. */
interface TemplateRequest {
  id?: string;
  name?: string;
  versions: Set<string>;
}

/**
 * Resolves launch template references to versions with their AMI and user data, in as few
 * calls as it can: from a few templates on, one region-wide paginated call for every
 * template's `$Default` and `$Latest` (which also holds the numbered versions that are
 * either), then one call per template for all the versions still missing. References left
 * out because the deadline came are absent from the result; failed ones say why.
 */
export async function resolveLaunchTemplateVersions(
  context: CollectContext,
  refs: readonly LaunchTemplateRef[],
  /** The region-wide call, when the caller started it already. */
  regionWideCall?: Promise<RegionWideVersions | undefined>,
): Promise<Map<string, TemplateResolution>> {
  const resolutions = new Map<string, TemplateResolution>();
  let pending = [...groupByTemplate(refs).values()];

  const regionWide =
    (await regionWideCall) ??
    (pending.length >= REGION_WIDE_MIN_TEMPLATES
      ? await describeAliasesOfAllTemplates(context, regionWideAliases(pending))
      : undefined);
  if (regionWide !== undefined) {
    pending = pending.flatMap((request) => {
      const found = resolveFrom(regionWide.get(identityOf(request)) ?? [], request);
      storeAll(context, resolutions, { ...request, versions: new Set(found.keys()) }, found);
      // A version the region-wide call did not hold (an older number, a template created
      // since, or cut off by moto's missing paging) is asked for below.
      const missing = [...request.versions].filter((version) => !found.has(version));
      return missing.length === 0 ? [] : [{ ...request, versions: new Set(missing) }];
    });
  }

  await Promise.all(
    pending.map(async (request) => {
      if (context.stop.requested) return;
      const found = await describeTemplate(context, request);
      storeAll(context, resolutions, request, found);
    }),
  );
  return resolutions;
}

/**
 * The aliases the region-wide call asks for: those referenced, and both when numbered
 * versions are referenced too (a number is often the default or the latest).
 */
function regionWideAliases(requests: readonly TemplateRequest[]): string[] {
  const versions = new Set(requests.flatMap((request) => [...request.versions]));
  const numbered = [...versions].some((version) => !ALIASES.has(version));
  return [...ALIASES].filter((alias) => numbered || versions.has(alias)).sort();
}

function groupByTemplate(refs: readonly LaunchTemplateRef[]): Map<string, TemplateRequest> {
  const requests = new Map<string, TemplateRequest>();
  for (const ref of refs) {
    const request: TemplateRequest =
      ref.id !== undefined ? { id: ref.id, versions: new Set() } : { versions: new Set() };
    if (ref.id === undefined && ref.name !== undefined) request.name = ref.name;
    const key = identityOf(request);
    const existing = requests.get(key) ?? request;
    existing.versions.add(ref.version);
    requests.set(key, existing);
  }
  return requests;
}

function identityOf(template: { id?: string | undefined; name?: string | undefined }): string {
  return template.id !== undefined ? `id:${template.id}` : `name:${template.name}`;
}

function storeAll(
  context: CollectContext,
  resolutions: Map<string, TemplateResolution>,
  request: TemplateRequest,
  found: Map<string, TemplateResolution>,
): void {
  for (const version of request.versions) {
    const key = templateRefKey({ ...request, version });
    const resolution = found.get(version);
    // Paging cut short by the deadline proves nothing missing: leave the reference unresolved.
    if (resolution === undefined && context.stop.requested) continue;
    resolutions.set(
      key,
      resolution ?? {
        ok: false,
        failure: describeFailure(
          new LaunchTemplateVersionNotFoundError(
            `Launch template ${request.id ?? request.name} has no version ${version}`,
          ),
        ),
      },
    );
  }
}

/** Versions of every template in the region, indexed by `id:` and `name:`. */
export type RegionWideVersions = Map<string, LaunchTemplateVersion[]>;

/**
 * `$Default`/`$Latest` (both unless told) of every template in the region. Empty when the
 * call fails or the deadline came: the per-template calls then resolve (or record) each one.
 */
export async function describeAliasesOfAllTemplates(
  context: CollectContext,
  aliases: string[] = [...ALIASES],
): Promise<RegionWideVersions> {
  const index: RegionWideVersions = new Map();
  if (context.stop.requested) return index;
  let versions: LaunchTemplateVersion[];
  try {
    versions = await describeVersions(context, { Versions: aliases });
  } catch {
    return index;
  }
  for (const version of versions) {
    for (const key of [
      version.LaunchTemplateId === undefined ? undefined : `id:${version.LaunchTemplateId}`,
      version.LaunchTemplateName === undefined ? undefined : `name:${version.LaunchTemplateName}`,
    ]) {
      if (key === undefined) continue;
      index.set(key, [...(index.get(key) ?? []), version]);
    }
  }
  return index;
}

/**
 * All versions one template is asked for, in one call. When a version does not exist AWS
 * fails the whole call: then each version is asked for on its own, so one missing version
 * does not hide the others.
 */
async function describeTemplate(
  context: CollectContext,
  request: TemplateRequest,
): Promise<Map<string, TemplateResolution>> {
  const versions = [...request.versions];
  const target =
    request.id !== undefined
      ? { LaunchTemplateId: request.id }
      : { LaunchTemplateName: request.name };
  try {
    const found = await describeVersions(context, { ...target, Versions: versions });
    return resolveFrom(found, request);
  } catch (error) {
    if (versions.length > 1 && isVersionNotFound(error)) {
      const one = await Promise.all(
        versions.map((version) =>
          describeTemplate(context, { ...request, versions: new Set([version]) }),
        ),
      );
      return new Map(one.flatMap((map) => [...map]));
    }
    const failure: TemplateResolution = { ok: false, failure: describeFailure(error) };
    return new Map(versions.map((version) => [version, failure]));
  }
}

function isVersionNotFound(error: unknown): boolean {
  return error instanceof Error && error.name.includes('VersionNotFound');
}

async function describeVersions(
  context: CollectContext,
  input: DescribeLaunchTemplateVersionsRequest,
): Promise<LaunchTemplateVersion[]> {
  const { ec2 } = context.clients;
  return context.limits.ec2.DescribeLaunchTemplateVersions(() =>
    collectPages(
      paginateDescribeLaunchTemplateVersions(
        { client: ec2, pageSize: PAGE_SIZE },
        // No ResolveAlias: an ImageId of `resolve:ssm:<parameter>` comes back as written, so
        // the site can name the parameter; image-parameters.ts reads it.
        input,
      ),
      (page) => page.LaunchTemplateVersions,
      context.stop,
    ),
  );
}

/**
 * Picks each requested version out of what EC2 returned for one template: numbers by
 * number, `$Default` by its flag, `$Latest` as the highest number (it was asked for, so it
 * is among them, and no version is newer).
 */
function resolveFrom(
  versions: readonly LaunchTemplateVersion[],
  request: TemplateRequest,
): Map<string, TemplateResolution> {
  const found = new Map<string, TemplateResolution>();
  if (versions.length === 0) return found;
  const latest = versions.reduce((a, b) =>
    (b.VersionNumber ?? 0) > (a.VersionNumber ?? 0) ? b : a,
  );
  for (const requested of request.versions) {
    const match =
      requested === '$Latest'
        ? latest
        : requested === '$Default'
          ? versions.find((version) => version.DefaultVersion === true)
          : versions.find((version) => String(version.VersionNumber) === requested);
    const resolved = match === undefined ? undefined : toResolved(match);
    if (resolved !== undefined) found.set(requested, { ok: true, version: resolved });
  }
  return found;
}

function toResolved(version: LaunchTemplateVersion): ResolvedTemplateVersion | undefined {
  if (version.LaunchTemplateId === undefined || version.VersionNumber === undefined) {
    return undefined;
  }
  const resolved: ResolvedTemplateVersion = {
    templateId: version.LaunchTemplateId,
    versionNumber: String(version.VersionNumber),
  };
  if (version.LaunchTemplateName !== undefined) resolved.templateName = version.LaunchTemplateName;
  const data = version.LaunchTemplateData;
  if (data?.ImageId !== undefined) resolved.imageId = data.ImageId;
  if (data?.UserData !== undefined && data.UserData !== '') resolved.userData = data.UserData;
  return resolved;
}
