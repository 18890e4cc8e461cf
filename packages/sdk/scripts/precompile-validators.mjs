// Build step: every built-in component's settings schema as validator code (dist/validators/, a
// file per schema), so loading a config compiles no schema at start-up and loads the code of the
// components it names only (see @genai-otel/config's writePrecompiledValidators).
import { fileURLToPath } from 'node:url';
import { writePrecompiledValidators } from '@genai-otel/config';
import { createDefaultRegistry } from '../dist/index.js';

const schemas = createDefaultRegistry()
  .factories()
  .flatMap((factory) => (factory.schema ? [factory.schema] : []));
writePrecompiledValidators(fileURLToPath(new URL('../dist/validators/', import.meta.url)), schemas);
