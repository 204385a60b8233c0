import { oneLine, shortenAtWord } from '../text.ts';
import type { FailedFinding } from './types.ts';

/**
 * Why Security Hub refused findings, in one line: each error code with how many, and its first
 * message's first line (AWS's words: the call or permission at fault, never a finding's
 * content), shortened.
 */
export function describeRefusals(failed: readonly FailedFinding[]): string {
  const byCode = new Map<string, { count: number; message: string }>();
  for (const { code, message } of failed) {
    const seen = byCode.get(code);
    if (seen === undefined) byCode.set(code, { count: 1, message });
    else seen.count++;
  }
  return [...byCode]
    .map(([code, { count, message }]) => {
      const said = shortenAtWord(oneLine(message.split('\n')[0] ?? ''), 200);
      return `${code} (${count})${said === '' ? '' : `: ${said}`}`;
    })
    .join('; ');
}
