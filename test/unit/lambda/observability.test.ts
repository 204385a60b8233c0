import { afterEach, describe, expect, it, vi } from 'vitest';
import { createObservability } from '../../../src/lambda/observability.ts';

describe('Function: createObservability', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("sends the metrics' own warnings through the JSON logger, never as plain text", () => {
    // Prepare: an invocation that failed before it recorded any metric
    const { logger, metrics } = createObservability();
    const logged = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const plain = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    // Act
    metrics.publishStoredMetrics();

    // Assess
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('No application metrics'));
    expect(plain).not.toHaveBeenCalled();
  });
});
