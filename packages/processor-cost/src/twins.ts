/** A model-call span as `Twins` compares it (filled into one reused record by the caller). */
export interface CallSpan {
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
  /**
   * A peer framework tracer's span (`isPeerFrameworkSpan`): its tracer keeps a trace of its own
   * beside ours, so its twin may be in any trace.
   */
  peer: boolean;
}

/**
 * Framework tracers whose spans carry the conventions' names but keep traces of their own:
 * OpenLLMetry's LangChain tracer drops LangChain's parent runs (every run a root of its own).
 */
const DETACHED_FRAMEWORK_SCOPES: ReadonlySet<string> = new Set([
  '@traceloop/instrumentation-langchain',
]);

/**
 * A span of a peer framework tracer, for `CallSpan.peer`: one without the conventions' operation
 * name (OpenInference's), or from a framework tracer known to keep its own traces.
 */
export function isPeerFrameworkSpan(hasOperationName: boolean, scope: string): boolean {
  return !hasOperationName || DETACHED_FRAMEWORK_SCOPES.has(scope);
}

/** One counted call, kept for a while in case another source's span of it ends later. */
interface Counted extends CallSpan {
  /** Order of counting, across scopes. */
  seq: number;
  /** Already named as the owner of a twin. */
  taken: boolean;
}

/** The last calls counted for one instrumentation scope, newest at `next - 1`; records reused. */
interface Ring {
  readonly scope: string;
  readonly entries: Counted[];
  next: number;
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
 * "One call, one owner" for spans of one call that do NOT nest (`UsageOwners` handles those that
 * do). A framework's LLM span need not parent the client call it wraps: OpenInference's
 * LangChain tracer starts its spans without making them active, so the `openai` call's span is
 * its sibling, or the root of another trace; and LangChain runs its callbacks in the background,
 * so its span may even start after the call's. What holds is the end: the framework's span ends
 * after the call it wraps returned.
 *
 * So a model-call span's twin is a span counted earlier (spans come here in the order they end)
 * that ended after this one started, from ANOTHER instrumentation scope, for the same model with
 * the same input and output tokens, in the same trace or at the root of its own — or in any trace
 * when either span is a peer framework's: with genai-otel's LangChain bridge beside
 * OpenInference's, the `openai` span nests in the bridge's `chat` span while OpenInference's LLM
 * span sits in the trace OpenInference's background tracer keeps apart; of several, the
 * last one counted (the framework ends its span right after the call's response). Same model and
 * counts: two concurrent calls of different sources under one agent stay two calls. A counted
 * span is the twin of one span at most.
 *
 * The calls counted are kept per scope (the last `perScope` of each, at most `scopes` scopes), so
 * a process with one instrumentation scans nothing: its own scope is never a candidate.
 */
export class Twins {
  readonly #rings: Ring[] = [];
  readonly #perScope: number;
  readonly #scopes: number;
  readonly #peerOnly: boolean;
  #seq = 0;

  /**
   * `peerOnly`: pair only a peer framework's span with another source's (whatever the traces),
   * for spans with nothing to compare but their time (retrievals).
   */
  constructor(perScope = 128, scopes = 16, peerOnly = false) {
    this.#perScope = perScope;
    this.#scopes = scopes;
    this.#peerOnly = peerOnly;
  }

  /**
   * The id of the span that already counts this call, else `undefined` (and the span is
   * remembered as counting it).
   */
  of(span: CallSpan): string | undefined {
    // The SDK starts a span at `Date.now()`, whole milliseconds, and ends it at its start plus
    // the measured duration: two spans' times may disagree by up to 1 ms.
    const started = span.start - 1;
    let best: Counted | undefined;
    let own: Ring | undefined;
    for (const ring of this.#rings) {
      if (ring.scope === span.scope) {
        own = ring;
        continue;
      }
      const entries = ring.entries;
      const size = entries.length;
      for (let n = 0, i = ring.next - 1; n < size; n++, i--) {
        if (i < 0) i = size - 1;
        const c = entries[i]!;
        // Newest first: one that ended before this span started, and all older ones, can't be.
        if (c.end < started) break;
        if (
          !c.taken &&
          (best === undefined || c.seq > best.seq) &&
          c.input === span.input &&
          c.output === span.output &&
          sameModel(c, span) &&
          (c.peer ||
            span.peer ||
            (!this.#peerOnly && (c.traceId === span.traceId || c.parentSpanId === undefined)))
        ) {
          best = c;
          break;
        }
      }
    }
    if (best !== undefined) {
      best.taken = true;
      return best.spanId;
    }
    if (own === undefined) {
      if (this.#rings.length >= this.#scopes) return undefined;
      own = { scope: span.scope, entries: [], next: 0 };
      this.#rings.push(own);
    }
    this.#remember(own, span);
    return undefined;
  }

  #remember(ring: Ring, span: CallSpan): void {
    const i = ring.next;
    const c = ring.entries[i];
    const seq = ++this.#seq;
    if (c === undefined) ring.entries.push({ ...span, seq, taken: false });
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
      c.peer = span.peer;
      c.seq = seq;
      c.taken = false;
    }
    ring.next = i + 1 === this.#perScope ? 0 : i + 1;
  }
}
