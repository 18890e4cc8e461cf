import type { SpanQueueForm } from '@genai-otel/component';
import { type Context, TraceFlags } from '@opentelemetry/api';
import type {
  BatchSpanProcessor,
  ReadableSpan,
  Span,
  SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { ExportReporter } from './export-reporter.js';

/**
 * An exporter's queue that tells the reporter about every span it accepts, so a flush can wait
 * for exports already under way and shutdown can count what never left. It queues what the
 * exporter asks for in place of the span (`SpanQueueForm`), if it asks.
 */
export class CountedQueue implements SpanProcessor {
  readonly #queue: BatchSpanProcessor;
  readonly #reporter: ExportReporter;
  readonly #form: SpanQueueForm | undefined;
  #closed = false;

  constructor(queue: BatchSpanProcessor, reporter: ExportReporter, form?: SpanQueueForm) {
    this.#queue = queue;
    this.#reporter = reporter;
    this.#form = form;
  }

  onStart(span: Span, parentContext: Context): void {
    this.#queue.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    // The queue ignores unsampled spans and anything after shutdown; so does the count.
    if (this.#closed || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.#reporter.accepted(1);
    this.#queue.onEnd(this.#form === undefined ? span : this.#held(span, this.#form));
  }

  /**
   * The exporter's form of the span; the span itself if making it fails (the exporter takes
   * both): counted as accepted, it must reach the queue. The SDK's batch processor reads only
   * `spanContext()` and `resource` of what it queues.
   */
  #held(span: ReadableSpan, form: SpanQueueForm): ReadableSpan {
    try {
      return form.hold(span) as ReadableSpan;
    } catch {
      return span;
    }
  }

  forceFlush(): Promise<void> {
    return this.#queue.forceFlush();
  }

  shutdown(): Promise<void> {
    this.#closed = true;
    return this.#queue.shutdown();
  }
}
