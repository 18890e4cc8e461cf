import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Logger } from '../logger.js';
import type { QueueRoom } from './queue-room.js';

export interface NamedProcessor {
  id: string;
  processor: SpanProcessor;
}

/**
 * One traces pipeline: a span processor of the TracerProvider when it lists the in-process
 * receiver, fed received spans by a ReceivedSpansConsumer when it lists another (or both). Its
 * processors run in YAML order (their `onEnding` may change the span before any exporter sees
 * it), then the fan-out to its sinks
 * (one queue per exporter, connectors). A throwing processor or sink is reported once and
 * skipped: the span goes on, the app never sees the error.
 */
export class PipelineSpanProcessor implements SpanProcessor {
  readonly id: string;
  readonly #processors: NamedProcessor[];
  readonly #sinks: NamedProcessor[];
  readonly #log: Logger;
  /** Its exporters' queues, for a receiver's backpressure check. */
  readonly rooms: readonly QueueRoom[];

  constructor(
    id: string,
    processors: NamedProcessor[],
    sinks: NamedProcessor[],
    log: Logger,
    rooms: readonly QueueRoom[] = [],
  ) {
    this.id = id;
    this.#processors = processors;
    this.#sinks = sinks;
    this.#log = log;
    this.rooms = rooms;
  }

  onStart(span: Span, parentContext: Context): void {
    for (const p of this.#processors)
      this.#guard(p, 'onStart', () => p.processor.onStart(span, parentContext));
    for (const s of this.#sinks)
      this.#guard(s, 'onStart', () => s.processor.onStart(span, parentContext));
  }

  onEnding(span: Span): void {
    for (const p of this.#processors) {
      if (p.processor.onEnding) this.#guard(p, 'onEnding', () => p.processor.onEnding!(span));
    }
  }

  onEnd(span: ReadableSpan): void {
    for (const p of this.#processors) this.#guard(p, 'onEnd', () => p.processor.onEnd(span));
    for (const s of this.#sinks) this.#guard(s, 'onEnd', () => s.processor.onEnd(span));
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled(
      [...this.#processors, ...this.#sinks].map((p) => p.processor.forceFlush()),
    );
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled(this.#processors.map((p) => p.processor.shutdown()));
    await Promise.allSettled(this.#sinks.map((s) => s.processor.shutdown()));
  }

  #guard(p: NamedProcessor, hook: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#log.once(
        `${this.id}:${p.id}:${hook}`,
        'error',
        `${p.id} failed in ${hook} (${error instanceof Error ? error.message : String(error)}); in pipeline ${this.id} it is skipped for this span`,
      );
    }
  }
}
