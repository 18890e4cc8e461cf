// Regenerates schema/genai-otel.schema.json from the built registry (`pnpm gen:schema`).
import { fileURLToPath } from 'node:url';
import { createDefaultRegistry, writeConfigSchema } from '../dist/index.js';

const out = fileURLToPath(new URL('../schema/genai-otel.schema.json', import.meta.url));
writeConfigSchema(createDefaultRegistry(), out);
process.stdout.write(`wrote ${out}\n`);
