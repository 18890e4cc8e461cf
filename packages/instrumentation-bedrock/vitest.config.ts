import { defineConfig } from 'vitest/config';

// The real AWS SDK against the mock server (and one child process): well under a second each on a
// quiet machine; the bound is generous for a loaded 2-core CI, never a speed check.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
});
