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
 * for exports already under way and shutdown can count what never left.
 */
export class CountedQueue implements SpanProcessor {
  readonly #queue: BatchSpanProcessor;
  readonly #reporter: ExportReporter;
  #closed = false;

  constructor(queue: BatchSpanProcessor, reporter: ExportReporter) {
    this.#queue = queue;
    this.#reporter = reporter;
  }

  onStart(span: Span, parentContext: Context): void {
    this.#queue.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    // The queue ignores unsampled spans and anything after shutdown; so does the count.
    if (this.#closed || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.#reporter.accepted(1);
    this.#queue.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.#queue.forceFlush();
  }

  shutdown(): Promise<void> {
    this.#closed = true;
    return this.#queue.shutdown();
  }
}
