// Build step: the structure schema's validator as code, so loading a config compiles nothing of ours.
import { writeFileSync } from 'node:fs';
import { configStructureSchema, precompiledValidatorsSource } from '../dist/index.js';

writeFileSync(
  new URL('../dist/precompiled-validators.cjs', import.meta.url),
  precompiledValidatorsSource([configStructureSchema]),
);
