/**
 * What a Lambda handler under test wrote: Powertools writes log entries and metric documents
 * (EMF) as JSON lines to standard output and error, which `captureStdStreams` spies on.
 */
import { expect, vi } from 'vitest';

/** Spies on standard output and error, writing nothing (undone by vi.restoreAllMocks). */
export function captureStdStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation(() => true);
  }
}

/** Every JSON line written to standard output and error: log entries and metric documents. */
export function jsonWritten(): Array<Record<string, unknown>> {
  return [process.stdout, process.stderr]
    .flatMap((stream) => vi.mocked(stream.write).mock.calls.map(([chunk]) => String(chunk)))
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A malformed event's refusal: its own log entry naming `field`, counted in RefusedEvents. */
export function expectEventRefused(field: string): void {
  const written = jsonWritten();
  expect(written).toContainEqual(
    expect.objectContaining({
      level: 'ERROR',
      message: 'Event refused: nothing scanned or published',
      field,
    }),
  );
  expect(written).toContainEqual(expect.objectContaining({ RefusedEvents: 1 }));
}

/** A configuration fault only an invocation reveals: its own log entry with the message. */
export function expectConfigurationRefused(message: RegExp): void {
  expect(jsonWritten()).toContainEqual(
    expect.objectContaining({
      level: 'ERROR',
      message: 'Configuration refused: nothing scanned or published',
      errorMessage: expect.stringMatching(message),
    }),
  );
}
