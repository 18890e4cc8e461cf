import { diag } from '@opentelemetry/api';
import type { StreamInternals } from './internal-types.js';

const kObserver = Symbol('genai-otel.stream-observer');

type TracedStream = StreamInternals & { [kObserver]?: StreamObserver };

/** An async iterator whose methods can be shadowed by own properties. */
type PlainIterator = AsyncIterator<unknown> & { [Symbol.asyncIterator]?: unknown };

/**
 * Watches one SDK `Stream` by standing in for its source iterator: the call's own bookkeeping
 * object extends this, so a streamed call needs no separate iterator object. Subclasses say
 * what a chunk, the end and a failure mean for the span, and call `unwatchAbort()` when the
 * span ends.
 *
 * Until the stream is first read it is also the `abort` listener of the stream's controller
 * (an `EventListener` object, so no closure per call): a stream aborted before anyone reads it
 * is never pulled, so only the signal can end its span.
 */
export abstract class StreamObserver implements AsyncIterator<unknown> {
  abstract readonly ended: boolean;
  /** Returns true when the chunk must be hidden from the caller. */
  protected abstract onChunk(chunk: unknown): boolean;
  /**
   * `sourceDone`: the stream is over, having run dry or been aborted before any read (else the
   * consumer stopped early). `controller` is there to tell whether an abort ended it.
   */
  protected abstract endStream(sourceDone: boolean, controller: AbortController | undefined): void;
  abstract fail(error: unknown): void;

  // Declared here so every instance has one shape. Set by `observe`:
  #source: (() => AsyncIterator<unknown>) | undefined = undefined;
  #controller: AbortController | undefined = undefined;
  /** The signal we listen to, until the first read, the abort or the span's end. */
  #signal: AbortSignal | undefined = undefined;
  // Set when the stream is first iterated:
  #inner: AsyncIterator<unknown> | undefined = undefined;
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
    if (typeof source !== 'function') return this.observeIterator(stream as PlainIterator);
    const controller = s.controller;
    const signal = controller?.signal;
    // Listening first: a signal that refuses a listener throws before the stream is touched.
    if (signal !== undefined && !signal.aborted) {
      signal.addEventListener('abort', this);
      this.#signal = signal;
    }
    this.#source = source;
    this.#controller = controller;
    s[kObserver] = this;
    s.iterator = tracedIterator;
    // Aborted before the caller even had the stream (the caller's own `signal` option).
    if (signal?.aborted) this.handleEvent();
    return true;
  }

  /**
   * The controller aborted before the stream was read: only the caller does that (the SDK
   * aborts it itself only while the stream is read, on `break`, a cancel or an error), so it
   * ends the span as an abort, as an abort while reading does. Never throws: an error in an
   * `abort` listener would surface as an uncaught exception.
   */
  handleEvent(): void {
    try {
      this.unwatchAbort();
      this.endStream(true, this.#controller);
    } catch (bookkeeping) {
      diag.debug('genai-otel: ending an aborted stream failed', bookkeeping);
    }
  }

  /** Stops listening, so the signal (which a caller's long-lived one may keep) holds no span. */
  protected unwatchAbort(): void {
    const signal = this.#signal;
    if (signal === undefined) return;
    this.#signal = undefined;
    signal.removeEventListener('abort', this);
  }

  /**
   * A plain async iterator (an async generator, as SDKs that are not Stainless-generated
   * return): its own `next`/`return`/`throw` are shadowed in place, so the caller keeps the very
   * object. Reading ends the span as for an SDK `Stream`; an abort surfaces as the read error
   * the SDK throws. False when the object is not an async iterator.
   */
  private observeIterator(it: PlainIterator): boolean {
    const { next, return: ret, throw: thr } = it;
    if (typeof it[Symbol.asyncIterator] !== 'function') return false;
    if (typeof next !== 'function') return this.observeIterable(it);
    // No rest arguments on the per-chunk path: for-await calls `next()` with none, and an async
    // generator's `next(undefined)` is its `next()`.
    const inner: AsyncIterator<unknown> = { next: (value?: unknown) => next.call(it, value) };
    if (typeof ret === 'function') inner.return = (value?: unknown) => ret.call(it, value);
    if (typeof thr === 'function') inner.throw = (error?: unknown) => thr.call(it, error);
    this.start(inner);
    it.next = (value?: unknown) => (value === undefined ? this.next() : this.next(value));
    it.return = (value?: unknown) => this.return(value);
    it.throw = (error?: unknown) => this.throw(error);
    return true;
  }

  /**
   * An async iterable that is no iterator (the AWS SDK's event streams): its
   * `[Symbol.asyncIterator]` is shadowed in place by an own property, so the caller keeps the
   * very object; the first iteration is traced, later ones (which fail in the SDK: the body is
   * read once) are not.
   */
  private observeIterable(iterable: PlainIterator): boolean {
    const open = iterable[Symbol.asyncIterator] as (this: unknown) => AsyncIterator<unknown>;
    const observer = this;
    iterable[Symbol.asyncIterator] = function iterate(this: unknown): AsyncIterator<unknown> {
      const inner = open.call(this);
      if (observer.#inner !== undefined) return inner;
      observer.start(inner);
      return observer;
    };
    return true;
  }

  /** From now on the consumer's reads go through us to `inner`. */
  private start(inner: AsyncIterator<unknown>): void {
    this.#inner = inner;
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
  }

  /** The stream's first `iterator()` call is traced; later ones (which fail in the SDK) are not. */
  attach(stream: TracedStream): AsyncIterator<unknown> {
    const inner = this.#source!.call(stream);
    // A second consumption fails inside the SDK; keep that failure off the first one's span.
    if (this.#inner !== undefined) return inner;
    this.#inner = inner;
    // From now on reading ends the span, and an abort is seen there (the source ends quietly
    // with the signal aborted). The SDK also aborts the controller itself on `break`, on a
    // cancel (before calling our `return`) and on a read error (before the error reaches us),
    // so the signal would misname those.
    this.unwatchAbort();
    this.start(inner);
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
