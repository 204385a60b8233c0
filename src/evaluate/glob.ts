/**
 * Globs for suppressions: `*` matches any run of characters (slashes and colons included,
 * so `arn:aws:ec2:*:launch-template/lt-0abc*` works), `?` exactly one; everything else is
 * itself, case-sensitive, and the whole text must match. No escapes: resource ids, names
 * and ARNs never contain `*` or `?`.
 *
 * Iterative, with one remembered star: at worst pattern × text steps, never the exponential
 * backtracking a regular expression with several `.*` can fall into.
 */
export function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const wanted = pattern[p];
    if (wanted === '*') {
      star = p;
      p += 1;
      resume = t;
    } else if (wanted !== undefined && (wanted === '?' || wanted === text[t])) {
      p += 1;
      t += 1;
    } else if (star !== -1) {
      // The last star takes one more character; the rest of the pattern starts again.
      p = star + 1;
      resume += 1;
      t = resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}

/** True when the pattern holds a wildcard. */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
