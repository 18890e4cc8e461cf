import type { SpanGate, SpanSink } from '@genai-otel/component';
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

  /** The first gate (tail_sampling) when the pipeline has any: spans reach the sinks through it. */
  readonly #gate: { id: string; gate: SpanGate } | undefined;
  readonly #gates: { id: string; gate: SpanGate }[] = [];

  /**
   * `gates` (in YAML order) sit between the processors and the sinks: each hands what it keeps
   * to the next, the last to the sinks.
   */
  constructor(
    id: string,
    processors: NamedProcessor[],
    sinks: NamedProcessor[],
    log: Logger,
    gates: { id: string; gate: (next: SpanSink) => SpanGate }[] = [],
    rooms: readonly QueueRoom[] = [],
  ) {
    this.id = id;
    this.#processors = processors;
    this.#sinks = sinks;
    this.#log = log;
    this.rooms = rooms;
    let next: SpanSink = (span) => this.#fanOut(span);
    for (let i = gates.length - 1; i >= 0; i--) {
      const g = gates[i]!;
      const gate = g.gate(next);
      const named = { id: g.id, gate };
      this.#gates.unshift(named);
      next = (span) => this.#guardGate(named, span);
    }
    this.#gate = this.#gates[0];
  }

  // Per span and hook: a loop with a try per processor, not a closure per call (a span passes
  // through every processor three times).
  onStart(span: Span, parentContext: Context): void {
    const processors = this.#processors;
    for (let i = 0; i < processors.length; i++) {
      const p = processors[i]!;
      try {
        p.processor.onStart(span, parentContext);
      } catch (error) {
        this.#failed(p, 'onStart', error);
      }
    }
    const sinks = this.#sinks;
    for (let i = 0; i < sinks.length; i++) {
      const s = sinks[i]!;
      try {
        s.processor.onStart(span, parentContext);
      } catch (error) {
        this.#failed(s, 'onStart', error);
      }
    }
  }

  onEnding(span: Span): void {
    const processors = this.#processors;
    for (let i = 0; i < processors.length; i++) {
      const p = processors[i]!;
      if (p.processor.onEnding === undefined) continue;
      try {
        p.processor.onEnding(span);
      } catch (error) {
        this.#failed(p, 'onEnding', error);
      }
    }
  }

  onEnd(span: ReadableSpan): void {
    const processors = this.#processors;
    for (let i = 0; i < processors.length; i++) {
      const p = processors[i]!;
      try {
        p.processor.onEnd(span);
      } catch (error) {
        this.#failed(p, 'onEnd', error);
      }
    }
    if (this.#gate) this.#guardGate(this.#gate, span);
    else this.#fanOut(span);
  }

  #fanOut(span: ReadableSpan): void {
    const sinks = this.#sinks;
    for (let i = 0; i < sinks.length; i++) {
      const s = sinks[i]!;
      try {
        s.processor.onEnd(span);
      } catch (error) {
        this.#failed(s, 'onEnd', error);
      }
    }
  }

  #guardGate(g: { id: string; gate: SpanGate }, span: ReadableSpan): void {
    try {
      g.gate.take(span);
    } catch (error) {
      this.#log.once(
        `${this.id}:${g.id}:take`,
        'error',
        `${g.id} failed (${error instanceof Error ? error.message : String(error)}); in pipeline ${this.id} the span goes on ungated`,
      );
      this.#fanOut(span);
    }
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled([
      ...this.#gates.map((g) => g.gate.forceFlush()),
      ...[...this.#processors, ...this.#sinks].map((p) => p.processor.forceFlush()),
    ]);
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled(this.#processors.map((p) => p.processor.shutdown()));
    // Gates first, one after the other: what they still hold is decided and reaches the sinks.
    for (const g of this.#gates) await Promise.allSettled([g.gate.shutdown()]);
    await Promise.allSettled(this.#sinks.map((s) => s.processor.shutdown()));
  }

  #failed(p: NamedProcessor, hook: string, error: unknown): void {
    this.#log.once(
      `${this.id}:${p.id}:${hook}`,
      'error',
      `${p.id} failed in ${hook} (${error instanceof Error ? error.message : String(error)}); in pipeline ${this.id} it is skipped for this span`,
    );
  }
}
