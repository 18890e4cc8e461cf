import { onOwnServer } from '@genai-otel/component';
import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import type { InstrumentationBase } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { leftOut } from './left-out.js';
import {
  HTTP_DEFAULTS,
  HTTP_SCHEMA,
  type HttpOptions,
  pathMatcher,
  UNDICI_DEFAULTS,
  UNDICI_SCHEMA,
  type UndiciOptions,
} from './options.js';

/**
 * `http`: the official `@opentelemetry/instrumentation-http` (stable HTTP conventions): a server
 * span per request served — the root of the conversation's trace, continuing the caller's W3C
 * `traceparent` — a client span per request made, `http.server.request.duration` and
 * `http.client.request.duration`. genai-otel's own exporters send under `suppressTracing`
 * (exporter-helper): their requests are left alone, neither traced nor measured.
 */
export const httpDescriptor: InstrumentationDescriptor<HttpOptions> = {
  name: 'http',
  module: 'http',
  modules: ['http', 'https'],
  versionRange: '*',
  optionsSchema: HTTP_SCHEMA,
  defaults: HTTP_DEFAULTS,
  create(s) {
    const o = s.options;
    const ignored = pathMatcher(o.ignore_incoming_paths);
    return new HttpInstrumentation({
      enabled: s.enabled ?? true,
      disableIncomingRequestInstrumentation: !o.incoming,
      disableOutgoingRequestInstrumentation: !o.outgoing,
      ignoreIncomingRequestHook: (request) => onOwnServer(request.socket) || ignored(request.url),
      ignoreOutgoingRequestHook: leftOut(o.trace_llm_requests),
    });
  },
};

/**
 * `undici`: the official `@opentelemetry/instrumentation-undici`, for Node's global `fetch` and
 * the `undici` package (through their diagnostics channels: nothing to hook at load, so it works
 * whether or not `undici` is installed).
 */
export const undiciDescriptor: InstrumentationDescriptor<UndiciOptions> = {
  name: 'undici',
  module: 'undici',
  moduleOptional: true,
  versionRange: '*',
  optionsSchema: UNDICI_SCHEMA,
  defaults: UNDICI_DEFAULTS,
  create(s) {
    return new UndiciInstrumentation({
      enabled: s.enabled ?? true,
      ignoreRequestHook: leftOut(s.options.trace_llm_requests),
      // Its own copy of @opentelemetry/instrumentation (0.300): the same class at run time.
    }) as unknown as InstrumentationBase;
  },
};

export const descriptors: readonly InstrumentationDescriptor[] = [
  httpDescriptor as InstrumentationDescriptor,
  undiciDescriptor as InstrumentationDescriptor,
];
