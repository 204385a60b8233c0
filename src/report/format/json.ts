import { escapeInvisible } from '../../text.ts';
import type { Report } from '../types.ts';

function stringify(value: unknown, pretty: boolean): string {
  const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
  // JSON.stringify gives undefined for what has no JSON form; callers never pass that.
  return escapeInvisible(text);
}

/** Exactly the report of SPEC 2.3, nothing around it. */
export function formatJson(report: Report): string {
  return `${stringify(report, true)}\n`;
}

/**
 * `formatJson`'s text piece by piece, one finding a piece: an organisation's report can be
 * larger than the longest string V8 can hold (about 536 million characters).
 */
export function* formatJsonChunks(report: Report): Generator<string> {
  yield* reportJsonChunks(report, { pretty: true });
  yield '\n';
}

/**
 * `JSON.stringify(report)` (with `pretty`, `JSON.stringify(report, null, 2)`) in pieces: the
 * other fields whole, in the report's own order, and the findings one at a time.
 */
export function reportJsonChunks(report: Report, options: { pretty: boolean }): Generator<string> {
  return jsonChunks({ ...report, findings: new StreamedArray(report.findings) }, options);
}

/**
 * An array inside a value given to `jsonChunks`, written one element a piece. Its elements
 * can come from a generator, so that none is built before it is written.
 */
export class StreamedArray<T = unknown> {
  readonly items: Iterable<T>;

  constructor(items: Iterable<T>) {
    this.items = items;
  }

  /** `build` of each of `items`, each called only when its element is written. */
  static of<S, T>(items: Iterable<S>, build: (item: S) => T): StreamedArray<T> {
    return new StreamedArray({
      *[Symbol.iterator]() {
        for (const item of items) yield build(item);
      },
    });
  }
}

/**
 * `JSON.stringify(value)` (with `pretty`, `JSON.stringify(value, null, 2)`) in pieces, for a
 * value that holds `StreamedArray`s (written as arrays of their elements): every element of
 * those one piece, everything else as whole as it can be. Only plain objects and arrays are
 * opened to find them; other objects (a Date, anything with `toJSON`) are written whole.
 */
export function* jsonChunks(value: unknown, { pretty }: { pretty: boolean }): Generator<string> {
  // JSON strings never hold a raw line break, so indenting every line break nests a value.
  const whole = (item: unknown, indent: string) => {
    const text = stringify(item, pretty);
    return pretty ? text.replaceAll('\n', `\n${indent}`) : text;
  };
  function* write(item: unknown, indent: string): Generator<string> {
    const inner = `${indent}  `;
    const lineStart = pretty ? `\n${inner}` : '';
    const close = pretty ? `\n${indent}` : '';
    if (item instanceof StreamedArray || (Array.isArray(item) && holdsStreamed(item))) {
      const elements: Iterable<unknown> = item instanceof StreamedArray ? item.items : item;
      let separator = '[';
      for (const element of elements) {
        yield `${separator}${lineStart}`;
        separator = ',';
        // An array writes what has no JSON form as null.
        yield* jsonForm(element) ? write(element, inner) : ['null'];
      }
      yield separator === '[' ? '[]' : `${close}]`;
      return;
    }
    if (!isPlainObject(item) || !holdsStreamed(item)) {
      yield whole(item, indent);
      return;
    }
    let separator = '{';
    for (const [key, field] of Object.entries(item)) {
      // An object leaves out what has no JSON form.
      if (!jsonForm(field)) continue;
      yield `${separator}${lineStart}${stringify(key, false)}${pretty ? ': ' : ':'}`;
      separator = ',';
      yield* write(field, inner);
    }
    yield separator === '{' ? '{}' : `${close}}`;
  }
  yield* write(value, '');
}

function jsonForm(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && !('toJSON' in value);
}

/** Whether a plain object or array holds a StreamedArray, at any depth through plain ones. */
function holdsStreamed(value: unknown): boolean {
  if (value instanceof StreamedArray) return true;
  if (Array.isArray(value)) return value.some(holdsStreamed);
  return isPlainObject(value) && Object.values(value).some(holdsStreamed);
}
