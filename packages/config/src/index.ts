export { buildConfigSchema } from './build-config-schema.js';
export type { ComponentId } from './component-id.js';
export {
  COMPONENT_ID_PATTERN,
  COMPONENT_TYPE_PATTERN,
  parseComponentId,
} from './component-id.js';
export { ConfigError, formatIssue } from './config-error.js';
export {
  DURATION_PATTERN,
  DURATION_TOO_LONG,
  durationSchema,
  MAX_DURATION_MS,
  parseDuration,
} from './duration.js';
export { ENV_NAME_PATTERN } from './env-expand.js';
export { loadConfigFile, parseConfig } from './parse-config.js';
export { usePrecompiledValidators, writePrecompiledValidators } from './precompile.js';
export { validateWithSchema } from './schema-validator.js';
export { configStructureSchema } from './structure-schema.js';
export type {
  ComponentCatalog,
  ComponentKind,
  ComponentTypeInfo,
  ConfigIssue,
  EnvSource,
  LoadConfigOptions,
  ParseConfigOptions,
  ResolvedComponent,
  ResolvedConfig,
  ResolvedPipeline,
  Signal,
  ValidationIssue,
} from './types.js';
