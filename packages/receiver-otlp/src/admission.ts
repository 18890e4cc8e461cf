/**
 * The receiver's bound on memory: bytes of requests being read or processed at once. A request
 * that does not fit is refused before its body is read (429 / RESOURCE_EXHAUSTED, "retry
 * later"), so a burst of clients or a slow pipeline never grows the heap without bound.
 */
export class Admission {
  readonly limitBytes: number;
  #held = 0;

  constructor(limitBytes: number) {
    this.limitBytes = limitBytes;
  }

  /** Bytes held now. */
  get held(): number {
    return this.#held;
  }

  /** Takes `bytes` if they fit (a lone request always fits, or one larger than the limit would never pass). */
  tryAcquire(bytes: number): boolean {
    if (this.#held > 0 && this.#held + bytes > this.limitBytes) return false;
    this.#held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#held = Math.max(0, this.#held - bytes);
  }
}
