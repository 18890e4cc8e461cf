// The scripts' own tests (`npm test` runs them after the packages'): the closing line's arithmetic
// and the demo, end to end.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['**/*.test.mjs'], exclude: ['**/node_modules/**', 'lib/testdata/**'] },
});
