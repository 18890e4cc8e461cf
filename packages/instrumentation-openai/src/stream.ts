import type { StreamInternals } from './internal-types.js';

const kObserver = Symbol('genai-otel.openai.stream-observer');

type TracedStream = StreamInternals & { [kObserver]?: StreamObserver };

/**
 * Watches one SDK `Stream` by standing in for its source iterator: the call's own bookkeeping
 * object extends this, so a streamed call needs no separate iterator object. Subclasses say
 * what a chunk, the end and a failure mean for the span.
 */
export abstract class StreamObserver implements AsyncIterator<unknown> {
  abstract readonly ended: boolean;
  /** Returns true when the chunk must be hidden from the caller. */
  protected abstract onChunk(chunk: unknown): boolean;
  /** `sourceDone`: the source ran dry (else the consumer stopped early). */
  protected abstract endStream(sourceDone: boolean, controller: AbortController | undefined): void;
  abstract fail(error: unknown): void;

  // All set when the stream is first iterated (declared here so every instance has one shape).
  #source: (() => AsyncIterator<unknown>) | undefined = undefined;
  #inner: AsyncIterator<unknown> | undefined = undefined;
  #controller: AbortController | undefined = undefined;
  // `.then` callbacks, made once per stream rather than per chunk.
  #onResult: ((result: IteratorResult<unknown>) => unknown) | undefined = undefined;
  #onError: ((error: unknown) => never) | undefined = undefined;

  /**
   * Traces `stream` in place: its `iterator` is the one source that for-await, `tee()` and
   * `toReadableStream()` all pull, so replacing it keeps the object, its class and its
   * helpers, and two `tee()` branches still share one traced source (the span ends once).
   * False when the object is not a stream we know.
   */
  observe(stream: unknown): boolean {
    if (stream === null || typeof stream !== 'object') return false;
    const s = stream as TracedStream;
    const source = s.iterator;
    if (typeof source !== 'function') return false;
    this.#source = source;
    s[kObserver] = this;
    s.iterator = tracedIterator;
    return true;
  }

  /** The stream's first `iterator()` call is traced; later ones (which fail in the SDK) are not. */
  attach(stream: TracedStream): AsyncIterator<unknown> {
    const inner = this.#source!.call(stream);
    // A second consumption fails inside the SDK; keep that failure off the first one's span.
    if (this.#inner !== undefined) return inner;
    this.#inner = inner;
    this.#controller = stream.controller;
    this.#onResult = (result) => {
      if (this.ended) return result;
      if (result.done) {
        this.endStream(true, this.#controller);
        return result;
      }
      let hide = false;
      try {
        hide = this.onChunk(result.value);
      } catch {
        // Our bookkeeping never costs the caller a chunk.
      }
      return hide ? this.next() : result;
    };
    this.#onError = (error) => {
      this.fail(error);
      throw error;
    };
    return this;
  }

  // A plain `.then` per chunk (not an async method): the cheapest way through a hot loop.
  next(...args: [] | [unknown]): Promise<IteratorResult<unknown>> {
    const inner = this.#inner!;
    const pulled = args.length === 0 ? inner.next() : inner.next(args[0]);
    return pulled.then(this.#onResult, this.#onError) as Promise<IteratorResult<unknown>>;
  }

  /** The consumer stopped early (`break`, a cancelled readable): not an error. */
  async return(value?: unknown): Promise<IteratorResult<unknown>> {
    this.endStream(false, undefined);
    const inner = this.#inner!;
    return inner.return ? inner.return(value) : { done: true, value };
  }

  async throw(error?: unknown): Promise<IteratorResult<unknown>> {
    this.fail(error);
    const inner = this.#inner!;
    if (inner.throw) return inner.throw(error);
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

// One shared replacement for every traced stream's `iterator`: the SDK calls it as a method.
function tracedIterator(this: TracedStream): AsyncIterator<unknown> {
  return this[kObserver]!.attach(this);
}
