import { createRequire } from 'node:module';
import { join } from 'node:path';
import { diag, type Tracer } from '@opentelemetry/api';

/** An AI SDK 7 telemetry integration: an object of optional callbacks the SDK looks up per call. */
export type Integration = Record<PropertyKey, unknown>;

/** Where AI SDK 7 (and `registerTelemetry`) keeps the integrations every call uses by default. */
interface Registry {
  AI_SDK_TELEMETRY_INTEGRATIONS?: Integration[];
}

/** `@ai-sdk/otel`'s integrations: when the app registered one itself, ours stands aside. */
const OTEL_INTEGRATIONS = new Set(['OpenTelemetry', 'LegacyOpenTelemetry']);

type OpenTelemetryClass = new (options: { tracer: Tracer }) => Integration;

/**
 * `@ai-sdk/otel`'s `OpenTelemetry` class: the app's own copy when it has one (same `ai` copy as
 * the app), else ours. Loaded on the first AI SDK call, not while `ai` itself is loading.
 */
function loadOpenTelemetry(): OpenTelemetryClass {
  const own = createRequire(import.meta.url);
  let mod: { OpenTelemetry?: OpenTelemetryClass } | undefined;
  try {
    mod = createRequire(join(process.cwd(), 'noop.js'))('@ai-sdk/otel');
  } catch {
    mod = undefined;
  }
  mod ??= own('@ai-sdk/otel') as { OpenTelemetry?: OpenTelemetryClass };
  if (typeof mod?.OpenTelemetry !== 'function')
    throw new Error('@ai-sdk/otel has no OpenTelemetry');
  return mod.OpenTelemetry;
}

export function registry(): Integration[] {
  const g = globalThis as Registry;
  if (!Array.isArray(g.AI_SDK_TELEMETRY_INTEGRATIONS)) g.AI_SDK_TELEMETRY_INTEGRATIONS = [];
  return g.AI_SDK_TELEMETRY_INTEGRATIONS;
}

/** True when the app registered an `@ai-sdk/otel` integration of its own beside `ours`. */
function appHasOwn(ours: Integration): boolean {
  for (const i of registry()) {
    if (
      i !== ours &&
      OTEL_INTEGRATIONS.has(String((i as { constructor?: { name?: unknown } }).constructor?.name))
    )
      return true;
  }
  return false;
}

/**
 * The integration registered for the app: `@ai-sdk/otel`'s `OpenTelemetry()` (GenAI-convention
 * spans: `invoke_agent`, `chat`, `execute_tool`, `embeddings`), created on first use with a
 * tracer that follows the instrumentation's provider. Prompts and outputs are recorded only with
 * content capture on, unless the call's own `recordInputs` / `recordOutputs` say otherwise. It hides every callback (the SDK then
 * skips it) when the app registered its own `@ai-sdk/otel` integration, so a call is never
 * traced twice, and when `active()` says the instrumentation is off.
 */
export function createIntegration(
  tracer: () => Tracer,
  active: () => boolean,
  capture: () => boolean,
): Integration {
  let inner: Integration | undefined;
  let failed = false;
  const bound = new Map<PropertyKey, unknown>();
  const facade = {
    startSpan: (...a: Parameters<Tracer['startSpan']>) => tracer().startSpan(...a),
    startActiveSpan: ((...a: unknown[]) =>
      (tracer().startActiveSpan as (...x: unknown[]) => unknown)(
        ...a,
      )) as Tracer['startActiveSpan'],
  } as Tracer;
  const proxy: Integration = new Proxy({} as Integration, {
    get(_target, key) {
      if (failed || !active() || appHasOwn(proxy)) return undefined;
      if (inner === undefined) {
        try {
          inner = new (loadOpenTelemetry())({ tracer: facade });
        } catch (error) {
          failed = true;
          diag.warn(
            `genai-otel instrumentation-ai-sdk: cannot load @ai-sdk/otel (${String(error)}); AI SDK 7 calls are not traced`,
          );
          return undefined;
        }
      }
      const v = inner[key];
      if (typeof v !== 'function') return v;
      let f = bound.get(key);
      if (f === undefined) {
        f = withContentDefault(v as (...a: unknown[]) => unknown, inner, capture);
        bound.set(key, f);
      }
      return f;
    },
  });
  return proxy;
}

/**
 * `fn` bound to `inner`, its event argument given `recordInputs` / `recordOutputs` = the content
 * capture setting where the call left them unset (`@ai-sdk/otel` records content by default;
 * genai-otel does not).
 */
function withContentDefault(
  fn: (...a: unknown[]) => unknown,
  inner: Integration,
  capture: () => boolean,
): (...a: unknown[]) => unknown {
  return (event: unknown, ...rest: unknown[]) => {
    if (typeof event !== 'object' || event === null) return fn.call(inner, event, ...rest);
    const e = event as { recordInputs?: unknown; recordOutputs?: unknown };
    if (e.recordInputs !== undefined && e.recordOutputs !== undefined)
      return fn.call(inner, event, ...rest);
    const on = capture();
    return fn.call(
      inner,
      { ...event, recordInputs: e.recordInputs ?? on, recordOutputs: e.recordOutputs ?? on },
      ...rest,
    );
  };
}
