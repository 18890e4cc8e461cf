// A tiny project whose real vitest JSON report feeds summarize-reports.test.mjs. Its files end in
// .check.mjs so the scripts' own test run never picks them up.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['*.check.mjs'] } });
