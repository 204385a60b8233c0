import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { benchOptions, wholeNumberOption } from '../../../bench/options.ts';

/** What process.exit was called with, thrown so that the code after it does not run. */
class Exited extends Error {
  readonly code: number | string | null | undefined;

  constructor(code: number | string | null | undefined) {
    super(`exit ${code}`);
    this.code = code;
  }
}

const COMMAND_LINE = { script: 'api.bench', usage: '\nUsage: node bench/api.bench.ts [options]\n' };
const OPTIONS = {
  estate: { type: 'string' as const, multiple: true, default: ['large'] },
  runs: { type: 'string' as const, default: '3' },
};

let printed: MockInstance<typeof console.log>;
let complained: MockInstance<typeof console.error>;

beforeEach(() => {
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Exited(code);
  });
  printed = vi.spyOn(console, 'log').mockImplementation(() => {});
  complained = vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The exit code of `run`, which must exit. */
function exitCodeOf(run: () => unknown): number | string | null | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof Exited) return error.code;
    throw error;
  }
  throw new Error('it did not exit');
}

describe("Benchmarks' command lines", () => {
  it('reads the options given, with the defaults for the others', () => {
    // Act
    const values = benchOptions(COMMAND_LINE, OPTIONS, ['--estate', 'xl', '--estate', 'small']);

    // Assess
    expect(values).toEqual({ estate: ['xl', 'small'], runs: '3' });
  });

  it('prints the usage and exits 0 on --help, whatever else is given', () => {
    // Act
    const code = exitCodeOf(() => benchOptions(COMMAND_LINE, OPTIONS, ['--bogus', '--help']));

    // Assess
    expect(code).toBe(0);
    expect(printed).toHaveBeenCalledWith('Usage: node bench/api.bench.ts [options]');
  });

  it('names an unknown option and exits 2, without a stack trace', () => {
    // Act
    const code = exitCodeOf(() => benchOptions(COMMAND_LINE, OPTIONS, ['--estates', 'xl']));

    // Assess
    expect(code).toBe(2);
    const said = complained.mock.calls.map((call) => call.join(' ')).join('\n');
    expect(said).toContain("api.bench: Unknown option '--estates'");
    expect(said).toContain('node bench/api.bench.ts --help');
    expect(said).not.toMatch(/\n\s+at /);
  });

  it('names an option given without its value', () => {
    // Act
    const code = exitCodeOf(() => benchOptions(COMMAND_LINE, OPTIONS, ['--runs']));

    // Assess
    expect(code).toBe(2);
    expect(complained.mock.calls[0]?.[0]).toMatch(/^api\.bench: .*--runs/);
  });

  it.each(['0', '1.5', 'abc', '', ' '])(
    'refuses %j where a whole number of 1 or more is due',
    (value) => {
      // Act
      const code = exitCodeOf(() => wholeNumberOption('scan.bench', 'rounds', value, 1));

      // Assess
      expect(code).toBe(2);
      expect(complained.mock.calls[0]?.[0]).toBe(
        `scan.bench: --rounds must be a whole number, 1 or more, not ${JSON.stringify(value)}`,
      );
    },
  );

  it('takes a whole number at or above the least', () => {
    // Act & Assess
    expect(wholeNumberOption('scan.bench', 'rounds', '7', 1)).toBe(7);
    expect(wholeNumberOption('aggregate.bench', 'windows-regions', '0', 0)).toBe(0);
  });
});
