/** One counted call, kept for a while in case a framework's span around it ends later. */
interface Counted {
  spanId: string;
  traceId: string;
  /** undefined for a root span. */
  parentSpanId: string | undefined;
  scope: string;
  /** Start and end, ms since the epoch. */
  start: number;
  end: number;
  requestModel: string | undefined;
  responseModel: string | undefined;
  input: number;
  output: number;
  /** Already named as the owner of an enclosing twin. */
  taken: boolean;
}

/** A model-call span as `twin` compares it. */
export interface CallSpan {
  spanId: string;
  traceId: string;
  parentSpanId: string | undefined;
  scope: string;
  start: number;
  end: number;
  requestModel: string | undefined;
  responseModel: string | undefined;
  input: number;
  output: number;
}

/** One model name in common (a framework may name only the requested one, or the dated one). */
function sameModel(a: CallSpan, b: CallSpan): boolean {
  const { requestModel: q, responseModel: r } = b;
  return (
    (a.requestModel !== undefined && (a.requestModel === q || a.requestModel === r)) ||
    (a.responseModel !== undefined && (a.responseModel === q || a.responseModel === r))
  );
}

/**
 * "One call, one owner": when spans nest for the same model call (a provider SDK's own span under
 * ours, a third party's above the SDK's, ours under a framework's LLM span), the INNERMOST
 * model-call span owns the call's usage — it is closest to the HTTP exchange. Each model-call
 * span claims its parent; a model-call span that finds itself claimed is a duplicate of its
 * claimant's owner.
 *
 * In-process the claim is made when the child STARTS (`started`), so it holds however the spans
 * end (a streamed call's outer span may end before the SDK's inner one); received spans, which
 * have no start, claim when they arrive (`settle`), children first as exporters batch them.
 * Bounded: past `limit` pending claims the oldest is forgotten (a parent still open after that
 * many later calls may then be counted twice).
 */
export class UsageOwners {
  /** Parent span id → the owning span's id. Insertion order is age order. */
  readonly #claims = new Map<string, string>();
  readonly #limit: number;
  /** Ring of recently counted calls, newest at `#next - 1`; records are reused. */
  readonly #counted: Counted[] = [];
  readonly #ring: number;
  #next = 0;

  constructor(limit = 16_384, ring = 256) {
    this.#limit = limit;
    this.#ring = ring;
  }

  /** A span that is a model call by its start attributes has started under `parentSpanId`. */
  started(spanId: string, parentSpanId: string | undefined): void {
    if (parentSpanId !== undefined && parentSpanId !== '') this.#claim(parentSpanId, spanId);
  }

  /**
   * Called once per model-call span with usage. Returns the owner's span id when another span
   * already counts this call, else `undefined` (this span owns it).
   */
  settle(spanId: string, parentSpanId: string | undefined): string | undefined {
    const owner = this.#claims.get(spanId);
    if (owner !== undefined) this.#claims.delete(spanId);
    if (parentSpanId !== undefined && parentSpanId !== '')
      this.#claim(parentSpanId, owner ?? spanId);
    return owner;
  }

  #claim(parentSpanId: string, owner: string): void {
    if (this.#claims.size >= this.#limit && !this.#claims.has(parentSpanId)) {
      const oldest = this.#claims.keys().next().value;
      if (oldest !== undefined) this.#claims.delete(oldest);
    }
    this.#claims.set(parentSpanId, owner);
  }

  /**
   * For a model-call span that owns its call by nesting (`settle` gave `undefined`): the id of a
   * counted call that is this same call seen by another instrumentation WITHOUT nesting, else
   * `undefined` (and the span is remembered as counted). A framework's LLM span need not parent
   * the client call it wraps: OpenInference's LangChain tracer starts its spans without making
   * them active, so the `openai` call's span is its sibling, or the root of another trace; and
   * LangChain runs its callbacks in the background, so its span may even start after the call's.
   * What holds is the end: the framework's span ends after the call it wraps returned. So its
   * twin is a span counted earlier (spans come here in the order they end) that ended after this
   * one started, from another instrumentation scope, for the same model with the same input and
   * output tokens, in the same trace or at the root of its own; of several, the last one counted
   * (the framework ends its span right after the call's response). Same model and counts: two
   * concurrent calls of different sources under one agent stay two calls. A counted span is the
   * twin of one span at most.
   */
  twin(span: CallSpan): string | undefined {
    const ring = this.#counted;
    const size = ring.length;
    // The SDK starts a span at `Date.now()`, whole milliseconds, and ends it at its start plus
    // the measured duration: two spans' times may disagree by up to 1 ms.
    const started = span.start - 1;
    for (let n = 0, i = this.#next - 1; n < size; n++, i--) {
      if (i < 0) i = size - 1;
      const c = ring[i]!;
      // Newest first: one that ended before this span started, and all older ones, can't be.
      if (c.end < started) break;
      if (
        !c.taken &&
        c.scope !== span.scope &&
        c.input === span.input &&
        c.output === span.output &&
        sameModel(c, span) &&
        (c.traceId === span.traceId || c.parentSpanId === undefined)
      ) {
        c.taken = true;
        return c.spanId;
      }
    }
    this.#remember(span);
    return undefined;
  }

  #remember(span: CallSpan): void {
    const ring = this.#counted;
    const i = this.#next;
    const c = ring[i];
    if (c === undefined) ring.push({ ...span, taken: false });
    else {
      c.spanId = span.spanId;
      c.traceId = span.traceId;
      c.parentSpanId = span.parentSpanId;
      c.scope = span.scope;
      c.start = span.start;
      c.end = span.end;
      c.requestModel = span.requestModel;
      c.responseModel = span.responseModel;
      c.input = span.input;
      c.output = span.output;
      c.taken = false;
    }
    this.#next = i + 1 === this.#ring ? 0 : i + 1;
  }

  /** Pending claims (for tests). */
  get size(): number {
    return this.#claims.size;
  }
}
