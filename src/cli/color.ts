import { WriteStream } from 'node:tty';
import type { OutputStream } from './io.ts';

/**
 * Whether to colour what goes to `stream`, as Node decides for its own output
 * (`WriteStream.hasColors(env)`): FORCE_COLOR colours even into a pipe (FORCE_COLOR=0 never),
 * NO_COLOR, NODE_DISABLE_COLORS and TERM=dumb turn colours off, and otherwise only a terminal
 * that can show 16 colours gets them. `--no-color` wins over all of it.
 */
export function useColor(
  stream: OutputStream,
  env: Record<string, string | undefined>,
  noColorFlag: boolean,
): boolean {
  if (noColorFlag) return false;
  const forced = env.FORCE_COLOR !== undefined;
  if (!forced && stream.isTTY !== true) return false;
  // FORCE_COLOR wins over NO_COLOR, as for Node; without the losers Node need not warn of it.
  const { NO_COLOR: _noColor, NODE_DISABLE_COLORS: _disabled, ...rest } = env;
  return WriteStream.prototype.hasColors(forced ? rest : env);
}

/** Whether a line may be rewritten in place (`\r` and erase-line): a terminal that is not dumb. */
export function canRewriteLines(
  stream: OutputStream,
  env: Record<string, string | undefined>,
): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}
