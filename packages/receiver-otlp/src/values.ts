import type { AnyValue, Attributes, AttributeValue, HrTime } from '@opentelemetry/api';

/** A map of AnyValues (a log record's attributes, a key-value list). */
export type AnyValueMap = Record<string, AnyValue>;

/**
 * OTLP values in both encodings: protobufjs messages (ids as Buffers, 64-bit integers as `Long`,
 * unset fields null) and OTLP/JSON objects (ids as hex, 64-bit integers as decimal strings or
 * numbers, unset fields absent). Anything of the wrong shape throws a `PayloadError`.
 */

/** A payload that does not follow the OTLP schema: the request gets 400. */
export class PayloadError extends Error {}

/**
 * A valid request refused whole because an export queue behind the receiver is full: the sender
 * is told to retry later (OTLP/HTTP 503 + Retry-After, gRPC UNAVAILABLE with RetryInfo), and
 * nothing of the request reached a pipeline, so nothing is lost or counted twice.
 */
export class QueueFullError extends Error {
  readonly exporter: string;
  constructor(exporter: string, count: number, unit: string) {
    super(`the export queue of ${exporter} cannot take ${count} more ${unit} now, retry later`);
    this.exporter = exporter;
  }
}

/** protobufjs's 64-bit integer. */
interface Long {
  low: number;
  high: number;
  unsigned: boolean;
}

function isLong(v: unknown): v is Long {
  return typeof v === 'object' && v !== null && typeof (v as Long).low === 'number';
}

const NANOS = 1_000_000_000n;
const ZERO_TIME: HrTime = [0, 0];

/** A `fixed64` Unix time in nanoseconds as the SDK's HrTime, exactly (no float rounding). */
export function toHrTime(v: unknown): HrTime {
  if (v == null) return ZERO_TIME;
  let n: bigint;
  if (isLong(v)) n = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  else if (typeof v === 'string') n = parseBigInt(v);
  else if (typeof v === 'number' && Number.isFinite(v) && v >= 0) {
    if (v <= Number.MAX_SAFE_INTEGER) return [Math.floor(v / 1e9), v % 1e9];
    n = BigInt(Math.round(v));
  } else throw new PayloadError(`a time must be an unsigned integer (got ${describe(v)})`);
  return [Number(n / NANOS), Number(n % NANOS)];
}

function parseBigInt(s: string): bigint {
  if (!/^\d{1,20}$/.test(s)) throw new PayloadError(`not an integer: ${JSON.stringify(s)}`);
  return BigInt(s);
}

/** An int64/uint32 as a number (an int64 past 2^53 loses precision, as any JS number does). */
export function toInt(v: unknown): number {
  if (v == null) return 0;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new PayloadError(`not an integer: ${v}`);
    return v;
  }
  if (isLong(v)) {
    const low = v.low >>> 0;
    return v.unsigned ? (v.high >>> 0) * 4294967296 + low : v.high * 4294967296 + low;
  }
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  throw new PayloadError(`not an integer: ${describe(v)}`);
}

/** A string field (absent: empty). */
export function toStr(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  throw new PayloadError(`not a string: ${describe(v)}`);
}

/** A list field (absent: empty). */
export function list(v: unknown): readonly unknown[] {
  if (v == null) return EMPTY;
  if (Array.isArray(v)) return v;
  throw new PayloadError(`not a list: ${describe(v)}`);
}
const EMPTY: readonly unknown[] = Object.freeze([]);

/** An object field, or undefined. */
export function obj(v: unknown): Record<string, unknown> | undefined {
  if (v == null) return undefined;
  if (typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  throw new PayloadError(`not an object: ${describe(v)}`);
}

const HEX = /^[0-9a-fA-F]*$/;

/**
 * A trace or span id as lowercase hex; `''` when absent. Protobuf gives bytes, OTLP/JSON hex
 * (the one place it differs from protobuf's JSON mapping).
 */
export function toHexId(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Uint8Array) {
    return (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)).toString(
      'hex',
    );
  }
  if (typeof v === 'string' && HEX.test(v)) return v.toLowerCase();
  throw new PayloadError(`an id must be hex (got ${describe(v)})`);
}

/**
 * An `AnyValue` as an attribute value: scalars as they are, arrays of scalars as arrays; a
 * key-value list (which span attributes cannot hold) as its JSON text, bytes as base64.
 */
export function toAttributeValue(v: unknown): AttributeValue | undefined {
  if (v == null) return undefined;
  if (typeof v !== 'object') throw new PayloadError(`not an AnyValue: ${describe(v)}`);
  // The common cases first, read without helpers: this runs for every attribute received.
  const a = v as Record<string, unknown>;
  const s = a.stringValue;
  if (s != null) {
    if (typeof s === 'string') return s;
    throw new PayloadError(`stringValue must be a string (got ${describe(s)})`);
  }
  if (a.intValue != null) return toInt(a.intValue);
  if (a.doubleValue != null) return toDouble(a.doubleValue);
  if (a.boolValue != null) {
    if (typeof a.boolValue !== 'boolean') throw new PayloadError('boolValue must be a boolean');
    return a.boolValue;
  }
  if (a.arrayValue != null) {
    const values = list(obj(a.arrayValue)?.values).map(toAttributeValue);
    return values.filter((x) => x !== undefined && !Array.isArray(x)) as AttributeValue;
  }
  if (a.kvlistValue != null) return JSON.stringify(toPlain(a));
  if (a.bytesValue != null) return toBase64(a.bytesValue);
  return undefined;
}

/** A `double` field (OTLP/JSON writes NaN and the infinities as strings). */
export function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  // OTLP/JSON writes NaN and the infinities as strings.
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
  throw new PayloadError(`doubleValue must be a number (got ${describe(v)})`);
}

function toBase64(v: unknown): string {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return toStr(v);
}

/** A nested AnyValue as plain JSON (for key-value lists). */
function toPlain(v: unknown): unknown {
  const a = obj(v);
  if (a === undefined) return null;
  if (a.kvlistValue != null) {
    const out: Record<string, unknown> = {};
    for (const kv of list(obj(a.kvlistValue)?.values)) {
      const entry = obj(kv);
      if (entry) out[toStr(entry.key)] = toPlain(entry.value);
    }
    return out;
  }
  if (a.arrayValue != null) return list(obj(a.arrayValue)?.values).map(toPlain);
  return toAttributeValue(a) ?? null;
}

/**
 * An `AnyValue` kept whole, for a log record's body and attributes (which, unlike a span's, may
 * nest): key-value lists as objects, arrays as arrays, bytes as bytes.
 */
export function toAnyValue(v: unknown): AnyValue | undefined {
  const a = obj(v);
  if (a === undefined) return undefined;
  if (a.kvlistValue != null) return toAnyValueMap(obj(a.kvlistValue)?.values);
  if (a.arrayValue != null)
    return list(obj(a.arrayValue)?.values).map((x) => toAnyValue(x) ?? null);
  if (a.bytesValue != null) {
    const b = a.bytesValue;
    if (b instanceof Uint8Array) return b;
    return Buffer.from(toStr(b), 'base64');
  }
  return toAttributeValue(a);
}

/** `repeated KeyValue` with values kept whole (see toAnyValue). */
export function toAnyValueMap(v: unknown): AnyValueMap {
  const out: AnyValueMap = {};
  for (const kv of list(v)) {
    const entry = obj(kv);
    if (!entry) continue;
    const value = toAnyValue(entry.value);
    if (value !== undefined) out[toStr(entry.key)] = value;
  }
  return out;
}

/** `repeated KeyValue` as Attributes. */
export function toAttributes(v: unknown): Attributes {
  const out: Attributes = {};
  const kvs = list(v);
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i] as { key?: unknown; value?: unknown } | null;
    if (kv == null) continue;
    if (typeof kv !== 'object') throw new PayloadError(`not a KeyValue: ${describe(kv)}`);
    const value = toAttributeValue(kv.value);
    if (value === undefined) continue;
    const key = kv.key;
    if (typeof key !== 'string')
      throw new PayloadError(`a key must be a string (got ${describe(key)})`);
    out[key] = value;
  }
  return out;
}

function describe(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
