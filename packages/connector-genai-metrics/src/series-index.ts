import type { AttributeValue } from '@opentelemetry/api';

type Node = Map<unknown, unknown>;

/**
 * Series by their key values, one nested Map level per value: a lookup hashes each value (strings
 * cache their hash) and allocates nothing — no composite key string per span. Keys are passed in a
 * scratch array the caller reuses.
 */
export class SeriesIndex<S> {
  readonly #root: Node = new Map();
  readonly #depth: number;
  #size = 0;

  constructor(depth: number) {
    this.#depth = depth;
  }

  get size(): number {
    return this.#size;
  }

  /** The series at `keys[0..depth)`, or undefined. */
  get(keys: readonly unknown[]): S | undefined {
    let node: unknown = this.#root;
    for (let i = 0; i < this.#depth; i++) {
      node = (node as Node).get(keys[i]);
      if (node === undefined) return undefined;
    }
    return node as S;
  }

  set(keys: readonly unknown[], series: S): void {
    let node = this.#root;
    const last = this.#depth - 1;
    for (let i = 0; i < last; i++) {
      let next = node.get(keys[i]) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(keys[i], next);
      }
      node = next;
    }
    node.set(keys[last], series);
    this.#size++;
  }
}

/**
 * A value as a key of an attribute left out when absent or empty (`put`): '' and undefined are
 * the same series. An array (valid, rare) keys by its text, never by identity.
 */
export function optionalKey(v: AttributeValue | undefined): unknown {
  if (v === '') return undefined;
  return typeof v === 'object' && v !== null ? String(v) : v;
}

/** A value as a key of an attribute always written. */
export function key(v: AttributeValue | undefined): unknown {
  return typeof v === 'object' && v !== null ? String(v) : v;
}
