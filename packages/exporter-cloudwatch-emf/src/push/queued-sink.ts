/**
 * The shared part of the sinks that can be unreachable (agent, CloudWatch Logs): events wait in
 * a bounded queue, one drain runs at a time, and a failed drain leaves the events queued for the
 * next export.
 */
import type { EmfEvent } from '../group/emf-document.js';
import type { DropCounter } from './drops.js';
import { EventQueue } from './event-queue.js';
import type { EmfSink } from './sink.js';

export abstract class QueuedSink implements EmfSink {
  abstract readonly target: string;
  protected readonly queue: EventQueue;
  protected readonly drops: DropCounter;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(queueSize: number, drops: DropCounter) {
    this.queue = new EventQueue(queueSize, drops);
    this.drops = drops;
  }

  write(events: EmfEvent[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`${this.target}: the exporter is shut down`));
    this.queue.push(events);
    return this.#schedule();
  }

  async forceFlush(): Promise<void> {
    // A failure here was (or will be) reported by the export it belongs to.
    await this.#schedule().catch(() => {});
  }

  async shutdown(): Promise<void> {
    if (this.#closed) return;
    await this.forceFlush();
    this.#closed = true;
    this.drops.dropped(this.queue.size, 'still undelivered at shutdown');
    this.queue.take(this.queue.size);
    await this.close();
  }

  /** Sends until the queue is empty, or throws (events not sent stay queued). */
  protected abstract drain(): Promise<void>;

  protected abstract close(): Promise<void>;

  #schedule(): Promise<void> {
    const attempt = async () => {
      if (this.queue.size === 0) return;
      try {
        await this.drain();
      } catch (error) {
        // What waits for the next export is bounded; what was just exported was tried once.
        this.queue.trim();
        throw error;
      }
    };
    const run = this.#tail.then(attempt, attempt);
    this.#tail = run.catch(() => {});
    return run;
  }
}
