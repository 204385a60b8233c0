import type { Report } from '../types.ts';

/** Exactly the report of SPEC 2.3, nothing around it. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
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
export function* reportJsonChunks(
  report: Report,
  { pretty }: { pretty: boolean },
): Generator<string> {
  // JSON strings never hold a raw line break, so indenting every line break nests a value.
  const nested = (value: unknown, indent: string) => {
    const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
    return pretty ? text.replaceAll('\n', `\n${indent}`) : text;
  };
  const fieldStart = pretty ? '\n  ' : '';
  const colon = pretty ? ': ' : ':';
  let separator = '{';
  for (const [key, value] of Object.entries(report)) {
    // JSON.stringify leaves out what has no JSON form.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    const field = `${separator}${fieldStart}${JSON.stringify(key)}${colon}`;
    separator = ',';
    if (key !== 'findings' || !Array.isArray(value) || value.length === 0) {
      yield `${field}${nested(value, '  ')}`;
      continue;
    }
    yield `${field}[`;
    for (const [index, finding] of value.entries()) {
      yield `${index === 0 ? '' : ','}${pretty ? '\n    ' : ''}${nested(finding, '    ')}`;
    }
    yield pretty ? '\n  ]' : ']';
  }
  yield separator === '{' ? '{}' : pretty ? '\n}' : '}';
}
