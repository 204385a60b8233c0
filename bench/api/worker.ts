/**
 * One run in a process of its own, so that its maximum RSS is the scan's alone (see
 * bench/child-run.ts): a scan, or the replay of one.
 */
import { answerParent } from '../child-run.ts';
import {
  type ReplayOptions,
  type ReplayResult,
  type RunOptions,
  type RunResult,
  runOnce,
  runReplay,
} from './scan-run.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as RunOptions | ReplayOptions;
answerParent<RunResult | ReplayResult>(() =>
  'replay' in options ? runReplay(options) : runOnce(options),
);
