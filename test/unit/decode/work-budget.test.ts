import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeUserDataWithWork,
  parseBootstrapCall,
  WORK_BUDGET_EXHAUSTED,
  WorkBudget,
  WorkBudgetExceededError,
} from '../../../src/decode/index.ts';
import {
  MAX_ENCODED_LENGTH,
  WORK_BUDGET_FLOOR,
  WORK_STEPS_PER_CHARACTER,
} from '../../../src/decode/limits.ts';
import { PAST_AWS_CAP, typicalUserData } from '../../support/adversarial.ts';
import { encode, encodeGzipped, fixture } from './user-data-fixtures.ts';

const FIXTURES = readdirSync(new URL('../../fixtures/user-data/', import.meta.url)).filter(
  (name) => name !== 'README.md',
);

describe('Class: WorkBudget', () => {
  it('allows the floor plus a share per character of input', () => {
    // Act
    const report = WorkBudget.forInput(1_000).report();

    // Assess
    expect(report).toEqual({
      spent: 0,
      limit: WORK_BUDGET_FLOOR + 1_000 * WORK_STEPS_PER_CHARACTER,
      exhausted: false,
    });
  });

  it('throws a decode error with a fixed reason once spending passes the limit', () => {
    // Prepare
    const budget = new WorkBudget(10);
    budget.spend(10);

    // Act & Assess
    expect(() => budget.spend(1)).toThrow(WorkBudgetExceededError);
    expect(() => budget.spend(1)).toThrow(WORK_BUDGET_EXHAUSTED);
    expect(budget.report().exhausted).toBe(true);
  });

  it('grows with text a gzip layer inflated', () => {
    // Prepare
    const budget = new WorkBudget(10);

    // Act
    budget.allowFor(2);

    // Assess
    expect(budget.report().limit).toBe(10 + 2 * WORK_STEPS_PER_CHARACTER);
  });
});

describe('Function: decodeUserDataWithWork', () => {
  it.each(FIXTURES)('reads the fixture %s with less than a third of its budget', (name) => {
    for (const encoded of [encode(fixture(name)), encodeGzipped(fixture(name))]) {
      // Act
      const { analysis, work } = decodeUserDataWithWork(encoded, PAST_AWS_CAP);

      // Assess
      expect(analysis.status).not.toBe('unreadable');
      expect(work.spent * 3).toBeLessThan(work.limit);
    }
  });

  it.each([1_000, 8_000, 20_000, MAX_ENCODED_LENGTH])(
    'reads typical user data of %i base64 characters with less than a third of its budget',
    (length) => {
      // Act
      const { analysis, work } = decodeUserDataWithWork(typicalUserData(length), PAST_AWS_CAP);

      // Assess
      expect(analysis).toMatchObject({ status: 'decoded', bootstrap: expect.any(Object) });
      expect(work.spent * 3).toBeLessThan(work.limit);
    },
  );

  it('is unreadable, with no partial analysis, when the budget runs out', () => {
    // Prepare: each line interpolates a list of long strings, far more text than it holds.
    const script = `<powershell>\n$t = '${'x'.repeat(4_000)}'\n$l = $t,$t\n${'$s = "$l x"\n'.repeat(3_000)}& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod`;

    // Act
    const { analysis, work } = decodeUserDataWithWork(encode(script), PAST_AWS_CAP);

    // Assess
    expect(work.exhausted).toBe(true);
    expect(analysis).toEqual({ status: 'unreadable', reason: WORK_BUDGET_EXHAUSTED });
  });

  it('says what nothing cost for absent user data', () => {
    // Act & Assess
    expect(decodeUserDataWithWork(undefined)).toEqual({
      analysis: { status: 'absent' },
      work: { spent: 0, limit: WORK_BUDGET_FLOOR, exhausted: false },
    });
  });
});

describe('Function: parseBootstrapCall, with a budget', () => {
  it('throws WorkBudgetExceededError when given less budget than the script needs', () => {
    // Act & Assess
    expect(() =>
      parseBootstrapCall('& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod', new WorkBudget(5)),
    ).toThrow(WorkBudgetExceededError);
  });

  it('sizes its own budget from the script by default', () => {
    // Act & Assess
    expect(parseBootstrapCall('& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod')).toEqual({
      args: { EKSClusterName: { kind: 'literal', value: 'prod' } },
      unknownParameters: [],
    });
  });
});
