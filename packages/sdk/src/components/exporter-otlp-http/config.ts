import { DEFAULT_QUEUE_SIZE } from '@genai-otel/component';
import { durationSchema, parseDuration, type ValidationIssue } from '@genai-otel/config';

/**
 * `exporters.otlp_http` as written in the YAML (the collector's keys). Keys left `undefined` by
 * default are resolved from the standard `OTEL_EXPORTER_OTLP_*` variables (see resolve.ts).
 */
export interface OtlpHttpExporterConfig {
  /** Base URL; `/v1/traces`, `/v1/metrics` and `/v1/logs` are appended. */
  endpoint?: string;
  /** Full URL for traces, used as is. */
  traces_endpoint?: string;
  /** Full URL for metrics, used as is. */
  metrics_endpoint?: string;
  /** Full URL for logs, used as is. */
  logs_endpoint?: string;
  headers?: Record<string, string>;
  timeout?: string | number;
  compression?: 'gzip' | 'none';
  encoding: 'proto' | 'json';
  sending_queue: { enabled: boolean; queue_size: number };
  retry_on_failure: {
    enabled: boolean;
    initial_interval: string | number;
    max_interval: string | number;
    max_elapsed_time: string | number;
  };
}

export const DEFAULT_ENDPOINT = 'http://localhost:4318';
export const DEFAULT_TIMEOUT_MS = 10_000;

export function createDefaultConfig(): OtlpHttpExporterConfig {
  return {
    encoding: 'proto',
    sending_queue: { enabled: true, queue_size: DEFAULT_QUEUE_SIZE },
    retry_on_failure: {
      enabled: true,
      initial_interval: '5s',
      max_interval: '30s',
      max_elapsed_time: '300s',
    },
  };
}

// No `format: uri`: editors check the file before `${env:…}` is expanded; validate() checks the URL after.
const url = { type: 'string', minLength: 1 } as const;

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    endpoint: {
      ...url,
      description:
        'Base URL, e.g. "http://localhost:4318"; /v1/traces, /v1/metrics and /v1/logs are appended. Default: $OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318.',
    },
    traces_endpoint: {
      ...url,
      description: 'Full traces URL, used as is. Default: $OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.',
    },
    metrics_endpoint: {
      ...url,
      description: 'Full metrics URL, used as is. Default: $OTEL_EXPORTER_OTLP_METRICS_ENDPOINT.',
    },
    logs_endpoint: {
      ...url,
      description: 'Full logs URL, used as is. Default: $OTEL_EXPORTER_OTLP_LOGS_ENDPOINT.',
    },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'HTTP headers sent with every request. Default: $OTEL_EXPORTER_OTLP_HEADERS.',
    },
    timeout: {
      ...durationSchema,
      description:
        'Longest one export may take. Default: $OTEL_EXPORTER_OTLP_TIMEOUT (ms), else 10s.',
    },
    compression: {
      type: 'string',
      enum: ['gzip', 'none'],
      description: 'Request body compression. Default: $OTEL_EXPORTER_OTLP_COMPRESSION, else none.',
    },
    encoding: {
      type: 'string',
      enum: ['proto', 'json'],
      default: 'proto',
      description: 'OTLP body encoding: protobuf or JSON.',
    },
    sending_queue: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: {
          type: 'boolean',
          default: true,
          description: 'false keeps at most one batch waiting (the queue cannot be removed).',
        },
        queue_size: {
          type: 'integer',
          minimum: 1,
          default: DEFAULT_QUEUE_SIZE,
          description:
            'Spans held while the endpoint is slow or down; further spans are dropped and counted.',
        },
      },
    },
    retry_on_failure: {
      type: 'object',
      additionalProperties: false,
      description:
        'Retries of a failed export (refused, reset, timed out, HTTP 408/425/429/502/503/504; never 4xx): exponential backoff with jitter from initial_interval up to max_interval, at least the Retry-After asked for, for at most max_elapsed_time per batch (0: until shutdown) and never past the shutdown bound.',
      properties: {
        enabled: { type: 'boolean', default: true, description: 'false: one attempt per batch.' },
        initial_interval: {
          ...durationSchema,
          default: '5s',
          description: 'Wait after the first failed attempt; doubles per attempt.',
        },
        max_interval: {
          ...durationSchema,
          default: '30s',
          description: 'Longest wait between attempts.',
        },
        max_elapsed_time: {
          ...durationSchema,
          default: '300s',
          description:
            'Longest time spent on one batch, waits included (0: no limit but shutdown).',
        },
      },
    },
  },
} as const;

export function validate(config: OtlpHttpExporterConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const retry = config.retry_on_failure;
  if (retry?.enabled !== false && retry?.initial_interval !== undefined) {
    const initial = durationMs(retry.initial_interval);
    const max = retry.max_interval === undefined ? undefined : durationMs(retry.max_interval);
    if (initial === undefined) {
      // The schema says what is wrong with the value itself.
    } else if (initial <= 0) {
      issues.push({
        path: ['retry_on_failure', 'initial_interval'],
        message: `must be more than 0 while retries are enabled (got ${JSON.stringify(retry.initial_interval)})`,
      });
    } else if (max !== undefined && max < initial) {
      issues.push({
        path: ['retry_on_failure', 'max_interval'],
        message: `must be at least initial_interval (${JSON.stringify(retry.initial_interval)}; got ${JSON.stringify(retry.max_interval)})`,
      });
    }
  }
  for (const key of ['endpoint', 'traces_endpoint', 'metrics_endpoint', 'logs_endpoint'] as const) {
    const value = config[key];
    if (value === undefined) continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {}
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      issues.push({
        path: [key],
        message: `must be an http:// or https:// URL (got ${JSON.stringify(value)})`,
      });
    }
  }
  return issues;
}

function durationMs(value: string | number): number | undefined {
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}
