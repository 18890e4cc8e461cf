import type { CreateContext, Env, ExporterFactory } from '@genai-otel/component';
import {
  type AwsCloudWatchLogsExporterConfig,
  createDefaultConfig,
  durationMs,
  schema,
  validate,
} from './config.js';
import { CloudWatchLogsExporter } from './exporter.js';
import { PutLogEvents } from './put-log-events.js';
import { Router } from './routing.js';

export const awsCloudWatchLogsExporterFactory: ExporterFactory<AwsCloudWatchLogsExporterConfig> = {
  kind: 'exporter',
  type: 'awscloudwatchlogs',
  signals: ['logs'],
  description:
    'Log records to CloudWatch Logs with PutLogEvents, routed to log groups by an attribute (e.g. the genai_events category).',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    const exporter = createAwsCloudWatchLogsExporter(config, ctx);
    // Its own ExportQueue (one PutLogEvents per log group batch, each retried on its own): the
    // sdk does not wrap it in a second queue.
    return { logs: exporter, target: targetOf(config, ctx.env), logsQueued: true };
  },
};

/** The exporter for a (defaults-merged) config: what the factory's `create` returns as `logs`. */
export function createAwsCloudWatchLogsExporter(
  config: AwsCloudWatchLogsExporterConfig,
  ctx: Pick<CreateContext, 'log' | 'env'> & { id?: string; shutdownTimeoutMs?: number },
): CloudWatchLogsExporter {
  const region = regionOf(config, ctx.env);
  const credentials = credentialsFrom(ctx.env);
  const attemptTimeoutMs = durationMs(config.timeout);
  let exporter: CloudWatchLogsExporter | undefined;
  const client = new PutLogEvents({
    ...(region ? { region } : {}),
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    logRetentionDays: config.log_retention,
    tags: config.tags,
    requestTimeoutMs: attemptTimeoutMs,
    onCreated: (group, stream, groupCreated) =>
      ctx.log.info(
        `created ${groupCreated ? `log group ${group} and ` : ''}stream ${stream}${groupCreated ? '' : ` in ${group}`}`,
      ),
    onRejected: (reason, count, group) => exporter?.onRejected(reason, count, group),
  });
  const retry = config.retry_on_failure;
  exporter = new CloudWatchLogsExporter({
    id: ctx.id ?? 'awscloudwatchlogs',
    target: targetOf(config, ctx.env),
    client,
    router: new Router(
      config.log_group_name,
      config.log_group_routing.attribute,
      config.log_group_routing.log_groups,
    ),
    logStreamName: config.log_stream_name,
    rawLog: config.raw_log,
    queueSize: config.sending_queue.queue_size,
    attemptTimeoutMs,
    retry: {
      enabled: retry.enabled,
      initialIntervalMs: durationMs(retry.initial_interval),
      maxIntervalMs: durationMs(retry.max_interval),
      maxElapsedMs: durationMs(retry.max_elapsed_time),
    },
    log: ctx.log,
    ...(ctx.shutdownTimeoutMs !== undefined ? { shutdownTimeoutMs: ctx.shutdownTimeoutMs } : {}),
  });
  return exporter;
}

function regionOf(config: AwsCloudWatchLogsExporterConfig, env: Env): string | undefined {
  return config.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

/** The endpoint URL: messages name it (and a URL says "reach", not "write to"). */
function targetOf(config: AwsCloudWatchLogsExporterConfig, env: Env): string {
  if (config.endpoint) return config.endpoint;
  const region = regionOf(config, env);
  return region ? `https://logs.${region}.amazonaws.com` : 'https://logs.amazonaws.com';
}

/**
 * Static keys from the environment the config was resolved with (in Lambda that is where they
 * are); otherwise the SDK's default chain (profile, SSO, ECS/EC2 roles) finds them.
 */
function credentialsFrom(env: Env) {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
