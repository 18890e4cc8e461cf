/**
 * "One call, one owner": when spans nest for the same model call (a provider SDK's own span under
 * ours, ours under a framework's LLM span, a third party's beside the SDK's), the INNERMOST
 * model-call span owns the call's usage — it is closest to the HTTP exchange, and it ends first,
 * so the owner is known before any span of the call is exported. Each model-call span claims its
 * parent; a model-call span that finds itself claimed is a duplicate of its claimant's owner.
 *
 * Works on spans as they end in-process and on received spans as they arrive, children first
 * (as exporters batch them). Bounded: past `limit` pending claims the oldest is forgotten (a
 * parent still open after that many later calls may then be counted twice).
 */
export class UsageOwners {
  /** Parent span id → the owning span's id. Insertion order is age order. */
  readonly #claims = new Map<string, string>();
  readonly #limit: number;

  constructor(limit = 16_384) {
    this.#limit = limit;
  }

  /**
   * Called once per model-call span with usage. Returns the owner's span id when another span
   * already counts this call, else `undefined` (this span owns it).
   */
  settle(spanId: string, parentSpanId: string | undefined): string | undefined {
    const owner = this.#claims.get(spanId);
    if (owner !== undefined) this.#claims.delete(spanId);
    if (parentSpanId !== undefined && parentSpanId !== '') {
      if (this.#claims.size >= this.#limit) {
        const oldest = this.#claims.keys().next().value;
        if (oldest !== undefined) this.#claims.delete(oldest);
      }
      this.#claims.set(parentSpanId, owner ?? spanId);
    }
    return owner;
  }

  /** Pending claims (for tests). */
  get size(): number {
    return this.#claims.size;
  }
}
