export { descriptor, type OpenAIOptions } from './descriptor.js';
export { DEFAULT_MAX_CONTENT_LENGTH, OpenAIInstrumentation } from './instrumentation.js';
export type { OpenAIInstrumentationConfig } from './types.js';
