import type { Attributes, AttributeValue, Link, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import { type Arena, Arenas } from './arena.js';
import { BufferPool } from './buffer-pool.js';
import { EncodedSpan } from './encoded-span.js';
import { KeyCache, type KeyEntry } from './key-cache.js';
import { T } from './tags.js';
import { ProtoWriter } from './writer.js';

const hasOwn = Object.prototype.hasOwnProperty;
const SPAN_FLAGS_HAS_IS_REMOTE = 0x100;
const SPAN_FLAGS_IS_REMOTE = 0x200;
const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

type Resource = ReadableSpan['resource'];
type Scope = ReadableSpan['instrumentationScope'];
/** What `encode` takes: spans, spans encoded before (`encodeSpan`), or a mix. */
type Item = ReadableSpan | EncodedSpan;

/** Past this room left in an arena, the next span starts a new one (arena.ts). */
const ARENA_MIN_ROOM = 4 * 1024;

export interface TraceEncoderOptions {
  /** First guess of bytes per span, before any batch has been measured (default 512). */
  initialBytesPerSpan?: number;
}

/**
 * Encodes `ReadableSpan[]` as an OTLP `ExportTraceServiceRequest`, byte for byte what
 * `ProtobufTraceSerializer.serializeRequest` returns (same grouping by resource and scope
 * identity, same field order, same always-written zero counts), in one pass.
 *
 * Each call writes into a non-zeroed buffer sized from the bytes per span of the batches before
 * it, and returns a view of it: no copy. The bytes stay valid until they are given back with
 * `release`; then the buffer serves a later request (buffer-pool.ts). Bytes never released stay
 * valid for good and are collected as garbage.
 */
export class TraceEncoder {
  #bytesPerSpan: number;
  readonly #keys = new KeyCache();
  readonly #pool = new BufferPool();
  /** Where `encodeSpan` writes, and the arena of that buffer (arena.ts). */
  #writer: ProtoWriter | undefined;
  #arena: Arena | undefined;
  readonly #arenas = new Arenas();

  constructor(options: TraceEncoderOptions = {}) {
    this.#bytesPerSpan = options.initialBytesPerSpan ?? 512;
  }

  /**
   * The request for `spans`. Spans encoded before with `encodeSpan` are copied as they are: the
   * request is the same bytes as if the spans themselves were given.
   */
  encode(spans: readonly Item[]): Uint8Array {
    const w = new ProtoWriter(
      Math.ceil(spans.length * this.#bytesPerSpan) + 256,
      this.#keys,
      this.#pool,
    );
    const first = spans[0];
    if (first !== undefined && sameOrigin(spans, first.resource, first.instrumentationScope)) {
      // One resource and one scope: the usual batch, no grouping maps.
      w.ensure(1);
      w.tag1(T.request_resourceSpans);
      resourceSpans(w, first.resource, [spans]);
    } else {
      for (const [resource, scopes] of group(spans)) {
        w.ensure(1);
        w.tag1(T.request_resourceSpans);
        resourceSpans(w, resource, scopes.values());
      }
    }
    if (spans.length > 0) this.#bytesPerSpan = (w.pos / spans.length) * 1.125;
    return w.buf.subarray(0, w.pos);
  }

  /**
   * `span` written now as it will go into a request (see EncodedSpan), for a queue to hold in its
   * place. Its bytes stay valid for as long as the result is referenced.
   */
  encodeSpan(span: ReadableSpan): EncodedSpan {
    let w = this.#writer;
    let arena = this.#arena;
    if (w === undefined || arena === undefined || w.buf.length - w.pos < ARENA_MIN_ROOM) {
      arena?.retire();
      arena = this.#arenas.next();
      w = new ProtoWriter(arena.buf.length, this.#keys, arena);
      this.#writer = w;
      this.#arena = arena;
    }
    const start = w.pos;
    w.ensure(1);
    w.tag1(T.scopeSpans_spans);
    spanMessage(w, span);
    arena.held++;
    return new EncodedSpan(
      span.resource,
      span.instrumentationScope,
      span.spanContext(),
      w.buf,
      start,
      w.pos,
      arena,
    );
  }

  /**
   * The queue is done with these spans for good (sent, or given up): their bytes will not be read
   * again, and a buffer whose spans are all released serves later spans. Anything not from
   * `encodeSpan`, or released before, is ignored.
   */
  releaseSpans(spans: readonly unknown[]): void {
    for (const span of spans) {
      if (!(span instanceof EncodedSpan) || span.released || span.arena.owner !== this.#arenas)
        continue;
      span.released = true;
      span.arena.released();
    }
  }

  /**
   * The sender is done with `bytes` (an `encode` result): its buffer may be written again. Call it
   * once the bytes are sent or dropped, never while anything still reads them. Anything not from
   * `encode`, or released twice, is ignored.
   */
  release(bytes: Uint8Array): void {
    this.#pool.release(bytes);
  }
}

function sameOrigin(spans: readonly Item[], resource: Resource, scope: Scope): boolean {
  for (let i = 1; i < spans.length; i++) {
    const s = spans[i] as Item;
    if (s.resource !== resource || s.instrumentationScope !== scope) return false;
  }
  return true;
}

/** Grouped by resource, then scope, by identity and in order of first appearance, as the official does. */
function group(spans: readonly Item[]): Map<Resource, Map<Scope, Item[]>> {
  const resources = new Map<Resource, Map<Scope, Item[]>>();
  for (const span of spans) {
    let scopes = resources.get(span.resource);
    if (scopes === undefined) {
      scopes = new Map();
      resources.set(span.resource, scopes);
    }
    const list = scopes.get(span.instrumentationScope);
    if (list === undefined) scopes.set(span.instrumentationScope, [span]);
    else list.push(span);
  }
  return resources;
}

function resourceSpans(
  w: ProtoWriter,
  resource: Resource,
  scopes: Iterable<readonly Item[]>,
): void {
  const at = w.begin(3);
  w.ensure(1);
  w.tag1(T.resourceSpans_resource);
  const r = w.begin(2);
  if (resource.attributes) attributes(w, resource.attributes, T.resource_attributes);
  w.ensure(2);
  w.tag1(T.resource_dropped);
  w.tag1(0);
  w.end(r, 2);
  for (const spans of scopes) {
    w.ensure(1);
    w.tag1(T.resourceSpans_scopeSpans);
    scopeSpans(w, spans);
  }
  if (resource.schemaUrl) {
    w.ensure(1);
    w.tag1(T.resourceSpans_schemaUrl);
    w.string(resource.schemaUrl);
  }
  w.end(at, 3);
}

function scopeSpans(w: ProtoWriter, spans: readonly Item[]): void {
  const scope = (spans[0] as Item).instrumentationScope;
  const at = w.begin(3);
  w.ensure(1);
  w.tag1(T.scopeSpans_scope);
  const s = w.begin(1);
  w.ensure(1);
  w.tag1(T.scope_name);
  w.string(scope.name);
  if (scope.version) {
    w.ensure(1);
    w.tag1(T.scope_version);
    w.string(scope.version);
  }
  // Scope attributes are not in every API version's type; the official writes them when present.
  const extra = scope as { attributes?: Attributes; droppedAttributesCount?: number };
  if (extra.attributes) attributes(w, extra.attributes, T.scope_attributes);
  if (extra.droppedAttributesCount) {
    w.ensure(1);
    w.tag1(T.scope_dropped);
    w.varint(extra.droppedAttributesCount);
  }
  w.end(s, 1);
  for (const span of spans) {
    if (span instanceof EncodedSpan) {
      // Its buffer went on to later spans: its bytes are gone. A queue bug, never a wrong request.
      if (span.arena.recycled) throw new Error('an encoded span was used after it was released');
      w.copy(span.bytes, span.start, span.end);
      continue;
    }
    w.ensure(1);
    w.tag1(T.scopeSpans_spans);
    spanMessage(w, span);
  }
  if (scope.schemaUrl) {
    w.ensure(1);
    w.tag1(T.scopeSpans_schemaUrl);
    w.string(scope.schemaUrl);
  }
  w.end(at, 3);
}

function spanMessage(w: ProtoWriter, span: ReadableSpan): void {
  const at = w.begin(2);
  const ctx = span.spanContext();
  w.ensure(1);
  w.tag1(T.span_traceId);
  w.hexBytes(ctx.traceId);
  w.ensure(1);
  w.tag1(T.span_spanId);
  w.hexBytes(ctx.spanId);
  traceState(w, ctx, T.span_traceState);
  const parent = span.parentSpanContext;
  if (parent?.spanId) {
    w.ensure(1);
    w.tag1(T.span_parentSpanId);
    w.hexBytes(parent.spanId);
  }
  w.ensure(1);
  w.tag1(T.span_name);
  w.string(span.name);
  const kind = span.kind == null ? 0 : span.kind + 1;
  if (kind !== 0) {
    w.ensure(2);
    w.tag1(T.span_kind);
    w.varint(kind);
  }
  w.ensure(1);
  w.tag1(T.span_start);
  w.hrTime(span.startTime);
  w.ensure(1);
  w.tag1(T.span_end);
  w.hrTime(span.endTime);
  if (span.attributes) spanAttributes(w, span.attributes);
  w.ensure(1);
  w.tag1(T.span_droppedAttributes);
  w.varint(span.droppedAttributesCount);
  for (const event of span.events) {
    w.ensure(1);
    w.tag1(T.span_events);
    eventMessage(w, event);
  }
  w.ensure(1);
  w.tag1(T.span_droppedEvents);
  w.varint(span.droppedEventsCount);
  for (const link of span.links) {
    w.ensure(1);
    w.tag1(T.span_links);
    linkMessage(w, link);
  }
  w.ensure(1);
  w.tag1(T.span_droppedLinks);
  w.varint(span.droppedLinksCount);
  w.ensure(1);
  w.tag1(T.span_status);
  const st = w.begin(1);
  if (span.status.message) {
    w.ensure(1);
    w.tag1(T.status_message);
    w.string(span.status.message);
  }
  w.ensure(1);
  w.tag1(T.status_code);
  w.varint(span.status.code);
  w.end(st, 1);
  // Span.flags is field 16: a two-byte tag, then fixed32. Never 0 (the has-is-remote bit is set).
  w.ensure(2);
  w.tag1(0x85);
  w.tag1(0x01);
  w.fixed32(spanFlags(ctx.traceFlags, parent?.isRemote));
  w.end(at, 2);
}

function eventMessage(w: ProtoWriter, event: TimedEvent): void {
  const at = w.begin(1);
  w.ensure(1);
  w.tag1(T.event_time);
  w.hrTime(event.time);
  w.ensure(1);
  w.tag1(T.event_name);
  w.string(event.name);
  if (event.attributes) attributes(w, event.attributes, T.event_attributes);
  w.ensure(1);
  w.tag1(T.event_dropped);
  w.varint(event.droppedAttributesCount || 0);
  w.end(at, 1);
}

function linkMessage(w: ProtoWriter, link: Link): void {
  const at = w.begin(1);
  const ctx = link.context;
  w.ensure(1);
  w.tag1(T.link_traceId);
  w.hexBytes(ctx.traceId);
  w.ensure(1);
  w.tag1(T.link_spanId);
  w.hexBytes(ctx.spanId);
  traceState(w, ctx, T.link_traceState);
  if (link.attributes) attributes(w, link.attributes, T.link_attributes);
  w.ensure(1);
  w.tag1(T.link_dropped);
  w.varint(link.droppedAttributesCount || 0);
  w.ensure(1);
  w.tag1(T.link_flags);
  w.fixed32(spanFlags(ctx.traceFlags, ctx.isRemote));
  w.end(at, 1);
}

function traceState(w: ProtoWriter, ctx: SpanContext, tag: number): void {
  const state = ctx.traceState?.serialize();
  if (state) {
    w.ensure(1);
    w.tag1(tag);
    w.string(state);
  }
}

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  const flags = (traceFlags & 0xff) | SPAN_FLAGS_HAS_IS_REMOTE;
  return isRemote ? flags | SPAN_FLAGS_IS_REMOTE : flags;
}

/** Repeated KeyValue, in `for…in` order over own keys, as the official. */
function attributes(w: ProtoWriter, attrs: Attributes, tag: number): void {
  for (const key in attrs) {
    // This exact form is what V8's for-in fast path recognises (Object.hasOwn is not).
    if (!hasOwn.call(attrs, key)) continue;
    w.ensure(1);
    w.tag1(tag);
    keyValue(w, key, attrs[key]);
  }
}

/** A span's attributes, as `attributes`, with each key's entry found by its place (`entryAt`). */
function spanAttributes(w: ProtoWriter, attrs: Attributes): void {
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
