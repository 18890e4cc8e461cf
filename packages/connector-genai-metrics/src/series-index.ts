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
  // The series found last and its keys: calls in a row mostly share model, provider and server,
  // so a series is mostly found by comparing its values with the last ones (no hashing).
  readonly #lastKeys: unknown[];
  #last: S | undefined = undefined;

  constructor(depth: number) {
    this.#depth = depth;
    this.#lastKeys = new Array(depth);
  }

  get size(): number {
    return this.#size;
  }

  /** The series at `keys[0..depth)`, or undefined. */
  get(keys: readonly unknown[]): S | undefined {
    const depth = this.#depth;
    const last = this.#last;
    if (last !== undefined) {
      const lastKeys = this.#lastKeys;
      let i = 0;
      // `!==` misses only where the Map would not (NaN); the walk below then finds it.
      while (i < depth && lastKeys[i] === keys[i]) i++;
      if (i === depth) return last;
    }
    let node: unknown = this.#root;
    for (let i = 0; i < depth; i++) {
      node = (node as Node).get(keys[i]);
      if (node === undefined) return undefined;
    }
    for (let i = 0; i < depth; i++) this.#lastKeys[i] = keys[i];
    this.#last = node as S;
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
