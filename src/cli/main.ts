/** Entry point: `node src/cli/main.ts scan …`. Everything testable lives in run.ts. */
import process from 'node:process';
import { runCli } from './run.ts';

// `… | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
