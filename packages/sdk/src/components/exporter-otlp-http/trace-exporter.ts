import type { SpanQueueForm } from '@genai-otel/component';
import type { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { importSync } from '../../import-sync.js';

type Transformer = typeof import('@opentelemetry/otlp-transformer');
type Encoder = typeof import('@genai-otel/otlp-proto-encoder');

export interface ProtobufTraces {
  /** The official `ProtobufTraceSerializer`'s shape. */
  serializer: typeof ProtobufTraceSerializer;
  /** For the transport: the request's bytes are sent (or dropped), their buffer may be reused. */
  release: (data: Uint8Array) => void;
  /**
   * For the export queue: each span encoded as it is queued (the serialiser copies its bytes),
   * its buffer reused once the queue is done with it.
   */
  spanQueue: SpanQueueForm;
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
      // Typed as spans, these are what the queue held: what `spanQueue.hold` made of each span.
      serializeRequest: (spans) => encoder.encode(spans),
      deserializeResponse: official.deserializeResponse,
    },
    release: (data) => encoder.release(data),
    spanQueue: {
      hold: (span) => encoder.encodeSpan(span),
      release: (spans) => encoder.releaseSpans(spans),
    },
  };
}
