// The parts of Stainless-generated SDKs (openai >=5, @anthropic-ai/sdk >=0.50) the engine hooks.
// TypeScript-private in those SDKs, so typed here; never exported from the package.

/** The parts of the SDK's response props we read. */
export interface ResponsePropsLike {
  response?: unknown;
  controller?: AbortController;
}

export type ParseFn = (client: unknown, props: ResponsePropsLike) => unknown;

/**
 * The SDK's `APIPromise`: a lazy promise whose body is parsed by `parseResponse` only when
 * awaited, over a shared `responsePromise`.
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
