import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * A connector listed by several traces pipelines, fed once per span. Every in-process pipeline
 * sees every span, so without this a span would be counted once per pipeline listing the
 * connector. All pipelines' `onEnding` run before any `onEnd`, so whichever pipeline delivers
 * first hands over the finished span. The marks are weak: nothing outlives the span.
 * `forceFlush` and `shutdown` reach the connector once too.
 */
export class OncePerSpanProcessor implements SpanProcessor {
  readonly #inner: SpanProcessor;
  readonly #started = new WeakSet<Span>();
  readonly #ended = new WeakSet<ReadableSpan>();
  #shutdown: Promise<void> | undefined;

  constructor(inner: SpanProcessor) {
    this.#inner = inner;
  }

  onStart(span: Span, parentContext: Context): void {
    if (this.#started.has(span)) return;
    this.#started.add(span);
    this.#inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if (this.#ended.has(span)) return;
    this.#ended.add(span);
    this.#inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.#inner.forceFlush();
  }

  shutdown(): Promise<void> {
    this.#shutdown ??= this.#inner.shutdown();
    return this.#shutdown;
  }
}
