import type { SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Arena } from './arena.js';

/**
 * A finished span already written as it goes into a request: its `ScopeSpans.spans` entry (tag,
 * length, `Span` message), in `bytes[start, end)`. What `TraceEncoder.encodeSpan` returns, for
 * an export queue to hold instead of the span.
 *
 * A queued span object keeps its whole graph alive (attributes, events, links, times) until its
 * batch is sent, long enough to be promoted out of V8's young generation and collected by a
 * full mark-sweep; and it is read back by the encoder long after its memory left the CPU cache.
 * Encoded when it reaches the queue, the span dies young and is read while it is hot; the queue
 * holds its bytes (a few hundred per chat span) and what grouping needs: its resource and scope,
 * by identity, as the official serialiser groups them. A request of these spans is the same bytes
 * as one encoded from the spans (test/encoded-span.test.ts). Once the queue is done with it for
 * good (sent, or given up) it is released, and its buffer serves later spans (arena.ts).
 *
 * It answers what the OpenTelemetry SDK's `BatchSpanProcessor` asks of what it queues: the span
 * context (for the sampled flag) and the resource (to await its async attributes before export).
 */
export class EncodedSpan {
  readonly #context: SpanContext;

  constructor(
    readonly resource: ReadableSpan['resource'],
    readonly instrumentationScope: ReadableSpan['instrumentationScope'],
    context: SpanContext,
    /** Shared with the spans encoded before and after it: only `[start, end)` is this one's. */
    readonly bytes: Buffer,
    readonly start: number,
    readonly end: number,
    /** The buffer's arena: told when the span is released, so the buffer can be reused. */
    readonly arena: Arena,
  ) {
    this.#context = context;
  }

  /** Given back with `TraceEncoder.releaseSpans`: nothing reads it any more. */
  released = false;

  spanContext(): SpanContext {
    return this.#context;
  }
}
