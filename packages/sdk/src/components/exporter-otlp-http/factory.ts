import type { Exporter, ExporterFactory } from '@genai-otel/component';
import { importSync } from '../../import-sync.js';
import { ExporterAgents } from './agents.js';
import { createDefaultConfig, type OtlpHttpExporterConfig, schema, validate } from './config.js';
import { resolveOtlpHttp, resolveTlsFiles } from './resolve.js';
import { protobufTraces } from './trace-exporter.js';
import { OtlpHttpTransport } from './transport.js';

// The official exporter base and serializers load only when an otlp_http instance is created.
type ExporterBase = typeof import('@opentelemetry/otlp-exporter-base');
type NodeHttp = typeof import('@opentelemetry/otlp-exporter-base/node-http');
type Transformer = typeof import('@opentelemetry/otlp-transformer');
type MetricsBase = typeof import('@opentelemetry/exporter-metrics-otlp-http');

/**
 * OTLP over HTTP, protobuf (`encoding: proto`) or JSON, with the official OpenTelemetry pieces
 * (export delegate, serializers, metric temporality) around a transport of ours (transport.ts):
 * one attempt per call over an agent that fails an unreachable endpoint fast and never keeps the
 * process alive. Timeouts, `retry_on_failure` and drops are the shared export queue's.
 */
export const otlpHttpExporterFactory: ExporterFactory<OtlpHttpExporterConfig> = {
  kind: 'exporter',
  type: 'otlp_http',
  aliases: ['otlphttp'],
  signals: ['traces', 'metrics', 'logs'],
  description:
    'Sends spans, metrics and log records over OTLP/HTTP (protobuf or JSON) to Jaeger or any collector.',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    const r = resolveOtlpHttp(config, ctx.env, ctx.log);
    const { OTLPExporterBase, createOtlpNetworkExportDelegate } = importSync<ExporterBase>(
      '@opentelemetry/otlp-exporter-base',
    );
    const { createOtlpHttpExporterMetrics } = importSync<NodeHttp>(
      '@opentelemetry/otlp-exporter-base/node-http',
    );
    const t = importSync<Transformer>('@opentelemetry/otlp-transformer');
    const json = r.encoding === 'json';
    const contentType = json ? 'application/json' : 'application/x-protobuf';
    const shared = {
      timeoutMillis: r.timeoutMs,
      concurrencyLimit: Infinity,
      compression: r.compression,
    };
    const transport = (url: string, agents: ExporterAgents, release?: (data: Uint8Array) => void) =>
      new OtlpHttpTransport({
        url,
        headers: r.headers,
        contentType,
        compression: r.compression,
        agents,
        ...(release ? { release } : {}),
      });
    const signals = ctx.signals ?? ['traces'];
    const exporter: Exporter = {
      queueSize: r.queueSize,
      timeoutMs: r.timeoutMs,
      target: r.tracesUrl,
      retry: r.retry,
    };
    if (signals.includes('traces')) {
      const agents = new ExporterAgents(r.timeoutMs, resolveTlsFiles(ctx.env, 'TRACES'), ctx.log);
      const proto = json ? undefined : protobufTraces();
      const serializer = proto?.serializer ?? t.JsonTraceSerializer;
      const metrics = createOtlpHttpExporterMetrics(
        'otlp_http_span_exporter',
        t.TraceExporterMetricsHelper,
        r.tracesUrl,
        undefined,
      );
      const traces = agents.unrefOnShutdown(
        new OTLPExporterBase(
          createOtlpNetworkExportDelegate(
            shared,
            serializer,
            metrics,
            transport(r.tracesUrl, agents, proto?.release),
          ),
        ),
      );
      // Protobuf: the queue holds each span encoded (trace-exporter.ts), this exporter's own
      // form: a wrapper around it gets plain spans.
      exporter.traces = proto ? Object.assign(traces, { spanQueue: proto.spanQueue }) : traces;
    }
    if (signals.includes('metrics')) {
      const agents = new ExporterAgents(r.timeoutMs, resolveTlsFiles(ctx.env, 'METRICS'), ctx.log);
      const serializer = json ? t.JsonMetricsSerializer : t.ProtobufMetricsSerializer;
      const metrics = createOtlpHttpExporterMetrics(
        'otlp_http_metric_exporter',
        t.MetricsExporterMetricsHelper,
        r.metricsUrl,
        undefined,
      );
      const { OTLPMetricExporterBase } = importSync<MetricsBase>(
        '@opentelemetry/exporter-metrics-otlp-http',
      );
      exporter.metrics = agents.unrefOnShutdown(
        new OTLPMetricExporterBase(
          createOtlpNetworkExportDelegate(
            shared,
            serializer,
            metrics,
            transport(r.metricsUrl, agents),
          ),
        ),
      );
      exporter.metricsTarget = r.metricsUrl;
    }
    if (signals.includes('logs')) {
      // The official logs serialisers and exporter base over the same transport as traces.
      const agents = new ExporterAgents(r.timeoutMs, resolveTlsFiles(ctx.env, 'LOGS'), ctx.log);
      const serializer = json ? t.JsonLogsSerializer : t.ProtobufLogsSerializer;
      const metrics = createOtlpHttpExporterMetrics(
        'otlp_http_log_exporter',
        t.LogsExporterMetricsHelper,
        r.logsUrl,
        undefined,
      );
      exporter.logs = agents.unrefOnShutdown(
        new OTLPExporterBase(
          createOtlpNetworkExportDelegate(
            shared,
            serializer,
            metrics,
            transport(r.logsUrl, agents),
          ),
        ),
      );
      exporter.logsTarget = r.logsUrl;
    }
    return exporter;
  },
};
