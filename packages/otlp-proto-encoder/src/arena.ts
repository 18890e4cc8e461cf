import type { BufferSource } from './buffer-pool.js';

/** Bytes of each buffer encoded spans are written into, one after the other (~100 chat spans). */
export const ARENA_BYTES = 64 * 1024;
/** Released buffers kept for later spans: 4 MiB, more than a full default queue's spans. */
export const MAX_FREE_ARENAS = 64;

/**
 * One buffer encoded spans are written into, one after the other, and how many of them a queue
 * still holds. Once the writer has moved on and every one of them is released
 * (`TraceEncoder.releaseSpans`), the buffer goes back to its `Arenas` for later spans: written
 * again while still in the CPU cache, never faulted in anew. A span that outgrows the buffer
 * moves the writing to a larger fresh one (`take`); such an arena is not reused, since the spans
 * before read the old buffer and those after the new one.
 */
export class Arena implements BufferSource {
  /** Spans written and not yet released. */
  held = 0;
  /** Its buffer went to a later arena: its spans' bytes may have been overwritten. */
  recycled = false;
  #taken = false;
  #reusable = true;
  #retired = false;

  constructor(
    readonly owner: Arenas,
    readonly buf: Buffer,
  ) {}

  /** The writer's first buffer is the arena's own; a later one (it grew) is fresh. */
  take(size: number): Buffer {
    if (!this.#taken && size <= this.buf.length) {
      this.#taken = true;
      return this.buf;
    }
    this.#reusable = false;
    return Buffer.allocUnsafeSlow(size);
  }

  release(): void {}

  /** No span will be written into it any more. */
  retire(): void {
    this.#retired = true;
    this.#maybeFree();
  }

  /** One of its spans will not be read again. */
  released(): void {
    this.held--;
    this.#maybeFree();
  }

  #maybeFree(): void {
    if (!this.#retired || this.held !== 0 || !this.#reusable) return;
    this.#reusable = false;
    this.recycled = true;
    this.owner.free(this.buf);
  }
}

/** The free buffers of one encoder's arenas. */
export class Arenas {
  readonly #free: Buffer[] = [];

  next(): Arena {
    return new Arena(this, this.#free.pop() ?? Buffer.allocUnsafeSlow(ARENA_BYTES));
  }

  free(buf: Buffer): void {
    if (this.#free.length < MAX_FREE_ARENAS) this.#free.push(buf);
  }

  /** Buffers waiting for an arena (for tests). */
  get freeCount(): number {
    return this.#free.length;
  }
}
