import type { CollectContext } from './context.ts';
import { getParameters } from './parameters.ts';

const WINDOWS_RELEASES = ['2019', '2022', '2025'] as const;
const EDITIONS = ['Core', 'Full'] as const;

/**
 * The SSM public parameters naming the latest EKS-optimized Windows AMI of every release and
 * edition for each Kubernetes version. Many do not exist (2025 below 1.35, versions EKS never
 * built for): asking costs nothing, as GetParameters lists them as invalid.
 */
export function latestImageParameterNames(
  kubernetesVersions: Iterable<string | undefined>,
): string[] {
  const versions = new Set<string>();
  for (const version of kubernetesVersions) {
    if (version !== undefined && /^\d+\.\d+$/.test(version)) versions.add(version);
  }
  return [...versions]
    .sort()
    .flatMap((version) =>
      WINDOWS_RELEASES.flatMap((release) =>
        EDITIONS.map(
          (edition) =>
            `/aws/service/ami-windows-latest/Windows_Server-${release}-English-${edition}-EKS_Optimized-${version}/image_id`,
        ),
      ),
    );
}

/** "Windows_Server-2019-English-Core-EKS_Optimized-1.29-2024.05.14" → "1.29". */
export function kubernetesVersionOfImageName(name: string | undefined): string | undefined {
  return name?.match(/-EKS_Optimized-(\d+\.\d+)-/)?.[1];
}

/** What SSM said of the "latest" parameters asked for. */
export interface LatestImages {
  /** Parameter name → AMI id, for the parameters that exist. */
  ids: Record<string, string>;
  /** The names SSM lists as invalid: no AMI of that release, edition and version. */
  unpublished: string[];
}

/**
 * The "latest" parameters, in GetParameters batches of 10. A failing batch is recorded; the
 * other batches still count, and its names are in neither list.
 */
export async function getLatestImages(
  context: CollectContext,
  parameterNames: readonly string[],
): Promise<LatestImages> {
  const { values, invalid } = await getParameters(context, parameterNames);
  return { ids: Object.fromEntries(values), unpublished: [...invalid] };
}
