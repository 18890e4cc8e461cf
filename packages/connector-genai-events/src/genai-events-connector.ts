/**
 * The `genai_events` connector: the traces side is a SpanProcessor fed every finished, processed
 * span of the traces pipelines that list it; the logs side hands each span's event records to
 * the logs pipelines that list it as a receiver (`attachLogs`). Before it is attached (no logs
 * pipeline) records are not built at all.
 */
import type { ComponentLogger, Connector, LogsConsumer } from '@genai-otel/component';
import type { Context } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { type SpanEventOptions, spanToEvents } from './span-events.js';

export interface GenAIEventsConnectorOptions {
  captureContent: boolean;
  log?: Pick<ComponentLogger, 'once'>;
}

export class GenAIEventsConnector implements Connector {
  readonly spanProcessor: SpanProcessor;
  #consumer: LogsConsumer | undefined;
  readonly #options: SpanEventOptions;
  readonly #log: Pick<ComponentLogger, 'once'> | undefined;

  constructor(options: GenAIEventsConnectorOptions) {
    this.#options = { captureContent: options.captureContent };
    this.#log = options.log;
    this.spanProcessor = {
      onStart(_span: Span, _context: Context) {},
      onEnd: (span: ReadableSpan) => this.#onEnd(span),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
  }

  attachLogs(consumer: LogsConsumer): void {
    this.#consumer = consumer;
  }

  /** The records of one span (for callers that batch themselves, and the benchmark). */
  eventsOf(span: ReadableSpan, out: ReadableLogRecord[] = []): ReadableLogRecord[] {
    spanToEvents(span, this.#options, out);
    return out;
  }

  #onEnd(span: ReadableSpan): void {
    const consumer = this.#consumer;
    if (consumer === undefined) return;
    try {
      const records: ReadableLogRecord[] = [];
      spanToEvents(span, this.#options, records);
      if (records.length > 0) consumer.consume(records);
    } catch (error) {
      // A span the app ended must never throw back into it: said once, the span is skipped.
      this.#log?.once(
        'events-failed',
        'warn',
        `could not turn span "${span.name}" into events: ${error instanceof Error ? error.message : String(error)} (further failures are not reported)`,
      );
    }
  }
}
