import { resolve } from 'node:path';
import type { CreateContext, Env, ExporterFactory } from '@genai-otel/component';
import {
  type AwsEmfExporterConfig,
  createDefaultConfig,
  DEFAULT_AGENT_ENDPOINT,
  parseAgentEndpoint,
  schema,
  validate,
} from './config.js';
import { AwsEmfMetricExporter } from './exporter.js';
import { createDimensionPlanner } from './group/dimensions.js';
import { MetricDeclaration } from './group/metric-declarations.js';
import { agentUrl, createAgentSink } from './push/agent-sink.js';
import { CloudWatchLogsSink } from './push/cloudwatch-logs-sink.js';
import { DropCounter } from './push/drops.js';
import { FileSink } from './push/file-sink.js';
import type { EmfSink } from './push/sink.js';
import { StdoutSink } from './push/stdout-sink.js';
import { EmfTranslator } from './translate/translator.js';

export const awsEmfExporterFactory: ExporterFactory<AwsEmfExporterConfig> = {
  kind: 'exporter',
  type: 'awsemf',
  signals: ['metrics'],
  description:
    'Metrics as CloudWatch Embedded Metric Format events: to stdout (Lambda), a file, the CloudWatch agent (tcp/udp) or PutLogEvents.',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    const exporter = createAwsEmfExporter(config, ctx);
    return { metrics: exporter, metricsTarget: exporter.target };
  },
};

/** The exporter for a (defaults-merged) config; what the factory's `create` returns as `metrics`. */
export function createAwsEmfExporter(
  config: AwsEmfExporterConfig,
  ctx: Pick<CreateContext, 'log' | 'env'>,
): AwsEmfMetricExporter {
  const drops = new DropCounter(ctx.log, targetOf(config, ctx.env));
  return new AwsEmfMetricExporter(
    createTranslator(config, ctx.log),
    createSink(config, ctx, drops),
    drops,
  );
}

/** The translate and group stages for a config (the push stage is the sink). */
export function createTranslator(
  config: AwsEmfExporterConfig,
  log: CreateContext['log'],
): EmfTranslator {
  const declarations = config.metric_declarations.map((d) => new MetricDeclaration(d));
  const planner = createDimensionPlanner({
    rollup: config.dimension_rollup_option,
    declarations,
    onOversize: (metric, size) =>
      log.once(
        `oversize:${metric}`,
        'warn',
        `metric ${metric}: a dimension set of ${size} labels exceeds CloudWatch's 30 and is left out`,
      ),
  });
  return new EmfTranslator({
    namespace: config.namespace,
    logGroupName: config.log_group_name,
    logStreamName: config.log_stream_name,
    logNamesInEvent: config.output_destination === 'agent',
    planner,
    descriptors: new Map(
      config.metric_descriptors.map((d) => [
        d.metric_name,
        { unit: d.unit, overwrite: d.overwrite ?? false },
      ]),
    ),
    resourceToTelemetry: config.resource_to_telemetry_conversion.enabled,
    detailedMetrics: config.detailed_metrics,
    retainInitialValue: config.retain_initial_value_of_delta_metric,
    warnOnce: (key, message) => log.once(key, 'warn', message),
  });
}

function createSink(
  config: AwsEmfExporterConfig,
  ctx: Pick<CreateContext, 'log' | 'env'>,
  drops: DropCounter,
): EmfSink {
  const queueSize = config.sending_queue.queue_size;
  switch (config.output_destination) {
    case 'stdout':
      return new StdoutSink();
    case 'file':
      return new FileSink(resolve(config.path));
    case 'agent':
      return createAgentSink({
        endpoint: parseAgentEndpoint(agentEndpoint(config, ctx.env)),
        queueSize,
        drops,
      });
    case 'cloudwatch': {
      const region = config.region || ctx.env.AWS_REGION || ctx.env.AWS_DEFAULT_REGION;
      const credentials = credentialsFrom(ctx.env);
      return new CloudWatchLogsSink({
        ...(region ? { region } : {}),
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
        ...(credentials ? { credentials } : {}),
        logRetentionDays: config.log_retention,
        tags: config.tags,
        maxRetries: config.max_retries,
        queueSize,
        drops,
        log: ctx.log,
      });
    }
  }
}

function targetOf(config: AwsEmfExporterConfig, env: Env): string {
  switch (config.output_destination) {
    case 'stdout':
      return 'stdout';
    case 'file':
      return resolve(config.path);
    case 'agent':
      return agentUrl(parseAgentEndpoint(agentEndpoint(config, env)));
    default: {
      const region = config.region || env.AWS_REGION || env.AWS_DEFAULT_REGION;
      return `CloudWatch Logs${region ? ` (${region})` : ''}${config.endpoint ? ` at ${config.endpoint}` : ''}`;
    }
  }
}

function agentEndpoint(config: AwsEmfExporterConfig, env: Env): string {
  return (
    config.agent_endpoint.trim() || env.AWS_EMF_AGENT_ENDPOINT?.trim() || DEFAULT_AGENT_ENDPOINT
  );
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
