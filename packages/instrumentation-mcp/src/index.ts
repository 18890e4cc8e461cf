export { descriptor, type McpOptions } from './descriptor.js';
export { McpInstrumentation, SUPPORTED_VERSIONS } from './instrumentation.js';
export type { McpInstrumentationConfig } from './types.js';
