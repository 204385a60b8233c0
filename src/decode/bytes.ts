import { gunzipSync } from 'node:zlib';
import type { WorkBudget } from './budget.ts';
import { UserDataDecodeError } from './errors.ts';
import { MAX_INFLATED_BYTES } from './limits.ts';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Tracks what all gzip layers of one user data have inflated to, against one shared cap. */
export class InflationBudget {
  #used = 0;
  /** True once any gzip layer was inflated. */
  gzip = false;
  readonly #work: WorkBudget;

  constructor(work: WorkBudget) {
    this.#work = work;
  }

  inflate(bytes: Buffer): Buffer {
    const remaining = MAX_INFLATED_BYTES - this.#used;
    let inflated: Buffer;
    try {
      // maxOutputLength makes zlib stop as soon as the output would pass the cap, so a
      // small "gzip bomb" costs no more than the cap itself.
      inflated = gunzipSync(bytes, { maxOutputLength: Math.max(remaining, 1) });
    } catch (error) {
      const tooLarge = error instanceof RangeError || hasCode(error, 'ERR_BUFFER_TOO_LARGE');
      throw new UserDataDecodeError(
        tooLarge
          ? `gzip payload exceeds ${MAX_INFLATED_BYTES / 1024} KiB when inflated`
          : 'gzip payload is corrupt',
        { cause: error },
      );
    }
    this.#used += inflated.length;
    this.gzip = true;
    // The inflated text is input of its own: it brings its allowance, and inflating it was
    // work (zlib's, about a step a byte).
    this.#work.allowFor(inflated.length);
    this.#work.spend(inflated.length);
    return inflated;
  }
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** Decoded bytes as text, inflating gzip first. Throws when the bytes are not text. */
export function bytesToText(bytes: Buffer, budget: InflationBudget, work: WorkBudget): string {
  const plain = isGzip(bytes) ? budget.inflate(bytes) : bytes;
  // Decoding and the binary check: one step a byte for both.
  work.spend(plain.length);
  const text = decodeText(plain);
  if (looksBinary(text)) throw new UserDataDecodeError('user data is binary, not text');
  return text;
}

/**
 * Windows-1252's characters for the bytes 0x80-0x9F, where it differs from Latin-1 (the five
 * bytes it leaves undefined stay the C1 controls). Written out because Node 20's TextDecoder
 * reads `windows-1252` as Latin-1 there, and 0x91-0x94 are the curly quotes PowerShell
 * treats as quotes.
 */
const WINDOWS_1252_80_TO_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function windows1252(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_80_TO_9F[c.charCodeAt(0) - 0x80] ?? c);
}

/**
 * UTF-16 with a byte order mark, else UTF-8. Bytes that are not UTF-8 are read as Windows
 * PowerShell 5.1 reads a script without a byte order mark: in the ANSI code page, Windows-1252
 * on the English and Western European Windows AMIs (a script saved as ANSI, curly quotes
 * pasted from a document). The bootstrap call itself is ASCII in every such page.
 */
function decodeText(bytes: Buffer): string {
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : undefined;
  if (utf16 !== undefined) {
    try {
      return new TextDecoder(utf16, { fatal: true }).decode(bytes.subarray(2));
    } catch (error) {
      throw new UserDataDecodeError('user data is not valid UTF-16 text', { cause: error });
    }
  }
  try {
    // The UTF-8 decoder drops a byte order mark by itself.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return windows1252(bytes);
  }
}

/**
 * Text has no NUL and hardly any other control characters; a few stray ones (a form feed,
 * an old editor's end-of-file mark) are tolerated.
 */
function looksBinary(text: string): boolean {
  let controls = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0) return true;
    const whitespace =
      code === 0x09 || code === 0x0a || code === 0x0b || code === 0x0c || code === 0x0d;
    if ((code < 0x20 && !whitespace) || code === 0x7f) controls++;
  }
  return controls > 0 && controls * 100 > text.length;
}
