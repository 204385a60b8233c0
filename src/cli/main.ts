/** Entry point: `node src/cli/main.ts scan …`. Everything testable lives in run.ts. */
import process from 'node:process';
import { PROGRAM } from './constants.ts';
import { EXIT_CODES, runCli } from './run.ts';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `… | head` closes the pipe early: that is not an error worth a stack trace.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  // `> report.txt` on a full disk: the report is lost, which is no finding (exit 1) to report.
  try {
    process.stderr.write(
      `${PROGRAM}: cannot write the report to standard output: ${error.code ?? error.name}: ${error.message.replace(`${error.code}: `, '')}\n`,
    );
  } catch {
    // stderr is gone too: the exit code is all there is.
  }
  process.exit(EXIT_CODES.usage);
});
// stderr carries notes and warnings only: when it can't be written (`2>/dev/full`, a closed
// pipe), the report and the exit code still stand, rather than a crash's exit 1.
process.stderr.on('error', () => {});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
