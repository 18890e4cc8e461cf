export { type BedrockOptions, descriptor } from './descriptor.js';
export { BedrockInstrumentation } from './instrumentation.js';
export type { BedrockInstrumentationConfig } from './types.js';
