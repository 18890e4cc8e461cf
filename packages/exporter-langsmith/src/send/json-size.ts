/**
 * Request sizes without serializing every run twice. The langsmith client serializes each run
 * for the request; measuring each one beforehand with `JSON.stringify` cost ~4 % of the
 * exporter's CPU in `bench/components/langsmith-throughput.mjs`, plus its garbage, for requests
 * that are nearly always far below LangSmith's limit (100 chat runs ≈ 150 KB of 20 MiB). A bound
 * from a walk of the run settles those; only a request the bound cannot settle is measured.
 */

/** The exact UTF-8 length of `value` as JSON (what LangSmith's limits count). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

/**
 * At least `jsonBytes(value)`, cheaply: a UTF-16 unit takes at most 6 bytes as JSON (`\u001f`),
 * a number at most 24 characters, `true`/`false`/`null` at most 5. A value with its own `toJSON`
 * (a Date) is measured exactly.
 */
export function jsonBytesAtMost(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 6 * value.length + 2;
    case 'number':
    case 'bigint':
      return 24;
    case 'boolean':
      return 5;
    case 'object': {
      if (value === null) return 4;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return jsonBytes(value);
      let bytes = 2;
      if (Array.isArray(value)) {
        for (const item of value) bytes += jsonBytesAtMost(item) + 1;
        return bytes;
      }
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        bytes += 6 * key.length + 4 + jsonBytesAtMost((value as Record<string, unknown>)[key]);
      }
      return bytes;
    }
    default:
      // undefined and functions: left out of objects (`null` in arrays).
      return 4;
  }
}
