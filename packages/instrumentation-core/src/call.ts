import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { startSpanWith, writeAttributes } from '@genai-otel/span-attributes';
import {
  type Attributes,
  type Context,
  context,
  diag,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { CallState } from './call-state.js';
import { traceResult } from './promise-hooks.js';
import type {
  ApiHandler,
  CallRoute,
  CreateFn,
  Dict,
  Endpoint,
  ProviderSpec,
  ResourceLike,
  Settings,
} from './types.js';

// The last span name made: calls mostly repeat one operation and model, and a name built anew
// is a fresh string each call that the exporter must flatten again.
let lastOperation: string | undefined;
let lastTarget: string | undefined;
let lastName = '';

function spanName(operation: string, target: string | undefined): string {
  if (operation !== lastOperation || target !== lastTarget) {
    lastOperation = operation;
    lastTarget = target;
    lastName = genAISpanName(operation, target);
  }
  return lastName;
}

/**
 * The attributes the conventions name as important for sampling decisions, to be given when the
 * span starts (if at all).
 */
const SAMPLING_RELEVANT = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_GEN_AI_AGENT_NAME,
];

/**
 * The request's sampling-relevant attributes, given at span start where samplers see them: the
 * operation, provider, model and endpoint, and any of those the handler put in `rest` (the
 * request's other attributes, written onto the span right after it starts). Only these go
 * through the start: the SDK checks and copies each start attribute twice, unless the provider
 * stamps them (`startSpanWith`).
 */
function startAttributes(
  endpoint: Endpoint,
  handler: ApiHandler,
  model: string | undefined,
  rest: Attributes,
): Attributes {
  const attrs: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: handler.operation,
    [ATTR_GEN_AI_PROVIDER_NAME]: endpoint.provider,
  };
  if (model !== undefined) attrs[ATTR_GEN_AI_REQUEST_MODEL] = model;
  if (endpoint.address !== undefined) attrs[ATTR_SERVER_ADDRESS] = endpoint.address;
  if (endpoint.port !== undefined) attrs[ATTR_SERVER_PORT] = endpoint.port;
  for (const key of SAMPLING_RELEVANT) {
    const value = rest[key];
    if (value !== undefined) attrs[key] = value;
  }
  return attrs;
}

/** The request's other attributes, all known before the call (see `startAttributes`). */
function requestAttributes(handler: ApiHandler, params: Dict, streaming: boolean): Attributes {
  const attrs: Attributes = {};
  if (streaming) attrs[ATTR_GEN_AI_REQUEST_STREAM] = true;
  handler.requestAttributes(params, attrs);
  return attrs;
}

function setLateEndpoint(span: Span, resolving: Promise<Endpoint>): void {
  resolving.then(
    (endpoint) => {
      if (!span.isRecording()) return;
      if (endpoint.address !== undefined) span.setAttribute(ATTR_SERVER_ADDRESS, endpoint.address);
      if (endpoint.port !== undefined) span.setAttribute(ATTR_SERVER_PORT, endpoint.port);
    },
    () => {},
  );
}

/**
 * Runs `original` under a span. Our bookkeeping never breaks the call: if starting the span
 * fails, the original runs alone with the caller's arguments; it is never called twice, and
 * its errors reach the caller as the same objects.
 */
export function tracedCall(
  tracer: Tracer,
  settings: Settings,
  spec: ProviderSpec,
  handler: ApiHandler,
  original: CreateFn,
  resource: ResourceLike,
  args: unknown[],
  route?: CallRoute,
): unknown {
  let span: Span | undefined;
  let ctx: Context;
  let state: CallState | undefined;
  let callArgs = args;
  try {
    const params = route?.params ?? (args[0] as Dict);
    // Each param is read once: they may be getters.
    const requested = handler.requestModel ? handler.requestModel(params) : params.model;
    const model = typeof requested === 'string' ? requested : undefined;
    const streaming = handler.streams === true || params.stream === true;
    const active = context.active();
    const parent = spec.parentContext?.(args, active) ?? active;
    const target = handler.spanTarget?.(params);
    const endpoint = spec.endpoint(resource);
    const rest = requestAttributes(handler, params, streaming);
    span = startSpanWith(
      tracer,
      spanName(handler.operation, typeof target === 'string' ? target : model),
      SpanKind.CLIENT,
      startAttributes(endpoint, handler, model, rest),
      parent,
    );
    ctx = trace.setSpan(parent, span);
    // A sampled-out span records nothing: no bookkeeping, no content, no extra usage.
    if (span.isRecording()) {
      writeAttributes(span, rest);
      if (endpoint.resolving !== undefined) setLateEndpoint(span, endpoint.resolving);
      if (settings.captureContent && handler.requestContent) {
        const content: Attributes = {};
        handler.requestContent(params, content, settings.maxContentLength);
        writeAttributes(span, content);
      }
      // A copy of the params to send instead of the caller's (see `prepareStream`); routed
      // params (an AWS command's input) are never replaced.
      const replaced =
        streaming && handler.prepareStream && route === undefined
          ? handler.prepareStream(params, settings)
          : undefined;
      if (replaced !== undefined) {
        callArgs = args.slice();
        callArgs[0] = replaced;
      } else if (route?.args !== undefined) {
        callArgs = route.args;
      }
      const askedMore = replaced !== undefined || route?.args !== undefined;
      // The request's abort signal: an AWS command's (routed), else the handler's reading of it.
      const signal = route?.signal ?? (streaming ? handler.abortSignal?.(params) : undefined);
      state = new CallState(span, handler, settings, streaming, askedMore, signal);
      state.tracer = tracer;
    }
  } catch (bookkeeping) {
    diag.debug('genai-otel: starting a span failed', bookkeeping);
    span?.end();
    return original.apply(resource, args);
  }
  // Sampled out: the span only carries the context (and its end is a no-op).
  if (state === undefined)
    return context.with(ctx, Reflect.apply, undefined, original, resource, args);
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
    diag.debug('genai-otel: tracing a result failed', bookkeeping);
    state.end();
  }
  return result;
}
