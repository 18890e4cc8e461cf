import { defineConfig } from 'vitest/config';

// Each test runs the example as a real child process: seconds, not milliseconds.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
