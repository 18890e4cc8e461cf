import { type Context, createContextKey } from '@opentelemetry/api';

// The OpenTelemetry context while the Agents SDK runs. The SDK switches its current span with
// `setCurrentSpan()` — an in-place change of its own AsyncLocalStorage store plus `enterWith` —
// which OpenTelemetry's context cannot follow (its API has no `enterWith`). So the context we
// enter when the SDK enters its storage (`run`) is LIVE: its active span is read, at each
// `getValue`, from the SDK's current span. Every other key is the base context's. Setting the
// span (an app's own `context.with(trace.setSpan(...))` inside a tool) makes a plain context
// again: the app's span is then the active one, as it asked.

// The API's own key: `createContextKey` is `Symbol.for(description)`, so this is the very symbol
// `trace.setSpan`/`trace.getSpan` use (live-context.test.ts checks it against the API).
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');

/**
 * Where a live context reads its active span: `undefined` when the SDK has none of ours, or
 * when its current span is `hidden` (see `LiveContext.hidden`).
 */
export type SpanSource = (hidden: string | undefined) => unknown;

export class LiveContext implements Context {
  /**
   * @param hidden The SDK span the app had entered its own span under when this context was
   *   made (a nested run inside the app's `withTool` inside an SDK tool): while that SDK span is
   *   still the current one, the app's span (the base's) is the active one.
   */
  constructor(
    readonly base: Context,
    private readonly source: SpanSource,
    readonly hidden: string | undefined = undefined,
  ) {}

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) {
      const span = this.source(this.hidden);
      if (span !== undefined) return span;
    }
    return this.base.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    const next = this.base.setValue(key, value);
    // A span set explicitly wins from here on: a plain context.
    return key === SPAN_KEY ? next : new LiveContext(next, this.source, this.hidden);
  }

  deleteValue(key: symbol): Context {
    const next = this.base.deleteValue(key);
    return key === SPAN_KEY ? next : new LiveContext(next, this.source, this.hidden);
  }
}

/** The context under a live one (itself when it is plain). */
export function baseOf(ctx: Context): Context {
  return ctx instanceof LiveContext ? ctx.base : ctx;
}
