import { AsyncLocalStorage } from 'node:async_hooks';
import { context, diag, type Span, trace } from '@opentelemetry/api';
import { LiveContext, type SpanSource } from './live-context.js';
import type { AgentsCoreExports, AgentsStore, TracingStorage } from './sdk-types.js';

// Where agents-core keeps its storage: a global symbol, so every copy of the SDK shares it.
const STORAGE_SYMBOL = Symbol.for('openai.agents.core.asyncLocalStorage');
const BRIDGED = Symbol.for('@genai-otel/instrumentation-openai-agents storage');

/**
 * The SDK's context storage with OpenTelemetry's context entered alongside: each `run` of the
 * SDK's storage (a trace, a `withXSpan` helper, `withTraceContext`) also runs in a live context
 * whose active span follows the SDK's current span, so whatever runs inside — the openai SDK's
 * HTTP call, a tool's own instrumented calls — nests under the right agent, tool or response span.
 * `getStore` and `enterWith` are the SDK's, unchanged: the SDK sees exactly what it would.
 */
export class BridgedStorage implements TracingStorage {
  readonly [BRIDGED] = true;

  constructor(
    readonly inner: TracingStorage,
    private readonly spans: SpanOwner,
  ) {}

  private readonly source: SpanSource = (hidden) =>
    this.spans.activeSpan(this.inner.getStore(), hidden);

  getStore(): AgentsStore | undefined {
    return this.inner.getStore();
  }

  enterWith(store: AgentsStore | undefined): void {
    this.inner.enterWith(store);
  }

  run<R>(store: AgentsStore, fn: (...args: unknown[]) => R, ...args: unknown[]): R {
    let live: LiveContext;
    try {
      live = this.liveContext();
    } catch {
      return this.inner.run(store, fn, ...args);
    }
    return context.with(live, () => this.inner.run(store, fn, ...args));
  }

  private liveContext(): LiveContext {
    const active = context.active();
    if (active instanceof LiveContext)
      return new LiveContext(active.base, this.source, active.hidden);
    // A plain context holding the app's own span, entered while an SDK span of ours is current:
    // the app's span stays the active one until the SDK starts a span inside it.
    const appSpan = trace.getSpan(active);
    const current = this.inner.getStore();
    const hidden =
      appSpan !== undefined && !this.spans.isOurs(appSpan) && current?.active
        ? current.span?.spanId
        : undefined;
    return new LiveContext(active, this.source, hidden);
  }
}

/** What the storage asks the bridge. */
export interface SpanOwner {
  /** The span to make active for the SDK's current span (see `AgentsBridge.activeSpan`). */
  activeSpan(store: AgentsStore | undefined, hidden: string | undefined): Span | undefined;
  isOurs(span: Span): boolean;
}

/**
 * Installs a `BridgedStorage` around the SDK's current storage through its public
 * `setTracingContextStorage`; returns how to put the previous one back. False when this SDK
 * version has no such hook (before 0.14): spans are still mapped, without the context.
 */
export function installStorage(sdk: AgentsCoreExports, spans: SpanOwner): (() => void) | undefined {
  const set = sdk.setTracingContextStorage;
  if (typeof set !== 'function') return undefined;
  try {
    const current = (globalThis as Record<symbol, unknown>)[STORAGE_SYMBOL] as
      | TracingStorage
      | undefined;
    if (current && (current as unknown as Record<symbol, unknown>)[BRIDGED]) return () => {};
    const inner = current ?? (new AsyncLocalStorage<AgentsStore>() as unknown as TracingStorage);
    set(new BridgedStorage(inner, spans));
    return () => {
      const now = (globalThis as Record<symbol, unknown>)[STORAGE_SYMBOL];
      if (now instanceof BridgedStorage) set(now.inner);
    };
  } catch (error) {
    diag.debug('genai-otel openai-agents: could not install the context storage', error);
    return undefined;
  }
}
