import type { Exporter, ExporterFactory } from '@genai-otel/component';
import { OTLPMetricExporter as OTLPMetricExporterJson } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPMetricExporterProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as OTLPTraceExporterJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPTraceExporterProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { createDefaultConfig, type OtlpHttpExporterConfig, schema, validate } from './config.js';
import { resolveOtlpHttp } from './resolve.js';

/**
 * OTLP over HTTP with the official OpenTelemetry exporters: protobuf (`encoding: proto`) or JSON.
 * Only the sinks for the signals the instance serves are built.
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
    const r = resolveOtlpHttp(config, ctx.env);
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
      exporter.traces =
        r.encoding === 'json'
          ? new OTLPTraceExporterJson({ ...common, url: r.tracesUrl })
          : new OTLPTraceExporterProto({ ...common, url: r.tracesUrl });
    }
    if (signals.includes('metrics')) {
      exporter.metrics =
        r.encoding === 'json'
          ? new OTLPMetricExporterJson({ ...common, url: r.metricsUrl })
          : new OTLPMetricExporterProto({ ...common, url: r.metricsUrl });
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
