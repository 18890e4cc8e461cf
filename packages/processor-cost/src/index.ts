// Explicit exports: the public surface is exactly what is listed here.
export type { CallInfo } from './call-info.js';
export {
  isAnthropicCall,
  isInferenceOperation,
  normalizeProvider,
  readCallInfo,
} from './call-info.js';
export type { PriceIssue } from './check-prices.js';
export { checkModelPrices } from './check-prices.js';
export type { Cost } from './compute-cost.js';
export { computeCost } from './compute-cost.js';
export type { CostProcessorConfig } from './config.js';
export type { CostSpanProcessorOptions } from './cost-span-processor.js';
export { CostSpanProcessor } from './cost-span-processor.js';
export { costProcessorFactory } from './factory.js';
export { modelIdCandidates, stripSnapshot } from './model-id.js';
export type {
  ModelPrice,
  PriceTier,
  PricingFile,
  ResolvedPrice,
  TokenPrices,
} from './pricing-table.js';
export {
  BUILTIN_PRICING_DIR,
  PricingTable,
  parsePricingFile,
  readPricingFiles,
} from './pricing-table.js';
export type { AnthropicRawUsage, Usage } from './usage.js';
export {
  DEFAULT_ADDITIVE_USAGE_SCOPES,
  fromAnthropicUsage,
  INVALID_COUNT,
  invalidCountNames,
  readUsage,
  SUBSET_REWRITE,
  toSubsetRule,
} from './usage.js';
