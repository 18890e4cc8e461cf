import type { Attributes, Span } from '@opentelemetry/api';

/** The configuration resolved once per `setConfig`, so the hot path reads plain fields. */
export interface Settings {
  readonly captureContent: boolean;
  readonly maxContentLength: number;
  readonly streamUsage: boolean;
}

/** A loose view of request params and response objects: we read, never trust, their shape. */
export type Dict = Record<string, unknown>;

/** What each patched API (chat, Responses, embeddings) contributes to the common call flow. */
export interface ApiHandler {
  readonly operation: string;
  /** Adds request attributes to `attrs`, which already holds operation, provider and server. */
  requestAttributes(params: Dict, attrs: Attributes): void;
  /** Adds the request's content attributes (capture on, span recording). Never throws. */
  requestContent?(params: Dict, attrs: Attributes, maxContentLength: number): void;
  /**
   * Streamed requests only: a replacement params object (a copy) when we must ask for more than
   * the caller did; its extra chunks are then hidden from the caller.
   */
  prepareStream?(params: Dict, settings: Settings): Dict | undefined;
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

/** The parts of the SDK's response props we read. */
export interface ResponsePropsLike {
  response?: unknown;
  controller?: AbortController;
}

export type ParseFn = (client: unknown, props: ResponsePropsLike) => unknown;

/**
 * The SDK's `APIPromise` (openai >=5): a lazy promise whose body is parsed by `parseResponse`
 * only when awaited, over a shared `responsePromise`. TypeScript-private in the SDK, so typed here.
 */
export interface APIPromiseInternals {
  responsePromise: Promise<ResponsePropsLike>;
  parseResponse: ParseFn;
  asResponse(): Promise<unknown>;
  then: Promise<unknown>['then'];
}

/** The SDK's `Stream`: `iterator` is the source every consumer (for-await, tee, toReadableStream) pulls. */
export interface StreamInternals {
  iterator: () => AsyncIterator<unknown>;
  controller?: AbortController;
}

/** `this` inside a resource method: the resource holds its client. */
export interface ResourceLike {
  _client?: { baseURL?: unknown };
}

export type CreateFn = (this: ResourceLike, ...args: unknown[]) => unknown;
