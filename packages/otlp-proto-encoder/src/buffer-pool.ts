/**
 * The buffers requests are written into, reused once their sender is done with them.
 *
 * A batch of 512 chat spans is ~350 KB. A fresh buffer of that size per request is a fresh
 * `malloc` past glibc's mmap threshold: every page faults in zeroed on first touch, and V8 counts
 * the memory as external, which triggers collections of its own. On the bench's spans that made
 * encoding 2–3× slower than writing into a buffer already in the cache (bench/README.md,
 * otlp-encode). A buffer comes back with `release(bytes)` when the transport has sent the bytes;
 * one never released is garbage like any other (the pool only remembers buffers weakly), so a
 * caller that does not release loses speed, not memory.
 */

/** Free buffers kept for the next requests (the exporter sends one request at a time per signal; a retry or a second exporter needs a second). */
const MAX_FREE = 2;
/** Larger buffers are not kept: a one-off huge batch must not pin its memory. */
const MAX_POOLED_BYTES = 8 * 1024 * 1024;

/** Where a writer takes its buffer from, and gives back one it outgrew. */
export interface BufferSource {
  take(size: number): Buffer;
  release(bytes: Uint8Array): void;
}

export class BufferPool implements BufferSource {
  readonly #free: Buffer[] = [];
  /** The buffers handed out and not yet released: only these may come back. */
  readonly #lent = new WeakSet<ArrayBuffer>();

  /** A buffer of at least `size` bytes, not zeroed, with an `ArrayBuffer` of its own. */
  take(size: number): Buffer {
    const free = this.#free;
    for (let i = 0; i < free.length; i++) {
      const b = free[i] as Buffer;
      if (b.length >= size) {
        free.splice(i, 1);
        return this.lend(b);
      }
    }
    // Never Node's shared 8 KiB pool (Buffer.allocUnsafe under 4 KiB): that memory is not ours to reuse.
    return this.lend(Buffer.allocUnsafeSlow(size));
  }

  /** Marks `buf` (a buffer that replaced one taken, grown) as lent. */
  lend(buf: Buffer): Buffer {
    this.#lent.add(buf.buffer as ArrayBuffer);
    return buf;
  }

  /** `bytes` (a view `take`/`lend` gave out) is free again; anything else, or a second release, is ignored. */
  release(bytes: Uint8Array): void {
    const ab = bytes.buffer as ArrayBuffer;
    if (!this.#lent.delete(ab)) return;
    if (ab.byteLength > MAX_POOLED_BYTES) return;
    const free = this.#free;
    if (free.length >= MAX_FREE) {
      // Keep the larger ones: the next batch is at least as likely to need the room.
      let smallest = 0;
      for (let i = 1; i < free.length; i++)
        if ((free[i] as Buffer).length < (free[smallest] as Buffer).length) smallest = i;
      if ((free[smallest] as Buffer).length >= ab.byteLength) return;
      free.splice(smallest, 1);
    }
    free.push(Buffer.from(ab));
  }
}
