import type { WorkBudget } from './budget.ts';
import { UserDataDecodeError } from './errors.ts';

const BASE64_ALPHABET = /^[A-Za-z0-9+/]*$/;
const WHITESPACE = /\s+/g;

/**
 * Decodes standard base64 strictly. Node's own decoder silently skips characters outside
 * the alphabet, which would turn any text into some bytes; user data that isn't base64
 * must be reported instead. Line breaks and spaces (MIME wraps at 76 columns) are allowed.
 */
export function decodeBase64Strictly(text: string, work: WorkBudget, what = 'user data'): Buffer {
  // A few native passes over the text (whitespace, padding, the alphabet, the decoding),
  // each far cheaper than a step of the tokenizer: one step a character for them all.
  work.spend(text.length);
  const compact = text.replace(WHITESPACE, '');
  const data = compact.replace(/={1,2}$/, '');
  const padding = compact.length - data.length;
  const valid =
    BASE64_ALPHABET.test(data) &&
    data.length % 4 !== 1 &&
    (padding === 0 || compact.length % 4 === 0);
  if (!valid) throw new UserDataDecodeError(`${what} is not valid base64`);
  return Buffer.from(data, 'base64');
}
