import { ATTR_ERROR_TYPE, ERROR_TYPE_OTHER } from '@genai-otel/semantic-conventions';
import {
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { settings } from './config.js';
import { type Ending, traceIteration } from './iteration.js';

/** Ends a callback-style traced function's span; an error (anything but `undefined`/`null`) fails it. */
export type DoneCallback = (error?: unknown) => void;

/**
 * A traced function. It gets the helper's span (to add attributes or events). Declaring a second
 * parameter switches to callback style: the span then ends when `done(error?)` is called, not when
 * the function returns.
 */
export type Traced<R> = (span: Span, done: DoneCallback) => R;

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

/**
 * Runs `fn` as the active span `name` (a child of `parent`), optionally with `state` under
 * `contextKey` in the same context, and ends the span when the work is over: on return for plain
 * values, on settlement for promises, at the end (or `return()`/`break`) of an iteration for
 * iterators and async iterables, at `done()` for callback style. Errors are recorded and rethrown
 * as the very same object; results are handed back untouched.
 */
export function runInSpan<S, R>(
  name: string,
  options: SpanOptions,
  parent: Context,
  contextKey: symbol | undefined,
  state: S,
  fn: Traced<R>,
  finisher: Finisher<S>,
): R {
  let span: Span;
  let ctx: Context;
  try {
    span = settings().tracer.startSpan(name, options, parent);
    ctx = trace.setSpan(parent, span);
    if (contextKey !== undefined) ctx = ctx.setValue(contextKey, state);
  } catch {
    // A broken tracer must not take the app down: run the work untraced.
    return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT), noopDone);
  }
  if (!span.isRecording()) return context.with(ctx, fn, undefined, span, noopDone);
  if (fn.length >= 2) return runWithCallback(span, ctx, state, fn, finisher);

  let result: R;
  try {
    result = context.with(ctx, fn as (span: Span) => R, undefined, span);
  } catch (error) {
    fail(span, state, error, finisher);
    throw error;
  }
  try {
    return settle(span, ctx, state, result, finisher);
  } catch {
    // Only inspecting the result can get here (a throwing `then` getter, a hostile proxy): the
    // caller still gets it, untraced from here on.
    span.end();
    return result;
  }
}

function settle<S, R>(span: Span, ctx: Context, state: S, result: R, finisher: Finisher<S>): R {
  if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
    const thenable = result as unknown as PromiseLike<unknown>;
    if (typeof thenable.then === 'function') {
      const onValue = (value: unknown) => {
        resolved(span, ctx, state, value, finisher);
        return value;
      };
      const onError = (error: unknown) => {
        fail(span, state, error, finisher);
        throw error;
      };
      // A native promise is replaced by its continuation, which keeps an unhandled rejection
      // unhandled; any other thenable (an SDK's promise subclass with helper methods) is observed
      // and handed back as the very same object.
      if ((result as object).constructor === Promise) {
        return (thenable as Promise<unknown>).then(onValue, onError) as R;
      }
      thenable.then(onValue, (error: unknown) => fail(span, state, error, finisher));
      return result;
    }
    if (traceIteration(result, ctx, new SpanEnding(span, state, finisher))) return result;
  }
  succeed(span, state, result, finisher);
  return result;
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
  fn: Traced<R>,
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
  span.end();
}

function fail<S>(span: Span, state: S, error: unknown, finisher: Finisher<S>): void {
  try {
    recordError(span, error);
    finisher.failure(span, state, error);
  } catch {
    // As above.
  }
  span.end();
}

/** Exception event, ERROR status and `error.type` (the error's class name, else `_OTHER`). */
export function recordError(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
}

function errorType(error: unknown): string {
  if (error instanceof Error) return error.constructor?.name || error.name || ERROR_TYPE_OTHER;
  return ERROR_TYPE_OTHER;
}
