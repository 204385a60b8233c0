/**
 * A pure function of one string, computed once per distinct input: rules ask the same
 * version, date or AMI name again for every site. Its results are shared (frozen when
 * objects), and it forgets everything once it holds `limit` inputs, so that text from the
 * estate (anyone names AMIs) can't grow it without bound.
 */
export function memoised<T>(compute: (key: string) => T, limit = 4096): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined && !known.has(key)) {
      value = compute(key);
      if (typeof value === 'object' && value !== null) Object.freeze(value);
      if (known.size >= limit) known.clear();
      known.set(key, value);
    }
    return value as T;
  };
}
