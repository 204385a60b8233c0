/**
 * Every input of the adversarial corpus (test/support/adversarial.ts) through decoding and
 * every rule: nothing throws, the reading stays within its work budget (the budget, never
 * the clock, is what is asserted), an input that needs more is unreadable as such, and the
 * canary secret reaches no finding (the analysis keeps argument values for the rules; what
 * reaches a report is asserted in test/unit/secrets.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  decodeInventory,
  decodeUserDataWithWork,
  WORK_BUDGET_EXHAUSTED,
} from '../../../src/decode/index.ts';
import { evaluateInventory } from '../../../src/evaluate/index.ts';
import {
  ADVERSARIAL_CANARY,
  adversarialCorpus,
  anEstate,
  EKS_HOST,
  PAST_AWS_CAP,
} from '../../support/adversarial.ts';

const CORPUS = adversarialCorpus();
const byName = new Map(CORPUS.map((input) => [input.name, input]));
const NOW = new Date('2026-11-25T12:00:00Z');

function decode(name: string) {
  const input = byName.get(name);
  if (input === undefined) throw new Error(`no corpus input ${name}`);
  return decodeUserDataWithWork(input.encoded, PAST_AWS_CAP);
}

describe('Adversarial corpus: decoding', () => {
  it('has unique names, and every input but the oversized one within the 64 KiB limit', () => {
    // Assess
    expect(byName.size).toBe(CORPUS.length);
    const oversized = CORPUS.filter((input) => input.encoded.length > 64 * 1024);
    expect(oversized.map((input) => input.name)).toEqual(['too-large']);
    expect(CORPUS.filter((input) => input.carriesSecret).length).toBeGreaterThan(40);
  });

  it.each(CORPUS.map((input) => [input.name, input] as const))(
    'reads %s without throwing, within its work budget',
    (_name, input) => {
      // Act
      const { analysis, work } = decodeUserDataWithWork(input.encoded, PAST_AWS_CAP);

      // Assess
      if (work.exhausted) {
        // Stopped at the budget: unreadable, saying so, with nothing of a partial reading.
        expect(analysis).toEqual({ status: 'unreadable', reason: WORK_BUDGET_EXHAUSTED });
      } else {
        expect(work.spent).toBeLessThanOrEqual(work.limit);
      }
      // The analysis keeps argument values for the rules; a reason never quotes the input.
      if (analysis.status === 'unreadable') expect(analysis.reason).not.toContain('Canary');
    },
  );

  it.each([
    'self-referencing-hashtable-40',
    'self-referencing-hashtable-largest',
    'self-referencing-hashtable-splatted',
    'self-referencing-list',
    'nested-command-3-levels-11k',
    'nested-command-3-levels-56k',
    'nested-command-file-and-command',
    'backtick-continuations',
    'mime-64-parts',
    'mime-nested-4-levels',
    'mime-long-folded-header',
    'largest-typical',
    'cmd-start-chain',
  ])('finds the bootstrap call of %s within the budget (the work is linear)', (name) => {
    // Act
    const { analysis, work } = decode(name);

    // Assess
    expect(work.exhausted).toBe(false);
    expect(analysis).toMatchObject({ status: 'decoded', bootstrap: expect.any(Object) });
  });

  it('reads 64 KiB of inflated PowerShell from a tiny gzip payload: inflated text brings its own budget', () => {
    // Act
    const { analysis, work } = decode('gzip-at-the-cap');

    // Assess
    expect(analysis).toMatchObject({ status: 'decoded', gzip: true });
    expect(work.exhausted).toBe(false);
  });

  it.each([
    'nested-command-distinct-texts',
    'splatted-hashtable-many-calls',
    'long-list-splatted',
    'variable-doubling',
    'here-strings-many',
    'gzip-at-the-cap-variable-doubling',
  ])('stops %s at the budget: its work grows faster than its size', (name) => {
    // Act
    const { analysis, work } = decode(name);

    // Assess
    expect(work.exhausted).toBe(true);
    expect(analysis).toEqual({ status: 'unreadable', reason: WORK_BUDGET_EXHAUSTED });
  });

  it('spends the same steps and gives the same analysis when an input is read twice', () => {
    for (const input of CORPUS) {
      // Act
      const first = decodeUserDataWithWork(input.encoded, PAST_AWS_CAP);
      const second = decodeUserDataWithWork(input.encoded, PAST_AWS_CAP);

      // Assess
      expect(second).toEqual(first);
    }
  });
});

describe('Adversarial corpus: evaluation', () => {
  const inventory = anEstate({
    clusters: 1,
    sourcesPerCluster: CORPUS.length,
    userDataFor: (index) => CORPUS[index]?.encoded ?? '',
  });
  const evaluated = evaluateInventory(decodeInventory(inventory), {
    now: NOW,
    endOfSupportWarningDays: 180,
    amiExpiryWarningDays: 30,
  });

  it('evaluates every rule over the corpus without a rule failing', () => {
    // Assess
    expect(evaluated.inventory.errors).toEqual([]);
    expect(evaluated.windowsNodeSources).toBe(CORPUS.length);
    expect(evaluated.findings.length).toBeGreaterThan(CORPUS.length);
  });

  it('reports each input that ran out of budget as userdata-unreadable, saying so', () => {
    // Prepare: as the scan reads them, the inputs past AWS's 16 KB refused unread.
    const exhausted = CORPUS.flatMap((input, index) =>
      decodeUserDataWithWork(input.encoded).work.exhausted ? [`lt-${index}`] : [],
    );

    // Assess
    const unreadable = evaluated.findings.filter(
      (finding) =>
        finding.ruleId === 'userdata-unreadable' &&
        finding.evidence.reason === WORK_BUDGET_EXHAUSTED,
    );
    expect(exhausted.length).toBeGreaterThan(0);
    expect(unreadable.map((finding) => finding.resource.id).sort()).toEqual(exhausted.sort());
  });

  it('quotes the canary in no finding, and an endpoint only as https://<EKS host>', () => {
    // Assess
    const text = JSON.stringify(evaluated.findings);
    expect(text.toLowerCase()).not.toContain(ADVERSARIAL_CANARY.toLowerCase());
    const endpoints = evaluated.findings.flatMap((finding) =>
      typeof finding.evidence.bootstrapEndpoint === 'string'
        ? [finding.evidence.bootstrapEndpoint]
        : [],
    );
    for (const endpoint of endpoints) expect(endpoint).toBe(`https://${EKS_HOST}`);
  });
});
