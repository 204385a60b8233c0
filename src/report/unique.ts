/**
 * One of each: a finding's id names its account, region, cluster, rule and resource, so two
 * findings with one id are the same finding reached twice (a region, an account or an
 * account and region scanned twice). A report lists it once and counts it once.
 */
import type { Finding } from '../evaluate/types.ts';

/** The first item of each key, in the order given. */
export function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One finding per id, in the order `compare` gives; the first of an id is kept. */
export function uniqueFindings(
  findings: readonly Finding[],
  compare: (a: Finding, b: Finding) => number,
): Finding[] {
  return uniqueBy([...findings].sort(compare), (finding) => finding.id);
}
