/** AWS tag lists (`[{Key, Value}]`) as a plain record. */
export function tagRecord(
  tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  }
  return record;
}

/**
 * `target` with the fields of `values` that have a value, so the inventory carries no
 * `key: undefined` for what AWS did not return.
 */
export function assignDefined<T extends object, V extends Record<string, unknown>>(
  target: T,
  values: V,
): T & { [K in keyof V]?: Exclude<V[K], undefined> } {
  // A for-in loop: called for every record of an estate, it allocates no entry pairs.
  for (const key in values) {
    const value = values[key];
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  return target as T & { [K in keyof V]?: Exclude<V[K], undefined> };
}
