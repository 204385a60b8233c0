import { closeMatches } from './close-matches.ts';
import { isClusterFoundNowhere } from './inventory/errors.ts';
import type { Report } from './report/types.ts';
import { reachedAccounts } from './report/unreached-accounts.ts';
import { oneLine, plural } from './text.ts';

/** A cluster asked for: as written (`asked`: a name or an ARN), its name, where to look. */
export interface SoughtCluster {
  asked: string;
  name: string;
  where: readonly string[];
}

export interface ClustersNotFound {
  /** The clusters found in none of their regions, in any account the scan reached. */
  missing: SoughtCluster[];
  /** Where they were looked for and what is there: "not found in region …; clusters there: …". */
  detail: string;
}

/** Names shown of the clusters that exist, at most. */
const MAX_LISTED_CLUSTERS = 20;

/**
 * The clusters asked for that a scan found in none of the regions it looked in (each region
 * answered "not found"), with the clusters those regions do hold and the close names among
 * them: what the command line and an audit say of a misspelt name. Undefined when every
 * cluster was found somewhere, or no account was reached. `listClusters` fails for a region
 * whose clusters can't be listed (said so).
 */
export async function clustersNotFound(
  report: Report,
  sought: readonly SoughtCluster[],
  listClusters: (region: string, accountId: string) => Promise<string[]>,
  { namesAccounts = false }: { namesAccounts?: boolean } = {},
): Promise<ClustersNotFound | undefined> {
  const accounts = reachedAccounts(report);
  const missing = sought.filter(({ name, where }) =>
    isClusterFoundNowhere(
      report.errors,
      name,
      accounts.flatMap((accountId) => where.map((region) => ({ accountId, region }))),
    ),
  );
  if (missing.length === 0 || accounts.length === 0) return undefined;

  const searched = [...new Set(missing.flatMap(({ where }) => where))];
  const listed = await Promise.all(
    accounts.flatMap((accountId) =>
      searched.map((region) => listClusters(region, accountId).catch(() => undefined)),
    ),
  );
  // Shown to a person: an endpoint other than AWS may answer any text as a name.
  const existing = [...new Set(listed.flatMap((names) => (names ?? []).map(oneLine)))].sort();
  const regionsText = `${searched.length === 1 ? 'region' : 'regions'} ${searched.join(', ')}`;
  const where = namesAccounts
    ? `${plural(accounts.length, 'account')}, ${regionsText}`
    : regionsText;
  const suggestions = missing.flatMap(({ name }) => closeMatches(name, existing));
  const there = listed.some((names) => names === undefined)
    ? 'the clusters there could not be listed'
    : existing.length === 0
      ? 'there is no cluster there'
      : `clusters there: ${existing.slice(0, MAX_LISTED_CLUSTERS).join(', ')}${existing.length > MAX_LISTED_CLUSTERS ? ` and ${existing.length - MAX_LISTED_CLUSTERS} more` : ''}`;
  const didYouMean =
    suggestions.length > 0 ? ` (did you mean ${[...new Set(suggestions)].join(', ')}?)` : '';
  return { missing, detail: `not found in ${where}; ${there}${didYouMean}` };
}
