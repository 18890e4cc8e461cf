import { diag } from '@opentelemetry/api';
import type { CallState, PromiseHooks } from './call-state.js';
import type { APIPromiseInternals, ParseFn, ResponsePropsLike } from './internal-types.js';

const kHooks = Symbol('genai-otel.api-promise-hooks');

type TracedPromise = APIPromiseInternals & {
  [kHooks]?: PromiseHooks;
  _thenUnwrap?: unknown;
};

/** Hooks of a promise derived from the call's own (openai 7's `_thenUnwrap`): rare, so apart. */
class DerivedHooks implements PromiseHooks {
  constructor(
    readonly state: CallState,
    readonly parse: ParseFn,
    readonly asResponse: () => Promise<unknown>,
    readonly thenUnwrap: ((transform: unknown) => unknown) | undefined,
  ) {}
}

// Shared (not per-call) replacements installed on the SDK's own APIPromise.
function tracedParse(this: TracedPromise, client: unknown, props: ResponsePropsLike): unknown {
  const { state, parse } = this[kHooks]!;
  state.parseStarted = true;
  if (state.ended) return parse.call(this, client, props);
  let parsed: unknown;
  try {
    parsed = parse.call(this, client, props);
  } catch (error) {
    state.fail(error);
    throw error;
  }
  settle(parsed, state);
  return parsed;
}

/**
 * The parsed body handed to the call as it arrives, the SDK's own promise going on to the caller
 * untouched: observed, not replaced, so the caller's chain is as long as without us. Our reaction
 * is registered before the SDK adopts the promise, so the span has its result (and a stream its
 * hooks) before the caller resumes.
 */
function settle(parsed: unknown, state: CallState): void {
  const p = parsed as PromiseLike<unknown> | null;
  if (p === null || typeof p !== 'object' || typeof p.then !== 'function') {
    state.onValue(parsed);
    return;
  }
  p.then(
    (value) => state.onValue(value),
    (error: unknown) => state.fail(error),
  );
}

/** The same for a result that is not an SDK `APIPromise`: observed, its outcome left alone. */
async function follow(result: PromiseLike<unknown>, state: CallState): Promise<void> {
  let value: unknown;
  try {
    value = await result;
  } catch (error) {
    state.fail(error);
    return;
  }
  state.onValue(value);
}

function tracedAsResponse(this: TracedPromise): Promise<unknown> {
  const { state, asResponse } = this[kHooks]!;
  const response = asResponse.call(this);
  if (state.ended || state.parseStarted) return response;
  // Only the raw response is wanted (no parse started by the time it arrived): the body is
  // the caller's, so the span ends with the request's attributes.
  return response.then((value) => {
    if (!state.parseStarted) state.end();
    return value;
  });
}

/**
 * openai 7 gives each APIPromise its own `_thenUnwrap` that parses from the raw request,
 * bypassing the hooked instance; SDK helpers (`responses.stream()`, `.parse()`) rely on it.
 * The derived promise is hooked for the same call.
 */
function tracedThenUnwrap(this: TracedPromise, transform: unknown): unknown {
  const { state, thenUnwrap } = this[kHooks]!;
  const derived = thenUnwrap!.call(this, transform);
  try {
    hookPromise(derived, state);
  } catch (bookkeeping) {
    diag.debug('genai-otel: hooking a derived promise failed', bookkeeping);
  }
  return derived;
}

/**
 * Hooks the SDK's lazy `APIPromise` in place, so the caller gets the very object the SDK made
 * (`withResponse()`, `asResponse()`, `_thenUnwrap()` and `instanceof APIPromise` all intact),
 * and the body is parsed only when the caller asks, as without us. False if it is not one.
 */
function hookPromise(result: unknown, state: CallState): boolean {
  const p = result as TracedPromise;
  if (
    p === null ||
    typeof p !== 'object' ||
    typeof p.parseResponse !== 'function' ||
    typeof p.asResponse !== 'function' ||
    typeof p.responsePromise?.then !== 'function'
  ) {
    return false;
  }
  const unwrap = p._thenUnwrap;
  const thenUnwrap =
    typeof unwrap === 'function' ? (unwrap as PromiseHooks['thenUnwrap']) : undefined;
  p[kHooks] = state.adopted
    ? new DerivedHooks(state, p.parseResponse, p.asResponse, thenUnwrap)
    : state.adopt(p.parseResponse, p.asResponse, thenUnwrap);
  // Observed, not replaced: openai 7's derived promises read the raw request, so a replaced
  // (rethrowing) promise could be left unconsumed and reject unhandled. Consumers still get
  // the same rejection from the SDK's own chain.
  p.responsePromise.then(undefined, (error: unknown) => state.fail(error));
  p.parseResponse = tracedParse;
  p.asResponse = tracedAsResponse;
  if (thenUnwrap !== undefined) p._thenUnwrap = tracedThenUnwrap;
  return true;
}

/** Follows a call's result to the end of its span, handing the caller the same object. */
export function traceResult(result: unknown, state: CallState): void {
  if (hookPromise(result, state)) return;
  // Not the APIPromise we know (a future SDK or a custom client): observe it as a promise.
  const p = result as PromiseLike<unknown> | null;
  if (p !== null && typeof p === 'object' && typeof p.then === 'function') {
    void follow(p, state);
    return;
  }
  state.onValue(result);
}
