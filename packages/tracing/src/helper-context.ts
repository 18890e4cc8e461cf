import {
  type Context,
  createContextKey,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  type Span,
  trace,
} from '@opentelemetry/api';

// The API's own key for the active span (`trace.setSpan`): `Symbol.for` of this description
// since @opentelemetry/api 1.0. Checked once below; if an API ever changed it, the helpers fall
// back to `trace.setSpan`.
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');
// A key nobody asks for: the second slot of a one-value node.
const NO_KEY: unique symbol = Symbol('no key');

/**
 * A context that is `parent` plus up to two values. The API's `setValue` copies the parent's whole
 * map and makes three closures on every call; a helper would need two of them (its span, its
 * state), the largest cost it adds to a span. This is one small object, and so is every
 * `setValue`/`deleteValue` made on top of it (a lookup walks up the nesting, a handful of levels).
 */
class LinkedContext implements Context {
  readonly #parent: Context;
  readonly #key1: symbol;
  readonly #value1: unknown;
  readonly #key2: symbol;
  readonly #value2: unknown;

  constructor(parent: Context, key1: symbol, value1: unknown, key2: symbol, value2: unknown) {
    this.#parent = parent;
    this.#key1 = key1;
    this.#value1 = value1;
    this.#key2 = key2;
    this.#value2 = value2;
  }

  getValue(key: symbol): unknown {
    if (key === this.#key1) return this.#value1;
    if (key === this.#key2) return this.#value2;
    return this.#parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new LinkedContext(this, key, value, NO_KEY, undefined);
  }

  deleteValue(key: symbol): Context {
    // An `undefined` value reads as absent, which is all `deleteValue` promises.
    return new LinkedContext(this, key, undefined, NO_KEY, undefined);
  }
}

const probe = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
const linkedWorks =
  trace.getSpan(new LinkedContext(ROOT_CONTEXT, SPAN_KEY, probe, NO_KEY, undefined)) === probe;

/** `parent` with `span` active and, when `key` is given, `state` under it. */
export function helperContext(
  parent: Context,
  span: Span,
  key: symbol | undefined,
  state: unknown,
): Context {
  if (linkedWorks) return new LinkedContext(parent, SPAN_KEY, span, key ?? NO_KEY, state);
  const ctx = trace.setSpan(parent, span);
  return key === undefined ? ctx : ctx.setValue(key, state);
}
