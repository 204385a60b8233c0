import { open } from 'node:fs/promises';
import { ConfigFileError } from './errors.ts';
import { MAX_CONFIG_FILE_BYTES, parseConfigText } from './parse.ts';
import type { LoadedConfigFile } from './types.ts';

/** The file the command line reads, when present, without --config. */
export const DEFAULT_CONFIG_FILE = '.eks-windows-scanner.yaml';
/** The same file under YAML's other extension, read when DEFAULT_CONFIG_FILE is absent. */
export const DEFAULT_CONFIG_FILE_YML = '.eks-windows-scanner.yml';

/**
 * Reads and validates a configuration file from disk. A file that cannot be read (missing,
 * a directory, too large, not UTF-8) is a ConfigFileError naming the file (no line), as is
 * every fault parseConfigText finds.
 */
export async function loadConfigFile(path: string): Promise<LoadedConfigFile> {
  let text: string;
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      if (size > MAX_CONFIG_FILE_BYTES) {
        throw new ConfigFileError(
          path,
          undefined,
          undefined,
          `larger than ${MAX_CONFIG_FILE_BYTES / 1024} KiB`,
        );
      }
      text = new TextDecoder('utf-8', { fatal: true }).decode(await file.readFile());
    } finally {
      await file.close();
    }
  } catch (error) {
    if (error instanceof ConfigFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : error instanceof TypeError
              ? 'is not UTF-8 text'
              : `cannot be read (${code ?? (error as Error).name})`;
    throw new ConfigFileError(path, undefined, undefined, problem, { cause: error });
  }
  return parseConfigText(text, path);
}
