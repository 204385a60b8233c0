/** The first line of a message: what a report or a terminal line may carry of it. */
export function firstLine(message: unknown): string {
  return typeof message === 'string' ? (message.split('\n')[0] ?? '').trim() : '';
}
