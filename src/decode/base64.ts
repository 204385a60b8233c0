import { UserDataDecodeError } from './errors.ts';

const BASE64_ALPHABET = /^[A-Za-z0-9+/]*$/;
const WHITESPACE = /\s+/g;

/**
 * Decodes standard base64 strictly. Node's own decoder silently skips characters outside
 * the alphabet, which would turn any text into some bytes; user data that isn't base64
 * must be reported instead. Line breaks and spaces (MIME wraps at 76 columns) are allowed.
 */
export function decodeBase64Strictly(text: string, what = 'user data'): Buffer {
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
