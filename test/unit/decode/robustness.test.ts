import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeUserData,
  decodeUserDataWithWork,
  WORK_BUDGET_EXHAUSTED,
} from '../../../src/decode/index.ts';
import type { UserDataAnalysis } from '../../../src/decode/types.ts';
import { encode, fixture } from './user-data-fixtures.ts';

/** Every reason decodeUserData may give: fixed phrases, so none can quote the input. */
const KNOWN_REASONS = new Set([
  'user data is not a string',
  'encoded user data exceeds 64 KiB',
  'user data is not valid base64',
  'a MIME part is not valid base64',
  'user data is not valid UTF-16 text',
  'user data exceeds 16 KB, more than AWS accepts',
  'user data is binary, not text',
  'gzip payload exceeds 64 KiB when inflated',
  'gzip payload is corrupt',
  'MIME multipart has no boundary',
  'MIME multipart has more than 64 parts',
  'MIME multipart nests deeper than 4 levels',
  'PowerShell nests deeper than 100 levels',
  'EC2Launch v2 YAML could not be parsed',
  'EC2Launch v2 YAML scripts exceed 64 KiB',
  'EC2Launch v2 YAML holds more than 2000 tokens',
  WORK_BUDGET_EXHAUSTED,
  'user data could not be decoded',
]);

/** A small seeded generator (mulberry32), so that a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fragments that stress the tokenizer, MIME reader and EC2Launch extraction.
const FRAGMENTS = [
  '<powershell>',
  '</powershell>',
  '<script>',
  '</script>',
  '<persist>true</persist>',
  '& ',
  '. ',
  "'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1'",
  'Start-EKSBootstrap.ps1',
  ' -EKSClusterName ',
  ' -ExcludedSnatCIDRs ',
  ' -Verbose',
  ' -',
  '--',
  ' -File ',
  'powershell -Command ',
  '"',
  "'",
  '`',
  '`\n',
  '\n',
  '\r\n',
  ';',
  '|',
  '||',
  '&&',
  ',',
  '=',
  '+=',
  '@',
  '@(',
  '@{',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '[string]',
  '$',
  '$(',
  '${',
  '}',
  '$x',
  '$env:ProgramFiles',
  '$x.y',
  '$x[0]',
  '@x',
  '#',
  '<#',
  '#>',
  '@"\n',
  '\n"@',
  "@'\n",
  "\n'@",
  '3>&1',
  '2>',
  '*>&1',
  '>',
  'prod',
  '10.0.0.0/8',
  'version: 1.0\ntasks:\n',
  '  content: |-\n',
  '    type: powershell\n',
  '- task: executeScript\n',
  'Content-Type: multipart/mixed; boundary=b\n\n',
  '--b\n',
  '--b--\n',
  'Content-Transfer-Encoding: base64\n\n',
  '\u201c',
  '\u2013',
  '\uffff',
  '\u0000',
  '\ud800',
  'é',
];

function fragmentSoup(next: () => number, count: number): string {
  let text = '';
  for (let index = 0; index < count; index++) {
    text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
  }
  return text;
}

function randomBytes(next: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
}

const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n *-_';

function randomBase64ish(next: () => number, length: number): string {
  return Array.from({ length }, () => BASE64_CHARS[Math.floor(next() * BASE64_CHARS.length)]).join(
    '',
  );
}

/** Asserts decodeUserData neither throws nor echoes anything of the input in a reason. */
function expectSafe(encoded: string): UserDataAnalysis {
  let analysis: UserDataAnalysis | undefined;
  expect(() => {
    analysis = decodeUserData(encoded);
  }).not.toThrow();
  if (analysis?.status === 'unreadable') expect(KNOWN_REASONS).toContain(analysis.reason);
  return analysis as UserDataAnalysis;
}

/**
 * `$v = '<script>'` then `powershell -c $v` `width` times, the script itself being the same
 * shape one level down: read naively, the innermost text is parsed width^depth times.
 */
function nestedCommands(depth: number, width: number): string {
  let script = 'Write-Host done';
  for (let level = 0; level < depth; level++) {
    script = `$v${level} = '${script.replaceAll("'", "''")}'\n${`powershell -c $v${level}\n`.repeat(width)}`;
  }
  return `<powershell>${script}`;
}

describe('Function: decodeUserData, on arbitrary input', () => {
  it('never throws and gives only known reasons for random bytes', () => {
    // Prepare
    const next = random(1);

    // Act & Assess
    for (let run = 0; run < 300; run++) {
      expectSafe(randomBytes(next, Math.floor(next() * 2048)).toString('base64'));
    }
  });

  it('never throws and gives only known reasons for random near-base64 text', () => {
    // Prepare
    const next = random(2);

    // Act & Assess
    for (let run = 0; run < 300; run++) expectSafe(randomBase64ish(next, Math.floor(next() * 400)));
  });

  it('never throws for random PowerShell, MIME and YAML fragments, raw and gzip-compressed', () => {
    // Prepare
    const next = random(3);

    // Act & Assess
    for (let run = 0; run < 500; run++) {
      const text = fragmentSoup(next, Math.floor(next() * 200));
      expectSafe(encode(text));
      expectSafe(gzipSync(Buffer.from(text)).toString('base64'));
    }
  });

  it('never throws for every truncation of real user data, in base64 and in gzip', () => {
    // Prepare
    const text = fixture('variables-and-continuations.txt');
    const encoded = encode(text);
    const gzipped = gzipSync(Buffer.from(text));

    // Act & Assess
    for (let length = 0; length <= encoded.length; length++) expectSafe(encoded.slice(0, length));
    for (let length = 0; length <= text.length; length++) expectSafe(encode(text.slice(0, length)));
    for (let length = 0; length <= gzipped.length; length++) {
      expectSafe(gzipped.subarray(0, length).toString('base64'));
    }
  });

  it('keeps a secret planted in random user data out of every analysis', () => {
    // Prepare
    const next = random(4);
    const secret = 'Pa55w0rd-do-not-leak';

    // Act & Assess
    for (let run = 0; run < 300; run++) {
      const text = `${fragmentSoup(next, 20)}${secret}${fragmentSoup(next, 20)}`;
      const analysis = expectSafe(encode(text));
      expect(JSON.stringify(analysis)).not.toContain(secret);
    }
  });

  it.each([
    ['deeply nested brackets', `<powershell>${'('.repeat(40_000)}`],
    [
      'a variable doubling on every line',
      `<powershell>$a0='xx'\n${Array.from({ length: 2000 }, (_, i) => `$a${i + 1}="$a${i}$a${i}"`).join('\n')}`,
    ],
    [
      'a hashtable holding itself twice on every line',
      `<powershell>$h = 1\n${'$h = @{ a = $h; b = $h }\n'.repeat(1_000)}& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName $h`,
    ],
    ['powershell -Command of a script that runs itself, three levels deep', nestedCommands(3, 150)],
    ['many unclosed type brackets', `<powershell>${'[a'.repeat(16_000)}`],
    ['many parameter-like words in a hashtable', `<powershell>@{${'-a='.repeat(12_000)}`],
    ['many unclosed subexpressions', `<powershell>"${'$('.repeat(20_000)}`],
    ['many unclosed sections', '<powershell><script>'.repeat(2_000)],
    ['many YAML content keys', `version: 1.0\ntasks:\n${'  content: x\n'.repeat(3_000)}`],
    ['deeply nested YAML flow sequences', `version: 1.0\ntasks: ${'['.repeat(40_000)}`],
    ['deeply nested YAML block sequences', `version: 1.0\ntasks:\n${'- '.repeat(20_000)}x`],
    [
      'many YAML anchors, each with an alias',
      `version: 1.0\ntasks:\n${Array.from({ length: 2_000 }, (_, i) => `- &a${i} x\n- *a${i}\n`).join('')}`,
    ],
    ['many backtick unicode escapes', `<powershell>"${'`u{'.repeat(12_000)}`],
    ['a long here-string never closed', `<powershell>@"\n${'x'.repeat(40_000)}`],
  ])('reads %s within its work budget', (_case, text) => {
    // Prepare
    const encoded = encode(text);

    // Act
    expectSafe(encoded);
    const { analysis, work } = decodeUserDataWithWork(encoded);

    // Assess: the budget, not the clock (bench/decode.bench.ts measures the time it buys).
    expect(encoded.length).toBeLessThanOrEqual(64 * 1024);
    if (work.exhausted)
      expect(analysis).toEqual({ status: 'unreadable', reason: WORK_BUDGET_EXHAUSTED });
    else expect(work.spent).toBeLessThanOrEqual(work.limit);
  });
});
