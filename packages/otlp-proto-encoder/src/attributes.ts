import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { KeyEntry } from './key-cache.js';
import { T } from './tags.js';
import type { ProtoWriter } from './writer.js';

const hasOwn = Object.prototype.hasOwnProperty;
const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

/** Repeated KeyValue, in `for…in` order over own keys, as the official. */
export function attributes(w: ProtoWriter, attrs: Attributes, tag: number): void {
  for (const key in attrs) {
    // This exact form is what V8's for-in fast path recognises (Object.hasOwn is not).
    if (!hasOwn.call(attrs, key)) continue;
    w.ensure(1);
    w.tag1(tag);
    keyValue(w, key, attrs[key]);
  }
}

/** A span's attributes, as `attributes`, with each key's entry found by its place (`entryAt`). */
export function spanAttributes(w: ProtoWriter, attrs: Attributes): void {
  const keys = w.keys;
  let i = 0;
  for (const key in attrs) {
    if (!hasOwn.call(attrs, key)) continue;
    w.ensure(1);
    w.tag1(T.span_attributes);
    keyValue(w, key, attrs[key], keys.entryAt(i++, key));
  }
}

function keyValue(
  w: ProtoWriter,
  key: string,
  value: unknown,
  entry: KeyEntry | undefined = w.keys.entry(key),
): void {
  const kv = entry?.kv;
  // The same key with the same value as before: the whole KeyValue, copied.
  if (kv !== undefined && entry!.value === value) {
    w.raw(kv);
    return;
  }
  const at = w.begin(1);
  w.ensure(1);
  w.tag1(T.kv_key);
  w.key(key, entry);
  w.ensure(1);
  w.tag1(T.kv_value);
  const v = w.begin(1);
  anyValue(w, value);
  w.end(v, 1);
  w.end(at, 1);
  entry?.wrote(value, w.buf, at, w.pos);
}

/** The body of an AnyValue; `null`, `undefined` and other types give an empty one, as the official. */
function anyValue(w: ProtoWriter, value: AttributeValue | unknown): void {
  const t = typeof value;
  if (t === 'string') {
    w.ensure(1);
    w.tag1(T.any_string);
    w.string(value as string);
  } else if (t === 'boolean') {
    w.ensure(2);
    w.tag1(T.any_bool);
    w.tag1(value ? 1 : 0);
  } else if (t === 'number') {
    const n = value as number;
    w.ensure(1);
    if (Number.isInteger(n) && n >= MIN_INT64 && n < MAX_INT64) {
      w.tag1(T.any_int);
      w.varint(n);
    } else {
      w.tag1(T.any_double);
      w.double(n);
    }
  } else if (value instanceof Uint8Array) {
    w.ensure(1);
    w.tag1(T.any_bytes);
    w.bytes(value);
  } else if (Array.isArray(value)) {
    w.ensure(1);
    w.tag1(T.any_array);
    const at = w.begin(1);
    for (const item of value) {
      w.ensure(1);
      w.tag1(T.list_values);
      const i = w.begin(1);
      anyValue(w, item);
      w.end(i, 1);
    }
    w.end(at, 1);
  } else if (t === 'object' && value != null) {
    w.ensure(1);
    w.tag1(T.any_kvlist);
    const at = w.begin(1);
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      if (!hasOwn.call(obj, k)) continue;
      w.ensure(1);
      w.tag1(T.list_values);
      keyValue(w, k, obj[k]);
    }
    w.end(at, 1);
  }
}
