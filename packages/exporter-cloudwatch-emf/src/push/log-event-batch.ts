/**
 * PutLogEvents batches within the service limits: ≤ 1,048,576 bytes counting 26 bytes of
 * overhead per event, ≤ 10,000 events, one log group and stream, in chronological order,
 * spanning ≤ 24 hours.
 */
import { PUT_LOG_EVENTS_LIMITS } from '@genai-otel/exporter-cloudwatch-logs';
import type { QueuedEvent } from './event-queue.js';

// The service's limits, one copy shared with the awscloudwatchlogs exporter.
export { PUT_LOG_EVENTS_LIMITS };

export interface Batch {
  logGroupName: string;
  logStreamName: string;
  /** Sorted by timestamp. */
  items: QueuedEvent[];
}

export interface NextBatch {
  batch: Batch | undefined;
  /** How many events had to be removed because one alone exceeds the batch limit. */
  oversize: number;
}

/**
 * Takes the next batch from the head of `queue` (mutating it): events for the same group and
 * stream as the oldest one, up to the limits. Events beyond the 24-hour span are put back.
 */
export function nextBatch(
  queue: {
    peek(): readonly QueuedEvent[];
    take(n: number): QueuedEvent[];
    unshift(items: readonly QueuedEvent[]): void;
  },
  limits: typeof PUT_LOG_EVENTS_LIMITS = PUT_LOG_EVENTS_LIMITS,
): NextBatch {
  const waiting = queue.peek();
  const head = waiting[0];
  if (!head) return { batch: undefined, oversize: 0 };
  const { logGroupName, logStreamName } = head.event;
  const items: QueuedEvent[] = [];
  let oversize = 0;
  let bytes = 0;
  let scanned = 0;
  for (; scanned < waiting.length && items.length < limits.maxEvents; scanned++) {
    const q = waiting[scanned] as QueuedEvent;
    if (q.event.logGroupName !== logGroupName || q.event.logStreamName !== logStreamName) break;
    const size = q.bytes + limits.perEventOverhead;
    if (size > limits.maxBatchBytes) {
      oversize++;
      continue;
    }
    if (bytes + size > limits.maxBatchBytes) break;
    bytes += size;
    items.push(q);
  }
  queue.take(scanned);
  items.sort((a, b) => a.event.timestamp - b.event.timestamp);
  const first = items[0];
  if (first) {
    const cut = items.findIndex(
      (q) => q.event.timestamp - first.event.timestamp > limits.maxSpanMs,
    );
    if (cut > 0) queue.unshift(items.splice(cut));
  }
  return {
    batch: items.length > 0 ? { logGroupName, logStreamName, items } : undefined,
    oversize,
  };
}
