import { truncate } from '../report/format/table.ts';
import type { ScanProgress } from '../scan.ts';
import { oneLine } from '../text.ts';
import type { OutputStream } from './io.ts';

export interface ProgressLine {
  update(progress: ScanProgress): void;
  /** Removes the line, so that what follows starts on a clean one. */
  clear(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

/** One status line on a terminal, rewritten in place with `\r`. */
export function createProgressLine(stream: OutputStream): ProgressLine {
  let shown = false;
  return {
    update(progress) {
      // A line that wraps can no longer be rewritten in place: keep it under the width.
      const width = Math.max(20, (stream.columns || 80) - 1); // 0: a terminal of unknown size
      stream.write(`${CLEAR_LINE}${truncate(describeProgress(progress), width)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}

function describeProgress(progress: ScanProgress): string {
  const counter =
    progress.done !== undefined && progress.total !== undefined
      ? ` (${progress.done}/${progress.total})`
      : '';
  // A stray escape would garble the terminal; a bidirectional override would reorder it.
  const message = oneLine(progress.message);
  const where =
    progress.accountId === undefined ? progress.region : `${progress.accountId} ${progress.region}`;
  return `[${where}] ${message}${counter}`;
}
