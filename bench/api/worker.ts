/**
 * One run in a process of its own, so that its maximum RSS is the scan's alone. Takes the
 * run's options as JSON in argv[2], sends the result to the parent over IPC and exits.
 */
import { type ReplayOptions, type RunOptions, runOnce, runReplay } from './scan-run.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as RunOptions | ReplayOptions;
const result = 'replay' in options ? await runReplay(options) : await runOnce(options);
process.send?.(result, () => process.exit(0));
if (process.send === undefined) {
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
