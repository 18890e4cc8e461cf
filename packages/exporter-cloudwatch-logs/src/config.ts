/**
 * `exporters.awscloudwatchlogs` as written in the YAML: the collector's keys (`log_group_name`,
 * `log_stream_name`, `region`, `endpoint`, `log_retention`, `tags`, `raw_log`, `sending_queue`,
 * `retry_on_failure`) plus `log_group_routing`, which sends a record to the log group named for
 * one of its attributes (the five RevOps groups from one exporter). Defaults live in
 * `createDefaultConfig` only.
 */
import { durationSchema, parseDuration, type ValidationIssue } from '@genai-otel/config';
import {
  DEFAULT_LOG_STREAM_NAME,
  LOG_NAME_MAX_LENGTH,
  LOG_RETENTION_DAYS,
  logNameProblem,
} from './log-names.js';

export interface AwsCloudWatchLogsExporterConfig {
  /** The log group of records no route names (required). */
  log_group_name: string;
  /** The log stream, in every group. */
  log_stream_name: string;
  /** Empty: `$AWS_REGION`, `$AWS_DEFAULT_REGION`, then the SDK's own lookup. */
  region: string;
  /** CloudWatch Logs endpoint override (VPC endpoint, LocalStack, tests). */
  endpoint: string;
  /** Days to keep a log group this exporter creates; 0 = never expire. */
  log_retention: number;
  /** Tags for a log group this exporter creates. */
  tags: Record<string, string>;
  /** The record's body as the message (a record without one: its attributes as flat JSON). */
  raw_log: boolean;
  /** A record goes to the group named for the value of its `attribute`, else to `log_group_name`. */
  log_group_routing: { attribute: string; log_groups: Record<string, string> };
  /** Log records held while CloudWatch Logs is slow or down; further ones are dropped and counted. */
  sending_queue: { queue_size: number };
  retry_on_failure: {
    enabled: boolean;
    initial_interval: string | number;
    max_interval: string | number;
    max_elapsed_time: string | number;
  };
  /** Longest one PutLogEvents attempt (group and stream creation included). */
  timeout: string | number;
}

export const DEFAULT_QUEUE_SIZE = 10_000;

export function createDefaultConfig(): AwsCloudWatchLogsExporterConfig {
  return {
    log_group_name: '',
    log_stream_name: DEFAULT_LOG_STREAM_NAME,
    region: '',
    endpoint: '',
    log_retention: 0,
    tags: {},
    raw_log: false,
    log_group_routing: { attribute: 'category', log_groups: {} },
    sending_queue: { queue_size: DEFAULT_QUEUE_SIZE },
    retry_on_failure: {
      enabled: true,
      initial_interval: '1s',
      max_interval: '30s',
      max_elapsed_time: '300s',
    },
    timeout: '30s',
  };
}

const groupName = {
  type: 'string',
  maxLength: LOG_NAME_MAX_LENGTH,
  description: 'A log group: letters, digits and . - _ / # (≤ 512), not starting with aws/.',
} as const;

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    log_group_name: {
      ...groupName,
      description: 'Log group of every record no log_group_routing entry names (required).',
    },
    log_stream_name: {
      type: 'string',
      maxLength: LOG_NAME_MAX_LENGTH,
      description: `Log stream, in every group (any character but : and *). Default: ${DEFAULT_LOG_STREAM_NAME}.`,
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
      description: 'Days to keep a log group this exporter creates (0: never expire).',
    },
    tags: {
      type: 'object',
      additionalProperties: { type: 'string' },
      maxProperties: 50,
      description: 'Tags of a log group this exporter creates.',
    },
    raw_log: {
      type: 'boolean',
      description:
        "The record's body as the message (a record without a body, as genai_events' are: its attributes as one flat JSON object). false: the collector's JSON (body, severity, trace_id, span_id, attributes, resource).",
    },
    log_group_routing: {
      type: 'object',
      additionalProperties: false,
      description:
        'A record goes to the log group named for the value of its attribute (e.g. category: conversation → /revops/conversation-trace); others to log_group_name.',
      properties: {
        attribute: { type: 'string', minLength: 1, default: 'category' },
        log_groups: { type: 'object', additionalProperties: groupName },
      },
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
            'Log records held while CloudWatch Logs is slow or down; further ones are dropped and counted.',
        },
      },
    },
    retry_on_failure: {
      type: 'object',
      additionalProperties: false,
      description:
        'Retries of a throttled or failed PutLogEvents (throttling, 5xx, network; never other 4xx): exponential backoff with jitter, within max_elapsed_time per batch and the shutdown bound.',
      properties: {
        enabled: { type: 'boolean', default: true },
        initial_interval: { ...durationSchema, default: '1s' },
        max_interval: { ...durationSchema, default: '30s' },
        max_elapsed_time: { ...durationSchema, default: '300s' },
      },
    },
    timeout: {
      ...durationSchema,
      default: '30s',
      description: 'Longest one attempt (group and stream creation included).',
    },
  },
} as const;

export function validate(config: AwsCloudWatchLogsExporterConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!config.log_group_name?.trim()) {
    issues.push({
      path: ['log_group_name'],
      message: 'is required: the log group of records no log_group_routing entry names',
    });
  } else {
    const bad = logNameProblem('group', config.log_group_name);
    if (bad) issues.push({ path: ['log_group_name'], message: bad });
  }
  const stream = config.log_stream_name ?? '';
  const badStream = stream === '' ? 'must not be empty' : logNameProblem('stream', stream);
  if (badStream) issues.push({ path: ['log_stream_name'], message: badStream });
  for (const [value, group] of Object.entries(config.log_group_routing?.log_groups ?? {})) {
    const bad = group === '' ? 'must not be empty' : logNameProblem('group', group);
    if (bad) issues.push({ path: ['log_group_routing', 'log_groups', value], message: bad });
  }
  if (config.endpoint?.trim() && !URL.canParse(config.endpoint)) {
    issues.push({
      path: ['endpoint'],
      message: `must be a URL like "https://logs.us-east-1.amazonaws.com" (got ${JSON.stringify(config.endpoint)})`,
    });
  }
  return issues;
}

/** A duration setting in ms (the schema has checked its form). */
export function durationMs(value: string | number): number {
  return parseDuration(value);
}
