import type { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { importSync } from '../../import-sync.js';

type Transformer = typeof import('@opentelemetry/otlp-transformer');
type Encoder = typeof import('@genai-otel/otlp-proto-encoder');

/**
 * The protobuf trace serialiser of `otlp_http`: the official `ProtobufTraceSerializer`'s shape,
 * with `@genai-otel/otlp-proto-encoder` writing the request — byte for byte what the official one
 * writes, in one pass (bench/README.md, otlp-encode) — and the official response decoding. The
 * rest of the exporter (delegate, transport, retries) is the factory's.
 */
export function protobufTraceSerializer(): typeof ProtobufTraceSerializer {
  const { ProtobufTraceSerializer: official } = importSync<Transformer>(
    '@opentelemetry/otlp-transformer',
  );
  const { TraceEncoder } = importSync<Encoder>('@genai-otel/otlp-proto-encoder');
  const encoder = new TraceEncoder();
  return {
    serializeRequest: (spans) => encoder.encode(spans),
    deserializeResponse: official.deserializeResponse,
  };
}
