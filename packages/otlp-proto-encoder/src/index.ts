export type { TraceEncoderOptions } from './trace-encoder.js';
export { TraceEncoder } from './trace-encoder.js';
