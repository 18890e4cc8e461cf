export {
  DEFAULT_CARDINALITY_LIMIT,
  DEFAULT_COUNT_METRIC,
  type MetricKind,
  type SpanMetricConfig,
  type SpanMetricsConnectorConfig,
} from './config.js';
export {
  countConnectorFactory,
  histogramConnectorFactory,
  sumConnectorFactory,
} from './factories.js';
export { SpanMetricsConnector } from './span-metrics-connector.js';
