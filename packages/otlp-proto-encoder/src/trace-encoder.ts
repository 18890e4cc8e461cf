import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { type Arena, Arenas } from './arena.js';
import { attributes } from './attributes.js';
import { BufferPool } from './buffer-pool.js';
import { EncodedSpan } from './encoded-span.js';
import { KeyCache } from './key-cache.js';
import { spanMessage } from './span-message.js';
import { T } from './tags.js';
import { ProtoWriter } from './writer.js';

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
