import {
  type Context,
  propagation,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import type { McpRequest } from './internal-types.js';

/**
 * Trace context travels in the request's `params._meta` (SEP-414): the configured propagators
 * write `traceparent`, `tracestate` and `baggage` there, unprefixed, as they would HTTP headers.
 */
const setter: TextMapSetter<Record<string, unknown>> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

const getter: TextMapGetter<Record<string, unknown>> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const v = carrier[key];
    return typeof v === 'string' ? v : undefined;
  },
};

/**
 * A copy of `request` whose `params._meta` also carries `ctx`, or `request` itself when the
 * propagators wrote nothing. The caller's object is never changed (it may be reused).
 */
export function withTraceMeta(request: McpRequest, ctx: Context): McpRequest {
  const carrier: Record<string, unknown> = {};
  propagation.inject(ctx, carrier, setter);
  let any = false;
  for (const _ in carrier) {
    any = true;
    break;
  }
  if (!any) return request;
  const params = request.params ?? {};
  return { ...request, params: { ...params, _meta: { ...params._meta, ...carrier } } };
}

/** `base` with the context the request's `params._meta` carries, or `undefined` when none. */
export function contextFromMeta(request: McpRequest, base: Context): Context | undefined {
  const meta = request.params?._meta;
  if (meta === undefined || meta === null || typeof meta !== 'object') return undefined;
  if (typeof meta.traceparent !== 'string') return undefined;
  return propagation.extract(base, meta, getter);
}
