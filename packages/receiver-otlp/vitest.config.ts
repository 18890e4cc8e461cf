import { defineConfig } from 'vitest/config';

// Real servers, real clients (HTTP, HTTPS with an openssl certificate, gRPC): fast alone, but
// seconds on a loaded 2-core machine.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
