import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { decodeUserData } from '../../../src/decode/index.ts';
import type { BootstrapCall, UserDataAnalysis } from '../../../src/decode/types.ts';

const FIXTURES = new URL('../../fixtures/user-data/', import.meta.url);

/** A fixture of test/fixtures/user-data as plain text. */
export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** Text as EC2 returns user data: base64. */
export function encode(text: string | Buffer): string {
  return Buffer.from(text).toString('base64');
}

export function encodeGzipped(text: string): string {
  return gzipSync(Buffer.from(text)).toString('base64');
}

/** Decodes user data written as plain text, once encoded as EC2 returns it. */
export function decodeText(text: string | Buffer): UserDataAnalysis {
  return decodeUserData(encode(text));
}

type DecodedAnalysis = Extract<UserDataAnalysis, { status: 'decoded' }>;

/**
 * The expected analysis of plain text (neither gzip nor MIME) with a PowerShell section and
 * no bootstrap call; `differences` say what the test expects otherwise.
 */
export function decodedAnalysis(
  differences: Partial<Omit<DecodedAnalysis, 'status'>> = {},
): DecodedAnalysis {
  return {
    status: 'decoded',
    gzip: false,
    mime: false,
    powershell: true,
    bootstrap: undefined,
    ...differences,
  };
}

/** The bootstrap call of an analysis that must have decoded. */
export function bootstrapOf(analysis: UserDataAnalysis): BootstrapCall | undefined {
  if (analysis.status !== 'decoded') throw new Error(`expected decoded, got ${analysis.status}`);
  return analysis.bootstrap;
}

export interface MimePart {
  contentType: string;
  body: string;
  transferEncoding?: 'base64' | '7bit';
}

/** A cloud-init style MIME multipart document. */
export function multipart(parts: MimePart[], boundary = '==MYBOUNDARY=='): string {
  const lines = [
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    'This is a multi-part message in MIME format.',
  ];
  for (const part of parts) {
    lines.push(`--${boundary}`, `Content-Type: ${part.contentType}`);
    if (part.transferEncoding) lines.push(`Content-Transfer-Encoding: ${part.transferEncoding}`);
    const body =
      part.transferEncoding === 'base64' ? encode(part.body).replace(/.{76}/g, '$&\n') : part.body;
    lines.push('', body);
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}
