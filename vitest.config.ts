import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/property/**/*.test.ts'],
          // Computing: one worker a core (Vitest's default leaves one core idle). They run
          // first, alone, so that no CPU-bound file slows an integration test's deadlines.
          sequence: { groupOrder: 0 },
          maxWorkers: '100%',
          // A file's first test may load the handler or the SDK cold: seconds, with the next
          // worker busy on the other core.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts its own moto_server on a free port and mostly waits on it, on
          // child processes and on the SDK's back-off: more files than cores keep both busy.
          sequence: { groupOrder: 1 },
          maxWorkers: '150%',
        },
      },
    ],
  },
});
