export { descriptor, type GoogleGenAIOptions } from './descriptor.js';
export { GoogleGenAIInstrumentation } from './instrumentation.js';
export type { GoogleGenAIInstrumentationConfig } from './types.js';
