/**
 * Regions and partitions from the AWS SDK's own partition data: the one place that says
 * whether a region name is real and which partition (ARN prefix) it belongs to. The command
 * line, the environment and the events all validate through here.
 */

import { partition } from '@aws-sdk/core/client';
import { memoised } from './evaluate/memo.ts';
import { quotedInput } from './text.ts';

/** The partition of a region as ARNs spell it: aws, aws-cn, aws-us-gov, aws-iso, aws-eusc… */
export type AwsPartition = string;

/** At most this many regions in one list: more than every region of every partition. */
export const MAX_REGIONS = 64;

/**
 * The partition a region belongs to (aws for a name the SDK does not know). Remembered: the
 * collector asks for every ARN it builds, and the SDK searches its table each time.
 */
export const partitionOf: (region: string) => AwsPartition = memoised(
  (region) => partition(region).name,
  MAX_REGIONS * 4,
);

/**
 * The first of `regions` outside the partition of `ownRegion`: one set of credentials reaches
 * one partition only, so a scan of it would fail every call (or find nothing).
 */
export function regionInAnotherPartition(
  regions: readonly string[],
  ownRegion: string,
): string | undefined {
  return regions.find((region) => partitionOf(region) !== partitionOf(ownRegion));
}

/**
 * True for a region the SDK lists. The SDK answers a listed region with its description and
 * falls back to the aws partition, without one, for names it does not know.
 */
export function isKnownRegion(region: string): boolean {
  // The declared type omits `description`; the data carries it for every listed region.
  return typeof Reflect.get(partition(region), 'description') === 'string';
}

export class RegionListError extends Error {
  override name = 'RegionListError';
}

/**
 * A list of regions as a user wrote it (comma-separated text or an array): trimmed,
 * deduplicated in order, bounded, each one known to the SDK. `field` names the source in
 * every message (`--region`, `SCAN_REGIONS`, `regions`).
 */
export function parseRegionList(input: string | readonly string[], field: string): string[] {
  const items = typeof input === 'string' ? input.split(',') : [...input];
  if (items.length > MAX_REGIONS * 4) {
    throw new RegionListError(`${field}: ${items.length} entries; at most ${MAX_REGIONS} regions`);
  }
  const regions = [...new Set(items.map((item) => item.trim()).filter((item) => item !== ''))];
  if (regions.length === 0) throw new RegionListError(`${field}: no region named`);
  if (regions.length > MAX_REGIONS) {
    throw new RegionListError(`${field}: ${regions.length} regions; at most ${MAX_REGIONS}`);
  }
  for (const region of regions) assertKnownRegion(region, field);
  return regions;
}

export function assertKnownRegion(region: string, field: string): void {
  if (isKnownRegion(region)) return;
  throw new RegionListError(
    `${field}: ${quotedInput(region, 41)} is not an AWS region the SDK knows (such as us-west-2)`,
  );
}
