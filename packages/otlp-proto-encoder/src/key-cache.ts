/**
 * What an encoder remembers of each attribute key, bounded: the key's encoded bytes, and a whole
 * encoded KeyValue once a value comes back. Most of an LLM span's attributes repeat from span to
 * span (operation, provider, model, server, port, finish reasons' strings, zero counts), so for
 * them a KeyValue is one copy instead of two nested length-delimited messages built field by
 * field. Bytes only depend on the key and the value, so a copy is exactly what encoding writes.
 */

/** Distinct attribute keys remembered per encoder; keys past it are encoded each time. */
export const KEY_CACHE_LIMIT = 2048;
/** Attribute places of a span whose last key is remembered (see `KeyCache.entryAt`). */
const MAX_REMEMBERED_PLACES = 64;
/** Longest string value whose KeyValue is kept (bounds the memory: ≤ 2048 × ~200 B). */
const MAX_CACHED_STRING = 64;

export class KeyEntry {
  /** The key as a length-prefixed UTF-8 string (field 1's payload). */
  keyBytes: Buffer | undefined = undefined;
  /** The value whose whole KeyValue (length prefix included) is `kv`. */
  value: unknown = undefined;
  kv: Buffer | undefined = undefined;
  /**
   * The value written last: a KeyValue is kept only when its value comes twice in a row, so
   * values that never repeat (ids, token counts) cost no allocation.
   */
  candidate: unknown = undefined;

  /** After writing `value`'s KeyValue in `buf[start, end)`: keep it if the value repeats. */
  wrote(value: unknown, buf: Buffer, start: number, end: number): void {
    if (!cacheable(value)) return;
    if (this.candidate !== value) {
      this.candidate = value;
      return;
    }
    this.value = value;
    this.kv = Buffer.from(buf.subarray(start, end));
  }
}

// Scalars only: `===` then means the same bytes (0 and -0 both encode as int 0; NaN never hits).
function cacheable(value: unknown): boolean {
  const t = typeof value;
  if (t === 'string') return (value as string).length <= MAX_CACHED_STRING;
  return t === 'number' || t === 'boolean';
}

export class KeyCache {
  readonly #entries = new Map<string, KeyEntry>();
  /**
   * The keys of the last span's attributes, in order, and their entries: spans of one
   * instrumentation have the same keys in the same order, so a key is mostly found by comparing
   * it with the one at its place last time (the same interned string) instead of hashing it.
   */
  readonly #lastKeys: (string | undefined)[] = [];
  readonly #lastEntries: (KeyEntry | undefined)[] = [];

  /** The entry of `key`, the `i`-th attribute of a span (see `#lastKeys`). */
  entryAt(i: number, key: string): KeyEntry | undefined {
    if (this.#lastKeys[i] === key) return this.#lastEntries[i];
    const e = this.entry(key);
    if (i < MAX_REMEMBERED_PLACES) {
      this.#lastKeys[i] = key;
      this.#lastEntries[i] = e;
    }
    return e;
  }

  /** The key's entry, made on first sight; undefined once the bound is reached. */
  entry(key: string): KeyEntry | undefined {
    let e = this.#entries.get(key);
    if (e === undefined && this.#entries.size < KEY_CACHE_LIMIT) {
      e = new KeyEntry();
      this.#entries.set(key, e);
    }
    return e;
  }
}
