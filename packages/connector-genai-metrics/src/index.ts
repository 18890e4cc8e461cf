// Explicit exports: the public surface is exactly what is listed here.
export type { GenAIMetricsConnectorConfig } from './config.js';
export type { Dimension } from './dimensions.js';
export { genaiMetricsConnectorFactory } from './factory.js';
export type { GenAIMetricsConnectorOptions } from './genai-metrics-connector.js';
export { DEFAULT_CARDINALITY_LIMIT, GenAIMetricsConnector } from './genai-metrics-connector.js';
export { DEFAULT_SERIES_LIMIT } from './series-store.js';
export { topScore } from './span-metrics.js';
