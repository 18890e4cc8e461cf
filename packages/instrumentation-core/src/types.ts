import type { Attributes, Context, Span } from '@opentelemetry/api';
import type { InstrumentationBase, InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Options every genai-otel LLM client instrumentation takes. */
export interface GenAIInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompts, completions, system instructions and tool definitions as JSON attributes.
   * Default `false`; when unset, `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`
   * turns it on (read when the config is set, not per call).
   */
  captureMessageContent?: boolean;
  /**
   * Longest serialised content attribute, in characters (UTF-16 code units). Longer values have
   * their longest strings shortened and marked `…[truncated]` until they fit. Default 16384.
   */
  maxContentLength?: number;
}

/** The configuration resolved once per `setConfig`, so the hot path reads plain fields. */
export interface Settings {
  readonly captureContent: boolean;
  readonly maxContentLength: number;
  /** Provider-specific switches, resolved by the provider package (`undefined` when none). */
  readonly provider?: Readonly<Record<string, unknown>>;
}

/** A loose view of request params and response objects: we read, never trust, their shape. */
export type Dict = Record<string, unknown>;

/** Where a client sends its requests, as span attributes want it. */
export interface Endpoint {
  readonly provider: string;
  readonly address?: string;
  readonly port?: number;
}

/**
 * What one patched API method (chat, messages, embeddings…) contributes to the common call flow:
 * request → attributes, result or chunks → response attributes. The engine owns the span, its
 * context, its end and its errors; a handler never starts or ends a span.
 */
export interface ApiHandler {
  readonly operation: string;
  /**
   * The method always streams (a separate streaming method, as `generateContentStream`), rather
   * than when its params say `stream: true`.
   */
  readonly streams?: boolean;
  /** Adds request attributes to `attrs`, which already holds operation, provider and server. */
  requestAttributes(params: Dict, attrs: Attributes): void;
  /** Adds the request's content attributes (capture on, span recording). Never throws. */
  requestContent?(params: Dict, attrs: Attributes, maxContentLength: number): void;
  /**
   * Streamed requests only: a replacement params object (a copy) when we must ask for more than
   * the caller did; its extra chunks are then hidden from the caller.
   */
  prepareStream?(params: Dict, settings: Settings): Dict | undefined;
  /**
   * The request's own abort signal, for SDKs whose stream has no controller of its own (a plain
   * async iterator): a stream aborted before it is read ends its span as an abort.
   */
  abortSignal?(params: Dict): AbortSignal | undefined;
  /** Records a complete (non-streamed) result on the span. */
  onResult(span: Span, result: unknown, settings: Settings): void;
  /** Starts the per-call bookkeeping of a streamed result. */
  newAccumulator(settings: Settings, hideUsageOnlyChunks: boolean): StreamAccumulator;
}

/** Gathers what a stream's chunks say, keeping only what the span needs. */
export interface StreamAccumulator {
  /** Returns true when the chunk exists only because we asked for it and must be hidden. */
  onChunk(chunk: unknown): boolean;
  /** Records what was gathered; called once, however the stream ended. */
  finish(span: Span): void;
}

/** `this` inside a patched resource method of a Stainless-generated SDK: it holds its client. */
export interface ResourceLike {
  _client?: { baseURL?: unknown };
}

export type CreateFn = (this: ResourceLike, ...args: unknown[]) => unknown;

/** One method to patch: `proto[method]`, handled by `handler`. */
export interface PatchTarget {
  readonly proto: unknown;
  readonly method: string;
  readonly handler: ApiHandler;
}

/** What a provider package gives the engine: where to patch and how to read an endpoint. */
export interface ProviderSpec {
  /** Short name for diagnostics (`openai`, `anthropic`). */
  readonly name: string;
  /** The npm module patched, and its supported versions (closed ranges). */
  readonly module: string;
  readonly versions: readonly string[];
  /** The methods to patch in one loaded copy of the module (CJS exports or ESM namespace). */
  targets(moduleExports: unknown): PatchTarget[];
  /** The provider name and server of the client a call goes through. */
  endpoint(resource: ResourceLike): Endpoint;
  /**
   * The context the call's span starts in, when not the active one: an SDK that traces itself
   * may have started the call's own span before calling the patched method, passing it in the
   * arguments rather than making it active; our span then goes under it, as for every other
   * call, so the two nest. Never throws (returning `undefined` keeps the active context).
   */
  parentContext?(args: readonly unknown[], active: Context): Context | undefined;
}

/**
 * How an instrumentation package describes itself to the `genai` receiver, which loops over the
 * descriptors of what is installed: the sdk names no provider.
 */
export interface InstrumentationDescriptor<Options = Record<string, unknown>> {
  /** The name written under `receivers.genai.instrumentations` (and the options block's key). */
  readonly name: string;
  /** The npm module it patches, and the versions it supports (closed semver ranges). */
  readonly module: string;
  readonly versionRange: string;
  /** JSON schema of its own YAML options block (`receivers.genai.<name>`), snake_case keys. */
  readonly optionsSchema: Readonly<Record<string, unknown>>;
  /** Its options when the YAML leaves them out. */
  readonly defaults: Readonly<Options>;
  /** Builds the instrumentation (not yet enabled when `enabled: false`). */
  create(settings: DescriptorSettings<Options>): InstrumentationBase;
}

/** What the receiver hands `InstrumentationDescriptor.create`. */
export interface DescriptorSettings<Options = Record<string, unknown>> {
  readonly captureMessageContent: boolean;
  readonly maxContentLength?: number;
  /** The instrumentation's own block, defaults applied. */
  readonly options: Readonly<Options>;
  /** `false`: build it without hooking anything (to ask which modules it patches). */
  readonly enabled?: boolean;
}
