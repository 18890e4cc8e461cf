// What we read of the OpenAI Agents SDK's tracing objects (`@openai/agents-core`): structural
// views only, so the SDK stays a dev dependency that is never value-imported.

/** A span's data: `type` says which; the other fields depend on it (read, never trusted). */
export interface AgentsSpanData {
  type: string;
  [key: string]: unknown;
}

/** An SDK span (`Span` of agents-core); `NoopSpan`s never reach us (they override start/end). */
export interface AgentsSpan {
  readonly spanId: string;
  readonly traceId: string;
  readonly parentId: string | null;
  readonly spanData: AgentsSpanData;
  readonly error: { message?: unknown; data?: Record<string, unknown> } | null;
}

/** An SDK trace: one per `run()` unless the app wraps runs in `withTrace()`. */
export interface AgentsTrace {
  readonly traceId: string;
  readonly name: string;
  readonly groupId?: string | null;
}

/** What the SDK keeps in its context storage: the current trace and span. */
export interface AgentsStore {
  trace?: AgentsTrace;
  span?: AgentsSpan;
  active?: boolean;
}

/** The SDK's context storage contract (an `AsyncLocalStorage` by default). */
export interface TracingStorage {
  getStore(): AgentsStore | undefined;
  run<R>(store: AgentsStore, fn: (...args: unknown[]) => R, ...args: unknown[]): R;
  enterWith(store: AgentsStore | undefined): void;
}

/** The exports of `@openai/agents-core` we use. */
export interface AgentsCoreExports {
  Span?: { prototype: Record<string, unknown> };
  Trace?: { prototype: Record<string, unknown> };
  setTracingContextStorage?: (storage: TracingStorage | undefined) => void;
}
