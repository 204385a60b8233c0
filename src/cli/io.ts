/** The part of a writable stream the command line uses; tests pass in-memory ones. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}
