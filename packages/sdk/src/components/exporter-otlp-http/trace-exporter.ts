import type { QueuedSpan } from '@genai-otel/component';
import type { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { importSync } from '../../import-sync.js';

type Transformer = typeof import('@opentelemetry/otlp-transformer');
type Encoder = typeof import('@genai-otel/otlp-proto-encoder');

export interface ProtobufTraces {
  /** The official `ProtobufTraceSerializer`'s shape. */
  serializer: typeof ProtobufTraceSerializer;
  /** For the transport: the request's bytes are sent (or dropped), their buffer may be reused. */
  release: (data: Uint8Array) => void;
  /** For the export queue: each span encoded as it is queued (the serialiser copies its bytes). */
  queuedSpan: (span: ReadableSpan) => QueuedSpan;
}

/**
 * The protobuf trace serialiser of `otlp_http`: the official `ProtobufTraceSerializer`'s shape,
 * with `@genai-otel/otlp-proto-encoder` writing the request — byte for byte what the official one
 * writes, in one pass, into pooled buffers (bench/README.md, otlp-encode) — and the official
 * response decoding. The transport hands each request's bytes back once sent: one attempt per
 * request (a retry serialises again), so nothing reads them after that.
 */
export function protobufTraces(): ProtobufTraces {
  const { ProtobufTraceSerializer: official } = importSync<Transformer>(
    '@opentelemetry/otlp-transformer',
  );
  const { TraceEncoder } = importSync<Encoder>('@genai-otel/otlp-proto-encoder');
  const encoder = new TraceEncoder();
  return {
    serializer: {
      // Typed as spans, these are what the queue held: what `queuedSpan` made of each span.
      serializeRequest: (spans) => encoder.encode(spans),
      deserializeResponse: official.deserializeResponse,
    },
    release: (data) => encoder.release(data),
    queuedSpan: (span) => encoder.encodeSpan(span),
  };
}
