import type { DecodedInventory, EncodedUserData, Inventory } from '../inventory/types.ts';
import { decodeUserData } from './decode-user-data.ts';
import type { UserDataAnalysis } from './types.ts';

/**
 * The inventory with every site's user data replaced by its analysis; nothing raw is left.
 * Many sources share a launch template version, so each distinct user data is decoded
 * once, and sites with the same user data share one (read-only) analysis. The input is
 * not changed.
 */
export function decodeInventory(inventory: Inventory): DecodedInventory {
  const analyses = new Map<EncodedUserData, UserDataAnalysis>();
  const analysisOf = (encoded: EncodedUserData): UserDataAnalysis => {
    let analysis = analyses.get(encoded);
    if (analysis === undefined) {
      analysis = decodeUserData(encoded);
      analyses.set(encoded, analysis);
    }
    return analysis;
  };
  return {
    ...inventory,
    nodeSources: inventory.nodeSources.map((source) => ({
      ...source,
      sites: source.sites.map((site) => ({ ...site, userData: analysisOf(site.userData) })),
    })),
  };
}
