import { describe, expect, it } from 'vitest';
import {
  formatJson,
  formatJsonChunks,
  jsonChunks,
  reportJsonChunks,
  StreamedArray,
} from '../../../../src/report/format/json.ts';
import type { Report } from '../../../../src/report/types.ts';
import { makeFinding, makeReport, sampleFindings, sampleReadiness } from '../fixtures.ts';
import { hostileReport } from './hostile.ts';

/** What a JSON report never holds raw: C1 controls, bidirectional controls, line separators. */
const RAW_INVISIBLE = /[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** A report of `count` findings, each its own resource. */
function reportOf(count: number): Report {
  return makeReport({
    findings: Array.from({ length: count }, (_, index) =>
      makeFinding({ resource: { type: 'AwsEc2LaunchTemplate', id: `lt-${index}` } }),
    ),
  });
}

function longest(chunks: Iterable<string>): number {
  return Math.max(...[...chunks].map((chunk) => chunk.length));
}

describe('Function: formatJson', () => {
  it('writes exactly the report, indented by two spaces, with a final newline', () => {
    // Prepare
    const report = makeReport({ findings: sampleFindings() });

    // Act
    const json = formatJson(report);

    // Assess
    expect(JSON.parse(json)).toEqual(report);
    expect(json).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(json.startsWith('{\n  "schemaVersion": "1",')).toBe(true);
  });
});

describe('Function: formatJsonChunks', () => {
  const reports: Record<string, () => Report> = {
    'no findings': () => makeReport(),
    'one finding': () => reportOf(1),
    'sample findings, readiness and errors': () => ({
      ...makeReport({
        findings: sampleFindings(),
        readiness: sampleReadiness(),
        complete: false,
        errors: [{ operation: 'DescribeCluster', code: 'AccessDenied', message: 'no' }],
      }),
    }),
    'hostile text': hostileReport,
    'a field without a value': () => ({ ...reportOf(2), warnings: undefined }),
  };

  it.each(Object.keys(reports))('joins into formatJson exactly: %s', (name) => {
    // Prepare
    const report = reports[name]?.() as Report;

    // Act
    const joined = [...formatJsonChunks(report)].join('');

    // Assess
    expect(joined).toBe(formatJson(report));
  });

  it.each(Object.keys(reports))('compact, joins into JSON.stringify exactly: %s', (name) => {
    // Prepare
    const report = reports[name]?.() as Report;

    // Act
    const joined = [...reportJsonChunks(report, { pretty: false })].join('');

    // Assess: the same value; the text differs only where a character is written escaped.
    expect(JSON.parse(joined)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(joined.length).toBeGreaterThanOrEqual(JSON.stringify(report).length);
    expect(joined).not.toMatch(RAW_INVISIBLE);
  });

  it('writes C1 and bidirectional controls escaped, so the text is safe to print, and parses back', () => {
    // Prepare: U+009B starts an escape sequence in some terminals; U+202E reverses text.
    const name = 'win\u009b31m-asg\u202egpj.exe';
    const report = makeReport({ findings: [makeFinding({ cluster: name })] });

    // Act
    const pretty = formatJson(report);
    const compact = [...reportJsonChunks(report, { pretty: false })].join('');

    // Assess
    for (const text of [pretty, compact]) {
      expect(text).toContain('win\\u009b31m-asg\\u202egpj.exe');
      expect(text).not.toMatch(RAW_INVISIBLE);
      expect((JSON.parse(text) as Report).findings[0]?.cluster).toBe(name);
    }
  });

  it('holds one finding a piece, however many findings there are', () => {
    // Act
    const ten = longest(formatJsonChunks(reportOf(10)));
    const thousands = longest(formatJsonChunks(reportOf(5000)));

    // Assess
    expect(formatJson(reportOf(5000)).length).toBeGreaterThan(100 * ten);
    // The counts in the summary have more digits; nothing else grows.
    expect(thousands).toBeLessThan(ten + 20);
  });
});

describe('Function: jsonChunks', () => {
  /** The value JSON.stringify would see: every StreamedArray as the array of its elements. */
  function materialised(value: unknown): unknown {
    if (value instanceof StreamedArray) return [...value.items].map(materialised);
    if (Array.isArray(value)) return value.map(materialised);
    if (
      typeof value === 'object' &&
      value !== null &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, materialised(item)]),
      );
    }
    return value;
  }

  const values: Record<string, () => unknown> = {
    'a streamed array at the top': () => new StreamedArray([1, 'two', { three: [3] }, null]),
    'an empty streamed array': () => ({ before: 1, items: new StreamedArray([]), after: {} }),
    'streamed arrays nested in objects and arrays': () => ({
      runs: [{ tool: { name: 'x' }, results: new StreamedArray([{ a: 1 }, { b: [2, 3] }]) }, 5],
      empty: [],
      nested: { deeper: { list: new StreamedArray([[1], [], {}]) } },
    }),
    'elements from a generator': () =>
      new StreamedArray(
        (function* () {
          yield { id: 'first' };
          yield { id: 'second' };
        })(),
      ),
    'what has no JSON form': () => ({
      gone: undefined,
      fn: () => 1,
      list: new StreamedArray([undefined, () => 1, Symbol('s'), 'kept']),
      plain: [undefined, 'x'],
    }),
    'objects written by toJSON': () => ({
      when: new Date(Date.UTC(2026, 10, 26)),
      custom: { toJSON: () => ({ as: 'custom' }) },
      list: new StreamedArray([new Date(0), { toJSON: () => 'text' }]),
    }),
    'text to escape': () =>
      new StreamedArray([{ 'key "quoted"\n': 'line\nbreak "q" \\ \u0000 \u2028 \ud800 日本 🚀' }]),
    'no streamed array at all': () => ({ a: [1, { b: 2 }], c: 'd' }),
  };

  it.each(Object.keys(values))(
    'joins into JSON.stringify exactly, pretty and compact: %s',
    (name) => {
      // Prepare
      const make = values[name] as () => unknown;

      // Act
      const pretty = [...jsonChunks(make(), { pretty: true })].join('');
      const compact = [...jsonChunks(make(), { pretty: false })].join('');

      // Assess: byte for byte, but for U+2028, which is written escaped (a line separator).
      const raw = (text: string) => text.replaceAll('\\u2028', '\u2028');
      expect(raw(pretty)).toBe(JSON.stringify(materialised(make()), null, 2));
      expect(raw(compact)).toBe(JSON.stringify(materialised(make())));
    },
  );

  it('writes every element of a streamed array as a piece of its own', () => {
    // Prepare
    const elements = Array.from({ length: 50 }, (_, index) => ({ index, text: 'x'.repeat(40) }));

    // Act
    const pieces = [
      ...jsonChunks({ head: 1, list: new StreamedArray(elements) }, { pretty: true }),
    ];

    // Assess
    expect(pieces.length).toBeGreaterThan(elements.length);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(120);
  });
});
