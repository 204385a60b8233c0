/** Up to `limit` candidates that look like `given`: a typo away, or one containing the other. */
export function closeMatches(given: string, candidates: readonly string[], limit = 3): string[] {
  const needle = given.toLowerCase();
  const scored = candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const distance = editDistance(needle, lower);
      const contains = needle.length >= 3 && (lower.includes(needle) || needle.includes(lower));
      return { candidate, distance, close: contains || distance <= allowedDistance(needle) };
    })
    .filter((entry) => entry.close)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

/** A third of the word, at least 1 and at most 4 edits. */
function allowedDistance(word: string): number {
  return Math.min(4, Math.max(1, Math.floor(word.length / 3)));
}

/**
 * Edits from `a` to `b`: insertions, deletions, substitutions, and two neighbours swapped
 * (`bleu` for `blue`, one slip of the fingers), each one edit (optimal string alignment).
 * Bounded input: names of at most a few hundred characters.
 */
export function editDistance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Math.max(a.length, b.length);
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        substitution,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] as number) + 1);
      }
      current[j] = best;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] as number;
}
