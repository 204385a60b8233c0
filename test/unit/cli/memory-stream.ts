import type { OutputStream } from '../../../src/cli/io.ts';

/** Collects what the command line writes; `isTTY` and `columns` play a terminal. */
export class MemoryStream implements OutputStream {
  readonly chunks: string[] = [];
  isTTY?: boolean;
  columns?: number;

  constructor(terminal?: { isTTY: boolean; columns?: number }) {
    if (terminal !== undefined) {
      this.isTTY = terminal.isTTY;
      if (terminal.columns !== undefined) this.columns = terminal.columns;
    }
  }

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }

  get text(): string {
    return this.chunks.join('');
  }
}
