export type { RollupProcessorConfig } from './config.js';
export { rollupProcessorFactory } from './factory.js';
export { type RollupOptions, RollupSpanProcessor } from './rollup-processor.js';
export { Totals } from './totals.js';
