import { defineConfig } from 'vitest/config';

// The collector, the bin and the RevOps example run as real child processes: seconds, not
// milliseconds, and more on a loaded 2-core machine.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
