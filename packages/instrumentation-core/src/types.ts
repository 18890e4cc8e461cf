import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
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
  /**
   * The address and port, when the SDK only resolves them asynchronously (an AWS client's
   * endpoint provider) and they are not known yet: set on the span once they are, if it is still
   * recording. The SDK resolves its endpoint before it sends, so that is before the span ends.
   */
  readonly resolving?: Promise<Endpoint>;
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
  /**
   * The model the request asks for, when the params name it otherwise than `model` (Bedrock's
   * `modelId`). Read once per call; a non-string means none.
   */
  requestModel?(params: Dict): unknown;
  /**
   * The span name's target when it is not the model (`invoke_agent {agent id}`, `retrieval
   * {knowledge base}`). Read once per call; a non-string means the model.
   */
  spanTarget?(params: Dict): unknown;
  /**
   * A streamed call's stream, when the result wraps it (Bedrock's `{ stream }`, `{ body }`,
   * `{ completion }`); the result itself otherwise.
   */
  streamOf?(result: unknown): unknown;
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
  /**
   * Starts the per-call bookkeeping of a streamed result. `span` and `tracer` are there for a
   * stream that tells of nested operations (Bedrock's agent trace): its accumulator may start
   * child spans under the call's, and must end them by `finish`.
   */
  newAccumulator(
    settings: Settings,
    hideUsageOnlyChunks: boolean,
    span: Span,
    tracer: Tracer,
  ): StreamAccumulator;
}

/** Gathers what a stream's chunks say, keeping only what the span needs. */
export interface StreamAccumulator {
  /** Returns true when the chunk exists only because we asked for it and must be hidden. */
  onChunk(chunk: unknown): boolean;
  /** Records what was gathered; called once, however the stream ended. */
  finish(span: Span): void;
  /**
   * True once a chunk said the call is over (Bedrock's `metadata` event): the span ends there,
   * even if the caller never reads the stream's end. Read after each chunk.
   */
  readonly complete?: boolean;
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
  /** The API this method is, or a router for a generic method (an AWS client's `send`). */
  readonly handler: ApiHandler | CallRouter;
}

/**
 * Which API one call of a generic method is, and its params; `undefined`: not traced. `resource`
 * is the method's `this` (the AWS client). Never throws (a throw leaves the call untraced).
 */
export type CallRouter = (
  args: readonly unknown[],
  resource: unknown,
  settings: Settings,
) => CallRoute | undefined;

export interface CallRoute {
  readonly handler: ApiHandler;
  /** The request params the handler reads (an AWS command's `input`). */
  readonly params: Dict;
  /**
   * The caller's abort signal for the call (the AWS SDK's `abortSignal` option): a stream that
   * ends quietly with it aborted was cut short by the caller.
   */
  readonly signal?: AbortSignal;
  /**
   * Arguments to call with instead of the caller's (a copy of the command that asks for more than
   * the caller did, e.g. an agent's trace), used only when the span records; what comes back only
   * because of it is then hidden from the caller by the accumulator (`hideUsageOnlyChunks`).
   */
  readonly args?: unknown[];
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
  /**
   * It patches nothing at load (e.g. Node's `fetch`, seen through diagnostics channels): `module`
   * needs no ESM hook and need not be installed, so naming it draws no "not installed" warning.
   */
  readonly moduleOptional?: boolean;
  readonly versionRange: string;
  /**
   * Every module it patches when more than one (`module` among them): an ESM loader hook must
   * wrap each. Left out: `[module]`.
   */
  readonly modules?: readonly string[];
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
