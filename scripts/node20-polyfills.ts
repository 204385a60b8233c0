/**
 * The ES2024 built-ins that the sources may use (tsconfig `lib` es2024) and Node.js 20 lacks:
 * `Object.groupBy`, `Map.groupBy` (Node.js 21) and `Promise.withResolvers` (Node.js 22).
 * scripts/build.ts injects this module into the command line's bundle only (the Lambda
 * functions run nodejs24.x), where it installs each one only when it is missing.
 */

export function objectGroupBy<T, K extends PropertyKey>(
  items: Iterable<T>,
  keyOf: (item: T, index: number) => K,
): Partial<Record<K, T[]>> {
  const groups = Object.create(null) as Partial<Record<K, T[]>>;
  let index = 0;
  for (const item of items) {
    const key = keyOf(item, index++);
    const group = groups[key];
    if (group) group.push(item);
    else groups[key] = [item];
  }
  return groups;
}

export function mapGroupBy<T, K>(
  items: Iterable<T>,
  keyOf: (item: T, index: number) => K,
): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  let index = 0;
  for (const item of items) {
    const key = keyOf(item, index++);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function promiseWithResolvers<T>(): PromiseWithResolvers<T> {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Defines `name` on `target` as a built-in is defined: writable, configurable, not enumerable. */
function define(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, configurable: true });
}

/** Installs what `globals` lacks; returns the names it installed. */
export function installPolyfills(
  globals: { Object: object; Map: object; Promise: object } = globalThis,
): string[] {
  const installed: string[] = [];
  for (const [target, owner, name, value] of [
    [globals.Object, 'Object', 'groupBy', objectGroupBy],
    [globals.Map, 'Map', 'groupBy', mapGroupBy],
    [globals.Promise, 'Promise', 'withResolvers', promiseWithResolvers],
  ] as const) {
    if (name in target) continue;
    define(target, name, value);
    installed.push(`${owner}.${name}`);
  }
  return installed;
}

installPolyfills();
