/**
 * Where the report goes: standard output, one file (`--output`, `-` for standard output), or
 * one file per format in a directory (`--output-dir`). Every file is opened before the scan,
 * so that a report that could not be written costs no scan.
 */
import { rmdirSync, unlinkSync } from 'node:fs';
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FORMAT_EXTENSIONS, type ReportFormat } from '../report/format/index.ts';
import type { ScanCommand } from './args.ts';
import { firstLine, OutputError, UsageError } from './errors.ts';

/** The base name of the files `--output-dir` writes. */
export const REPORT_BASENAME = 'eks-windows-scanner-report';

export function extensionOf(format: ReportFormat): string {
  return FORMAT_EXTENSIONS[format].replace(/^\./, '');
}

export interface OutputTarget {
  format: ReportFormat;
  /** Absent: standard output. */
  path?: string;
  /** The file did not exist before: removed again when no report is written. */
  created?: boolean;
  /**
   * The directories `--output-dir` made for it, outermost first: removed again (when empty)
   * when no report is written, so that a later step finds no report folder at all.
   */
  createdDirectories?: readonly string[];
}

/** The targets of a scan, each file checked writable (and opened) now. */
export async function prepareOutputs(command: ScanCommand): Promise<OutputTarget[]> {
  if (command.outputDir !== undefined) {
    const directory = command.outputDir;
    const existing = await stat(directory).catch(() => undefined);
    if (existing !== undefined && !existing.isDirectory()) {
      throw new UsageError(`--output-dir '${directory}' is not a directory`);
    }
    const createdDirectories: string[] = [];
    if (existing === undefined) {
      await makeDirectories(directory, createdDirectories).catch((error: unknown) => {
        throw new UsageError(
          `--output-dir '${directory}': cannot create the directory: ${reason(error)}`,
          { cause: error },
        );
      });
    }
    const targets: OutputTarget[] = [];
    try {
      for (const format of command.formats) {
        const path = join(directory, `${REPORT_BASENAME}.${extensionOf(format)}`);
        targets.push({
          format,
          ...(await openable(path, `--output-dir '${directory}' (its ${basename(path)})`)),
          ...(createdDirectories.length > 0 ? { createdDirectories } : {}),
        });
      }
    } catch (error) {
      // One report file can't be written: the ones made before it go too, as no report comes.
      removeCreated(createdFilesOf(targets), [...createdDirectories].reverse());
      throw error;
    }
    return targets;
  }
  const [format = 'table'] = command.formats;
  if (command.output === undefined || command.output === '-') return [{ format }];
  return [{ format, ...(await openable(command.output, `--output '${command.output}'`)) }];
}

/**
 * `mkdir -p`, one level at a time: Node's `recursive` mkdir spins for ever where the kernel
 * answers ENOENT under a parent that exists (`/proc/x`), instead of failing.
 */
async function makeDirectories(directory: string, created: string[]): Promise<void> {
  const missing: string[] = [];
  for (let path = resolve(directory); ; ) {
    if ((await stat(path).catch(() => undefined)) !== undefined) break;
    missing.unshift(path);
    const parent = dirname(path);
    if (parent === path) break;
    path = parent;
  }
  for (const path of missing) {
    const made = await mkdir(path).then(
      () => true,
      (error: unknown) => {
        // Made meanwhile by someone else: as good, but not ours to remove.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        return false;
      },
    );
    if (made) created.push(path);
  }
}

/**
 * Opens the file for appending (which creates it but changes nothing), then closes it. `named`
 * is how messages name it: the option and the value the user gave.
 */
async function openable(path: string, named: string): Promise<{ path: string; created: boolean }> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${named} is a directory`);
  const parent = dirname(resolve(path));
  const directory = await stat(parent).catch(() => undefined);
  if (directory === undefined) {
    throw new UsageError(`${named}: the directory does not exist`);
  }
  if (!directory.isDirectory()) {
    throw new UsageError(`${named}: ${parent} is a file, not a directory`);
  }
  try {
    const handle = await open(path, 'a');
    await handle.close();
  } catch (error) {
    // The file system refused it (EACCES, ENAMETOOLONG): no usage hint, which would not mend it.
    throw new OutputError(`${named} is not writable: ${reason(error)}`, {
      cause: error,
    });
  }
  return { path, created: existing === undefined };
}

/**
 * Removes the empty files `prepareOutputs` created for a report that never came, then the
 * directories it made for them, innermost first (`rmdir`: one that is no longer empty stays).
 */
export async function discardOutputs(targets: readonly OutputTarget[]): Promise<void> {
  removeCreated(createdFilesOf(targets), createdDirectoriesOf(targets));
}

/** The files `prepareOutputs` created. */
function createdFilesOf(targets: readonly OutputTarget[]): string[] {
  return targets.flatMap((target) =>
    target.created && target.path !== undefined ? [target.path] : [],
  );
}

/** The directories `prepareOutputs` made, each once, innermost first. */
function createdDirectoriesOf(targets: readonly OutputTarget[]): string[] {
  return [...new Set(targets.flatMap((target) => target.createdDirectories ?? []))].reverse();
}

/** Synchronous: it also runs in a signal handler, which ends the process right after. */
function removeCreated(files: readonly string[], directories: readonly string[]): void {
  for (const path of files) {
    try {
      unlinkSync(path);
    } catch {
      // Gone already, or never ours to remove: nothing to undo.
    }
  }
  for (const directory of directories) {
    try {
      rmdirSync(directory);
    } catch {
      // Not empty (someone wrote into it meanwhile), or gone: it stays as it is.
    }
  }
}

const INTERRUPTIONS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Until the returned function is called, Ctrl-C or a cancelled job (SIGINT, SIGTERM, SIGHUP)
 * first removes the empty files `prepareOutputs` created, then ends the process as the
 * signal would have: a cancelled pipeline must not hand an empty report to its next step.
 */
export function discardOutputsOnInterrupt(targets: readonly OutputTarget[]): () => void {
  const created = createdFilesOf(targets);
  const directories = createdDirectoriesOf(targets);
  if (created.length === 0 && directories.length === 0) return () => {};
  const onSignal = (signal: NodeJS.Signals) => {
    // Removed while this handler still holds the signals: once it lets go, a second signal
    // (a double Ctrl-C, SIGTERM then SIGINT) takes the default action and ends the process
    // at once, which would leave the files.
    removeCreated(created, directories);
    stop();
    process.kill(process.pid, signal);
  };
  const stop = () => {
    for (const signal of INTERRUPTIONS) process.off(signal, onSignal);
  };
  for (const signal of INTERRUPTIONS) process.on(signal, onSignal);
  return stop;
}

/** Writes a report's text, given whole or in pieces (written one after the other). */
export async function writeOutput(
  target: OutputTarget & { path: string },
  text: string | Iterable<string>,
) {
  try {
    await writeFile(target.path, text, 'utf8');
  } catch (error) {
    throw new OutputError(`cannot write '${target.path}': ${reason(error)}`, { cause: error });
  }
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = firstLine(error instanceof Error ? error.message : String(error));
  return typeof code === 'string' ? `${code}: ${message.replace(`${code}: `, '')}` : message;
}
