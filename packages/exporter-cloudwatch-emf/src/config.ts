/**
 * `exporters.awsemf` as written in the YAML: the collector's `awsemf` keys, plus the few a
 * process needs to choose its destination (`path`, `agent_endpoint`) and bound its memory
 * (`sending_queue`). Defaults live in `createDefaultConfig` only.
 */
import type { ValidationIssue } from '@genai-otel/config';
import {
  LOG_NAME_MAX_LENGTH,
  LOG_RETENTION_DAYS,
  type LogNameKind,
  logNameProblem,
} from '@genai-otel/exporter-cloudwatch-logs';
import { DIMENSION_ROLLUP_OPTIONS, type DimensionRollupOption } from './group/dimensions.js';
import type { MetricDeclarationConfig } from './group/metric-declarations.js';
import { LIMITS, NAMESPACE_PATTERN } from './translate/names.js';
import { LOG_NAME_PLACEHOLDERS } from './translate/resource.js';
import { CLOUDWATCH_UNITS, type CloudWatchUnit } from './translate/units.js';

export const OUTPUT_DESTINATIONS = ['cloudwatch', 'stdout', 'file', 'agent'] as const;
export type OutputDestination = (typeof OUTPUT_DESTINATIONS)[number];

// The service's rules, shared with the awscloudwatchlogs exporter.
export { LOG_RETENTION_DAYS };

export const DEFAULT_AGENT_PORT = 25888;
export const DEFAULT_AGENT_ENDPOINT = `tcp://127.0.0.1:${DEFAULT_AGENT_PORT}`;
export const DEFAULT_QUEUE_SIZE = 10_000;
export const DEFAULT_MAX_RETRIES = 3;

export interface MetricDescriptorConfig {
  metric_name: string;
  unit: CloudWatchUnit;
  /** `true`: replace the unit the metric has; `false`: only set it when the metric has none. */
  overwrite?: boolean;
}

export interface AwsEmfExporterConfig {
  /** CloudWatch namespace. Empty: `service.namespace/service.name`, else `service.name`, else `default`. */
  namespace: string;
  /**
   * Empty: `/metrics/<namespace>`, as the collector (characters a log group cannot hold become
   * `_`). `{ServiceName}`, `{TaskId}`… are replaced from the resource, their values repaired.
   */
  log_group_name: string;
  /** Empty: `otel-stream`. Placeholders as for the group (`:` and `*` in their values become `_`). */
  log_stream_name: string;
  /** Empty: `$AWS_REGION`, `$AWS_DEFAULT_REGION`, then the SDK's own lookup. */
  region: string;
  /** CloudWatch Logs endpoint override (VPC endpoint, LocalStack, tests). */
  endpoint: string;
  /** Days to keep a log group this exporter creates; 0 = never expire. */
  log_retention: number;
  /** Tags for a log group this exporter creates. */
  tags: Record<string, string>;
  dimension_rollup_option: DimensionRollupOption;
  metric_declarations: MetricDeclarationConfig[];
  metric_descriptors: MetricDescriptorConfig[];
  output_destination: OutputDestination;
  /** File to append EMF lines to (`output_destination: file`). */
  path: string;
  /** `tcp://host:port` or `udp://host:port` (`output_destination: agent`). Empty: `$AWS_EMF_AGENT_ENDPOINT`, else tcp://127.0.0.1:25888. */
  agent_endpoint: string;
  resource_to_telemetry_conversion: { enabled: boolean };
  /** Histograms as `Values`/`Counts` (one value per occupied bucket) besides the statistic set. */
  detailed_metrics: boolean;
  /** Send the first point of a cumulative series even when its baseline is unknown. */
  retain_initial_value_of_delta_metric: boolean;
  /** Retries of a throttled or failed PutLogEvents call before the batch waits for the next export. */
  max_retries: number;
  /** Events held while the destination is unreachable (agent, cloudwatch); the oldest go first. */
  sending_queue: { queue_size: number };
}

export function createDefaultConfig(): AwsEmfExporterConfig {
  return {
    namespace: '',
    log_group_name: '',
    log_stream_name: '',
    region: '',
    endpoint: '',
    log_retention: 0,
    tags: {},
    dimension_rollup_option: 'ZeroAndSingleDimensionRollup',
    metric_declarations: [],
    metric_descriptors: [],
    output_destination: 'cloudwatch',
    path: '',
    agent_endpoint: '',
    resource_to_telemetry_conversion: { enabled: false },
    detailed_metrics: false,
    retain_initial_value_of_delta_metric: false,
    max_retries: DEFAULT_MAX_RETRIES,
    sending_queue: { queue_size: DEFAULT_QUEUE_SIZE },
  };
}

const stringList = { type: 'array', items: { type: 'string' } } as const;

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    namespace: {
      type: 'string',
      maxLength: LIMITS.namespaceLength,
      // Empty means "from the resource".
      pattern: `^$|${NAMESPACE_PATTERN}`,
      errorMessage: 'must be empty or letters, digits, spaces and . _ # : / - (≤ 256 characters)',
      description:
        'CloudWatch metrics namespace ([a-zA-Z0-9 ._#:/-], ≤ 256). Default: service.namespace/service.name from the resource, else "default".',
    },
    log_group_name: {
      type: 'string',
      maxLength: LOG_NAME_MAX_LENGTH,
      // Placeholders and, for editors reading the file before expansion, ${env:…} references
      // are let through here; validate() checks the name itself.
      pattern: '^(?:[-._/#A-Za-z0-9]|\\{\\w+\\}|\\$\\{[^}]*\\})*$',
      errorMessage:
        'must be empty or letters, digits and . - _ / # with {ServiceName}-style placeholders (≤ 512 characters)',
      description:
        'Log group (cloudwatch, agent): letters, digits and . - _ / #. Default: /metrics/<namespace>. Placeholders {ServiceName}, {TaskId}, {ClusterName}, {NodeName}, {PodName}, {ContainerInstanceId}, {TaskDefinitionFamily} come from resource attributes.',
    },
    log_stream_name: {
      type: 'string',
      maxLength: LOG_NAME_MAX_LENGTH,
      pattern: '^(?:[^:*]|\\$\\{[^}]*\\})*$',
      errorMessage: 'must not contain ":" or "*" (≤ 512 characters)',
      description:
        'Log stream (cloudwatch, agent): no ":" or "*". Default: otel-stream. Same placeholders.',
    },
    region: {
      type: 'string',
      description: 'AWS region. Default: $AWS_REGION, $AWS_DEFAULT_REGION, then the AWS SDK chain.',
    },
    endpoint: {
      type: 'string',
      description: 'CloudWatch Logs endpoint URL override (VPC endpoint, LocalStack).',
    },
    log_retention: {
      type: 'integer',
      enum: [...LOG_RETENTION_DAYS],
      default: 0,
      description: 'Retention in days set on a log group this exporter creates; 0: never expire.',
    },
    tags: {
      type: 'object',
      maxProperties: 50,
      additionalProperties: { type: 'string', minLength: 1, maxLength: 256 },
      description: 'Tags for a log group this exporter creates (≤ 50).',
    },
    dimension_rollup_option: {
      type: 'string',
      enum: [...DIMENSION_ROLLUP_OPTIONS],
      default: 'ZeroAndSingleDimensionRollup',
      description:
        'Extra dimension sets per metric: ZeroAndSingleDimensionRollup adds [] and one set per label; SingleDimensionRollupOnly one set per label; NoDimensionRollup none.',
    },
    metric_declarations: {
      type: 'array',
      description:
        'When set, only metrics matching a declaration are sent as metrics, with the declared dimension sets.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['metric_name_selectors'],
        properties: {
          dimensions: {
            type: 'array',
            items: stringList,
            description: 'Dimension sets; [[]] for no dimensions.',
          },
          metric_name_selectors: {
            ...stringList,
            minItems: 1,
            description: 'Regular expressions matched against metric names.',
          },
          label_matchers: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['label_names', 'regex'],
              properties: {
                label_names: { ...stringList, minItems: 1 },
                separator: { type: 'string' },
                regex: { type: 'string' },
              },
            },
          },
        },
      },
    },
    metric_descriptors: {
      type: 'array',
      description: 'Unit overrides per metric name.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['metric_name', 'unit'],
        properties: {
          metric_name: { type: 'string', minLength: 1 },
          unit: { type: 'string', enum: [...CLOUDWATCH_UNITS] },
          overwrite: { type: 'boolean', default: false },
        },
      },
    },
    output_destination: {
      type: 'string',
      enum: [...OUTPUT_DESTINATIONS],
      default: 'cloudwatch',
      description:
        'cloudwatch: PutLogEvents; stdout: one event per line (Lambda); file: append to `path`; agent: the CloudWatch agent at `agent_endpoint`.',
    },
    path: { type: 'string', description: 'File for output_destination: file.' },
    agent_endpoint: {
      type: 'string',
      description:
        'tcp://host[:port] or udp://host[:port] (port 25888 by default). Default: $AWS_EMF_AGENT_ENDPOINT, else tcp://127.0.0.1:25888.',
    },
    resource_to_telemetry_conversion: {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: { type: 'boolean', default: false } },
      description: 'enabled: resource attributes become labels (dimensions) of every point.',
    },
    detailed_metrics: {
      type: 'boolean',
      default: false,
      description: 'Histograms also carry Values/Counts (one value per occupied bucket).',
    },
    retain_initial_value_of_delta_metric: {
      type: 'boolean',
      default: false,
      description:
        'Send the first point of a cumulative series whose baseline is unknown instead of using it as the baseline.',
    },
    max_retries: {
      type: 'integer',
      minimum: 0,
      maximum: 10,
      default: DEFAULT_MAX_RETRIES,
      description: 'Retries of a throttled / 5xx PutLogEvents call, with exponential backoff.',
    },
    sending_queue: {
      type: 'object',
      additionalProperties: false,
      properties: {
        queue_size: {
          type: 'integer',
          minimum: 1,
          default: DEFAULT_QUEUE_SIZE,
          description:
            'EMF events held while the agent or CloudWatch is unreachable; the oldest are dropped beyond it.',
        },
      },
    },
  },
} as const;

/** Checks beyond the schema; never edits the config. */
export function validate(config: Partial<AwsEmfExporterConfig>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (config.metric_declarations ?? []).forEach((d, i) => {
    d.metric_name_selectors?.forEach((s, j) => {
      const bad = regexError(s);
      if (bad) {
        issues.push({
          path: ['metric_declarations', i, 'metric_name_selectors', j],
          message: `invalid regular expression ${JSON.stringify(s)}: ${bad}`,
        });
      }
    });
    d.dimensions?.forEach((set, j) => {
      if (set.length > LIMITS.dimensionsPerSet) {
        issues.push({
          path: ['metric_declarations', i, 'dimensions', j],
          message: `has ${set.length} dimensions; CloudWatch allows at most ${LIMITS.dimensionsPerSet}`,
        });
      }
    });
    d.label_matchers?.forEach((m, j) => {
      const bad = regexError(m.regex);
      if (bad) {
        issues.push({
          path: ['metric_declarations', i, 'label_matchers', j, 'regex'],
          message: `invalid regular expression ${JSON.stringify(m.regex)}: ${bad}`,
        });
      }
    });
  });
  for (const [key, kind] of [
    ['log_group_name', 'group'],
    ['log_stream_name', 'stream'],
  ] as const satisfies readonly (readonly [keyof AwsEmfExporterConfig, LogNameKind])[]) {
    const name = config[key];
    const bad = name ? logNameProblem(kind, name, LOG_NAME_PLACEHOLDERS) : undefined;
    if (bad) issues.push({ path: [key], message: bad });
  }
  if (config.output_destination === 'file' && !config.path?.trim()) {
    issues.push({ path: ['path'], message: 'is required when output_destination is file' });
  }
  if (config.agent_endpoint?.trim()) {
    const bad = agentEndpointError(config.agent_endpoint);
    if (bad) issues.push({ path: ['agent_endpoint'], message: bad });
  }
  if (config.endpoint?.trim() && !URL.canParse(config.endpoint)) {
    issues.push({
      path: ['endpoint'],
      message: `must be a URL like "https://logs.us-east-1.amazonaws.com" (got ${JSON.stringify(config.endpoint)})`,
    });
  }
  return issues;
}

export interface AgentEndpoint {
  protocol: 'tcp' | 'udp';
  host: string;
  port: number;
}

/** `tcp://host[:port]` / `udp://host[:port]`; the port defaults to 25888. */
export function parseAgentEndpoint(raw: string): AgentEndpoint {
  const bad = agentEndpointError(raw);
  if (bad) throw new Error(`agent_endpoint ${bad}`);
  const url = new URL(raw.trim());
  return {
    protocol: url.protocol === 'udp:' ? 'udp' : 'tcp',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : DEFAULT_AGENT_PORT,
  };
}

function agentEndpointError(raw: string): string | undefined {
  const text = raw.trim();
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'tcp:' && url.protocol !== 'udp:') || !url.hostname) {
    return `must be tcp://host[:port] or udp://host[:port] (got ${JSON.stringify(raw)})`;
  }
  return undefined;
}

function regexError(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: /, '');
  }
}
