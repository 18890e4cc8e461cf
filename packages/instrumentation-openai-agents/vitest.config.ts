import { defineConfig } from 'vitest/config';

// The real @openai/agents against the mock server, in process: well under a second each on a
// quiet machine; the bound is generous for a loaded 2-core CI, never a speed check.
export default defineConfig({
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 },
});
