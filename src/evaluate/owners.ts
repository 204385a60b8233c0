import type { DecodedInventory, DecodedNodeSource, ScanNote } from '../inventory/types.ts';
import { capitalised } from '../text.ts';
import { bootstrapCallOf, labelOf } from './facts.ts';

/** The note for a node source whose owner is a cluster the scan does not cover. */
export const OWNER_OUTSIDE_SCAN = 'node-source-owner-outside-scan';

/**
 * The owner of each node source whose tags name several clusters (`ownerCandidates`): the
 * one its bootstrap call joins, when that is one of them, else the first. Judged against any
 * other, its nodes would read as joining the wrong cluster. The owner does not depend on
 * which clusters a scan covers, so neither do its findings' ids; a source whose owner the
 * scan does not cover is left to that cluster's scan, with a note saying so.
 */
export function settleOwners(inventory: DecodedInventory): DecodedInventory {
  if (!inventory.nodeSources.some((source) => source.ownerCandidates !== undefined)) {
    return inventory;
  }
  const scanned = new Set(inventory.clusters.map((cluster) => cluster.name));
  const outside: OutsideSource[] = [];
  const nodeSources = inventory.nodeSources.flatMap((source): DecodedNodeSource[] => {
    const candidates = source.ownerCandidates;
    if (candidates === undefined) return [source];
    const joined = joinedCluster(source);
    const owner = joined !== undefined && candidates.includes(joined) ? joined : candidates[0];
    if (owner === undefined || owner === source.cluster) return [source];
    if (scanned.has(owner)) return [{ ...source, cluster: owner }];
    outside.push({ source, owner, joined: owner === joined });
    return [];
  });
  const settled = { ...inventory, nodeSources };
  if (outside.length === 0) return settled;
  // One note per cluster: a blue/green estate has many such sources, and the notes of the
  // clusters scanned must not drown among them where only the first few are quoted.
  const notes = [...Map.groupBy(outside, (entry) => entry.owner)].map(
    ([owner, sources]): ScanNote => ({
      code: OWNER_OUTSIDE_SCAN,
      message: outsideMessage(owner, sources),
      accountId: inventory.accountId,
      region: inventory.region,
      cluster: owner,
    }),
  );
  return { ...settled, notes: [...(inventory.notes ?? []), ...notes] };
}

interface OutsideSource {
  source: DecodedNodeSource;
  owner: string;
  /** Whether its bootstrap call named the owner (else its tags did). */
  joined: boolean;
}

/** Sources a note names at most. */
const MAX_NAMED_SOURCES = 5;

function outsideMessage(owner: string, sources: readonly OutsideSource[]): string {
  const [first] = sources;
  if (sources.length === 1 && first !== undefined) {
    const { source, joined } = first;
    const tagged = (source.ownerCandidates ?? []).map((name) => `"${name}"`).join(', ');
    const how = joined
      ? `its bootstrap call joins cluster "${owner}"`
      : `its tags name cluster "${owner}" first`;
    return `${capitalised(labelOf(source.ref))} is tagged for clusters ${tagged}; ${how}, which this scan does not cover. Scan that cluster to judge it.`;
  }
  const named = sources.slice(0, MAX_NAMED_SOURCES).map(({ source }) => labelOf(source.ref));
  const more =
    sources.length > MAX_NAMED_SOURCES ? `, and ${sources.length - MAX_NAMED_SOURCES} more` : '';
  return `${sources.length} node sources tagged for several clusters belong to cluster "${owner}", which this scan does not cover (by their bootstrap calls or, failing those, their tags): ${named.join(', ')}${more}. Scan that cluster to judge them.`;
}

/**
 * The cluster every bootstrap call of the source names by `-EKSClusterName <name>`, if they
 * name one; a value bound by position or through an abbreviation may be a stray word.
 */
function joinedCluster(source: DecodedNodeSource): string | undefined {
  const names = new Set(
    source.sites.flatMap((site) => {
      const argument = bootstrapCallOf(site)?.args.EKSClusterName;
      return argument?.kind === 'literal' && !argument.byPosition && !argument.abbreviated
        ? [argument.value]
        : [];
    }),
  );
  return names.size === 1 ? [...names][0] : undefined;
}
