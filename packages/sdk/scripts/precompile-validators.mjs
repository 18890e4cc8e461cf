// Build step: every built-in component's settings schema as validator code (dist/), so loading a
// config compiles no schema at start-up (see @genai-otel/config's precompiledValidatorsSource).
import { writeFileSync } from 'node:fs';
import { precompiledValidatorsSource } from '@genai-otel/config';
import { createDefaultRegistry } from '../dist/index.js';

const schemas = createDefaultRegistry()
  .factories()
  .flatMap((factory) => (factory.schema ? [factory.schema] : []));
writeFileSync(
  new URL('../dist/precompiled-validators.cjs', import.meta.url),
  precompiledValidatorsSource(schemas),
);
