/**
 * A benchmark run in a child process of its own, so that its maximum RSS is its alone, with
 * the V8 heap flags of the function it stands for (template.yaml's NODE_OPTIONS). The child
 * module takes its options as JSON in argv[2] and answers once with `answerParent`.
 */
import { fork } from 'node:child_process';
import { readTemplate } from '../scripts/build.ts';

export type ChildOutcome<T> = { ok: true; result: T } | { ok: false; reason: string };

/** The heap flags a function of template.yaml is deployed with. */
export async function deployedHeapFlags(functionId: string): Promise<string[]> {
  const template = await readTemplate();
  const resource = (template.Resources as Record<string, { Properties?: Record<string, unknown> }>)[
    functionId
  ];
  const environment = resource?.Properties?.Environment as
    | { Variables?: Record<string, unknown> }
    | undefined;
  const options = environment?.Variables?.NODE_OPTIONS;
  return typeof options === 'string'
    ? options.split(/\s+/).filter((flag) => /^--max-(old|semi)-space-size=\d+$/.test(flag))
    : [];
}

/** Runs `worker` in a child with `heapFlags`; one still running after `timeoutMs` is stopped. */
export function runInChild<T>(
  worker: URL,
  options: unknown,
  limits: { heapFlags: readonly string[]; timeoutMs: number; timeoutReason: string },
): Promise<ChildOutcome<T>> {
  return new Promise((resolve) => {
    const child = fork(worker, [JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      execArgv: [...process.execArgv, ...limits.heapFlags],
    });
    // Its last words, to tell a heap that ran out from another crash.
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-2000);
    });
    let outcome: ChildOutcome<T> | undefined;
    const timer = setTimeout(() => {
      outcome = { ok: false, reason: limits.timeoutReason };
      child.kill('SIGKILL');
    }, limits.timeoutMs);
    child.on('message', (message: ChildOutcome<T>) => {
      outcome ??= message;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const heap = /heap limit|out of memory/i.test(stderr)
        ? ' (JavaScript heap out of memory)'
        : '';
      resolve(outcome ?? { ok: false, reason: `exited with ${signal ?? `code ${code}`}${heap}` });
    });
  });
}

/**
 * In the child: does `work` and sends its outcome to the parent, then exits. Run by hand (no
 * parent), prints the result.
 */
export function answerParent<T>(work: () => Promise<T>): void {
  const send = (outcome: ChildOutcome<T>, code: number) => {
    if (process.send === undefined) {
      console.log(JSON.stringify(outcome.ok ? outcome.result : outcome, null, 2));
      process.exit(code);
    }
    process.send(outcome, () => process.exit(code));
  };
  work().then(
    (result) => send({ ok: true, result }, 0),
    (error: unknown) =>
      send(
        {
          ok: false,
          reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        },
        1,
      ),
  );
}
