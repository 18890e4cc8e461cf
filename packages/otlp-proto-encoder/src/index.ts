export { EncodedSpan } from './encoded-span.js';
export type { TraceEncoderOptions } from './trace-encoder.js';
export { TraceEncoder } from './trace-encoder.js';
