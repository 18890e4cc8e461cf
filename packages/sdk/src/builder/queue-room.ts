import type { ExportReporter } from './export-reporter.js';

/** One exporter's queue in one pipeline, as a receiver's backpressure check sees it. */
export interface QueueRoom {
  /** The exporter's id, named to the sender when its queue is full. */
  readonly id: string;
  /** Shared by the exporter's queues in every pipeline: `pending` counts all of them. */
  readonly reporter: ExportReporter;
  /** Items one of its queues holds at most (`sending_queue.queue_size`). */
  readonly capacity: number;
}

/**
 * The id of the first exporter whose queue cannot take `count` more items now, or undefined when
 * every queue can. Conservative on purpose: the exporter's items pending across all its queues
 * (waiting, batched or being sent) are held against the capacity of one queue, so a request that
 * passes is never dropped by a full queue behind it.
 *
 * Two cases pass anyway. An empty queue takes any request (as the receiver's admission does): one
 * larger than the queue would otherwise be refused forever. And an exporter whose endpoint is down
 * holds nobody back: retrying the sender cannot bring it up, and refusing would starve the
 * pipeline's other exporters and connectors; its queue drops and says so once, as for in-process
 * telemetry.
 */
export function fullQueue(rooms: readonly QueueRoom[], count: number): string | undefined {
  for (let i = 0; i < rooms.length; i++) {
    const { reporter, capacity, id } = rooms[i]!;
    const pending = reporter.pending;
    if (pending > 0 && pending + count > capacity && !reporter.down) return id;
  }
  return undefined;
}
