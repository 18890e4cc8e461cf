// Explicit exports: the public surface is exactly what is listed here.
export type {
  AgentEndpoint,
  AwsEmfExporterConfig,
  MetricDescriptorConfig,
  OutputDestination,
} from './config.js';
export {
  createDefaultConfig,
  DEFAULT_AGENT_ENDPOINT,
  DEFAULT_AGENT_PORT,
  LOG_RETENTION_DAYS,
  OUTPUT_DESTINATIONS,
  parseAgentEndpoint,
  schema,
  validate,
} from './config.js';
export { AwsEmfMetricExporter } from './exporter.js';
export { awsEmfExporterFactory, createAwsEmfExporter, createTranslator } from './factory.js';
export type { DimensionRollupOption } from './group/dimensions.js';
export { DIMENSION_ROLLUP_OPTIONS } from './group/dimensions.js';
export type {
  EmfDocument,
  EmfEvent,
  EmfMetadata,
  MetricDefinition,
  MetricDirective,
} from './group/emf-document.js';
export type { LabelMatcherConfig, MetricDeclarationConfig } from './group/metric-declarations.js';
export type { EmfSink } from './push/sink.js';
export { LIMITS } from './translate/names.js';
export type { EmfTranslator } from './translate/translator.js';
export type { CloudWatchUnit } from './translate/units.js';
export { CLOUDWATCH_UNITS, mapUnit } from './translate/units.js';
export type { Distribution, EmfValue, StatisticSet, ValuesAndCounts } from './translate/values.js';
