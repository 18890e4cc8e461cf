import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The EMF-spec test validates hundreds of documents against the schema (~1 s alone); CI runs
    // every package at once on two cores, where vitest's default 5 s is not enough.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
