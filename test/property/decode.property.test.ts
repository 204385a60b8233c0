/**
 * Property-based tests (fast-check) of the decoder, the bootstrap parser and the rules, on
 * arbitrary bytes, mutations of every fixture, and PowerShell written by a small grammar
 * (self-referencing variables, nested -Command, stray continuations, endpoints with tokens).
 * Properties: nothing throws; the reading stays within its work budget (or is unreadable
 * saying it ran out); evidence quotes user data only in the shapes rules allow; the same
 * input gives the same analysis, the same steps and the same findings.
 *
 * `npm test` runs a fixed seed and few runs; `npm run fuzz` sets FUZZ_RUNS for a longer run
 * (and FUZZ_SEED for another seed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeInventory,
  decodeUserDataWithWork,
  WORK_BUDGET_EXHAUSTED,
} from '../../src/decode/index.ts';
import { evaluateInventory } from '../../src/evaluate/index.ts';
import type { Finding } from '../../src/evaluate/types.ts';
import { anEstate, BOOTSTRAP_CALL, EKS_HOST } from '../support/adversarial.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (base: number) => ({ seed: SEED, numRuns: base * SCALE, endOnFailure: true });

/** A canary no allowed evidence shape can hold (`!` and `%` are in none of them). */
const CANARY = 'Qz7!canary%Pw';
const NOW = new Date('2026-11-25T12:00:00Z');
const WINDOWS = { now: NOW, endOfSupportWarningDays: 180, amiExpiryWarningDays: 30 };

const FIXTURE_DIRECTORY = new URL('../fixtures/user-data/', import.meta.url);
const FIXTURES = readdirSync(FIXTURE_DIRECTORY)
  .filter((name) => name !== 'README.md')
  .map((name) => readFileSync(new URL(name, FIXTURE_DIRECTORY), 'utf8'));

const EKS_ENDPOINT =
  /^https:\/\/[a-z0-9]{1,64}\.[a-z0-9]{1,8}\.[a-z]{2}(?:-[a-z0-9]+)+-\d+\.eks\.amazonaws\.com(?:\.cn)?$/i;
/** Shapes an evidence string may have: what rules quote, and the inventory's own values. */
const ALLOWED_EVIDENCE = [
  EKS_ENDPOINT,
  /^[\d./]+…?$/, // addresses and CIDR blocks
  /^[A-Za-z0-9][A-Za-z0-9_.:-]*…?$/, // names: cluster, runtime, AMI, parameters, versions, dates
];

function evidenceStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(evidenceStrings);
  if (value !== null && typeof value === 'object')
    return Object.values(value).flatMap(evidenceStrings);
  return [];
}

/** Decodes and evaluates one user data as a self-managed node group's template. */
function scanOne(encoded: string) {
  const { analysis, work } = decodeUserDataWithWork(encoded);
  const inventory = anEstate({ clusters: 1, sourcesPerCluster: 1, userDataFor: () => encoded });
  const evaluated = evaluateInventory(decodeInventory(inventory), WINDOWS);
  return { analysis, work, findings: evaluated.findings, errors: evaluated.inventory.errors };
}

/** The properties every input must have. */
function assertProperties(encoded: string): void {
  const first = scanOne(encoded);
  const { analysis, work, findings } = first;
  // Within the budget, or stopped at it and saying so.
  if (work.exhausted)
    expect(analysis).toEqual({ status: 'unreadable', reason: WORK_BUDGET_EXHAUSTED });
  else expect(work.spent).toBeLessThanOrEqual(work.limit);
  expect(first.errors).toEqual([]);
  // Evidence quotes only allowed shapes; the canary in none.
  expect(JSON.stringify(findings)).not.toContain(CANARY);
  for (const finding of findings) {
    for (const text of evidenceStrings(finding.evidence)) {
      if (finding.ruleId === 'userdata-unreadable') continue; // a fixed reason, checked below
      expect(
        ALLOWED_EVIDENCE.some((shape) => shape.test(text)),
        `${finding.ruleId} evidence shape`,
      ).toBe(true);
      // A URL only as https://<host> of an EKS endpoint, nothing after the host.
      if (text.includes('://')) expect(text).toMatch(EKS_ENDPOINT);
    }
  }
  if (analysis.status === 'unreadable') expect(analysis.reason).not.toContain(CANARY);
  // The same input: the same analysis, steps and findings.
  const second = scanOne(encoded);
  expect(second.analysis).toEqual(analysis);
  expect(second.work).toEqual(work);
  expect(sortById(second.findings)).toEqual(sortById(findings));
}

const sortById = (findings: Finding[]) => [...findings].sort((a, b) => a.id.localeCompare(b.id));
const base64 = (data: string | Uint8Array) => Buffer.from(data).toString('base64');

// --- Arbitraries -----------------------------------------------------------------------------

const FRAGMENTS = [
  '<powershell>',
  '</powershell>',
  '<script>',
  '`',
  '`\n',
  '"',
  "'",
  '@"\n',
  '\n"@',
  "@'\n",
  "\n'@",
  '$(',
  ')',
  '(',
  '@{',
  '@(',
  '{',
  '}',
  '[string]',
  '$x',
  '$h',
  '$\u{7b}x}', // a braced variable name
  ';',
  '\n',
  '\r\n',
  '|',
  '&',
  ',',
  '=',
  '#',
  '<#',
  '#>',
  ' -EKSClusterName ',
  ' -APIServerEndpoint ',
  ' -c ',
  'powershell ',
  BOOTSTRAP_CALL,
  CANARY,
  `https://${EKS_HOST}`,
  '\u201c',
  '\u2013',
  '\uffff',
  '\u0000',
];

/** A fixture with a few edits: fragments inserted, ranges deleted or repeated. */
const mutatedFixture = fc
  .tuple(
    fc.constantFrom(...FIXTURES),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({ max: 64 }),
        fc.constantFrom('insert', 'delete', 'repeat'),
        fc.constantFrom(...FRAGMENTS),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([text, edits]) =>
    edits.reduce((current, [at, length, edit, fragment]) => {
      const start = at % (current.length + 1);
      if (edit === 'insert') return `${current.slice(0, start)}${fragment}${current.slice(start)}`;
      if (edit === 'delete') return `${current.slice(0, start)}${current.slice(start + length)}`;
      const piece = current.slice(start, start + length);
      return `${current.slice(0, start)}${piece.repeat(8)}${current.slice(start)}`;
    }, text),
  );

/** PowerShell from a small grammar of the shapes user data takes, hostile ones included. */
const variableName = fc.constantFrom('h', 'v', 'ClusterName', 'EKSBootstrapScriptFile', 'e');
const value: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      "'prod'",
      '"prod"',
      '10.100.0.10',
      `'https://${EKS_HOST}'`,
      `"https://${EKS_HOST}/${CANARY}"`,
      `'${CANARY}'`,
      '1',
    ),
    variableName.map((name) => `$${name}`),
    variableName.map((name) => `"$${name}\\x"`),
    fc.tuple(variableName, tie('value')).map(([name, inner]) => `@{ a = $${name}; b = ${inner} }`),
    fc.array(tie('value'), { minLength: 1, maxLength: 3 }).map((items) => `@(${items.join(', ')})`),
  ),
})).value;

const argument = fc.oneof(
  fc.constantFrom(
    '-EKSClusterName prod',
    '-EKSClusterName $ClusterName',
    '-Base64ClusterCA abc',
    `-APIServerEndpoint https://${EKS_HOST}`,
  ),
  fc.constantFrom(
    `-APIServerEndpoint https://${EKS_HOST}/${CANARY}`,
    `-APIServerEndpoint 'https://${EKS_HOST};${CANARY}'`,
    `-APIServerEndpoint 'https://${EKS_HOST}\\${CANARY}'`,
    `-APIServerEndpoint https://${EKS_HOST}%2F${CANARY}`,
    `-KubeletExtraArgs '--token=${CANARY}'`,
    '-ContainerRuntime containerd',
    `-DNSClusterIP ${CANARY}`,
  ),
  value.map((text) => `-KubeletExtraArgs ${text}`),
);

const statement: fc.Arbitrary<string> = fc.letrec<{ statement: string }>((tie) => ({
  statement: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.tuple(variableName, value).map(([name, text]) => `$${name} = ${text}`),
    variableName.map((name) => `$${name} = @{ a = $${name}; b = $${name} }`),
    fc.array(argument, { maxLength: 5 }).map((args) => `${BOOTSTRAP_CALL} ${args.join(' ')}`),
    fc
      .array(argument, { maxLength: 3 })
      .map(
        (args) => `${BOOTSTRAP_CALL} ${args.join(' ')} \`\nnet user Administrator ${CANARY}.Pw1`,
      ),
    variableName.map((name) => `powershell -c $${name}`),
    fc
      .array(tie('statement'), { minLength: 1, maxLength: 3 })
      .map((inner) => `$v = '${inner.join('; ').replaceAll("'", "''")}'\npowershell -Command $v`),
    fc
      .array(tie('statement'), { maxLength: 3 })
      .map((inner) => `if ($true) { ${inner.join('; ')} }`),
    fc.constantFrom(
      `# ${CANARY}`,
      `$pw = @'\n${CANARY}\n'@`,
      `net user Administrator ${CANARY} /add`,
    ),
  ),
})).statement;

const script = fc
  .array(statement, { minLength: 1, maxLength: 12 })
  .map((statements) => `<powershell>\n${statements.join('\n')}\n</powershell>\n`);

// --- Properties ----------------------------------------------------------------------------------

describe('Property: decoding and evaluating user data', () => {
  it('holds for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_048 }), (bytes) => assertProperties(base64(bytes))),
      runs(60),
    );
  });

  it('holds for arbitrary text, plain and gzip-compressed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 1_024 }), fc.boolean(), (text, gzip) =>
        assertProperties(gzip ? base64(gzipSync(text)) : base64(text)),
      ),
      runs(60),
    );
  });

  it('holds for mutations of every fixture', () => {
    fc.assert(
      fc.property(mutatedFixture, fc.boolean(), (text, gzip) =>
        assertProperties(gzip ? base64(gzipSync(text)) : base64(text)),
      ),
      runs(80),
    );
  });

  it('holds for PowerShell from the grammar, and such scripts never run out of budget', () => {
    fc.assert(
      fc.property(script, (text) => {
        const encoded = base64(text);
        assertProperties(encoded);
        expect(decodeUserDataWithWork(encoded).work.exhausted).toBe(false);
      }),
      runs(120),
    );
  });
});
