import type { Exporter, ExporterFactory } from '@genai-otel/component';
import { importSync } from '../../import-sync.js';
import { ExporterAgents } from './agents.js';
import { createDefaultConfig, type OtlpHttpExporterConfig, schema, validate } from './config.js';
import { resolveOtlpHttp, resolveTlsFiles } from './resolve.js';
import { createTraceExporter } from './trace-exporter.js';

// The official exporters load only when an otlp_http instance is created, and only the encoding
// and signals it uses (the proto and JSON variants have the same classes and options).
type MetricExporters = typeof import('@opentelemetry/exporter-metrics-otlp-proto');
type ExporterBase = typeof import('@opentelemetry/otlp-exporter-base');

/**
 * OTLP over HTTP with the official OpenTelemetry exporters: protobuf (`encoding: proto`) or JSON.
 * Only the sinks for the signals the instance serves are built. Each sends through an agent of
 * ours (agent.ts) that fails an unreachable endpoint fast and holds no process open after shutdown.
 */
export const otlpHttpExporterFactory: ExporterFactory<OtlpHttpExporterConfig> = {
  kind: 'exporter',
  type: 'otlp_http',
  aliases: ['otlphttp'],
  signals: ['traces', 'metrics'],
  description:
    'Sends spans and metrics over OTLP/HTTP (protobuf or JSON) to Jaeger or any collector.',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    const r = resolveOtlpHttp(config, ctx.env, ctx.log);
    const { CompressionAlgorithm } = importSync<ExporterBase>('@opentelemetry/otlp-exporter-base');
    const compression =
      r.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE;
    const common = { headers: r.headers, timeoutMillis: r.timeoutMs, compression };
    const signals = ctx.signals ?? ['traces'];
    const exporter: Exporter = {
      queueSize: r.queueSize,
      timeoutMs: r.timeoutMs,
      target: r.tracesUrl,
    };
    if (signals.includes('traces')) {
      const agents = new ExporterAgents(r.timeoutMs, resolveTlsFiles(ctx.env, 'TRACES'), ctx.log);
      const options = { ...common, url: r.tracesUrl, httpAgentOptions: agents.factory };
      exporter.traces = agents.unrefOnShutdown(createTraceExporter(r.encoding, options));
    }
    if (signals.includes('metrics')) {
      const agents = new ExporterAgents(r.timeoutMs, resolveTlsFiles(ctx.env, 'METRICS'), ctx.log);
      const options = { ...common, url: r.metricsUrl, httpAgentOptions: agents.factory };
      const { OTLPMetricExporter } = importSync<MetricExporters>(
        r.encoding === 'json'
          ? '@opentelemetry/exporter-metrics-otlp-http'
          : '@opentelemetry/exporter-metrics-otlp-proto',
      );
      exporter.metrics = agents.unrefOnShutdown(new OTLPMetricExporter(options));
      exporter.metricsTarget = r.metricsUrl;
    }
    warnIgnoredRetry(config, ctx);
    return exporter;
  },
};

function warnIgnoredRetry(
  config: OtlpHttpExporterConfig,
  ctx: Parameters<ExporterFactory['create']>[1],
) {
  const retry = config.retry_on_failure;
  const d = createDefaultConfig().retry_on_failure;
  if (
    retry &&
    (retry.enabled !== d.enabled ||
      retry.initial_interval !== d.initial_interval ||
      retry.max_interval !== d.max_interval ||
      retry.max_elapsed_time !== d.max_elapsed_time)
  ) {
    ctx.log.once(
      'retry_on_failure',
      'info',
      'retry_on_failure is accepted but not honoured: the JS exporter retries retryable failures up to 5 times within timeout',
    );
  }
}
