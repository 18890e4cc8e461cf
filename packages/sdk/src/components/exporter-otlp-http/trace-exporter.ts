import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { importSync } from '../../import-sync.js';

type ExporterBase = typeof import('@opentelemetry/otlp-exporter-base');
type NodeHttp = typeof import('@opentelemetry/otlp-exporter-base/node-http');
type Transformer = typeof import('@opentelemetry/otlp-transformer');
type Encoder = typeof import('@genai-otel/otlp-proto-encoder');
type TraceExporters = typeof import('@opentelemetry/exporter-trace-otlp-http');
type HttpOptions = ConstructorParameters<TraceExporters['OTLPTraceExporter']>[0] & object;

/**
 * The official OTLP/HTTP trace exporter for `encoding: json`; for protobuf, the official
 * exporter's own parts (its delegate, transport, retries, response handling and self-metrics) with
 * one part swapped: the serialiser. `@genai-otel/otlp-proto-encoder` writes byte for byte what
 * `ProtobufTraceSerializer` writes, in one pass (bench/README.md, otlp-encode). This is what
 * `new OTLPTraceExporter(options)` of `exporter-trace-otlp-proto` builds, serializer aside.
 */
export function createTraceExporter(
  encoding: 'proto' | 'json',
  options: HttpOptions,
): SpanExporter {
  if (encoding === 'json') {
    const { OTLPTraceExporter } = importSync<TraceExporters>(
      '@opentelemetry/exporter-trace-otlp-http',
    );
    return new OTLPTraceExporter(options);
  }
  const { OTLPExporterBase } = importSync<ExporterBase>('@opentelemetry/otlp-exporter-base');
  const { convertLegacyHttpOptions, createOtlpHttpExportDelegate } = importSync<NodeHttp>(
    '@opentelemetry/otlp-exporter-base/node-http',
  );
  const { ProtobufTraceSerializer, TraceExporterMetricsHelper } = importSync<Transformer>(
    '@opentelemetry/otlp-transformer',
  );
  const { TraceEncoder } = importSync<Encoder>('@genai-otel/otlp-proto-encoder');
  const encoder = new TraceEncoder();
  const serializer: typeof ProtobufTraceSerializer = {
    serializeRequest: (spans) => encoder.encode(spans),
    deserializeResponse: ProtobufTraceSerializer.deserializeResponse,
  };
  const delegate = createOtlpHttpExportDelegate(
    convertLegacyHttpOptions(options, 'TRACES', 'v1/traces', {
      'Content-Type': 'application/x-protobuf',
    }),
    serializer,
    'otlp_http_span_exporter',
    TraceExporterMetricsHelper,
    undefined,
  );
  return new OTLPExporterBase(delegate);
}
