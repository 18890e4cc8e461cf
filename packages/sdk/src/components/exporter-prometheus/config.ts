import type { ValidationIssue } from '@genai-otel/config';
import {
  ATTR_PROCESS_COMMAND,
  ATTR_PROCESS_COMMAND_ARGS,
  ATTR_PROCESS_COMMAND_LINE,
  ATTR_PROCESS_CREATION_TIME,
  ATTR_PROCESS_EXECUTABLE_PATH,
  ATTR_PROCESS_PARENT_PID,
  ATTR_PROCESS_PID,
  ATTR_SERVICE_INSTANCE_ID,
} from '@genai-otel/semantic-conventions';

/** `exporters.prometheus` as written in the YAML (the collector's keys). */
export interface PrometheusExporterConfig {
  /** `host:port` serving `/metrics`. */
  endpoint: string;
  /** Prefix of every metric name (`namespace_`). */
  namespace?: string;
  /** Labels added to every series. */
  const_labels?: Record<string, string>;
  /** Resource attributes (service.name …) as labels on every series. */
  resource_to_telemetry_conversion: ResourceToTelemetryConversion;
}

export interface ResourceToTelemetryConversion {
  enabled: boolean;
  /** Only these resource attributes (exact names, or prefixes ending in `*`); absent: all. */
  include?: string[];
  /** Never these, even if included. Default: the per-process attributes. */
  exclude: string[];
}

/**
 * Resource attributes that change at every start of the process: as labels they would start new
 * series at each restart (and `service.instance.id` is a random id per process), so they are
 * left off series unless `exclude` is set otherwise. `target_info` still carries them.
 */
export const DEFAULT_EXCLUDED_RESOURCE_ATTRIBUTES: readonly string[] = [
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_PROCESS_PID,
  ATTR_PROCESS_PARENT_PID,
  ATTR_PROCESS_COMMAND,
  ATTR_PROCESS_COMMAND_ARGS,
  ATTR_PROCESS_COMMAND_LINE,
  ATTR_PROCESS_EXECUTABLE_PATH,
  ATTR_PROCESS_CREATION_TIME,
];

/** Loopback by default: metrics of an app are not for the whole network unless asked. */
export const DEFAULT_ENDPOINT = '127.0.0.1:9464';

export function createDefaultConfig(): PrometheusExporterConfig {
  return {
    endpoint: DEFAULT_ENDPOINT,
    resource_to_telemetry_conversion: {
      enabled: false,
      exclude: [...DEFAULT_EXCLUDED_RESOURCE_ATTRIBUTES],
    },
  };
}

const LABEL_NAME = '^[a-zA-Z_][a-zA-Z0-9_]*$';
/** An attribute name, or a prefix ending in `*` (a `*` nowhere else). */
const ATTRIBUTE_NAME_OR_PREFIX = '^[^*]+\\*?$';

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    endpoint: {
      type: 'string',
      minLength: 1,
      default: DEFAULT_ENDPOINT,
      description:
        'host:port where /metrics is served; ":9464" listens on every interface. Default 127.0.0.1:9464 (loopback only).',
    },
    namespace: {
      type: 'string',
      pattern: LABEL_NAME,
      description: 'Prefix of every metric name, joined with "_".',
    },
    const_labels: {
      type: 'object',
      propertyNames: { pattern: LABEL_NAME },
      additionalProperties: { type: 'string' },
      description: 'Labels added to every series.',
    },
    resource_to_telemetry_conversion: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: {
          type: 'boolean',
          default: false,
          description:
            'Resource attributes (service.name …) become labels of every series, but for those excluded.',
        },
        include: {
          type: 'array',
          items: { type: 'string', pattern: ATTRIBUTE_NAME_OR_PREFIX },
          description:
            'Only these resource attributes (exact names, or prefixes ending in "*"); default all. A genai-otel extension.',
        },
        exclude: {
          type: 'array',
          items: { type: 'string', pattern: ATTRIBUTE_NAME_OR_PREFIX },
          default: [...DEFAULT_EXCLUDED_RESOURCE_ATTRIBUTES],
          description:
            'Never these resource attributes (exact names, or prefixes ending in "*"); default the per-process ones (service.instance.id, process.pid, process.command_args …). A genai-otel extension.',
        },
      },
    },
  },
} as const;

export interface ListenAddress {
  /** Undefined: every interface. */
  host: string | undefined;
  port: number;
}

/** `127.0.0.1:9464`, `[::1]:9464`, `:9464`, `localhost:0` → host and port; undefined if malformed. */
export function parseEndpoint(endpoint: string): ListenAddress | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(endpoint.trim());
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  const host = m[1] ?? m[2];
  return { host: host === '' ? undefined : host, port };
}

export function validate(config: PrometheusExporterConfig): ValidationIssue[] {
  if (parseEndpoint(config.endpoint) === undefined) {
    return [
      {
        path: ['endpoint'],
        message: `must be host:port, e.g. "127.0.0.1:9464" (got ${JSON.stringify(config.endpoint)})`,
      },
    ];
  }
  return [];
}
