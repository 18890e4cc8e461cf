import type { EmfEvent } from '../group/emf-document.js';
import type { DropCounter } from './drops.js';

export interface QueuedEvent {
  event: EmfEvent;
  /** UTF-8 size of the message: PutLogEvents limits are in bytes. */
  bytes: number;
}

/**
 * FIFO of events waiting for a destination that may be down or stalled. Bounded at all times: an
 * export's events are added behind what waits, and the oldest beyond `maxEvents` are dropped and
 * counted right away — metrics are worth most when fresh, and a destination that stopped
 * accepting must not grow it. An export's own events are always kept whole (and tried once),
 * however many there are; after a failed delivery (`trim`) what waits is cut to `maxEvents` again.
 */
export class EventQueue {
  readonly #max: number;
  readonly #drops: DropCounter;
  #items: QueuedEvent[] = [];

  constructor(maxEvents: number, drops: DropCounter) {
    this.#max = Math.max(1, maxEvents);
    this.#drops = drops;
  }

  get size(): number {
    return this.#items.length;
  }

  push(events: readonly EmfEvent[]): void {
    for (const event of events) {
      this.#items.push({ event, bytes: Buffer.byteLength(event.message) });
    }
    this.#dropOldest(Math.max(this.#max, events.length));
  }

  /** Drops the oldest events beyond the bound, counted. */
  trim(): void {
    this.#dropOldest(this.#max);
  }

  /** The waiting events, oldest first; the caller takes what it sends with `take`. */
  peek(): readonly QueuedEvent[] {
    return this.#items;
  }

  take(count: number): QueuedEvent[] {
    return this.#items.splice(0, count);
  }

  /** Puts back events that could not be sent (they stay oldest). */
  unshift(items: readonly QueuedEvent[]): void {
    if (items.length === 0) return;
    this.#items = [...items, ...this.#items];
  }

  #dropOldest(keep: number): void {
    const over = this.#items.length - keep;
    if (over > 0) {
      this.#items.splice(0, over);
      this.#drops.dropped(over, `more than ${this.#max} events waiting (sending_queue.queue_size)`);
    }
  }
}
