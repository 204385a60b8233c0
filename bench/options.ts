/**
 * The command lines of the benchmarks: `--help` prints the script's usage, and an unknown
 * option, a missing value or a number that is not one stops with a message naming it (exit
 * 2), not a stack trace.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface BenchCommandLine {
  /** The script's name in messages ("api.bench"). */
  script: string;
  /** What `--help` prints: how to run it and its options. */
  usage: string;
}

/** Stops the benchmark with `message`, as a command line does on a usage error. */
export function usageError(script: string, message: string): never {
  console.error(`${script}: ${message}`);
  console.error(`Run node bench/${script}.ts --help for its options.`);
  process.exit(2);
}

/** The options of `args` (the process's by default), or the usage on `--help`. */
export function benchOptions<T extends Options>(
  { script, usage }: BenchCommandLine,
  options: T,
  args: string[] = process.argv.slice(2),
) {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage.trim());
    process.exit(0);
  }
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs names the option and what is wrong with it ("Unknown option '--estates'").
    return usageError(script, error instanceof Error ? error.message : String(error));
  }
}

/** `value` of `--option` as a whole number of at least `least`, or a usage error. */
export function wholeNumberOption(
  script: string,
  option: string,
  value: string,
  least: number,
): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < least)
    usageError(
      script,
      `--${option} must be a whole number, ${least} or more, not ${JSON.stringify(value)}`,
    );
  return number;
}
