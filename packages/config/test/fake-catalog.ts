/**
 * A small catalog shaped like the sdk's registry, with real JSON schemas: enough component types
 * to exercise every rule of the loader without importing a component.
 */
import { durationSchema } from '../src/duration.js';
import type {
  ComponentCatalog,
  ComponentKind,
  ComponentTypeInfo,
  ValidationIssue,
} from '../src/types.js';

const genaiReceiver: ComponentTypeInfo = {
  kind: 'receiver',
  type: 'genai',
  signals: ['traces', 'metrics'],
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      instrumentations: {
        type: 'array',
        items: { enum: ['openai', 'anthropic', 'bedrock'] },
        uniqueItems: true,
      },
      capture_message_content: { type: 'boolean' },
    },
  },
  createDefaultConfig: () => ({
    instrumentations: ['openai', 'anthropic'],
    capture_message_content: false,
  }),
};

const batchProcessor: ComponentTypeInfo = {
  kind: 'processor',
  type: 'batch',
  signals: ['traces', 'metrics', 'logs'],
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      timeout: durationSchema,
      send_batch_size: { type: 'integer', minimum: 1 },
      send_batch_max_size: { type: 'integer', minimum: 0 },
    },
  },
  createDefaultConfig: () => ({ timeout: '200ms', send_batch_size: 8192, send_batch_max_size: 0 }),
  validate(config): ValidationIssue[] {
    const { send_batch_size: size, send_batch_max_size: max } = config as Record<string, number>;
    return max !== 0 && max! < size!
      ? [
          {
            path: ['send_batch_max_size'],
            message: `must be 0 or at least send_batch_size (${size})`,
          },
        ]
      : [];
  },
};

const costProcessor: ComponentTypeInfo = {
  kind: 'processor',
  type: 'genai_cost',
  signals: ['traces'],
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { pricing_file: { type: 'string' } },
  },
  createDefaultConfig: () => ({}),
};

const retrySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    initial_interval: durationSchema,
    max_interval: durationSchema,
  },
};

const otlpHttpExporter: ComponentTypeInfo = {
  kind: 'exporter',
  type: 'otlp_http',
  aliases: ['otlphttp'],
  signals: ['traces', 'metrics', 'logs'],
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    additionalProperties: false,
    properties: {
      endpoint: { type: 'string', format: 'uri' },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      timeout: durationSchema,
      compression: { enum: ['gzip', 'none'] },
      encoding: { enum: ['proto', 'json'] },
      retry_on_failure: { $ref: '#/$defs/retry' },
    },
    $defs: { retry: retrySchema },
  },
  createDefaultConfig: () => ({
    endpoint: 'http://localhost:4318',
    headers: {},
    timeout: '30s',
    compression: 'gzip',
    encoding: 'proto',
    retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s' },
  }),
};

const debugExporter: ComponentTypeInfo = {
  kind: 'exporter',
  type: 'debug',
  signals: ['traces', 'metrics', 'logs'],
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { verbosity: { enum: ['basic', 'normal', 'detailed'] } },
  },
  createDefaultConfig: () => ({ verbosity: 'basic' }),
};

const fileExporter: ComponentTypeInfo = {
  kind: 'exporter',
  type: 'file',
  signals: ['traces'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: { path: { type: 'string', minLength: 1 }, format: { const: 'json' } },
  },
  createDefaultConfig: () => ({ format: 'json' }),
};

const genaiMetricsConnector: ComponentTypeInfo = {
  kind: 'connector',
  type: 'genai_metrics',
  signals: ['traces', 'metrics'],
  connects: { from: 'traces', to: 'metrics' },
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { namespace: { type: 'string' } },
  },
  createDefaultConfig: () => ({ namespace: 'gen_ai' }),
};

const healthCheckExtension: ComponentTypeInfo = {
  kind: 'extension',
  type: 'health_check',
  signals: [],
  createDefaultConfig: () => ({ endpoint: '127.0.0.1:13133' }),
};

export const ALL_TYPES: readonly ComponentTypeInfo[] = [
  genaiReceiver,
  batchProcessor,
  costProcessor,
  otlpHttpExporter,
  debugExporter,
  fileExporter,
  genaiMetricsConnector,
  healthCheckExtension,
];

/** `get` answers canonical names only, so the loader's own alias resolution is exercised. */
export function fakeCatalog(types: readonly ComponentTypeInfo[] = ALL_TYPES): ComponentCatalog {
  return {
    get: (kind: ComponentKind, type: string) =>
      types.find((t) => t.kind === kind && t.type === type),
    types: (kind: ComponentKind) => types.filter((t) => t.kind === kind).map((t) => t.type),
  };
}
