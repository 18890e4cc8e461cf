/**
 * "One call, one owner": when spans nest for the same model call (a provider SDK's own span under
 * ours, a third party's above the SDK's, ours under a framework's LLM span), the INNERMOST
 * model-call span owns the call's usage — it is closest to the HTTP exchange. Each model-call
 * span claims its parent; a model-call span that finds itself claimed is a duplicate of its
 * claimant's owner.
 *
 * In-process the claim is made when the child STARTS (`started`), so it holds however the spans
 * end (a streamed call's outer span may end before the SDK's inner one); received spans, which
 * have no start, claim when they arrive (`settle`), children first as exporters batch them.
 * Bounded: past `limit` pending claims the oldest is forgotten (a parent still open after that
 * many later calls may then be counted twice). Spans of one call that do not nest: `Twins`.
 */
export class UsageOwners {
  /** Parent span id → the owning span's id. Insertion order is age order. */
  readonly #claims = new Map<string, string>();
  readonly #limit: number;

  constructor(limit = 16_384) {
    this.#limit = limit;
  }

  /** A span that is a model call by its start attributes has started under `parentSpanId`. */
  started(spanId: string, parentSpanId: string | undefined): void {
    if (parentSpanId !== undefined && parentSpanId !== '') this.#claim(parentSpanId, spanId);
  }

  /**
   * Called once per model-call span with usage. Returns the owner's span id when another span
   * already counts this call, else `undefined` (this span owns it).
   */
  settle(spanId: string, parentSpanId: string | undefined): string | undefined {
    // No claim pending (no model call under another span yet): no id to hash.
    const owner = this.#claims.size === 0 ? undefined : this.#claims.get(spanId);
    if (owner !== undefined) this.#claims.delete(spanId);
    if (parentSpanId !== undefined && parentSpanId !== '')
      this.#claim(parentSpanId, owner ?? spanId);
    return owner;
  }

  /** True when a model call started under this span (it is then not the call's owner). */
  claimed(spanId: string): boolean {
    return this.#claims.size !== 0 && this.#claims.has(spanId);
  }

  #claim(parentSpanId: string, owner: string): void {
    if (this.#claims.size >= this.#limit && !this.#claims.has(parentSpanId)) {
      const oldest = this.#claims.keys().next().value;
      if (oldest !== undefined) this.#claims.delete(oldest);
    }
    this.#claims.set(parentSpanId, owner);
  }

  /** Pending claims (for tests). */
  get size(): number {
    return this.#claims.size;
  }
}
