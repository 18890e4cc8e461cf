import type { ComponentLogger, SpanGate, SpanSink } from '@genai-otel/component';
import {
  ATTR_GENAI_OTEL_TAIL_SAMPLING_DECISION,
  GENAI_OTEL_TAIL_SAMPLING_DECISION,
  METRIC_GENAI_OTEL_TAIL_SAMPLING_DROPPED_TOO_EARLY,
  METRIC_GENAI_OTEL_TAIL_SAMPLING_TRACES,
} from '@genai-otel/semantic-conventions';
import { type Counter, metrics, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { NamedPolicy } from './policies.js';

export interface TailSamplerOptions {
  policies: readonly NamedPolicy[];
  decisionWaitMs: number;
  numTraces: number;
  sampledCacheSize: number;
  nonSampledCacheSize: number;
  log: Pick<ComponentLogger, 'once' | 'info'>;
  /** The clock (tests). */
  now?: () => number;
  /** Decide on a timer (default true); tests call `decideDue()` themselves. */
  timer?: boolean;
}

interface Held {
  spans: ReadableSpan[];
  arrived: number;
}

/** What the sampler has done, for tests, the benchmark and the shutdown line. */
export interface TailSamplingStats {
  sampled: number;
  notSampled: number;
  droppedTooEarly: number;
  lateSpansKept: number;
  lateSpansDropped: number;
  held: number;
  heldSpans: number;
}

/**
 * Holds each sampled trace's spans from its first span for `decision_wait`, then keeps or drops
 * the whole trace by the policies (kept when any samples it; no policies: every trace). Late
 * spans follow the decision while the trace id is in the decided caches. At most `num_traces`
 * traces wait: past it the oldest is dropped undecided, counted and said once. Spans of traces
 * the head sampler did not sample (recorded only for metrics) go straight on: exporter queues
 * drop them, connectors behind the gate still count them.
 */
export class TailSampler implements SpanGate {
  readonly #next: SpanSink;
  readonly #o: TailSamplerOptions;
  readonly #now: () => number;
  /** Trace id → held spans, oldest first (insertion order is arrival order). */
  readonly #held = new Map<string, Held>();
  readonly #sampled = new Map<string, true>();
  readonly #notSampled = new Map<string, true>();
  readonly #timer: ReturnType<typeof setInterval> | undefined;
  #heldSpans = 0;
  readonly #stats = {
    sampled: 0,
    notSampled: 0,
    droppedTooEarly: 0,
    lateSpansKept: 0,
    lateSpansDropped: 0,
  };
  #decisions: Counter | undefined;
  #tooEarly: Counter | undefined;

  constructor(next: SpanSink, options: TailSamplerOptions) {
    this.#next = next;
    this.#o = options;
    this.#now = options.now ?? Date.now;
    if (options.timer !== false) {
      // The collector ticks once a second; a shorter wait is honoured to within a tenth of it.
      const every = Math.max(10, Math.min(1000, options.decisionWaitMs / 10));
      this.#timer = setInterval(() => this.decideDue(), every);
      this.#timer.unref();
    }
  }

  take(span: ReadableSpan): void {
    const ctx = span.spanContext();
    if ((ctx.traceFlags & TraceFlags.SAMPLED) === 0) {
      this.#next(span);
      return;
    }
    const id = ctx.traceId;
    const held = this.#held.get(id);
    if (held !== undefined) {
      held.spans.push(span);
      this.#heldSpans++;
      return;
    }
    if (this.#sampled.has(id)) {
      this.#stats.lateSpansKept++;
      this.#next(span);
      return;
    }
    if (this.#notSampled.has(id)) {
      this.#stats.lateSpansDropped++;
      return;
    }
    if (this.#held.size >= this.#o.numTraces) this.#evictOldest();
    this.#held.set(id, { spans: [span], arrived: this.#now() });
    this.#heldSpans++;
  }

  /** Decides every trace whose decision_wait has passed (the timer calls it). */
  decideDue(): void {
    const now = this.#now();
    for (const [id, held] of this.#held) {
      if (now - held.arrived < this.#o.decisionWaitMs) return;
      this.#decide(id, held);
    }
  }

  /** Decides every trace held now, whatever its wait. */
  decideAll(): void {
    for (const [id, held] of this.#held) this.#decide(id, held);
  }

  #decide(id: string, held: Held): void {
    this.#held.delete(id);
    this.#heldSpans -= held.spans.length;
    const keep = this.#keeps(held.spans, id);
    remember(
      keep ? this.#sampled : this.#notSampled,
      id,
      keep ? this.#o.sampledCacheSize : this.#o.nonSampledCacheSize,
    );
    if (keep) {
      this.#stats.sampled++;
      for (const s of held.spans) this.#next(s);
    } else this.#stats.notSampled++;
    this.#countDecision(keep);
  }

  #keeps(spans: readonly ReadableSpan[], id: string): boolean {
    const policies = this.#o.policies;
    if (policies.length === 0) return true;
    for (const p of policies) {
      try {
        if (p.sample(spans, id)) return true;
      } catch (error) {
        this.#o.log.once(
          `tail:${p.name}`,
          'warn',
          `policy ${p.name} failed (${error instanceof Error ? error.message : String(error)}); it does not sample`,
        );
      }
    }
    return false;
  }

  #evictOldest(): void {
    const oldest = this.#held.keys().next();
    if (oldest.done) return;
    const held = this.#held.get(oldest.value)!;
    this.#held.delete(oldest.value);
    this.#heldSpans -= held.spans.length;
    this.#stats.droppedTooEarly++;
    this.#o.log.once(
      'tail:too-early',
      'warn',
      `more than num_traces (${this.#o.numTraces}) traces wait for a decision; the oldest are dropped undecided (counted in ${METRIC_GENAI_OTEL_TAIL_SAMPLING_DROPPED_TOO_EARLY.name}); raise num_traces or shorten decision_wait`,
    );
    try {
      this.#tooEarly ??= meter().createCounter(
        METRIC_GENAI_OTEL_TAIL_SAMPLING_DROPPED_TOO_EARLY.name,
        {
          unit: METRIC_GENAI_OTEL_TAIL_SAMPLING_DROPPED_TOO_EARLY.unit,
          description: METRIC_GENAI_OTEL_TAIL_SAMPLING_DROPPED_TOO_EARLY.description,
        },
      );
      this.#tooEarly.add(1);
    } catch {
      // Our own telemetry never breaks the pipeline.
    }
  }

  #countDecision(keep: boolean): void {
    try {
      this.#decisions ??= meter().createCounter(METRIC_GENAI_OTEL_TAIL_SAMPLING_TRACES.name, {
        unit: METRIC_GENAI_OTEL_TAIL_SAMPLING_TRACES.unit,
        description: METRIC_GENAI_OTEL_TAIL_SAMPLING_TRACES.description,
      });
      this.#decisions.add(1, {
        [ATTR_GENAI_OTEL_TAIL_SAMPLING_DECISION]: keep
          ? GENAI_OTEL_TAIL_SAMPLING_DECISION.SAMPLED
          : GENAI_OTEL_TAIL_SAMPLING_DECISION.NOT_SAMPLED,
      });
    } catch {
      // As above.
    }
  }

  get stats(): TailSamplingStats {
    return { ...this.#stats, held: this.#held.size, heldSpans: this.#heldSpans };
  }

  /**
   * A flush means "send what you have" (a Lambda invocation ends with one): every held trace is
   * decided now; its late spans follow the decision.
   */
  forceFlush(): Promise<void> {
    this.decideAll();
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.decideAll();
    const s = this.#stats;
    if (s.droppedTooEarly > 0)
      this.#o.log.info(
        `${s.droppedTooEarly} traces were dropped before their decision (num_traces ${this.#o.numTraces} were waiting); ${s.sampled} kept, ${s.notSampled} not sampled`,
      );
    this.#sampled.clear();
    this.#notSampled.clear();
    return Promise.resolve();
  }
}

function remember(cache: Map<string, true>, id: string, size: number): void {
  if (size <= 0) return;
  if (cache.size >= size) cache.delete(cache.keys().next().value as string);
  cache.set(id, true);
}

// Metrics of our own go through the global MeterProvider: under register and the collector it
// is the pipelines' (readers included); elsewhere the API's no-op.
function meter() {
  return metrics.getMeter('@genai-otel/processor-tail-sampling');
}
