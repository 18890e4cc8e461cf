import type { ComponentLogger } from '@genai-otel/component';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_ROLLUP_CONVERSATION_FIRST_TURN,
} from '@genai-otel/semantic-conventions';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { Totals } from './totals.js';

export interface RollupOptions {
  /** Spans of this process being tracked at once (each in-flight span costs one map entry). */
  maxSpans: number;
  /** Traces whose received spans wait for their root (spans that ended elsewhere). */
  maxPendingTraces: number;
  /** Conversation ids remembered to tell a conversation's first turn. */
  maxConversations: number;
  log: ComponentLogger;
}

/**
 * Rolls every span up into its local root: a span with no parent, or whose parent is in another
 * process. Spans of this process are tied to their root as they start (a map entry per span in
 * flight, removed at its end); received spans, which never start here, wait by trace id for
 * their root. At the root's end (`onEnding`: it can still be changed, and genai_cost, listed
 * before, has priced everything) the totals go on the root as `gen_ai.rollup.*`. Spans that end
 * after their root are not in its totals. Every map is bounded; what a bound drops is counted
 * and said once.
 */
export class RollupSpanProcessor implements SpanProcessor {
  /** In-process span id → its root's totals. */
  readonly #rootOf = new Map<string, Totals>();
  /** Trace id → totals of received spans waiting for their root (oldest first). */
  readonly #pending = new Map<string, Totals>();
  /** Conversation ids seen, least recently used first. */
  readonly #conversations = new Map<string, true>();
  readonly #options: RollupOptions;
  #evicted = 0;

  constructor(options: RollupOptions) {
    this.#options = options;
  }

  onStart(span: Span, _parentContext: Context): void {
    const id = span.spanContext().spanId;
    const parent = span.parentSpanContext;
    let totals: Totals | undefined;
    if (!parent || parent.isRemote) totals = new Totals();
    else totals = this.#rootOf.get(parent.spanId);
    // A parent we do not track (started before us, or over the bound): nothing to roll into.
    if (!totals) return;
    if (this.#rootOf.size >= this.#options.maxSpans) {
      // Not tracked, it takes the received spans' path at its end: by trace id, bounded too.
      this.#options.log.once(
        'rollup:spans',
        'warn',
        `processor genai_rollup: more than max_spans (${this.#options.maxSpans}) spans in flight; further ones wait for their root by trace id (bounded by max_pending_traces)`,
      );
      return;
    }
    this.#rootOf.set(id, totals);
  }

  onEnding(span: Span): void {
    const ctx = span.spanContext();
    const parent = span.parentSpanContext;
    const isRoot = !parent || parent.isRemote;
    let totals = this.#rootOf.get(ctx.spanId);
    if (totals) this.#rootOf.delete(ctx.spanId);
    if (!totals) {
      // Received (it never started here): it waits for its root by trace id.
      if (isRoot) totals = new Totals();
      else {
        this.#pendingFor(ctx.traceId).add(span);
        return;
      }
    }
    totals.add(span);
    if (!isRoot) return;
    // Most roots have no received spans waiting: no trace id lookup (a 32-character hash) then.
    const received = this.#pending.size > 0 ? this.#pending.get(ctx.traceId) : undefined;
    if (received) {
      this.#pending.delete(ctx.traceId);
      totals.merge(received);
    }
    totals.writeTo(span);
    let conversation = span.attributes[ATTR_GEN_AI_CONVERSATION_ID];
    if (conversation === undefined && totals.conversation !== undefined) {
      // A root that knows no conversation (an HTTP request span, whose handler opened
      // `withConversation` inside it) takes the one its spans served, so a request is still a
      // conversation's turn and the turn counts.
      conversation = totals.conversation;
      span.setAttribute(ATTR_GEN_AI_CONVERSATION_ID, conversation);
    }
    if (typeof conversation === 'string' && conversation !== '' && this.#firstTurn(conversation))
      span.setAttribute(ATTR_GEN_AI_ROLLUP_CONVERSATION_FIRST_TURN, true);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    if (this.#evicted > 0)
      this.#options.log.info(
        `processor genai_rollup: the waiting spans of ${this.#evicted} traces were evicted before their root ended; those roots' totals miss them`,
      );
    this.#rootOf.clear();
    this.#pending.clear();
    return Promise.resolve();
  }

  /** Sizes, for tests and the benchmark's memory report. */
  get sizes(): { spans: number; pendingTraces: number; conversations: number } {
    return {
      spans: this.#rootOf.size,
      pendingTraces: this.#pending.size,
      conversations: this.#conversations.size,
    };
  }

  #pendingFor(traceId: string): Totals {
    let totals = this.#pending.get(traceId);
    if (totals) return totals;
    if (this.#pending.size >= this.#options.maxPendingTraces) {
      const oldest = this.#pending.keys().next().value!;
      this.#pending.delete(oldest);
      this.#evicted++;
      this.#options.log.once(
        'rollup:pending',
        'warn',
        `processor genai_rollup: more than max_pending_traces (${this.#options.maxPendingTraces}) received traces wait for their root; the oldest are dropped from the roll-up (counted)`,
      );
    }
    totals = new Totals();
    this.#pending.set(traceId, totals);
    return totals;
  }

  /** True the first time `id` is seen (within the last max_conversations distinct ids). */
  #firstTurn(id: string): boolean {
    const seen = this.#conversations;
    if (seen.has(id)) {
      seen.delete(id);
      seen.set(id, true);
      return false;
    }
    if (seen.size >= this.#options.maxConversations) seen.delete(seen.keys().next().value!);
    seen.set(id, true);
    return true;
  }
}
