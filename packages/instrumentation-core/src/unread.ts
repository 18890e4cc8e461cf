// Streams handed to the caller and not read yet: what is watched until their first read.
import type { StreamObserver } from './stream.js';

/**
 * A plain iterator handed to the caller and never read, nor aborted, ends its span when the
 * iterator is collected: nothing else says the caller dropped it. Until the first read the
 * observer holds no reference to the iterator (the registry holds the observer; the iterator
 * holds it and its own methods, see `Shadowed`), so the iterator can be collected. A stream
 * aborted before its first read ends its span as an abort (see `StreamObserver.handOver`).
 *
 * Registering costs microseconds (V8 tracks each cell through every collection), and listening
 * to a signal most of one, as much as the rest of a streamed call's bookkeeping, and nearly
 * every stream is read at once. So a stream is only remembered at hand-over (a pair in an
 * array); a sweep a quarter of a second later ends those aborted meanwhile, and listens to and
 * registers those still unread; it drops the others. An unread iterator thus lives at most that
 * much longer than it would, and a span aborted unread ends at most that much after the abort.
 */
export const unread = new FinalizationRegistry<StreamObserver>((observer) => observer.abandoned());
const SWEEP_MS = 250;
/** Streams handed over since the last sweep, each followed by its observer. */
let handedOver: unknown[] = [];
let sweep: ReturnType<typeof setTimeout> | undefined;

/** Where `it` went in `handedOver`, to be taken out at its first read (see `forgetUnread`). */
export function rememberUnread(it: object, observer: StreamObserver): number {
  const slot = handedOver.length;
  handedOver.push(it, observer);
  if (sweep === undefined) {
    sweep = setTimeout(sweepUnread, SWEEP_MS);
    // Never what keeps the process alive.
    sweep.unref?.();
  }
  return slot;
}

/**
 * Read at last: out of the list at once, so a read stream is not kept for the sweep (at many
 * calls a second, that would move every stream to the old generation of the heap). The list is
 * also cut back past its read tail: a stream is nearly always read before the next one is handed
 * over, so the list stays a pair or two long instead of growing by a pair per call until the
 * sweep (an array of tens of thousands of slots, copied as it grows and by every scavenge).
 */
export function forgetUnread(slot: number, observer: StreamObserver): void {
  const list = handedOver;
  if (list[slot + 1] !== observer) return; // swept already
  list[slot] = undefined;
  list[slot + 1] = undefined;
  let end = list.length;
  while (end > 0 && list[end - 1] === undefined) end -= 2;
  if (end < list.length) list.length = end;
}

function sweepUnread(): void {
  sweep = undefined;
  const pairs = handedOver;
  handedOver = [];
  for (let i = 0; i < pairs.length; i += 2)
    (pairs[i + 1] as StreamObserver | undefined)?.swept(pairs[i] as object);
}
