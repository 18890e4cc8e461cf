import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { childDottedOrder, dottedSegment } from '../convert/dotted-order.js';
import { runIdFor } from '../convert/ids.js';
import type { RunPlacement } from '../convert/span-to-run.js';
import { dottedStamp, laterOf } from '../convert/time.js';
import { RecentMap } from './recent-map.js';

export interface PlacedSpan {
  span: ReadableSpan;
  placement: RunPlacement;
}

export interface RunTreeAssemblerOptions {
  /** Placed spans remembered so a child exported later still finds its parent. */
  maxTracked: number;
  /** Spans held at most while they wait for their parent; past it the oldest become roots. */
  maxPending: number;
  /** How long a span waits for its parent before it becomes a root, in ms. */
  parentWaitMs: number;
  now?: () => number;
}

interface Waiting {
  span: ReadableSpan;
  key: string;
  parentKey: string;
  since: number;
  placed: boolean;
}

/** A placed span, by span id; its trace id is checked on lookup (span ids are random per trace). */
interface Known {
  otelTraceId: string;
  placement: RunPlacement;
}

/** A span of the batch being added: unvisited, being resolved / waiting (null), or placed. */
interface BatchEntry {
  span: ReadableSpan;
  placement: RunPlacement | null | undefined;
}

/**
 * Places finished spans in LangSmith run trees, whatever export batch they arrive in.
 *
 * OpenTelemetry ends (and so exports) a child before its parent, but a run's `dotted_order`
 * needs every ancestor's start time and id. So a span is placed:
 * - as a ROOT when it has no parent, or its parent is remote (another process exports it);
 * - as a CHILD when its parent is in the same batch or was placed earlier (the last
 *   `maxTracked` placed spans are remembered);
 * - otherwise it WAITS for its parent, and is placed with it when the parent arrives. A span
 *   that waited `parentWaitMs`, or is the oldest when `maxPending` are waiting, or is still
 *   waiting at shutdown, is placed as a root (its parent was never exported): its own subtree
 *   stays intact beneath it, and nothing is lost.
 */
export class RunTreeAssembler {
  readonly #known: RecentMap<string, Known>;
  readonly #waitingByParent = new Map<string, Waiting[]>();
  /** Waiting spans by their own key: a span whose parent waits too follows that parent. */
  readonly #waitingByKey = new Map<string, Waiting>();
  /** Oldest first; entries placed through their parent are skipped lazily. */
  #queue: Waiting[] = [];
  #head = 0;
  #pending = 0;
  readonly #o: Required<RunTreeAssemblerOptions>;

  constructor(options: RunTreeAssemblerOptions) {
    this.#o = { now: Date.now, ...options };
    this.#known = new RecentMap(options.maxTracked);
  }

  /** Spans waiting for their parent. */
  get pending(): number {
    return this.#pending;
  }

  /** Places what can be placed of `spans` (parents before children) and of those waiting on them. */
  add(spans: readonly ReadableSpan[]): PlacedSpan[] {
    const out: PlacedSpan[] = [];
    const batch = new Map<string, BatchEntry>();
    for (const span of spans) batch.set(span.spanContext().spanId, { span, placement: undefined });
    const now = this.#o.now();
    for (const entry of batch.values()) this.#resolve(entry, batch, now, out);
    this.#enforceCap(out);
    return out;
  }

  /** Places as roots the spans that waited too long (all of them with `all`). */
  expire(all = false): PlacedSpan[] {
    const out: PlacedSpan[] = [];
    const limit = this.#o.now() - this.#o.parentWaitMs;
    while (this.#head < this.#queue.length) {
      const w = this.#queue[this.#head]!;
      if (!w.placed && !all && w.since > limit) break;
      this.#head++;
      if (!w.placed && !this.#followsWaitingParent(w)) this.#placeWaitingAsRoot(w, out);
    }
    this.#compact();
    return out;
  }

  #resolve(
    entry: BatchEntry,
    batch: Map<string, BatchEntry>,
    now: number,
    out: PlacedSpan[],
  ): RunPlacement | undefined {
    if (entry.placement !== undefined) return entry.placement ?? undefined;
    entry.placement = null;
    const span = entry.span;
    const ctx = span.spanContext();
    const parent = span.parentSpanContext;
    let placement: RunPlacement | undefined;
    if (parent === undefined || parent.isRemote) {
      placement = this.#place(ctx.spanId, span, undefined, out);
    } else {
      const inBatch = batch.get(parent.spanId);
      const placedParent =
        inBatch !== undefined && inBatch.span.spanContext().traceId === parent.traceId
          ? this.#resolve(inBatch, batch, now, out)
          : this.#knownPlacement(parent.traceId, parent.spanId);
      if (placedParent === undefined) {
        this.#wait({ span, key: ctx.spanId, parentKey: parent.spanId, since: now, placed: false });
      } else {
        placement = this.#place(ctx.spanId, span, placedParent, out);
      }
    }
    entry.placement = placement ?? null;
    return placement;
  }

  #knownPlacement(traceId: string, spanId: string): RunPlacement | undefined {
    const known = this.#known.get(spanId);
    return known !== undefined && known.otelTraceId === traceId ? known.placement : undefined;
  }

  #place(
    key: string,
    span: ReadableSpan,
    parent: RunPlacement | undefined,
    out: PlacedSpan[],
  ): RunPlacement {
    const ctx = span.spanContext();
    const id = runIdFor(ctx.traceId, ctx.spanId, span.startTime);
    let placement: RunPlacement;
    if (parent === undefined) {
      const start = span.startTime;
      placement = {
        id,
        traceId: id,
        dottedOrder: dottedSegment(dottedStamp(start), id),
        startTime: start,
      };
    } else {
      // A child never starts before its parent in LangSmith's ordering rules.
      const start = laterOf(span.startTime, parent.startTime);
      placement = {
        id,
        traceId: parent.traceId,
        parentRunId: parent.id,
        dottedOrder: childDottedOrder(parent.dottedOrder, dottedStamp(start), id),
        startTime: start,
      };
    }
    this.#known.set(key, { otelTraceId: ctx.traceId, placement });
    out.push({ span, placement });
    this.#releaseChildren(key, placement, out);
    return placement;
  }

  #releaseChildren(key: string, placement: RunPlacement, out: PlacedSpan[]): void {
    const children = this.#waitingByParent.get(key);
    if (children === undefined) return;
    this.#waitingByParent.delete(key);
    for (const child of children) {
      if (child.placed) continue;
      child.placed = true;
      this.#waitingByKey.delete(child.key);
      this.#pending--;
      this.#place(child.key, child.span, placement, out);
    }
  }

  #wait(w: Waiting): void {
    let list = this.#waitingByParent.get(w.parentKey);
    if (list === undefined) {
      list = [];
      this.#waitingByParent.set(w.parentKey, list);
    }
    list.push(w);
    this.#waitingByKey.set(w.key, w);
    this.#queue.push(w);
    this.#pending++;
  }

  /**
   * True when `w`'s parent is itself waiting: `w` leaves the expiry queue and is placed beneath
   * its parent whenever that is placed (as a child, or as a root once it expires).
   */
  #followsWaitingParent(w: Waiting): boolean {
    const parent = this.#waitingByKey.get(w.parentKey);
    return parent !== undefined && !parent.placed;
  }

  #placeWaitingAsRoot(w: Waiting, out: PlacedSpan[]): void {
    w.placed = true;
    this.#waitingByKey.delete(w.key);
    this.#pending--;
    const siblings = this.#waitingByParent.get(w.parentKey);
    if (siblings !== undefined) {
      const at = siblings.indexOf(w);
      if (at >= 0) siblings.splice(at, 1);
      if (siblings.length === 0) this.#waitingByParent.delete(w.parentKey);
    }
    this.#place(w.key, w.span, undefined, out);
  }

  #enforceCap(out: PlacedSpan[]): void {
    while (this.#pending > this.#o.maxPending && this.#head < this.#queue.length) {
      const w = this.#queue[this.#head++]!;
      if (!w.placed && !this.#followsWaitingParent(w)) this.#placeWaitingAsRoot(w, out);
    }
    this.#compact();
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
