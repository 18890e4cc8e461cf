import type { StreamInternals } from './internal-types.js';

/** What a traced stream reports to the call it belongs to. */
export interface StreamOwner {
  readonly ended: boolean;
  /** Returns true when the chunk must be hidden from the caller. */
  onChunk(chunk: unknown): boolean;
  /** `aborted`: the controller's signal, read when the source ran dry. */
  endStream(sourceDone: boolean, controller: AbortController | undefined): void;
  fail(error: unknown): void;
}

/**
 * Traces an SDK `Stream` in place: its `iterator` is the one source that for-await, `tee()` and
 * `toReadableStream()` all pull, so replacing it keeps the object, its class and its helpers,
 * and two `tee()` branches still share one traced source (the span ends once).
 * Returns false when the object is not a stream we know.
 */
export function wrapStream(stream: unknown, owner: StreamOwner): boolean {
  if (stream === null || typeof stream !== 'object') return false;
  const s = stream as StreamInternals;
  const original = s.iterator;
  if (typeof original !== 'function') return false;
  let traced = false;
  s.iterator = function tracedIterator(this: unknown) {
    const inner = original.call(this);
    // A second consumption fails inside the SDK; keep that failure off the first one's span.
    if (traced) return inner;
    traced = true;
    return new TracedStreamIterator(inner, owner, s.controller);
  };
  return true;
}

class TracedStreamIterator implements AsyncIterator<unknown> {
  readonly #inner: AsyncIterator<unknown>;
  readonly #owner: StreamOwner;
  readonly #controller: AbortController | undefined;

  constructor(
    inner: AsyncIterator<unknown>,
    owner: StreamOwner,
    controller: AbortController | undefined,
  ) {
    this.#inner = inner;
    this.#owner = owner;
    this.#controller = controller;
  }

  // A plain `.then` per chunk (not an async method): the cheapest way through a hot loop.
  next(...args: [] | [unknown]): Promise<IteratorResult<unknown>> {
    return this.#inner.next(...args).then(this.#onResult, this.#onError);
  }

  readonly #onResult = (
    result: IteratorResult<unknown>,
  ): IteratorResult<unknown> | Promise<IteratorResult<unknown>> => {
    const owner = this.#owner;
    if (owner.ended) return result;
    if (result.done) {
      owner.endStream(true, this.#controller);
      return result;
    }
    let hide = false;
    try {
      hide = owner.onChunk(result.value);
    } catch {
      // Our bookkeeping never costs the caller a chunk.
    }
    return hide ? this.next() : result;
  };

  readonly #onError = (error: unknown): never => {
    this.#owner.fail(error);
    throw error;
  };

  /** The consumer stopped early (`break`, a cancelled readable): not an error. */
  async return(value?: unknown): Promise<IteratorResult<unknown>> {
    this.#owner.endStream(false, undefined);
    const inner = this.#inner;
    return inner.return ? inner.return(value) : { done: true, value };
  }

  async throw(error?: unknown): Promise<IteratorResult<unknown>> {
    this.#owner.fail(error);
    const inner = this.#inner;
    if (inner.throw) return inner.throw(error);
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
