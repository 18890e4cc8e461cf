// Build step: the structure schema's validator as code, so loading a config compiles nothing of ours.
import { fileURLToPath } from 'node:url';
import { configStructureSchema, writePrecompiledValidators } from '../dist/index.js';

writePrecompiledValidators(fileURLToPath(new URL('../dist/validators/', import.meta.url)), [
  configStructureSchema,
]);
