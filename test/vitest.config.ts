import { defineConfig } from 'vitest/config';

// Every test starts real Node child processes (the openai SDK, the OTLP exporters, a graceful
// exit): seconds, not milliseconds, and more on a loaded 2-core CI machine.
export default defineConfig({
  test: {
    include: ['*.test.ts', 'faults/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Test files run in parallel; each child is mostly waiting on I/O.
    maxWorkers: 3,
  },
});
