import { recordError } from '@genai-otel/instrumentation-core/rules';
import {
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Span,
  type SpanOptions,
  trace,
} from '@opentelemetry/api';
import { settings } from './config.js';
import { helperContext } from './helper-context.js';
import { type Ending, traceIteration } from './iteration.js';

/** Ends the span of an {@link untilDone} function; an error (anything but `undefined`/`null`) fails it. */
export type DoneCallback = (error?: unknown) => void;

/**
 * Callback style, asked for explicitly with {@link untilDone}: the span ends when `done(error?)`
 * is called, not when the function returns.
 */
export interface UntilDone<R> {
  readonly untilDone: (span: Span, done: DoneCallback) => R;
}

/**
 * What a helper runs: a function that gets the helper's span (to add attributes or events), or an
 * {@link untilDone} wrapper for callback-style code. How many parameters the function declares
 * never matters.
 */
export type Traced<R> = ((span: Span) => R) | UntilDone<R>;

/**
 * What a helper hands back for a function returning `R`: `R` itself, except that a thenable which
 * is not a `Promise` (a query builder, a mongoose `Query`) becomes a native `Promise` of its value,
 * so that its `then` — which starts the work — is called exactly once.
 */
export type Settled<R> =
  R extends Promise<unknown> ? R : R extends PromiseLike<infer T> ? Promise<T> : R;

/**
 * Marks `fn` as callback style for any helper: its span ends when `fn` calls `done(error?)`.
 *
 * ```ts
 * withTool('legacy_lookup', untilDone((span, done) => {
 *   legacy.lookup(id, (error, row) => { done(error); callback(error, row); });
 * }));
 * ```
 */
export function untilDone<R>(fn: (span: Span, done: DoneCallback) => R): UntilDone<R> {
  return { untilDone: fn };
}

/** Passed to `Finisher.success` when there is no single result: iterations and callbacks. */
export const NO_VALUE: unique symbol = Symbol('no value');

/**
 * What a helper adds when its span ends. One static object per helper, so a call allocates no
 * closures for it; per-call data travels in `state`.
 */
export interface Finisher<S> {
  /** Before the span ends on success; `value` is the (resolved) result or `NO_VALUE`. */
  success(span: Span, state: S, value: unknown): void;
  /** Before the span ends on failure; the exception, status and `error.type` are already set. */
  failure(span: Span, state: S, error: unknown): void;
}

const noopDone: DoneCallback = () => {};
const NON_RECORDING: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * Runs `fn` untraced, for a helper whose own bookkeeping failed: telemetry never breaks the app.
 * The result is shaped as a traced call's would be (see {@link Settled}).
 */
export function runUntraced<R>(fn: Traced<R>): Settled<R> {
  if (typeof fn === 'function') return adopt(fn(NON_RECORDING));
  return adopt(fn.untilDone(NON_RECORDING, noopDone));
}

/**
 * Runs `fn` as the active span `name` (a child of `parent`), optionally with `state` under
 * `contextKey` in the same context, and ends the span when the work is over: on return for plain
 * values, on settlement for promises and thenables, at the end (or `return()`/`break`) of an
 * iteration for iterators and async iterables, at `done()` for {@link untilDone}. Errors are
 * recorded and rethrown as the very same object; results are handed back untouched, but for a
 * thenable that is not a `Promise` (see {@link Settled}).
 */
export function runInSpan<S, R>(
  name: string,
  options: SpanOptions,
  parent: Context,
  contextKey: symbol | undefined,
  state: S,
  fn: Traced<R>,
  finisher: Finisher<S>,
): Settled<R> {
  let span: Span;
  let ctx: Context;
  let recording: boolean;
  try {
    span = settings().tracer.startSpan(name, options, parent);
    ctx = helperContext(parent, span, contextKey, state);
    recording = span.isRecording();
  } catch {
    // A broken tracer must not take the app down: run the work untraced.
    return runUntraced(fn);
  }
  if (typeof fn !== 'function') {
    if (!recording) return adopt(context.with(ctx, fn.untilDone, undefined, span, noopDone));
    return adopt(runWithCallback(span, ctx, state, fn.untilDone, finisher));
  }
  if (!recording) return adopt(context.with(ctx, fn, undefined, span));

  let result: R;
  try {
    result = context.with(ctx, fn, undefined, span);
  } catch (error) {
    fail(span, state, error, finisher);
    throw error;
  }
  try {
    return settle(span, ctx, state, result, finisher);
  } catch {
    // Only inspecting the result can get here (a throwing `then` getter, a hostile proxy): the
    // caller still gets it, untraced from here on.
    end(span);
    return result as Settled<R>;
  }
}

/**
 * A thenable that is not a `Promise`, as a native promise of its value; anything else as it is.
 * Its `then` may start the work (a query builder runs its query), so it is called once, here, and
 * never again by the caller.
 */
function adopt<R>(result: R): Settled<R> {
  if (isForeignThenable(result)) return Promise.resolve(result) as Settled<R>;
  return result as Settled<R>;
}

function isForeignThenable(value: unknown): value is PromiseLike<unknown> {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  try {
    return (
      typeof (value as PromiseLike<unknown>).then === 'function' && !(value instanceof Promise)
    );
  } catch {
    return false;
  }
}

function settle<S, R>(
  span: Span,
  ctx: Context,
  state: S,
  result: R,
  finisher: Finisher<S>,
): Settled<R> {
  if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
    const thenable = result as unknown as PromiseLike<unknown>;
    if (typeof thenable.then === 'function') {
      if (!(result instanceof Promise)) {
        return observeThenable(span, ctx, state, thenable, finisher) as Settled<R>;
      }
      const onValue = (value: unknown) => {
        resolved(span, ctx, state, value, finisher);
        return value;
      };
      const onError = (error: unknown) => {
        fail(span, state, error, finisher);
        throw error;
      };
      // A native promise is replaced by its continuation, which keeps an unhandled rejection
      // unhandled. A Promise subclass (an SDK's, with helper methods) is observed and handed back
      // as the very same object: a promise's work started when it was made, so a second `then`
      // starts nothing.
      if ((result as object).constructor === Promise) {
        return (thenable as Promise<unknown>).then(onValue, onError) as Settled<R>;
      }
      thenable.then(onValue, (error: unknown) => fail(span, state, error, finisher));
      return result as Settled<R>;
    }
    if (traceIteration(result, ctx, new SpanEnding(span, state, finisher))) {
      return result as Settled<R>;
    }
  }
  succeed(span, state, result, finisher);
  return result as Settled<R>;
}

/**
 * A thenable that is not a promise may be lazy: its `then` starts the work, each time. It is
 * called once, with the span active (so spans of the work it starts are children), and the caller
 * gets a native promise of that one call's outcome.
 */
function observeThenable<S>(
  span: Span,
  ctx: Context,
  state: S,
  thenable: PromiseLike<unknown>,
  finisher: Finisher<S>,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onValue = (value: unknown) => {
      resolved(span, ctx, state, value, finisher);
      resolve(value);
    };
    const onError = (error: unknown) => {
      fail(span, state, error, finisher);
      reject(error);
    };
    try {
      context.with(ctx, thenable.then, thenable, onValue, onError);
    } catch (error) {
      onError(error);
    }
  });
}

/** A promise resolved to a stream: the span covers consuming it. */
function resolved<S>(span: Span, ctx: Context, state: S, value: unknown, finisher: Finisher<S>) {
  let streaming = false;
  try {
    streaming =
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function' &&
      traceIteration(value, ctx, new SpanEnding(span, state, finisher));
  } catch {
    // An odd value (a throwing getter): not a stream to us.
  }
  if (!streaming) succeed(span, state, value, finisher);
}

function runWithCallback<S, R>(
  span: Span,
  ctx: Context,
  state: S,
  fn: (span: Span, done: DoneCallback) => R,
  finisher: Finisher<S>,
): R {
  let open = true;
  const done: DoneCallback = (error) => {
    if (!open) return;
    open = false;
    if (error === undefined || error === null) succeed(span, state, NO_VALUE, finisher);
    else fail(span, state, error, finisher);
  };
  try {
    return context.with(ctx, fn, undefined, span, done);
  } catch (error) {
    if (open) {
      open = false;
      fail(span, state, error, finisher);
    }
    throw error;
  }
}

/** Ends one span once, for an iteration that may end in several ways. */
class SpanEnding<S> implements Ending {
  #open = true;
  constructor(
    private readonly span: Span,
    private readonly state: S,
    private readonly finisher: Finisher<S>,
  ) {}
  get open(): boolean {
    return this.#open;
  }
  ok(): void {
    if (!this.#open) return;
    this.#open = false;
    succeed(this.span, this.state, NO_VALUE, this.finisher);
  }
  error(error: unknown): void {
    if (!this.#open) return;
    this.#open = false;
    fail(this.span, this.state, error, this.finisher);
  }
}

function succeed<S>(span: Span, state: S, value: unknown, finisher: Finisher<S>): void {
  try {
    finisher.success(span, state, value);
  } catch {
    // Telemetry never breaks the app: a failed attribute (e.g. an odd result) is left out.
  }
  end(span);
}

function fail<S>(span: Span, state: S, error: unknown, finisher: Finisher<S>): void {
  try {
    recordError(span, error);
    finisher.failure(span, state, error);
  } catch {
    // As above.
  }
  end(span);
}

/** Ends a span; a broken span implementation is not the app's problem. */
function end(span: Span): void {
  try {
    span.end();
  } catch {
    // Nothing to record it on.
  }
}

/**
 * Exception event, ERROR status and `error.type`, by the instrumentations' one rule (see
 * `@genai-otel/instrumentation-core`): an HTTP status when the error has one, else its class.
 */
export { recordError };
