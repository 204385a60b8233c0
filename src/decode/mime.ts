/**
 * Just enough MIME (RFC 2045/2046) to read cloud-init style multipart user data: headers,
 * boundaries, nested multiparts, and base64 or quoted-printable parts.
 */
import { decodeBase64Strictly } from './base64.ts';
import type { WorkBudget } from './budget.ts';
import { bytesToText, type InflationBudget } from './bytes.ts';
import { UserDataDecodeError } from './errors.ts';
import { MAX_MIME_DEPTH, MAX_MIME_PARTS } from './limits.ts';

interface Entity {
  headers: Map<string, string>;
  body: string;
}

const HEADER_LINE = /^[A-Za-z0-9-]+:/;

/** The header block at the top of a text, when the text starts with one. */
function splitEntity(text: string, work: WorkBudget): Entity | undefined {
  // Charged as a pass over all of it, as reading every line once was.
  work.spend(text.length);
  // Only the header lines are cut out: a text that is no MIME (nearly every user data) stops
  // at its first line, and a body is never split into lines only to be joined again.
  let position = 0;
  while (text.startsWith('\n', position) || text.startsWith('\r\n', position)) {
    position += text[position] === '\n' ? 1 : 2;
  }
  const headers = new Map<string, string>();
  let lastName: string | undefined;
  let body = '';
  while (position < text.length) {
    const [line, next] = lineAt(text, position);
    position = next;
    if (line === '') {
      body = text.slice(position);
      break;
    }
    if (/^[ \t]/.test(line) && lastName !== undefined) {
      // A folded header continues the previous one.
      headers.set(lastName, `${headers.get(lastName) ?? ''} ${line.trim()}`);
      continue;
    }
    if (!HEADER_LINE.test(line)) return undefined;
    const colon = line.indexOf(':');
    lastName = line.slice(0, colon).trim().toLowerCase();
    headers.set(lastName, line.slice(colon + 1).trim());
  }
  if (headers.size === 0) return undefined;
  // Line breaks in the body read as LF, CRLF or not.
  return { headers, body: body.includes('\r\n') ? body.replaceAll('\r\n', '\n') : body };
}

/** The line that starts at `start` without its CRLF or LF, and where the next one starts. */
function lineAt(text: string, start: number): [line: string, next: number] {
  const newline = text.indexOf('\n', start);
  if (newline === -1) return [text.slice(start), text.length];
  const end = newline > start && text.charCodeAt(newline - 1) === 0x0d ? newline - 1 : newline;
  return [text.slice(start, end), newline + 1];
}

function mediaTypeOf(headers: Map<string, string>): string {
  const contentType = headers.get('content-type') ?? 'text/plain';
  // Up to the first `;`, without splitting a long header at every one of its parameters.
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

function boundaryOf(headers: Map<string, string>): string | undefined {
  const contentType = headers.get('content-type') ?? '';
  const match = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary === undefined || boundary === '' ? undefined : boundary;
}

/** True when the text is a MIME multipart document (it starts with headers naming one). */
export function isMultipart(text: string, work: WorkBudget): boolean {
  const entity = splitEntity(text, work);
  return entity !== undefined && mediaTypeOf(entity.headers).startsWith('multipart/');
}

/**
 * The texts of every leaf part of a multipart document, in order, decoded from their
 * transfer encoding (and from gzip). Non-text parts (after decoding) make the whole
 * document unreadable, as a part we can't read could be the one that bootstraps.
 */
export function multipartTexts(text: string, budget: InflationBudget, work: WorkBudget): string[] {
  const texts: string[] = [];
  const pending: Array<{ entity: Entity; depth: number }> = [];
  const root = splitEntity(text, work);
  if (root === undefined) return texts;
  pending.push({ entity: root, depth: 0 });
  let parts = 0;
  while (pending.length > 0) {
    const { entity, depth } = pending.shift() as { entity: Entity; depth: number };
    if (!mediaTypeOf(entity.headers).startsWith('multipart/')) {
      texts.push(decodePart(entity, budget, work));
      continue;
    }
    if (depth >= MAX_MIME_DEPTH) {
      throw new UserDataDecodeError(`MIME multipart nests deeper than ${MAX_MIME_DEPTH} levels`);
    }
    const boundary = boundaryOf(entity.headers);
    if (boundary === undefined) throw new UserDataDecodeError('MIME multipart has no boundary');
    const children = splitParts(entity.body, boundary, work).map((part) => {
      parts++;
      if (parts > MAX_MIME_PARTS) {
        throw new UserDataDecodeError(`MIME multipart has more than ${MAX_MIME_PARTS} parts`);
      }
      return {
        entity: splitEntity(part, work) ?? { headers: new Map(), body: part },
        depth: depth + 1,
      };
    });
    // Children go first so the texts keep document order.
    pending.unshift(...children);
  }
  return texts;
}

/** The raw parts between `--boundary` lines, up to the closing `--boundary--`. */
function splitParts(body: string, boundary: string, work: WorkBudget): string[] {
  // Splitting into lines, comparing each with the delimiter, joining each part's lines.
  work.spend(body.length);
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current !== undefined) parts.push(current.join('\n'));
      if (trimmed !== delimiter) return parts;
      current = [];
      continue;
    }
    // Lines before the first delimiter are the preamble, which MIME readers ignore.
    current?.push(line);
  }
  // A document without its closing delimiter still yields the parts it has.
  if (current !== undefined) parts.push(current.join('\n'));
  return parts;
}

function decodePart(entity: Entity, budget: InflationBudget, work: WorkBudget): string {
  const encoding = (entity.headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'base64') {
    return bytesToText(decodeBase64Strictly(entity.body, work, 'a MIME part'), budget, work);
  }
  if (encoding === 'quoted-printable') {
    // Unfolding soft line breaks, then a look at every byte and the two after it.
    work.spend(2 * entity.body.length);
    return bytesToText(decodeQuotedPrintable(entity.body), budget, work);
  }
  return entity.body;
}

function decodeQuotedPrintable(text: string): Buffer {
  const source = Buffer.from(text.replace(/=\r?\n/g, ''), 'utf8');
  // Never longer than the source: byte by byte, without a string or a view per byte.
  const bytes = Buffer.alloc(source.length);
  let length = 0;
  for (let index = 0; index < source.length; index++) {
    const byte = source[index] as number;
    const high = hexDigit(source[index + 1]);
    const low = hexDigit(source[index + 2]);
    if (byte === 0x3d && high >= 0 && low >= 0) {
      bytes[length++] = high * 16 + low;
      index += 2;
    } else {
      bytes[length++] = byte;
    }
  }
  return bytes.subarray(0, length);
}

/** The value of a hexadecimal digit's byte, or -1. */
function hexDigit(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}
