import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import {
  type Attributes,
  type Context,
  context,
  diag,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { endpointOf } from './endpoint.js';
import { recordError, USER_ABORT_ERROR_TYPE } from './errors.js';
import type {
  APIPromiseInternals,
  ApiHandler,
  CreateFn,
  Dict,
  ParseFn,
  ResourceLike,
  ResponsePropsLike,
  Settings,
  StreamAccumulator,
} from './internal-types.js';
import { type StreamOwner, wrapStream } from './stream.js';

const USER_ABORT_MESSAGE = 'Request was aborted.';
const kHooks = Symbol('genai-otel.openai.hooks');

/** What one hooked APIPromise had before we hooked it, and the call it belongs to. */
interface Hooks {
  readonly state: CallState;
  readonly parse: ParseFn;
  readonly asResponse: () => Promise<unknown>;
  readonly thenUnwrap: ((transform: unknown) => unknown) | undefined;
}

type TracedPromise = APIPromiseInternals & { [kHooks]?: Hooks };

/** One traced call: its span and what is needed to end it exactly once. */
class CallState implements StreamOwner {
  ended = false;
  /** Set when the SDK starts parsing the body: then the parse, not `asResponse()`, ends the span. */
  parseStarted = false;
  /** The body was handed over once; promises derived by `_thenUnwrap` see it again. */
  private valueSeen = false;
  private accumulator: StreamAccumulator | undefined;
  private sawChunk = false;
  private readonly startTime = performance.now();

  constructor(
    readonly span: Span,
    private readonly handler: ApiHandler,
    private readonly settings: Settings,
    private readonly streaming: boolean,
    private readonly hideUsageOnlyChunks: boolean,
  ) {}

  fail(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    try {
      // A stream that broke still tells what it got that far.
      this.accumulator?.finish(this.span);
      recordError(this.span, error);
    } catch (bookkeeping) {
      diag.debug('genai-otel openai: recording an error failed', bookkeeping);
    }
    this.span.end();
  }

  /** The parsed body arrived: record it, or trace the stream it is. Returns it untouched. */
  onValue(value: unknown): unknown {
    if (this.ended || this.valueSeen) return value;
    this.valueSeen = true;
    try {
      if (this.streaming) {
        this.accumulator = this.handler.newAccumulator(this.settings, this.hideUsageOnlyChunks);
        if (wrapStream(value, this)) return value;
      } else {
        this.handler.onResult(this.span, value, this.settings);
      }
    } catch (bookkeeping) {
      diag.debug('genai-otel openai: recording a result failed', bookkeeping);
    }
    this.end();
    return value;
  }

  onChunk(chunk: unknown): boolean {
    if (!this.sawChunk) {
      this.sawChunk = true;
      const seconds = (performance.now() - this.startTime) / 1000;
      this.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, seconds);
    }
    return this.accumulator!.onChunk(chunk);
  }

  endStream(sourceDone: boolean, controller: AbortController | undefined): void {
    if (this.ended) return;
    try {
      this.accumulator?.finish(this.span);
      // The SDK ends an aborted stream quietly; an abort still cut the operation short.
      if (sourceDone && controller?.signal.aborted) {
        this.span.setAttribute(ATTR_ERROR_TYPE, USER_ABORT_ERROR_TYPE);
        this.span.recordException({ name: USER_ABORT_ERROR_TYPE, message: USER_ABORT_MESSAGE });
        this.span.setStatus({ code: SpanStatusCode.ERROR, message: USER_ABORT_MESSAGE });
      }
    } catch (bookkeeping) {
      diag.debug('genai-otel openai: recording a stream failed', bookkeeping);
    }
    this.end();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
  }
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
  return Promise.resolve(parsed).then(
    (value) => state.onValue(value),
    (error: unknown) => {
      state.fail(error);
      throw error;
    },
  );
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
    diag.debug('genai-otel openai: hooking a derived promise failed', bookkeeping);
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
  const thenUnwrap = (p as { _thenUnwrap?: unknown })._thenUnwrap;
  p[kHooks] = {
    state,
    parse: p.parseResponse,
    asResponse: p.asResponse,
    thenUnwrap: typeof thenUnwrap === 'function' ? (thenUnwrap as Hooks['thenUnwrap']) : undefined,
  };
  // Observed, not replaced: openai 7's derived promises read the raw request, so a replaced
  // (rethrowing) promise could be left unconsumed and reject unhandled. Consumers still get
  // the same rejection from the SDK's own chain.
  p.responsePromise.then(undefined, (error: unknown) => state.fail(error));
  p.parseResponse = tracedParse;
  p.asResponse = tracedAsResponse;
  if (typeof thenUnwrap === 'function') {
    (p as { _thenUnwrap?: unknown })._thenUnwrap = tracedThenUnwrap;
  }
  return true;
}

function traceResult(result: unknown, state: CallState): void {
  if (hookPromise(result, state)) return;
  // Not the APIPromise we know (a future SDK or a custom client): observe it as a promise.
  const p = result as PromiseLike<unknown> | null;
  if (p !== null && typeof p === 'object' && typeof p.then === 'function') {
    p.then(
      (value) => state.onValue(value),
      (error: unknown) => state.fail(error),
    );
    return;
  }
  state.onValue(result);
}

/** A started span and how to call the original under it. */
interface Started {
  readonly span: Span;
  readonly ctx: Context;
  readonly streaming: boolean;
  /** A copy of the params to send instead of the caller's (see `prepareStream`). */
  readonly params: Dict | undefined;
}

function startCall(
  tracer: Tracer,
  settings: Settings,
  handler: ApiHandler,
  resource: ResourceLike,
  params: Dict,
): Started {
  const endpoint = endpointOf(resource?._client?.baseURL);
  const model = typeof params.model === 'string' ? params.model : undefined;
  const streaming = params.stream === true;
  const attrs: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: handler.operation,
    [ATTR_GEN_AI_PROVIDER_NAME]: endpoint.provider,
  };
  if (model !== undefined) attrs[ATTR_GEN_AI_REQUEST_MODEL] = model;
  if (endpoint.address !== undefined) attrs[ATTR_SERVER_ADDRESS] = endpoint.address;
  if (endpoint.port !== undefined) attrs[ATTR_SERVER_PORT] = endpoint.port;
  if (streaming) attrs[ATTR_GEN_AI_REQUEST_STREAM] = true;
  handler.requestAttributes(params, attrs);

  const parent = context.active();
  const span = tracer.startSpan(
    genAISpanName(handler.operation, model),
    { kind: SpanKind.CLIENT, attributes: attrs },
    parent,
  );
  const ctx = trace.setSpan(parent, span);
  // A sampled-out span records nothing: skip content and extra usage.
  if (!span.isRecording()) return { span, ctx, streaming, params: undefined };
  if (settings.captureContent && handler.requestContent) {
    const content: Attributes = {};
    handler.requestContent(params, content, settings.maxContentLength);
    span.setAttributes(content);
  }
  const replaced =
    streaming && handler.prepareStream ? handler.prepareStream(params, settings) : undefined;
  return { span, ctx, streaming, params: replaced };
}

/**
 * Runs `original` under a span. Our bookkeeping never breaks the call: if starting the span
 * fails, the original runs alone with the caller's arguments; it is never called twice, and
 * its errors reach the caller as the same objects.
 */
export function tracedCall(
  tracer: Tracer,
  settings: Settings,
  handler: ApiHandler,
  original: CreateFn,
  resource: ResourceLike,
  args: unknown[],
): unknown {
  let started: Started;
  try {
    started = startCall(tracer, settings, handler, resource, args[0] as Dict);
  } catch (bookkeeping) {
    diag.debug('genai-otel openai: starting a span failed', bookkeeping);
    return original.apply(resource, args);
  }
  const { span, ctx } = started;
  if (!span.isRecording()) {
    // Nothing to record: the span only carries the context (and its end is a no-op).
    return context.with(ctx, Reflect.apply, undefined, original, resource, args);
  }
  const state = new CallState(
    span,
    handler,
    settings,
    started.streaming,
    started.params !== undefined,
  );
  let callArgs = args;
  if (started.params !== undefined) {
    callArgs = args.slice();
    callArgs[0] = started.params;
  }
  let result: unknown;
  try {
    result = context.with(ctx, Reflect.apply, undefined, original, resource, callArgs);
  } catch (error) {
    state.fail(error);
    throw error;
  }
  try {
    traceResult(result, state);
  } catch (bookkeeping) {
    diag.debug('genai-otel openai: tracing a result failed', bookkeeping);
    state.end();
  }
  return result;
}
