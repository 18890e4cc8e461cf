export type {
  BatchSettings,
  ComponentFactory,
  ComponentLogger,
  Connector,
  ConnectorFactory,
  CreateContext,
  Env,
  Exporter,
  ExporterFactory,
  LogLevel,
  LogsConsumer,
  ProcessorFactory,
  Receiver,
  ReceiverFactory,
  TracesProcessor,
} from '@genai-otel/component';
export {
  DESCRIPTOR_FIELD,
  discoverInstrumentations,
  installedInstrumentations,
} from './components/receiver-genai/discover.js';
export { createGenAIReceiverFactory } from './components/receiver-genai/factory.js';
export { instrumentedModules } from './components/receiver-genai/instrumentations.js';
export {
  LOG_BRIDGE_MODULES,
  logBridgeModules,
} from './components/receiver-genai/log-bridges.js';
export { createDefaultRegistry } from './default-registry.js';
export {
  DEFAULT_CONFIG_FILE,
  DEFAULT_CONFIG_YAML,
  type LoadOptions,
  loadConfig,
} from './load-config.js';
export { createLogger, type Logger, type LoggerOptions, parseLogLevel } from './logger.js';
export { type AnyComponentFactory, ComponentRegistry } from './registry.js';
export { buildResource, parseResourceAttributes } from './resource.js';
export { configSchemaText, writeConfigSchema } from './schema.js';
export {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  type GenAIOtel,
  type StartOptions,
  startFromConfig,
} from './start.js';
