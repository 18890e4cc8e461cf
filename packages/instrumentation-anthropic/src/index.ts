export { type AnthropicOptions, descriptor } from './descriptor.js';
export { AnthropicInstrumentation } from './instrumentation.js';
export type { AnthropicInstrumentationConfig } from './types.js';
