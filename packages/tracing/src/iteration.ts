import { type Context, context } from '@opentelemetry/api';

// Spans over iterations: the caller keeps the very object it was given, whose own `next`, `return`
// and `throw` (or `[Symbol.asyncIterator]` for a stream) now run inside the span's context and end
// the span when the iteration completes, fails, or is left early (`break`, `return()`).

/** Ends the span of an iteration, once. */
export interface Ending {
  readonly open: boolean;
  ok(): void;
  error(error: unknown): void;
}

type Method = (...args: unknown[]) => unknown;
type Dict = Record<PropertyKey, unknown>;

/**
 * Instruments an iterator (sync or async) or an async iterable in place. False when `value` is
 * neither, or cannot be changed (frozen): the caller then ends the span at once.
 */
export function traceIteration(value: object, ctx: Context, ending: Ending): boolean {
  const it = value as Dict;
  if (!Object.isExtensible(it)) return false;
  try {
    if (typeof it.next === 'function') {
      if (typeof it[Symbol.asyncIterator] === 'function') {
        patchIterator(it, ctx, ending, true);
        return true;
      }
      if (typeof it[Symbol.iterator] === 'function') {
        patchIterator(it, ctx, ending, false);
        return true;
      }
      return false;
    }
    if (typeof it[Symbol.asyncIterator] === 'function') {
      patchAsyncIterable(it, ctx, ending);
      return true;
    }
  } catch {
    // Fall through: not instrumentable, the span ends now.
  }
  return false;
}

function define(target: Dict, key: PropertyKey, value: Method): void {
  // defineProperty, not assignment: an own property shadows the prototype's method even where the
  // prototype's is read-only.
  Object.defineProperty(target, key, { value, writable: true, configurable: true });
}

function patchIterator(it: Dict, ctx: Context, ending: Ending, async: boolean): void {
  const next = it.next as Method;
  const ret = it.return as Method | undefined;
  const thr = it.throw as Method | undefined;

  const onStep = (step: unknown) => {
    if ((step as { done?: unknown } | null)?.done) ending.ok();
    return step;
  };
  const onError = (error: unknown) => {
    ending.error(error);
    throw error;
  };
  const onReturn = (step: unknown) => {
    ending.ok();
    return step;
  };
  const step = (method: Method, args: unknown[], then: (step: unknown) => unknown) => {
    if (!ending.open) return method.apply(it, args);
    let result: unknown;
    try {
      result = context.with(ctx, method, it, ...args);
    } catch (error) {
      return onError(error);
    }
    return async ? Promise.resolve(result).then(then, onError) : then(result);
  };

  define(it, 'next', (...args) => step(next, args, onStep));
  // Always present, so that leaving a loop early ends the span even for iterators without one.
  define(it, 'return', (...args) => {
    if (ret) return step(ret, args, onReturn);
    ending.ok();
    const done = { done: true, value: args[0] };
    return async ? Promise.resolve(done) : done;
  });
  if (thr) define(it, 'throw', (...args) => step(thr, args, onStep));
}

function patchAsyncIterable(iterable: Dict, ctx: Context, ending: Ending): void {
  const original = iterable[Symbol.asyncIterator] as Method;
  define(iterable, Symbol.asyncIterator, (...args) => {
    const inner = context.with(ctx, original, iterable, ...args);
    // Only the first iteration is the traced work; a later one runs as it would without us.
    if (ending.open && !(inner !== null && typeof inner === 'object' && traceInner(inner))) {
      ending.ok();
    }
    return inner;
  });

  function traceInner(inner: object): boolean {
    const it = inner as Dict;
    if (!Object.isExtensible(it) || typeof it.next !== 'function') return false;
    patchIterator(it, ctx, ending, true);
    return true;
  }
}
